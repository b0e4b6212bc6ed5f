//! A decoded, typed reply.

use std::fmt;

use super::codes::ErrorCode;
use super::error::{DecodeError, DecodeErrorKind};
use super::leaves;
use super::raw::RawReply;
use super::reply_sign::SignatureStatus;
use super::{BasicReply, BasicReplyRequired, IsSuccess, SignType};
use crate::outcome::{CallError, Fault, Outcome};
use crate::service::{Overseas, Service};
use crate::validate::WireEnum;

/// The `result_code` of an accepted request whose business processing succeeded.
const RESULT_SUCCESS: &str = "SUCCESS";

/// A decoded reply of service `S`.
///
/// `is_success=T` only means Alipay accepted the request: [`Reply::into_outcome`] and
/// [`Reply::into_result`] also read `result_code` and `error`. [`Reply::signature`] says how
/// far the origin was checked.
///
/// # What the signature covers
///
/// Only the leaf children of `<response><alipay>` (the [`Reply::payload`] and
/// `result_code`), or, in a reply without `<response>`, `is_success` and `error`. The request
/// echo ([`Reply::request`]) is never signed. A reply with a `<response>` that also says
/// `is_success=F` or carries an `<error>` contradicts itself and does not decode
/// ([`DecodeErrorKind::Contradiction`]), so an unsigned `is_success` or `error` can never
/// override a signed payload.
#[non_exhaustive]
pub struct Reply<S: Service<Family = Overseas>> {
    /// The basic reply fields (`is_success`, `error`, `result_code`, `sign`, `sign_type`).
    pub basic: BasicReply,
    /// The `error` code, resolved against the documented tables.
    pub error: Option<ErrorCode<S::BusinessError>>,
    /// The typed `<response><alipay>` payload; `None` for a failure, which has no
    /// `<response>`. See [`Reply::verified_payload`].
    pub payload: Option<S::Reply>,
    /// Whether and how the signature was checked.
    pub signature: SignatureStatus,
    /// The reply as parsed.
    pub raw: RawReply,
}

impl<S: Service<Family = Overseas>> Reply<S> {
    /// The request echo, `(name, value)` as printed, in order (kept once, in [`Reply::raw`]).
    /// It is **not** covered by the signature.
    pub fn request(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone {
        self.raw.request()
    }

    /// The payload, only when its signature verified ([`SignatureStatus::Verified`]).
    pub fn verified_payload(&self) -> Option<&S::Reply> {
        match self.signature {
            SignatureStatus::Verified(_) => self.payload.as_ref(),
            _ => None,
        }
    }

    /// Types a parsed reply whose signature status is known.
    pub(crate) fn from_raw(raw: RawReply, signature: SignatureStatus) -> Result<Self, DecodeError> {
        check_consistent(&raw)?;
        let payload = if raw.has_response() {
            Some(payload::<S>(&raw)?)
        } else {
            None
        };
        Ok(Self {
            basic: basic(&raw),
            error: raw.error().map(ErrorCode::parse),
            payload,
            signature,
            raw,
        })
    }

    /// Whether `is_success` is `T` (the request was accepted; see [`Reply::into_outcome`]).
    pub fn is_success(&self) -> bool {
        self.basic.is_success == IsSuccess::T
    }

    /// What the reply says about the call:
    ///
    /// - `is_success=F`: [`Outcome::Failed`] with the `error` code (unknown and empty when
    ///   the reply has none);
    /// - `is_success=T` with `result_code` `SUCCESS` or none: [`Outcome::Success`] with the
    ///   payload;
    /// - `is_success=T` with any other `result_code` (the docs list none): [`Outcome::Unknown`]
    ///   with that code; query before retrying.
    pub fn into_outcome(self) -> Outcome<S::Reply, ErrorCode<S::BusinessError>> {
        let result_code = self.basic.result_code.as_deref();
        match (self.payload, result_code) {
            (Some(payload), None | Some(RESULT_SUCCESS)) => Outcome::Success(payload),
            (Some(_), Some(code)) => Outcome::Unknown(Fault::new(ErrorCode::parse(code))),
            (None, _) => {
                let code = self
                    .error
                    .unwrap_or_else(|| ErrorCode::Unknown(String::new()));
                Outcome::Failed(Fault::new(code))
            }
        }
    }

    /// The payload of a successful call, or why there is none (see [`Reply::into_outcome`]).
    ///
    /// # Errors
    /// [`CallError::Failed`] or [`CallError::Unknown`] with the typed code.
    pub fn into_result(self) -> Result<S::Reply, CallError<ErrorCode<S::BusinessError>>> {
        self.into_outcome().into_result()
    }
}

/// A success reply has a `<response>`; a reply with a `<response>` is a success. Anything else
/// contradicts itself: the `<response>` may be signed while `is_success` and `error` never are.
fn check_consistent(raw: &RawReply) -> Result<(), DecodeError> {
    let at = raw.response_offset();
    match (raw.has_response(), raw.succeeded(), raw.error()) {
        (true, true, None) | (false, false, _) => Ok(()),
        (false, true, _) => Err(DecodeError::at(
            at,
            DecodeErrorKind::Missing {
                element: "response",
            },
        )),
        (true, _, _) => Err(DecodeError::at(
            at,
            DecodeErrorKind::Contradiction {
                is_success: raw.is_success().to_owned(),
                error: raw.error().map(str::to_owned),
            },
        )),
    }
}

fn basic(raw: &RawReply) -> BasicReply {
    let mut basic = BasicReply::new(BasicReplyRequired {
        is_success: IsSuccess::parse(raw.is_success()),
    });
    basic.sign_type = raw.sign_type().map(SignType::parse);
    basic.sign = raw.sign().map(str::to_owned);
    basic.error = raw.error().map(str::to_owned);
    basic.result_code = (raw.response())
        .find(|&(name, _)| name == "result_code")
        .map(|(_, text)| text.to_owned());
    basic
}

/// The leaves deserialized into `S::Reply` straight from the parsed texts.
fn payload<S: Service<Family = Overseas>>(raw: &RawReply) -> Result<S::Reply, DecodeError> {
    leaves::from_pairs(raw.response()).map_err(|error| {
        let kind = DecodeErrorKind::Payload(error.redacted());
        DecodeError::at(raw.response_offset(), kind)
    })
}

impl<S: Service<Family = Overseas>> fmt::Debug for Reply<S>
where
    S::Reply: fmt::Debug,
    S::BusinessError: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("basic", &self.basic)
            .field("error", &self.error)
            .field("payload", &self.payload)
            .field("raw", &self.raw)
            .field("signature", &self.signature)
            .finish_non_exhaustive()
    }
}
