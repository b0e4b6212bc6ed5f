//! Arbitrary bytes into the intl gateway's envelope reader (`intl::gateway::Gateway::open`),
//! as the sandbox's intl paths receive them. The fuzz target and the normal suite's replay
//! (`tests/tests/fuzz_regressions.rs`) both run [`run`].
//!
//! The first byte chooses how the rest is sent:
//!
//! - bit 0: as the whole body, or **re-signed**: the rest is the `request` text, signed with
//!   the TEST key into an envelope (`sign_envelope`; RSA when the head's `signType` is `RSA`,
//!   RSA2 otherwise), so that mutations reach past the signature check into the head rules
//!   and the typing of each function's body;
//! - bits 1-2: to which path: 0, the path of the function the head names (the first of the
//!   registry's when it names none it knows); 1 to 3, the registry's functions in turn
//!   ([`FunctionId::ALL`]), so a path and a head that disagree are tried too;
//! - bit 3: to a gateway for the maintain sample's client ID or the archive sample's.
//!
//! A request the gateway opens is decoded as the function of its path, and every reply is
//! built (`reply`, `fail`, `refuse`).

use std::sync::LazyLock;

use alipay_proto::intl::gateway::{Gateway, Incoming, result_info};
use alipay_proto::intl::{FunctionId, ResultCode, sign_algorithm, sign_envelope};
use alipay_proto::service::Intl;
use alipay_proto::sign::{KeyPair, RsaSigner, RsaVerifier, SignAlgorithm};
use alipay_proto::{Service, Visitor};
use time::OffsetDateTime;

/// The TEST keys (testdata/keys/README.md): test material only, never a real key.
const TEST_PRIVATE_KEY: &str = include_str!("../../testdata/keys/rsa_test_private_pkcs8.pem");
const TEST_PUBLIC_KEY: &str = include_str!("../../testdata/keys/rsa_test_public.pem");

fn gateway(client_id: &str) -> Gateway {
    let mut gateway = Gateway::new(client_id);
    for algorithm in [SignAlgorithm::Rsa, SignAlgorithm::Rsa2] {
        let verifier = RsaVerifier::from_any(TEST_PUBLIC_KEY, algorithm).expect("test key");
        let signer = RsaSigner::from_any(TEST_PRIVATE_KEY, algorithm).expect("test key");
        let pair = KeyPair::new(Box::new(verifier), Box::new(signer)).expect("pair");
        gateway = gateway.with_keys(pair);
    }
    gateway
}

/// Gateways for the client IDs of the maintain (001) and archive (004) samples.
static GATEWAYS: LazyLock<[Gateway; 2]> =
    LazyLock::new(|| [gateway("385XPU2C2Y0GBK03"), gateway("2014000014442")]);

static SIGNERS: LazyLock<[RsaSigner; 2]> = LazyLock::new(|| {
    [SignAlgorithm::Rsa, SignAlgorithm::Rsa2]
        .map(|algorithm| RsaSigner::from_any(TEST_PRIVATE_KEY, algorithm).expect("test key"))
});

/// The head of a request text or of an envelope around one, as far as it reads as JSON.
fn head_of(text: &str) -> serde_json::Value {
    let mut value = serde_json::from_str::<serde_json::Value>(text).unwrap_or_default();
    match value["head"].take() {
        serde_json::Value::Null => value["request"]["head"].take(),
        head => head,
    }
}

/// Runs one input: `None` when it is skipped (a re-signed input that is not UTF-8), else the
/// function the gateway opened the request as, or its refusal.
pub fn run(data: &[u8]) -> Option<Result<String, String>> {
    let (&mode, rest) = data.split_first()?;
    let text = std::str::from_utf8(rest).ok();
    let head = text.map(head_of).unwrap_or_default();
    let body = if mode & 1 == 0 {
        rest.to_vec()
    } else {
        // RSA when the head says so (by the library's rule), RSA2 otherwise.
        let rsa = sign_algorithm(head["signType"].as_str()) == Some(SignAlgorithm::Rsa);
        match sign_envelope(text?, &SIGNERS[usize::from(!rsa)]) {
            Ok((_, envelope)) => envelope.into_bytes(),
            Err(error) => return Some(Err(error.to_string())),
        }
    };
    let named = head["function"].as_str().and_then(FunctionId::from_wire);
    let function = match usize::from(mode >> 1) & 3 {
        0 => named.unwrap_or(FunctionId::ALL[0]),
        n => FunctionId::ALL[(n - 1) % FunctionId::ALL.len()],
    };
    let gateway = &GATEWAYS[usize::from(mode >> 3) & 1];
    // The production endpoint's path, then the function's.
    let url = format!("/api/{}", function.path());
    let request = http::Request::post(url).body(body).ok()?;
    Some(serve(gateway, function, &request))
}

fn serve(
    gateway: &Gateway,
    function: FunctionId,
    request: &http::Request<Vec<u8>>,
) -> Result<String, String> {
    let now = OffsetDateTime::UNIX_EPOCH;
    match gateway.open(request) {
        Err(rejected) => {
            std::hint::black_box(rejected.refusal.code());
            gateway
                .refuse(function.name(), &rejected, now)
                .expect("a refusal with the TEST key");
            Err(rejected.refusal.to_string())
        }
        Ok(incoming) => {
            std::hint::black_box((
                incoming.head(),
                incoming.request_text(),
                incoming.algorithm(),
            ));
            function.visit(Decode {
                gateway,
                incoming: &incoming,
            })
        }
    }
}

/// Decodes an opened request as a function and builds each reply to it.
struct Decode<'a> {
    gateway: &'a Gateway,
    incoming: &'a Incoming,
}

impl Visitor<Intl> for Decode<'_> {
    type Output = Result<String, String>;

    fn visit<S: Service<Family = Intl>>(self) -> Self::Output {
        let Decode { gateway, incoming } = self;
        let now = OffsetDateTime::UNIX_EPOCH;
        match incoming.decode::<S>() {
            Ok(decoded) => {
                std::hint::black_box(serde_json::to_string(&decoded.request).ok());
                let success = result_info(&ResultCode::Success);
                let fields = serde_json::json!({ "resultInfo": success });
                if let Ok(reply) = serde_json::from_value::<S::Reply>(fields) {
                    gateway
                        .reply::<S>(incoming, &reply, now)
                        .expect("a reply with the TEST key");
                }
                gateway
                    .fail(incoming, &ResultCode::Success, now)
                    .expect("a reply with the TEST key");
                Ok(S::NAME.to_owned())
            }
            Err(rejected) => {
                gateway
                    .refuse(S::NAME, &rejected, now)
                    .expect("a refusal with the TEST key");
                Err(rejected.refusal.to_string())
            }
        }
    }
}
