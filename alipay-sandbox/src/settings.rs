//! What a sandbox is configured with, and the TEST defaults every setting has.

use std::fmt;
use std::time::Duration;

use alipay_proto::Family as _;
use alipay_proto::intl::gateway::Gateway as IntlGateway;
use alipay_proto::overseas::Profile;
use alipay_proto::overseas::gateway::Gateway as OverseasGateway;
use alipay_proto::service::{Intl, Overseas};
use alipay_proto::sign::{KeyPair, Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, SignError};

use time::OffsetDateTime;

use crate::faults::Faults;

/// The partner the sandbox serves unless told otherwise (the one the online.maintain table
/// gives as its example).
pub const TEST_PARTNER: &str = "2088101142878662";
/// The intl client ID the sandbox serves unless told otherwise (the maintain sample's).
pub const TEST_CLIENT_ID: &str = "385XPU2C2Y0GBK03";
/// The MD5 TEST key (`testdata/keys/md5_test_key.txt`); published, protects nothing.
pub const TEST_MD5_KEY: &str = include_str!("../testkeys/md5_test_key.txt");
/// The merchant's RSA TEST private key (`testdata/keys/rsa_test_private_pkcs8.pem`): the
/// merchant signs requests with it.
pub const TEST_PRIVATE_KEY_PEM: &str = include_str!("../testkeys/rsa_test_private_pkcs8.pem");
/// The public half of [`TEST_PRIVATE_KEY_PEM`] (`testdata/keys/rsa_test_public.pem`): by
/// default the sandbox verifies RSA/RSA2 requests with it.
pub const TEST_PUBLIC_KEY_PEM: &str = include_str!("../testkeys/rsa_test_public.pem");
/// The TEST "Alipay" private key (`testdata/keys/rsa_test_alipay_private_pkcs8.pem`), a pair
/// distinct from the merchant's: by default the sandbox signs RSA/RSA2 replies with it, as
/// Alipay signs with its own key.
pub const TEST_ALIPAY_PRIVATE_KEY_PEM: &str =
    include_str!("../testkeys/rsa_test_alipay_private_pkcs8.pem");
/// The public half of [`TEST_ALIPAY_PRIVATE_KEY_PEM`]
/// (`testdata/keys/rsa_test_alipay_public.pem`): the TEST "Alipay public key" a merchant's
/// client verifies the sandbox's replies with. The merchant's own [`TEST_PUBLIC_KEY_PEM`] in
/// its place is refused when the client is built.
pub const TEST_ALIPAY_PUBLIC_KEY_PEM: &str = include_str!("../testkeys/rsa_test_alipay_public.pem");

/// A sandbox's configuration. [`Settings::default`] is the TEST configuration with an
/// in-memory database and no review delay.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings {
    /// The overseas partner ID (`partner`).
    pub partner: String,
    /// The overseas profile the gateway acts as (its partner class and sign types).
    pub profile: Profile,
    /// The MD5 key shared with the merchant, as its file or text is: read by the library's
    /// key-text rule (`alipay_proto::sign::trim_key_text`: a byte-order mark and surrounding
    /// whitespace dropped).
    pub md5_key: String,
    /// The intl client ID (`clientId`).
    pub client_id: String,
    /// The merchant's RSA public key (any form `RsaVerifier::from_any` reads): verifies
    /// RSA and RSA2 requests.
    pub merchant_public_key: String,
    /// The gateway's RSA private key (any form `RsaSigner::from_any` reads): signs replies.
    pub gateway_private_key: String,
    /// The SQLite database: a file path, or `:memory:` for none.
    pub db: String,
    /// Seconds a registration stays under review before its outcome (0: at once).
    pub review_seconds: u64,
    /// Faults injected from start-up on.
    pub faults: Faults,
    /// How long a client has to send a request's head, from when the server starts waiting for
    /// it: on a new connection, and on a kept-alive one after its last reply (so this is also
    /// the idle timeout). The connection is closed when it runs out.
    pub header_timeout: Duration,
    /// How long a client has to send a request's body once its head has arrived; then the
    /// request is answered `408` and the connection closed.
    pub body_timeout: Duration,
    /// The most connections served at once. Beyond it, new connections wait in the listen
    /// backlog (holding no file descriptor of the sandbox) until one closes; a line on stderr
    /// says when the limit is reached.
    pub max_connections: usize,
    /// At shutdown, how long requests in flight have to finish before their connections are
    /// dropped.
    pub grace: Duration,
    /// The token the admin routes require (`Authorization: Bearer <token>`). Without one, the
    /// sandbox serves only on a loopback address.
    pub admin_token: Option<String>,
    /// Host names the admin routes answer to besides `localhost`, `*.localhost` and IP
    /// addresses (the `Host` header is checked against DNS rebinding).
    pub admin_hosts: Vec<String>,
    /// How many requests `GET /admin/requests` keeps (the oldest is dropped).
    pub requests_kept: usize,
    /// The instant overseas request `timestamp`s are checked against (`None`: the system
    /// clock), so recorded requests can be replayed within the documented half hour.
    pub clock: Option<OffsetDateTime>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            partner: TEST_PARTNER.to_owned(),
            profile: Profile::default(),
            md5_key: TEST_MD5_KEY.to_owned(),
            client_id: TEST_CLIENT_ID.to_owned(),
            merchant_public_key: TEST_PUBLIC_KEY_PEM.to_owned(),
            gateway_private_key: TEST_ALIPAY_PRIVATE_KEY_PEM.to_owned(),
            db: ":memory:".to_owned(),
            review_seconds: 0,
            faults: Faults::default(),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_connections: 256,
            grace: Duration::from_secs(5),
            admin_token: None,
            admin_hosts: Vec::new(),
            requests_kept: crate::journal::DEFAULT_KEEP,
            clock: None,
        }
    }
}

