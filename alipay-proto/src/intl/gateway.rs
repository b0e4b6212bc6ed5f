//! The gateway role: what open-sea does with an intl request, for testing integrations without
//! Alipay (the `alipay-sandbox` server is built on it).
//!
//! [`Gateway::open`] checks the envelope as strictly as a client checks a reply, reads the
//! head, checks the function (from the URL path and the head), the client ID and `signType`,
//! and verifies the signature over the exact `request` text as received;
//! [`Incoming::decode`] types the body and validates it with the generated rules.
//! [`Gateway::reply`] builds the `response` text of a service's typed reply once (the head echoes the request), signs
//! exactly those bytes and writes the envelope around them; [`Gateway::fail`] does the same
//! for a body of `resultInfo` only. Refusals are answered by
//! [`Gateway::refuse`] with a signed reply whose `resultInfo` is the documented basic code:
//!
//! - a broken envelope, head or body, or rules broken: `PARAM_ILLEGAL`;
//! - an unknown function, or a path and head that disagree: `API_IS_INVALID`;
//! - another `clientId`: `UNKNOWN_CLIENT`;
//! - a `signType` other than RSA or RSA2: `SIGN_TYPE_INVALID`; one the gateway has no key
//!   for: `KEY_NO_FOUND`;
//! - a missing or wrong signature: `INVALID_SIGNATURE`.
//!
//! Every reply is signed, refusals too (the client rejects unsigned replies): with the
//! request's algorithm when the gateway has a key for it, otherwise with RSA2.

use http::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use time::OffsetDateTime;

use super::client::REQ_TIME;
use super::reply::{Parts, parse_part};
use super::request::{RawRequest, RawRequestError};
#[cfg(doc)]
use super::wire::MessageKind;
use super::wire::RawReplyError;
use super::{
    DEFAULT_SIGN_ALGORITHM, FunctionId, RequestHead, ResponseHead, ResponseHeadRequired,
    ResultCode, ResultInfo, ResultInfoRequired, SignType,
};
use crate::service::{Intl, Service};
use crate::sign::{KeyPair, KeyRing, SignAlgorithm, SignError};
use crate::validate::{self, Report, Violation, WireEnum};

/// The largest request [`Gateway::open`] reads unless told otherwise: 64 KiB.
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 64 << 10;

/// The receiving end of the intl API for one client ID.
#[derive(Debug)]
pub struct Gateway {
    client_id: String,
    keys: KeyRing,
    max_bytes: usize,
}

