//! A decoded, typed reply.

use std::fmt;

use super::codes::{CodeEnum, ErrorCode};
use super::error::{DecodeError, DecodeErrorKind};
use super::leaves;
use super::raw::RawReply;
use super::reply_sign::SignatureStatus;
use super::{BasicReply, IsSuccess, SignType};
use crate::Service;
use crate::validate::WireEnum;

/// A decoded reply of service `S`.
///
/// `is_success=T` only means Alipay accepted the request: check `basic.result_code`
/// (the documented reply samples). [`Reply::signature`] says how far the origin was checked.
#[non_exhaustive]
pub struct Reply<S: Service> {
    /// The basic reply fields (`is_success`, `error`, `result_code`, `sign`, `sign_type`).
    pub basic: BasicReply,
    /// The `error` code, resolved against the documented tables.
    pub error: Option<ErrorCode<S>>,
    /// The typed `<response><alipay>` payload; `None` when the reply has no `<response>`.
    pub payload: Option<S::Reply>,
    /// Whether and how the signature was checked.
    pub signature: SignatureStatus,
    /// The reply as parsed.
    pub raw: RawReply,
}

impl<S: Service> Reply<S>
where
    S::BusinessError: CodeEnum,
{
    /// The request echo, `(name, value)` as printed, in order (kept once, in [`Reply::raw`]).
    pub fn request(&self) -> &[(String, String)] {
        &self.raw.request
    }

    /// Types a parsed reply whose signature status is known.
    pub(crate) fn from_raw(raw: RawReply, signature: SignatureStatus) -> Result<Self, DecodeError> {
        let payload = if raw.has_response {
            Some(payload::<S>(&raw)?)
        } else {
            None
        };
        Ok(Self {
            basic: basic(&raw),
            error: raw.error.as_deref().map(ErrorCode::parse),
            payload,
            signature,
            raw,
        })
    }

    /// Whether `is_success` is `T` (the request was accepted; see `basic.result_code`).
    pub fn is_success(&self) -> bool {
        self.basic.is_success == IsSuccess::T
    }

    /// Whether the failure is worth retrying later, as the docs say of its code.
    pub fn is_retryable(&self) -> bool {
        self.error.as_ref().is_some_and(ErrorCode::is_retryable)
    }
}

fn basic(raw: &RawReply) -> BasicReply {
    let mut basic = BasicReply::new(IsSuccess::parse(&raw.is_success));
    basic.sign_type = raw.sign_type.as_deref().map(SignType::parse);
    basic.sign = raw.sign.clone();
    basic.error = raw.error.clone();
    basic.result_code = raw
        .response
        .iter()
        .find(|(name, _)| name == "result_code")
        .map(|(_, text)| text.clone());
    basic
}

/// The leaves deserialized into `S::Reply` straight from the parsed texts.
fn payload<S: Service>(raw: &RawReply) -> Result<S::Reply, DecodeError> {
    let leaves = raw
        .response
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()));
    leaves::from_pairs(leaves)
        .map_err(|e| DecodeError::at(raw.response_offset, DecodeErrorKind::Payload(e.to_string())))
}

impl<S: Service> fmt::Debug for Reply<S>
where
    S::Reply: fmt::Debug,
    S::BusinessError: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("basic", &self.basic)
            .field("error", &self.error)
            .field("payload", &self.payload)
            .field("request", &self.raw.request)
            .field("signature", &self.signature)
            .finish_non_exhaustive()
    }
}
