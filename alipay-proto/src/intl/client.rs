//! The sans-IO client: [`Config`] in, [`Prepared`] HTTP requests out.

use http::header::CONTENT_TYPE;
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

use super::error::DecodeError;
use super::error::PrepareError;
use super::raw::DEFAULT_MAX_REPLY_BYTES;
use super::reply::{Reply, decode_response};
use super::reply_sign::verify_response;
use super::wire::{Envelope, EnvelopeError, sign_envelope};
use super::{
    DEFAULT_SIGN_ALGORITHM, PRODUCTION_GATEWAY, RequestHead, RequestHeadRequired, SignType,
};
use crate::config::{ConfigError, check_not_own_key};
use crate::service::{Family, Intl, Service};
use crate::sign::{SignAlgorithm, Signer, Verifier};
use crate::validate::{self, Violation};

/// The `Content-Type` of every request: JSON text in UTF-8.
pub const CONTENT_TYPE_JSON: &str = "application/json; charset=UTF-8";

/// `reqTime`: RFC 3339 with a numeric offset and whole seconds, as the samples write it
/// (`2019-03-11T00:00:00+00:00`; UTC is written `+00:00`, never `Z`).
pub(super) const REQ_TIME: &[BorrowedFormatItem<'static>] = format_description!(
    "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]"
);

/// What a [`Client`] needs besides its keys: the client ID and where to send requests (the keys
/// are [`Client::new`]'s, as in the overseas family).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub(super) client_id: String,
    pub(super) endpoint: String,
    pub(super) reserve: Option<String>,
    pub(super) max_reply_bytes: usize,
    pub(super) always_send_sign_type: bool,
}

impl Config {
    /// A configuration for `client_id`. Defaults: the production gateway, `reserve` `{}`,
    /// replies up to [`DEFAULT_MAX_REPLY_BYTES`], and `signType` sent only when it is not the
    /// default `RSA2`.
    pub fn new(client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            endpoint: PRODUCTION_GATEWAY.to_owned(),
            reserve: Some("{}".to_owned()),
            max_reply_bytes: DEFAULT_MAX_REPLY_BYTES,
            always_send_sign_type: false,
        }
    }

    /// Sends requests under another base URL (`…/api/`); the path of each service is appended.
    #[must_use]
    pub fn with_endpoint(mut self, base_url: impl Into<String>) -> Self {
        self.endpoint = base_url.into();
        self
    }

    /// Sets the head's `reserve` text (a JSON object; ISVs put `isvAccesstoken` here), or
    /// leaves it out with `None`.
    #[must_use]
    pub fn with_reserve(mut self, reserve: Option<String>) -> Self {
        self.reserve = reserve;
        self
    }

    /// Rejects replies longer than `max` bytes before parsing them.
    #[must_use]
    pub fn with_max_reply_bytes(mut self, max: usize) -> Self {
        self.max_reply_bytes = max;
        self
    }

    /// Sends `signType` in every head, also for the default `RSA2`.
    #[must_use]
    pub fn with_sign_type_always(mut self, always: bool) -> Self {
        self.always_send_sign_type = always;
        self
    }
}

/// Prepares intl requests with a [`Signer`] and decodes their replies, checking their
/// signatures with a [`Verifier`] (Alipay's public key); it does no I/O.
pub struct Client {
    pub(super) config: Config,
    signer: Box<dyn Signer + Send + Sync>,
    verifier: Box<dyn Verifier + Send + Sync>,
}

impl std::fmt::Debug for Client {
    /// Shows the config and the algorithms; never key material.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("signer", &self.signer.algorithm())
            .field("verifier", &self.verifier.algorithm())
            .finish()
    }
}

/// What [`Client::decode`] checks a reply's head against: the request's `function` and
/// `reqMsgId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The request's `function`.
    pub function: String,
    /// The request's `reqMsgId`.
    pub req_msg_id: String,
}

impl Expected {
    /// The echo expected for a request of `function` sent as `req_msg_id`.
    pub fn new(function: impl Into<String>, req_msg_id: impl Into<String>) -> Self {
        Self {
            function: function.into(),
            req_msg_id: req_msg_id.into(),
        }
    }
}

/// A signed request, ready for any HTTP client, with what was signed kept for debugging.
///
/// Its `Debug` and `Display` show the validation warnings, if any ([`Prepared::warnings`]),
/// never the request text: it may hold personal data (use the accessors).
pub struct Prepared {
    http: http::Request<Vec<u8>>,
    request_text: String,
    signature: String,
    expected: Expected,
    warnings: Vec<Violation>,
}