impl Gateway {
    /// A gateway for `client_id` with no keys yet (add them with [`Gateway::with_keys`]).
    pub fn new(client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            keys: KeyRing::default(),
            max_bytes: DEFAULT_MAX_REQUEST_BYTES,
        }
    }

    /// Accepts requests signed with `pair`'s algorithm (the merchant's public key) and signs
    /// the replies to them with it (the gateway's private key).
    #[must_use]
    pub fn with_keys(mut self, pair: KeyPair) -> Self {
        self.keys.insert(pair);
        self
    }

    /// Refuses requests longer than `max` bytes.
    #[must_use]
    pub fn with_max_bytes(mut self, max: usize) -> Self {
        self.max_bytes = max;
        self
    }

    /// The client ID this gateway serves.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The function a URL path names (`…/alipay/intl/merchant/common/indirectMerchant/
    /// maintain.htm`), if it names one this gateway serves: every function of the registry
    /// ([`FunctionId`]); any other is refused with `API_IS_INVALID`.
    pub fn function_of(path: &str) -> Option<&'static str> {
        FunctionId::from_path(path).map(FunctionId::name)
    }

    /// Reads and authenticates a request (see the module docs for the checks and their order).
    ///
    /// # Errors
    /// [`Rejected`]: the refusal, and the head when it could be read (for the reply's echo).
    pub fn open<B: AsRef<[u8]>>(&self, request: &http::Request<B>) -> Result<Incoming, Rejected> {
        let path_function = Self::function_of(request.uri().path());
        let (request_text, signature, head) = self.read(request).map_err(Rejected::bare)?;
        let reject = |refusal| Rejected {
            refusal,
            head: Some(Box::new(head.clone())),
        };
        if path_function != Some(head.function.as_str()) {
            let found = head.function.clone();
            return Err(reject(Refusal::Function { found }));
        }
        // Before the other head rules, so that an unknown signType gets its own code.
        let algorithm = algorithm_of(head.sign_type.as_ref()).map_err(reject)?;
        validate::validate(&head, super::CHARSET)
            .map_err(|report| reject(Refusal::Head(report)))?;
        if head.client_id != self.client_id {
            let found = head.client_id.clone();
            return Err(reject(Refusal::Client { found }));
        }
        let pair = self
            .keys
            .get(algorithm)
            .ok_or_else(|| reject(Refusal::NoKey(algorithm)))?;
        let signature = signature.ok_or_else(|| reject(Refusal::MissingSignature))?;
        pair.verifier()
            .verify(request_text.as_bytes(), &signature)
            .map_err(|error| reject(Refusal::Signature(error)))?;
        Ok(Incoming {
            head,
            request_text,
            algorithm,
        })
    }

    /// The envelope's `request` text, its signature and its typed head.
    fn read<B: AsRef<[u8]>>(
        &self,
        request: &http::Request<B>,
    ) -> Result<(String, Option<String>, RequestHead), Refusal> {
        if request.method() != Method::POST {
            return Err(Refusal::Method(request.method().to_string()));
        }
        let raw =
            RawRequest::parse(request.body().as_ref(), self.max_bytes).map_err(
                |error| match error {
                    RawRequestError::Envelope(error) => Refusal::Envelope(error),
                    RawRequestError::MissingRequest => Refusal::MissingRequest,
                },
            )?;
        let text = raw.request_text();
        let parts: Parts<'_> = serde_json::from_str(text).map_err(|_| Refusal::NotAnObject)?;
        let head = parts.head.ok_or(Refusal::MissingPart("head"))?;
        let head: RequestHead = parse_part(head, |offset, message| Refusal::Part {
            part: "head",
            offset,
            message,
        })?;
        Ok((text.to_owned(), raw.signature().map(str::to_owned), head))
    }

    /// A reply to `incoming` with `body`, the typed reply of service `S` (its `resultInfo`
    /// says the outcome), the head echoing the request and `respTime` from `now`, signed over
    /// the exact `response` text.
    ///
    /// # Errors
    /// [`ReplyError`].
    pub fn reply<S: Service<Family = Intl>>(
        &self,
        incoming: &Incoming,
        body: &S::Reply,
        now: OffsetDateTime,
    ) -> Result<Vec<u8>, ReplyError> {
        self.respond(&incoming.head.function, Some(&incoming.head), body, now)
    }

    /// A signed failure reply to `incoming` whose body is the `resultInfo` of `code` only
    /// ([`result_info`]: its documented status, ID and description), as every service's reply
    /// can be: an unknown function's `API_IS_INVALID`, an `UNKNOWN_EXCEPTION`. The overseas
    /// gateway's `fail` is its counterpart.
    ///
    /// # Errors
    /// [`ReplyError`].
    pub fn fail(
        &self,
        incoming: &Incoming,
        code: &ResultCode,
        now: OffsetDateTime,
    ) -> Result<Vec<u8>, ReplyError> {
        let body = RefusalBody {
            result_info: result_info(code),
        };
        self.respond(&incoming.head.function, Some(&incoming.head), &body, now)
    }

    /// The signed reply to a refusal of a request for `function` (the URL path's, when the
    /// head could not be read): `resultInfo` of [`Refusal::code`].
    ///
    /// # Errors
    /// [`ReplyError`].
    pub fn refuse(
        &self,
        function: &str,
        rejected: &Rejected,
        now: OffsetDateTime,
    ) -> Result<Vec<u8>, ReplyError> {
        let info = result_info(&rejected.refusal.code());
        let body = RefusalBody { result_info: info };
        self.respond(function, rejected.head.as_deref(), &body, now)
    }

    fn respond<B: Serialize>(
        &self,
        function: &str,
        head: Option<&RequestHead>,
        body: &B,
        now: OffsetDateTime,
    ) -> Result<Vec<u8>, ReplyError> {
        let resp_time = now
            .format(REQ_TIME)
            .map_err(|error| ReplyError::Time(error.to_string()))?;
        let mut echo = ResponseHead::new(ResponseHeadRequired {
            version: RequestHead::VERSION.to_owned(),
            function: head.map_or(function, |h| h.function.as_str()).to_owned(),
            client_id: head
                .map_or(self.client_id.as_str(), |h| h.client_id.as_str())
                .to_owned(),
            resp_time,
            req_msg_id: head.map_or("", |h| h.req_msg_id.as_str()).to_owned(),
        });
        echo.reserve = head.and_then(|h| h.reserve.clone());
        let response = to_json(&Message { head: &echo, body })?;
        let algorithm = head
            .and_then(|h| algorithm_of(h.sign_type.as_ref()).ok())
            .filter(|algorithm| self.keys.get(*algorithm).is_some())
            .unwrap_or(DEFAULT_SIGN_ALGORITHM);
        let pair = self
            .keys
            .get(algorithm)
            .ok_or(SignError::NoKey { algorithm })?;
        let signature = pair.signer().sign(response.as_bytes())?;
        // The signed text goes into the envelope unchanged, as a raw value.
        let response =
            RawValue::from_string(response).map_err(|e| ReplyError::Json(e.to_string()))?;
        Ok(to_json(&ReplyEnvelope {
            response,
            signature,
        })?
        .into_bytes())
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, ReplyError> {
    serde_json::to_string(value).map_err(|error| ReplyError::Json(error.to_string()))
}

/// Why a reply could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplyError {
    /// Signing failed, or the gateway has no key at all.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// `respTime` cannot be written (a year outside 0000-9999).
    #[error("cannot format respTime: {0}")]
    Time(String),
    /// serde_json refused the reply (a body whose `Serialize` fails).
    #[error("cannot serialize the reply: {0}")]
    Json(String),
}

