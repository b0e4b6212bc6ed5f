//! A decoded reply and how its `response` text is typed (the overseas family's counterpart is
//! `overseas/reply.rs`); [`Client::decode`](super::Client::decode) verifies and checks the echo.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::codes::ErrorCode;
use super::error::DecodeError;
use super::json;
use super::{ResponseHead, ResultInfo, ResultStatus};
use crate::outcome::{CallError, Fault, Outcome};
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

/// The `head` and `body` of the exact `response` text, as JSON texts.
fn split_response(text: &str) -> Result<(&RawValue, &RawValue), DecodeError> {
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
    Ok((head, body))
}

/// The body's `resultInfo` of the exact `response` text, whatever the service (see
/// [`RawReply::result_info_unverified`](super::RawReply::result_info_unverified)).
pub(super) fn response_result_info(text: &str) -> Result<ResultInfo, DecodeError> {
    let (_, body) = split_response(text)?;
    let result: BodyResult = parse_part(body, |offset, message| DecodeError::InvalidBody {
        offset,
        message,
    })?;
    Ok(result.result_info)
}

/// Types the exact `response` text (see [`RawReply::decode_unverified`](super::RawReply::decode_unverified)).
pub(super) fn decode_response<S: Service<Family = Intl>>(
    text: &str,
) -> Result<Reply<S>, DecodeError> {
    let (head, body) = split_response(text)?;
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