impl fmt::Debug for Settings {
    /// Keys are never shown: only whether they are the TEST defaults.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let which = |value: &str, test: &str| {
            if value == test {
                "<TEST key>"
            } else {
                "<configured key>"
            }
        };
        f.debug_struct("Settings")
            .field("partner", &self.partner)
            .field("profile", &self.profile)
            .field("md5_key", &which(&self.md5_key, TEST_MD5_KEY))
            .field("client_id", &self.client_id)
            .field(
                "merchant_public_key",
                &which(&self.merchant_public_key, TEST_PUBLIC_KEY_PEM),
            )
            .field(
                "gateway_private_key",
                &which(&self.gateway_private_key, TEST_ALIPAY_PRIVATE_KEY_PEM),
            )
            .field("db", &self.db)
            .field("review_seconds", &self.review_seconds)
            .field("faults", &self.faults)
            .field("header_timeout", &self.header_timeout)
            .field("body_timeout", &self.body_timeout)
            .field("max_connections", &self.max_connections)
            .field("grace", &self.grace)
            .field(
                "admin_token",
                &self.admin_token.as_ref().map(|_| "<configured token>"),
            )
            .field("admin_hosts", &self.admin_hosts)
            .field("requests_kept", &self.requests_kept)
            .field("clock", &self.clock)
            .finish()
    }
}

/// A key that does not load: which one, and why (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{which}: {source}")]
pub struct KeyError {
    /// `md5-key`, `merchant-public-key` or `gateway-private-key`.
    pub which: &'static str,
    /// Why it does not load.
    pub source: SignError,
}

impl Settings {
    /// The overseas gateway, acting as [`Settings::profile`]: MD5 with the shared key, RSA
    /// and RSA2 with the merchant's public key and the gateway's private key (of these, the
    /// profile's sign types are accepted).
    ///
    /// # Errors
    /// [`KeyError`] naming the key that does not load.
    pub fn overseas_gateway(&self) -> Result<OverseasGateway, KeyError> {
        let md5 = || {
            Md5Key::new(self.md5_key.as_bytes()).map_err(|source| KeyError {
                which: "md5-key",
                source,
            })
        };
        let md5 = KeyPair::new(Box::new(md5()?), Box::new(md5()?)).map_err(|source| KeyError {
            which: "md5-key",
            source,
        })?;
        let mut gateway = OverseasGateway::new(&self.partner)
            .with_profile(self.profile)
            .with_keys(md5);
        for algorithm in Overseas::sign_algorithms().filter(|a| a.is_rsa()) {
            gateway = gateway.with_keys(self.rsa_pair(algorithm)?);
        }
        Ok(gateway)
    }

    /// The intl gateway: RSA and RSA2 with the merchant's public key and the gateway's
    /// private key.
    ///
    /// # Errors
    /// [`KeyError`] naming the key that does not load.
    pub fn intl_gateway(&self) -> Result<IntlGateway, KeyError> {
        let mut gateway = IntlGateway::new(&self.client_id);
        for algorithm in Intl::sign_algorithms().filter(|a| a.is_rsa()) {
            gateway = gateway.with_keys(self.rsa_pair(algorithm)?);
        }
        Ok(gateway)
    }

    fn rsa_pair(&self, algorithm: SignAlgorithm) -> Result<KeyPair, KeyError> {
        let verifier =
            RsaVerifier::from_any(&self.merchant_public_key, algorithm).map_err(|source| {
                KeyError {
                    which: "merchant-public-key",
                    source,
                }
            })?;
        let signer =
            RsaSigner::from_any(&self.gateway_private_key, algorithm).map_err(|source| {
                KeyError {
                    which: "gateway-private-key",
                    source,
                }
            })?;
        KeyPair::new(Box::new(verifier), Box::new(signer)).map_err(|source| KeyError {
            which: "gateway-private-key",
            source,
        })
    }
}