/// The `resultInfo` of a basic result code: its documented status, ID and description.
pub fn result_info(code: &ResultCode) -> ResultInfo {
    let status = code.status().unwrap_or(super::ResultStatus::F);
    // Every documented result code has its id (the checker requires one); an undocumented
    // code has none to send, and the empty ID says so.
    let id = code.id().unwrap_or_default();
    let info = ResultInfo::new(ResultInfoRequired {
        result_status: status,
        result_code_id: id.to_owned(),
        result_code: code.as_str().to_owned(),
    });
    match code.description() {
        Some(message) => info.with_result_msg(message),
        None => info,
    }
}

/// `signType` as an algorithm: absent means the family's default (RSA2).
fn algorithm_of(sign_type: Option<&SignType>) -> Result<SignAlgorithm, Refusal> {
    let algorithm = super::sign_algorithm(sign_type.map(WireEnum::as_str));
    algorithm.ok_or_else(|| Refusal::SignType {
        found: sign_type.map_or("", WireEnum::as_str).to_owned(),
    })
}

/// `response`: head first, then body.
#[derive(Serialize)]
struct Message<'a, B> {
    head: &'a ResponseHead,
    body: &'a B,
}

/// The body of a refusal or failure: `resultInfo` only, as every service's reply can be.
#[derive(Serialize)]
struct RefusalBody {
    #[serde(rename = "resultInfo")]
    result_info: ResultInfo,
}

/// The outer reply object, around the exact response text.
#[derive(Serialize)]
struct ReplyEnvelope {
    response: Box<RawValue>,
    signature: String,
}

/// An authenticated request: its head and the exact `request` text.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    head: RequestHead,
    request_text: String,
    algorithm: SignAlgorithm,
}

/// A typed, validated request body and the rules it breaks that are only reported.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Decoded<R> {
    /// The business request.
    pub request: R,
    /// Warnings of validation (rules the docs contradict).
    pub warnings: Vec<Violation>,
}

impl Incoming {
    /// The request head, as received.
    pub fn head(&self) -> &RequestHead {
        &self.head
    }

    /// The `function` of the head.
    pub fn function(&self) -> &str {
        &self.head.function
    }

    /// The exact `request` text the signature covers.
    pub fn request_text(&self) -> &str {
        &self.request_text
    }

    /// The algorithm the request was signed with.
    pub fn algorithm(&self) -> SignAlgorithm {
        self.algorithm
    }

    /// Types the body as a request of `S` and validates it with the generated rules.
    ///
    /// # Errors
    /// [`Refusal::Function`] for another service; [`Refusal::Part`] for a body that is not
    /// the documented JSON; [`Refusal::Body`] with every violation.
    pub fn decode<S: Service<Family = Intl>>(&self) -> Result<Decoded<S::Request>, Rejected>
    where
        S::Request: DeserializeOwned,
    {
        let reject = |refusal| Rejected {
            refusal,
            head: Some(Box::new(self.head.clone())),
        };
        if self.function() != S::NAME {
            let found = self.function().to_owned();
            return Err(reject(Refusal::Function { found }));
        }
        let parts: Parts<'_> =
            serde_json::from_str(&self.request_text).map_err(|_| reject(Refusal::NotAnObject))?;
        let body = parts
            .body
            .ok_or_else(|| reject(Refusal::MissingPart("body")))?;
        let request: S::Request = parse_part(body, |offset, message| Refusal::Part {
            part: "body",
            offset,
            message,
        })
        .map_err(reject)?;
        let warnings = validate::validate(&request, super::CHARSET)
            .map_err(|report| reject(Refusal::Body(report)))?;
        Ok(Decoded { request, warnings })
    }
}

