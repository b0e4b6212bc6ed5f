//! Decoding replies: verify over the exact response text, check the echo, map the result.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::client::{Client, Expected};
use super::envelope::{Envelope, RawReply, verify_response};
use super::error::DecodeError;
use super::json;
use super::{ResponseHead, ResultCode, ResultInfo, ResultStatus};
use crate::outcome::{CallError, Code, CodeEnum, Fault, Outcome};
use crate::service::{Intl, Service};

/// A decoded reply of service `S`, its signature verified and its head checked against the
/// request.
///
/// # What the signature covers
///
/// The exact text of the `response` value as received ([`Reply::response_text`]): its head
/// and its whole body, `resultInfo` included. Nothing of the reply is outside it but the
/// `signature` itself.
///
/// Its `Debug` shows the typed head, body (personal fields redacted) and result info, and the
/// response text only as its length: the text holds the personal values in full.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Reply<S: Service<Family = Intl>> {
    /// `response.head`.
    pub head: ResponseHead,
    /// `response.body`, as the service documents it.
    pub body: S::Reply,
    /// `response.body.resultInfo`, as received.
    pub result_info: ResultInfo,
    /// The exact `response` text the signature covers.
    pub response_text: String,
}

impl<S: Service<Family = Intl>> std::fmt::Debug for Reply<S>
where
    S::Reply: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reply")
            .field("head", &self.head)
            .field("body", &self.body)
            .field("result_info", &self.result_info)
            .field("response_text_bytes", &self.response_text.len())
            .finish()
    }
}

impl<S: Service<Family = Intl>> Reply<S> {
    /// The `resultCode`, typed against the basic and the service's business codes.
    pub fn code(&self) -> ErrorCode<S::BusinessError> {
        ErrorCode::parse(&self.result_info.result_code)
    }

    /// Whether `resultStatus` is `S`.
    pub fn is_success(&self) -> bool {
        self.result_info.result_status == ResultStatus::S
    }

    /// What `resultStatus` says about the call: `S` is [`Outcome::Success`] with the body,
    /// `F` is [`Outcome::Failed`], and `U` (or a status the docs do not list) is
    /// [`Outcome::Unknown`]: the call may or may not have taken effect, so query or retry it,
    /// never assume. The fault carries `resultCode` typed, `resultCodeId` and `resultMsg`.
    pub fn into_outcome(self) -> Outcome<S::Reply, ErrorCode<S::BusinessError>> {
        let fault = || {
            let info = &self.result_info;
            Fault::new(ErrorCode::parse(&info.result_code))
                .with_code_id(Some(info.result_code_id.clone()))
                .with_message(info.result_msg.clone())
        };
        match self.result_info.result_status {
            ResultStatus::S => Outcome::Success(self.body),
            ResultStatus::F => Outcome::Failed(fault()),
            _ => Outcome::Unknown(fault()),
        }
    }

    /// The body of a successful call, or why there is none (see [`Reply::into_outcome`]).
    /// Status `U` is [`CallError::Unknown`]: the call may have taken effect.
    ///
    /// ```
    /// use alipay_proto::intl::archive::Archive;
    /// use alipay_proto::intl::RawReply;
    /// use alipay_proto::outcome::CallError;
    ///
    /// let reply = r#"{"response":{"head":{"version":"2.0.4","function":"alipay.intl.merchant.common.indirectMerchant.archive","clientId":"2014000014442","respTime":"2001-07-04T12:08:56+05:30","reqMsgId":"msg-1"},"body":{"resultInfo":{"resultStatus":"U","resultCodeId":"00000900","resultCode":"SYSTEM_ERROR","resultMsg":"busy"}}},"signature":"x"}"#;
    /// let raw = RawReply::parse(reply.as_bytes(), 1 << 20)?;
    /// match raw.decode_unverified::<Archive>()?.into_result() {
    ///     Err(CallError::Unknown(fault)) => assert_eq!(fault.message.as_deref(), Some("busy")),
    ///     other => panic!("status U is unknown: {other:?}"),
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`CallError::Failed`] or [`CallError::Unknown`] with the typed code.
    pub fn into_result(self) -> Result<S::Reply, CallError<ErrorCode<S::BusinessError>>> {
        self.into_outcome().into_result()
    }
}

