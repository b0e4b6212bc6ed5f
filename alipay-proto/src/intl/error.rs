//! Typed errors of the intl client.

use super::wire::{EnvelopeError, RawReplyError};
use crate::sign::SignError;
use crate::validate::Report;

/// Why a request could not be prepared.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PrepareError {
    /// The request body breaks documented rules; every violation is listed, by wire path.
    #[error("invalid request body: {0}")]
    Invalid(Report),
    /// The head built from the configuration breaks documented rules (a `clientId` over 32
    /// bytes, a `reqMsgId` over 64, a `reserve` that is not a JSON object, ...).
    #[error("invalid request head: {0}")]
    InvalidHead(Report),
    /// `reqTime` could not be written (a year outside 0000–9999).
    #[error("cannot format reqTime")]
    Time {
        /// The `time` crate's error.
        source: time::error::Format,
    },
    /// The envelope could not be built or signed.
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
    /// The HTTP request could not be built (an endpoint the `http` crate rejects).
    #[error("cannot build the HTTP request")]
    Http {
        /// The `http` crate's error.
        source: http::Error,
    },
}

/// Why a reply could not be decoded. A reply that decodes, whatever its result status, is
/// not an error: see [`Reply::into_result`](super::Reply::into_result).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The reply's envelope is unusable: too large, not UTF-8, not JSON, duplicate keys, no
    /// `response`, or a missing or failed signature.
    #[error(transparent)]
    Envelope(#[from] RawReplyError),
    /// `response` is not a JSON object.
    #[error("`response` is not an object: {message}")]
    NotAnObject {
        /// serde_json's message.
        message: String,
    },
    /// `response` has no `head`.
    #[error("`response` has no `head`")]
    MissingHead,
    /// `response` has no `body`.
    #[error("`response` has no `body`")]
    MissingBody,
    /// `response.head` does not match the documented head.
    #[error("invalid `response.head` at byte {offset} of it: {message}")]
    InvalidHead {
        /// Byte offset within the head's text.
        offset: usize,
        /// serde_json's message (a missing field, a wrong type, ...).
        message: String,
    },
    /// `response.body` does not match the service's documented reply.
    #[error("invalid `response.body` at byte {offset} of it: {message}")]
    InvalidBody {
        /// Byte offset within the body's text.
        offset: usize,
        /// serde_json's message (a missing field, a wrong type, ...).
        message: String,
    },
    /// The head does not echo the request: `field` is `function`, `reqMsgId` or `clientId`.
    #[error("reply head {field} is {actual:?}, expected {expected:?}")]
    Mismatch {
        /// The head field's wire name.
        field: &'static str,
        /// What the request sent.
        expected: String,
        /// What the reply carries, cut to 64 chars.
        actual: String,
    },
}

impl DecodeError {
    /// The signature failure, when the reply was rejected for its signature.
    pub fn signature_error(&self) -> Option<&SignError> {
        match self {
            Self::Envelope(RawReplyError::Signature(error)) => Some(error),
            _ => None,
        }
    }
}