/// A refused request: why, and its head when it could be read (the reply echoes it).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{refusal}")]
#[non_exhaustive]
pub struct Rejected {
    /// Why.
    pub refusal: Refusal,
    /// The request head, if it could be read.
    pub head: Option<Box<RequestHead>>,
}

impl Rejected {
    fn bare(refusal: Refusal) -> Self {
        Self {
            refusal,
            head: None,
        }
    }
}

/// Why the gateway refuses an intl request; [`Refusal::code`] is the documented code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// Not a POST.
    #[error("HTTP method {0} is not POST")]
    Method(String),
    /// The envelope fails the checks a reply envelope must pass (size, UTF-8, JSON, duplicate
    /// keys, an object); the error names the request ([`MessageKind::Request`]).
    #[error("envelope: {0}")]
    Envelope(RawReplyError),
    /// The envelope has no `request` member.
    #[error("the envelope has no `request` member")]
    MissingRequest,
    /// `request` is not a JSON object.
    #[error("`request` is not a JSON object")]
    NotAnObject,
    /// `request` has no `head` or no `body`.
    #[error("`request` has no `{0}`")]
    MissingPart(&'static str),
    /// `head` or `body` is not the documented JSON.
    #[error("invalid `request.{part}` at byte {offset} of it: {message}")]
    Part {
        /// `head` or `body`.
        part: &'static str,
        /// Byte offset within the part's text.
        offset: usize,
        /// serde_json's message.
        message: String,
    },
    /// The head breaks the documented rules.
    #[error("invalid head: {0}")]
    Head(Report),
    /// The body breaks the documented rules.
    #[error("invalid body: {0}")]
    Body(Report),
    /// The function is not served here, or the URL path names another.
    #[error("unknown function {found:?}")]
    Function {
        /// The head's `function`.
        found: String,
    },
    /// `clientId` is not the gateway's.
    #[error("unknown client {found:?}")]
    Client {
        /// The head's `clientId`.
        found: String,
    },
    /// `signType` is neither RSA nor RSA2.
    #[error("signType {found:?} is not RSA or RSA2")]
    SignType {
        /// The head's `signType`.
        found: String,
    },
    /// The gateway has no key for the request's algorithm.
    #[error("no key for {0}")]
    NoKey(SignAlgorithm),
    /// The envelope has no `signature`.
    #[error("the envelope has no signature")]
    MissingSignature,
    /// The signature does not verify over the `request` text.
    #[error("signature rejected: {0}")]
    Signature(SignError),
}

impl Refusal {
    /// The documented basic result code this refusal is answered with.
    pub fn code(&self) -> ResultCode {
        match self {
            Self::Method(_)
            | Self::Envelope(_)
            | Self::MissingRequest
            | Self::NotAnObject
            | Self::MissingPart(_)
            | Self::Part { .. }
            | Self::Head(_)
            | Self::Body(_) => ResultCode::ParamIllegal,
            Self::Function { .. } => ResultCode::ApiIsInvalid,
            Self::Client { .. } => ResultCode::UnknownClient,
            Self::SignType { .. } => ResultCode::SignTypeInvalid,
            Self::NoKey(_) => ResultCode::KeyNoFound,
            Self::MissingSignature | Self::Signature(_) => ResultCode::InvalidSignature,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::{archive, maintain};

    #[test]
    fn functions_are_found_from_their_paths() {
        let maintain = "/api/alipay/intl/merchant/common/indirectMerchant/maintain.htm";
        assert_eq!(
            Gateway::function_of(maintain),
            Some(maintain::Maintain::NAME)
        );
        let archive = "/alipay/intl/merchant/common/indirectMerchant/archive.htm";
        assert_eq!(Gateway::function_of(archive), Some(archive::Archive::NAME));
        for path in [
            "/api/alipay/intl/merchant/common/indirectMerchant/maintain",
            "/api/xalipay/intl/merchant/common/indirectMerchant/maintain.htm",
            "/api/alipay/intl/merchant/common/indirectMerchant/notDocumented.htm",
            "/api/alipay/intl/merchant/common/indirectMerchant/maintain.htm/",
        ] {
            assert_eq!(Gateway::function_of(path), None, "{path}");
        }
    }

    #[test]
    fn result_info_carries_the_documented_id_and_status() {
        let info = result_info(&ResultCode::UnknownException);
        assert_eq!(info.result_status, super::super::ResultStatus::U);
        assert_eq!(info.result_code_id, "00000901");
        assert_eq!(info.result_code, "UNKNOWN_EXCEPTION");
        assert_eq!(
            info.result_msg.as_deref(),
            Some("API failed because of unknown reasons")
        );
    }
}