impl Prepared {
    /// The HTTP request: POST, JSON UTF-8, the envelope as body.
    pub fn http_request(&self) -> &http::Request<Vec<u8>> {
        &self.http
    }

    /// Takes the HTTP request out, keeping what [`Client::decode`] needs.
    pub fn into_parts(self) -> (http::Request<Vec<u8>>, Expected) {
        (self.http, self.expected)
    }

    /// The envelope text, as sent.
    pub fn body_text(&self) -> &str {
        // The body is built from a `String`; the lossy path is never taken.
        std::str::from_utf8(self.http.body()).unwrap_or_default()
    }

    /// The exact text of the `request` value: the bytes the signature covers.
    pub fn request_text(&self) -> &str {
        &self.request_text
    }

    /// The signature, standard base64.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// The echo the reply must carry.
    pub fn expected(&self) -> &Expected {
        &self.expected
    }

    /// Rules the request breaks that are only reported (see [`validate::Report`]).
    pub fn warnings(&self) -> &[Violation] {
        &self.warnings
    }
}

impl std::fmt::Display for Prepared {
    /// The function and message ID, then one line per validation warning. The body is not
    /// shown: it may hold personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let expected = &self.expected;
        write!(f, "{} request {}", expected.function, expected.req_msg_id)?;
        validate::write_warnings(f, &self.warnings)
    }
}

impl std::fmt::Debug for Prepared {
    /// The function, message ID, URI, content type and text lengths, and the warnings; not the
    /// request text, which may hold personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let content_type = self.http.headers().get(CONTENT_TYPE);
        f.debug_struct("Prepared")
            .field("function", &self.expected.function)
            .field("req_msg_id", &self.expected.req_msg_id)
            .field("uri", self.http.uri())
            .field("content_type", &content_type)
            .field("request_text_bytes", &self.request_text.len())
            .field("body_bytes", &self.http.body().len())
            .field("warnings", &self.warnings)
            .finish_non_exhaustive()
    }
}

/// The `request` value: head first, then body.
#[derive(Serialize)]
struct RequestMessage<'a, B> {
    head: &'a RequestHead,
    body: &'a B,
}

/// The path of a function below the endpoint: the function with every `.` as `/`, then
/// `.htm` (`alipay.intl.merchant.common.indirectMerchant.query` ->
/// `alipay/intl/merchant/common/indirectMerchant/query.htm`), the rule of the global signing
/// pages (`spec/intl/common.yaml`, note on `gateways.production`). The client's URLs, the
/// gateway role's path check and [`FunctionId::path`](super::FunctionId::path) all use it.
pub fn function_path(function: &str) -> String {
    format!("{}.htm", function.replace('.', "/"))
}

