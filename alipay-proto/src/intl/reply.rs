//! Decoding replies: verify over the exact response text, check the echo, map the result.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::client::{Client, Expected};
use super::envelope::RawReply;
use super::error::DecodeError;
use super::json;
use super::{ResponseHead, ResultCode, ResultInfo, ResultStatus};
use crate::Service;
use crate::validate::WireEnum;

/// A decoded reply of service `S`: see [`ReplyOf`].
#[derive(Debug, Clone, PartialEq)]
pub struct Reply<R, B> {
    /// `response.head`.
    pub head: ResponseHead,
    /// `response.body`, as the service documents it.
    pub body: R,
    /// `response.body.resultInfo`, as received.
    pub result_info: ResultInfo,
    /// What the result means: success, failure or unknown.
    pub outcome: Outcome<B>,
    /// The exact `response` text the signature covers.
    pub response_text: String,
}

/// The reply type of service `S`.
pub type ReplyOf<S> = Reply<<S as Service>::Reply, <S as Service>::BusinessError>;

/// The outcome of a call, from `resultStatus`. `Unknown` is not a failure: the call may or may
/// not have taken effect, so query or retry it, never assume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<B> {
    /// `S`: the call succeeded.
    Success,
    /// `F`: the call failed.
    Failure(ResultError<B>),
    /// `U`, or a status the docs do not list: the outcome is unknown.
    Unknown(ResultError<B>),
}

impl<B> Outcome<B> {
    /// Whether the status is `S`.
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Success)
    }
}

/// The code and message of a result that is not a success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultError<B> {
    /// `resultCode`, typed.
    pub code: Code<B>,
    /// `resultCodeId`, as received.
    pub code_id: String,
    /// `resultMsg`, if any.
    pub message: Option<String>,
}

/// A `resultCode`: one of the family's basic codes, one of the service's business codes, or
/// text neither lists, kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code<B> {
    /// A basic result code (with its documented ID, status and retryability).
    Basic(ResultCode),
    /// A business code of the service.
    Business(B),
    /// A code the docs do not list.
    Unknown(String),
}

impl<B: WireEnum> Code<B> {
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

    /// The code's wire text.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Basic(code) => code.as_str(),
            Self::Business(code) => code.as_str(),
            Self::Unknown(text) => text,
        }
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

impl Client {
    /// Decodes a reply to the request `expected` describes: checks the envelope (size cap,
    /// UTF-8, JSON, no duplicate keys), verifies the signature over the exact `response` text
    /// (plain or percent-encoded base64), checks that the head echoes `function`, `reqMsgId`
    /// and `clientId`, and types the result.
    ///
    /// # Errors
    /// [`DecodeError`]. A well-formed reply with status `F` or `U` is not an error: it
    /// decodes to [`Outcome::Failure`] or [`Outcome::Unknown`].
    pub fn decode<S: Service>(
        &self,
        bytes: &[u8],
        expected: &Expected,
    ) -> Result<ReplyOf<S>, DecodeError>
    where
        S::BusinessError: WireEnum,
    {
        let raw = RawReply::parse(bytes, self.config.max_reply_bytes)?;
        raw.verify(self.config.verifier.as_ref())?;
        let reply = raw.decode_unverified::<S>()?;
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
    pub fn decode_unverified<S: Service>(&self) -> Result<ReplyOf<S>, DecodeError>
    where
        S::BusinessError: WireEnum,
    {
        let text = self.response_text();
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
            outcome: outcome(&result.result_info),
            result_info: result.result_info,
            response_text: text.to_owned(),
        })
    }
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

/// The outcome `resultStatus` says; the code typed against the basic and business codes.
fn outcome<B: WireEnum>(info: &ResultInfo) -> Outcome<B> {
    let error = || ResultError {
        code: Code::parse(&info.result_code),
        code_id: info.result_code_id.clone(),
        message: info.result_msg.clone(),
    };
    match info.result_status {
        ResultStatus::S => Outcome::Success,
        ResultStatus::F => Outcome::Failure(error()),
        _ => Outcome::Unknown(error()),
    }
}

fn check_echo(field: &'static str, expected: &str, actual: &str) -> Result<(), DecodeError> {
    if expected == actual {
        Ok(())
    } else {
        Err(DecodeError::Mismatch {
            field,
            expected: expected.to_owned(),
            actual: actual.to_owned(),
        })
    }
}