/// A `resultCode`: one of the family's basic codes, one of the service's business codes
/// (`B`, its `BusinessError`), or text neither lists, kept verbatim.
///
/// The overseas family's counterpart is [`crate::overseas::ErrorCode`]; both implement
/// [`Code`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode<B> {
    /// A basic result code (with its documented ID, status and retryability).
    Basic(ResultCode),
    /// A business code of the service.
    Business(B),
    /// A code the docs do not list.
    Unknown(String),
}

impl<B: CodeEnum> ErrorCode<B> {
    /// Types `text`: basic codes first, then the service's business codes.
    pub fn parse(text: &str) -> Self {
        if let Some(code) = ResultCode::try_parse(text) {
            Self::Basic(code)
        } else if let Some(code) = B::try_parse(text) {
            Self::Business(code)
        } else {
            Self::Unknown(text.to_owned())
        }
    }

    /// The table's code, or `None` for an unknown one.
    fn known(&self) -> Option<&dyn Code> {
        match self {
            Self::Basic(code) => Some(code),
            Self::Business(code) => Some(code),
            Self::Unknown(_) => None,
        }
    }
}

crate::outcome::error_code_impls!(ErrorCode);

/// `request` or `response`, split without copying.
#[derive(Deserialize)]
pub(super) struct Parts<'a> {
    #[serde(borrow, default)]
    pub head: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub body: Option<&'a RawValue>,
}

/// The part of every intl reply body the runtime reads.
#[derive(Deserialize)]
struct BodyResult {
    #[serde(rename = "resultInfo")]
    result_info: ResultInfo,
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
    /// let client = Client::new(Config::new(
    ///     "2014000014442",
    ///     Box::new(RsaSigner::from_any(&private, SignAlgorithm::Rsa2)?),
    ///     Box::new(RsaVerifier::from_any(&alipay_public, SignAlgorithm::Rsa2)?),
    /// ))?;
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
        verify_response(text, signature.as_deref(), self.config.verifier.as_ref())?;
        let reply = decode_response::<S>(text)?;
        check_echo("function", S::NAME, &reply.head.function)?;
        check_echo("function", &expected.function, &reply.head.function)?;
        check_echo("reqMsgId", &expected.req_msg_id, &reply.head.req_msg_id)?;
        check_echo("clientId", &self.config.client_id, &reply.head.client_id)?;
        Ok(reply)
    }
}

impl RawReply {
    /// Types the response WITHOUT checking its signature or its echo of the request: for
    /// inspecting a reply whose signature failed. Use [`Client::decode`] otherwise.
    ///
    /// # Errors
    /// [`DecodeError`] for a response without a valid head or body.
    pub fn decode_unverified<S: Service<Family = Intl>>(&self) -> Result<Reply<S>, DecodeError> {
        decode_response(self.response_text())
    }
}

/// Types the exact `response` text (see [`RawReply::decode_unverified`]).
fn decode_response<S: Service<Family = Intl>>(text: &str) -> Result<Reply<S>, DecodeError> {
    if !text.trim_start().starts_with('{') {
        return Err(DecodeError::NotAnObject {
            message: "`response` must be a JSON object".to_owned(),
        });
    }
    let parts: Parts<'_> =
        serde_json::from_str(text).map_err(|error| DecodeError::NotAnObject {
            message: json::message_of(&error),
        })?;
    let head = parts.head.ok_or(DecodeError::MissingHead)?;
    let body = parts.body.ok_or(DecodeError::MissingBody)?;
    let head: ResponseHead = parse_part(head, |offset, message| DecodeError::InvalidHead {
        offset,
        message,
    })?;
    let invalid_body = |offset, message| DecodeError::InvalidBody { offset, message };
    let result: BodyResult = parse_part(body, invalid_body)?;
    let body: S::Reply = parse_part(body, invalid_body)?;
    Ok(Reply {
        head,
        body,
        result_info: result.result_info,
        response_text: text.to_owned(),
    })
}

pub(super) fn parse_part<T: DeserializeOwned, E>(
    part: &RawValue,
    invalid: impl Fn(usize, String) -> E,
) -> Result<T, E> {
    serde_json::from_str(part.get()).map_err(|error| {
        invalid(
            json::offset_of(part.get(), &error),
            json::message_of(&error),
        )
    })
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