impl Client {
    /// A client that signs requests with `signer` (RSA2, or RSA) and verifies every reply's
    /// signature with `verifier` (Alipay's public key). Checks the configuration: RSA or RSA2
    /// keys, a verifier that is not the merchant's own
    /// public key (it must be Alipay's: see [`ConfigError::OwnKeyAsAlipays`]), and an absolute
    /// http(s) endpoint.
    ///
    /// ```
    /// use alipay_proto::intl::{Client, Config, ConfigError};
    /// use alipay_proto::sign::{RsaSigner, RsaVerifier, SignAlgorithm};
    ///
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testkeys");
    /// let private = std::fs::read(format!("{dir}/rsa_test_private_pkcs8.pem"))?;
    /// let alipay_public = std::fs::read(format!("{dir}/rsa_test_alipay_public.pem"))?;
    /// let client = Client::new(
    ///     Config::new("2014000014442"),
    ///     Box::new(RsaSigner::from_any(&private, SignAlgorithm::Rsa2)?),
    ///     Box::new(RsaVerifier::from_any(&alipay_public, SignAlgorithm::Rsa2)?),
    /// )?;
    /// # let _ = client;
    ///
    /// // An MD5 key cannot sign intl requests: refused when the client is built.
    /// let md5 = || Box::new(alipay_proto::sign::Md5Key::new("tst0md5key0not0secret0k3y0abc123").unwrap());
    /// assert!(Client::new(Config::new("2014000014442"), md5(), md5()).is_err());
    ///
    /// // The merchant's own public key where Alipay's belongs: refused too.
    /// let own_public = std::fs::read(format!("{dir}/rsa_test_public.pem"))?;
    /// let mistaken = Client::new(
    ///     Config::new("2014000014442"),
    ///     Box::new(RsaSigner::from_any(&private, SignAlgorithm::Rsa2)?),
    ///     Box::new(RsaVerifier::from_any(&own_public, SignAlgorithm::Rsa2)?),
    /// );
    /// assert!(matches!(mistaken, Err(ConfigError::OwnKeyAsAlipays { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ConfigError`] naming what is wrong.
    pub fn new(
        mut config: Config,
        signer: Box<dyn Signer + Send + Sync>,
        verifier: Box<dyn Verifier + Send + Sync>,
    ) -> Result<Self, ConfigError> {
        check_algorithm(signer.algorithm(), "signer")?;
        check_algorithm(verifier.algorithm(), "verifier")?;
        check_not_own_key(signer.as_ref(), verifier.as_ref())?;
        if !config.endpoint.ends_with('/') {
            config.endpoint.push('/');
        }
        check_endpoint(&config.endpoint)?;
        Ok(Self {
            config,
            signer,
            verifier,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The URL of a function: the endpoint, then its [`function_path`].
    pub fn url_of(&self, function: &str) -> String {
        format!("{}{}", self.config.endpoint, function_path(function))
    }

    /// Validates `request`, builds the head (`reqTime` from `now`, `reqMsgId` as given),
    /// serializes the `request` value once, signs exactly those UTF-8 bytes and builds the
    /// envelope and HTTP request around the same text.
    ///
    /// # Warnings
    /// A documented rule that a documented sample contradicts is checked as a **warning**: a
    /// request that breaks it is still prepared, and the warning is in
    /// [`Prepared::warnings`], in the `Debug` and `Display` of the [`Prepared`] value. Look at
    /// them before sending.
    ///
    /// # Errors
    /// [`PrepareError`]: every violation of the body or head, or a signing failure.
    pub fn prepare<S: Service<Family = Intl>>(
        &self,
        request: &S::Request,
        now: OffsetDateTime,
        req_msg_id: impl Into<String>,
    ) -> Result<Prepared, PrepareError> {
        let mut warnings =
            validate::validate(request, super::CHARSET).map_err(PrepareError::Invalid)?;
        let head = self.head(S::NAME, now, req_msg_id.into())?;
        warnings
            .extend(validate::validate(&head, super::CHARSET).map_err(PrepareError::InvalidHead)?);
        let request_text = serialize(&RequestMessage {
            head: &head,
            body: request,
        })?;
        let (signature, envelope) =
            sign_envelope(&request_text, self.signer.as_ref()).map_err(PrepareError::from)?;
        Ok(Prepared {
            http: self.http_request(S::NAME, envelope)?,
            request_text,
            signature,
            expected: Expected::new(S::NAME, head.req_msg_id),
            warnings,
        })
    }

    /// The request head for `function`.
    fn head(
        &self,
        function: &str,
        now: OffsetDateTime,
        req_msg_id: String,
    ) -> Result<RequestHead, PrepareError> {
        let req_time = now
            .format(REQ_TIME)
            .map_err(|source| PrepareError::Time { source })?;
        let mut head = RequestHead::new(RequestHeadRequired {
            version: RequestHead::VERSION.to_owned(),
            function: function.to_owned(),
            client_id: self.config.client_id.clone(),
            req_time,
            req_msg_id,
        });
        head.reserve = self.config.reserve.clone();
        head.sign_type = self.sign_type();
        Ok(head)
    }

    /// `signType` for the head: left out for the family's default unless configured.
    fn sign_type(&self) -> Option<SignType> {
        let algorithm = self.signer.algorithm();
        let implied = algorithm == DEFAULT_SIGN_ALGORITHM;
        (self.config.always_send_sign_type || !implied).then(|| algorithm.to_sign_type())
    }

    fn http_request(
        &self,
        function: &str,
        envelope: String,
    ) -> Result<http::Request<Vec<u8>>, PrepareError> {
        http::Request::post(self.url_of(function))
            .header(CONTENT_TYPE, CONTENT_TYPE_JSON)
            .body(envelope.into_bytes())
            .map_err(|source| PrepareError::Http { source })
    }
}

impl Client {
    /// Decodes a reply to the request `expected` describes: checks the envelope (size cap,
    /// UTF-8, JSON, no duplicate keys), verifies the signature over the exact `response` text
    /// (plain or percent-encoded base64), checks that the head echoes `function`, `reqMsgId`
    /// and `clientId`, and types the result.
    ///
    /// # Errors
    /// [`DecodeError`]. A well-formed reply with status `F` or `U` is not an error: see
    /// [`Reply::into_result`].
    ///
    /// ```
    /// use alipay_proto::intl::{Client, Config};
    /// use alipay_proto::sign::{RsaSigner, RsaVerifier, SignAlgorithm};
    ///
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testkeys");
    /// let private = std::fs::read(format!("{dir}/rsa_test_private_pkcs8.pem"))?;
    /// let alipay_public = std::fs::read(format!("{dir}/rsa_test_alipay_public.pem"))?;
    /// let client = Client::new(
    ///     Config::new("2014000014442"),
    ///     Box::new(RsaSigner::from_any(&private, SignAlgorithm::Rsa2)?),
    ///     Box::new(RsaVerifier::from_any(&alipay_public, SignAlgorithm::Rsa2)?),
    /// )?;
    /// use alipay_proto::intl::archive::Archive;
    /// use alipay_proto::intl::{DecodeError, Expected, RawReplyError};
    ///
    /// let expected = Expected::new("alipay.intl.merchant.common.indirectMerchant.archive", "msg-1");
    /// // A load balancer's 503 page instead of the JSON envelope: named, with a preview.
    /// let error = client.decode::<Archive>(b"503 Service Unavailable", &expected).unwrap_err();
    /// assert!(matches!(error, DecodeError::Envelope(RawReplyError::NotJson { .. })));
    /// assert!(error.to_string().contains("plain text"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decode<S: Service<Family = Intl>>(
        &self,
        bytes: &[u8],
        expected: &Expected,
    ) -> Result<Reply<S>, DecodeError> {
        // Borrowed throughout: only the typed reply copies what it keeps.
        let (text, signature) = Envelope::reply(bytes, self.config.max_reply_bytes)?;
        verify_response(text, signature.as_deref(), self.verifier.as_ref())?;
        let reply = decode_response::<S>(text)?;
        check_echo("function", S::NAME, &reply.head.function)?;
        check_echo("function", &expected.function, &reply.head.function)?;
        check_echo("reqMsgId", &expected.req_msg_id, &reply.head.req_msg_id)?;
        check_echo("clientId", &self.config.client_id, &reply.head.client_id)?;
        Ok(reply)
    }
}

fn check_echo(field: &'static str, expected: &str, actual: &str) -> Result<(), DecodeError> {
    if expected == actual {
        Ok(())
    } else {
        Err(DecodeError::Mismatch {
            field,
            expected: expected.to_owned(),
            // Bounded: the reply's text can be of any length.
            actual: crate::redact::name(actual),
        })
    }
}

fn serialize<T: Serialize>(value: &T) -> Result<String, PrepareError> {
    serde_json::to_string(value).map_err(|error| {
        PrepareError::Envelope(EnvelopeError::Serialize {
            message: error.to_string(),
        })
    })
}

fn check_algorithm(algorithm: SignAlgorithm, role: &'static str) -> Result<(), ConfigError> {
    if Intl::allows(algorithm) {
        return Ok(());
    }
    Err(ConfigError::UnsupportedAlgorithm { role, algorithm })
}

fn check_endpoint(endpoint: &str) -> Result<(), ConfigError> {
    let invalid = |message: String| ConfigError::Endpoint {
        endpoint: endpoint.to_owned(),
        message,
    };
    let uri: http::Uri = endpoint
        .parse()
        .map_err(|error: http::uri::InvalidUri| invalid(error.to_string()))?;
    match uri.scheme_str() {
        Some("https" | "http") if uri.host().is_some() => Ok(()),
        _ => Err(invalid("not an absolute http(s) URL".to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn req_time_has_a_numeric_offset_and_whole_seconds() {
        let cases = [
            (
                datetime!(2019-03-11 00:00:00 UTC),
                "2019-03-11T00:00:00+00:00",
            ),
            (
                datetime!(2001-07-04 12:08:56.999 +05:30),
                "2001-07-04T12:08:56+05:30",
            ),
            (
                datetime!(2019-03-29 22:27:02 -07:00),
                "2019-03-29T22:27:02-07:00",
            ),
        ];
        for (now, text) in cases {
            assert_eq!(now.format(REQ_TIME).ok().as_deref(), Some(text));
        }
    }
}
