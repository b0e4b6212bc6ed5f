//! A reply split into its exact `response` text and its `signature`, before anything of it is
//! trusted (the overseas family's counterpart is `overseas/raw.rs`).

use std::borrow::Cow;

use super::ResultInfo;
use super::error::DecodeError;
use super::reply::{Reply, decode_response, response_result_info};
use super::reply_sign::verify_response;
use super::wire::{Envelope, RawReplyError};
use crate::service::{Intl, Service};
use crate::sign::Verifier;

/// The largest reply [`RawReply::parse`] accepts unless told otherwise: 1 MiB.
pub const DEFAULT_MAX_REPLY_BYTES: usize = 1 << 20;

/// A reply split into its exact `response` text and its `signature`, before any of the
/// response is trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawReply {
    response: String,
    signature: Option<String>,
}

impl RawReply {
    /// Checks the whole reply (size, UTF-8, JSON syntax, nesting, duplicate keys) and splits
    /// it. Unknown top-level members are ignored.
    ///
    /// # Errors
    /// [`RawReplyError`], each with the byte offset where one applies.
    pub fn parse(bytes: &[u8], max_bytes: usize) -> Result<Self, RawReplyError> {
        let (response, signature) = Envelope::reply(bytes, max_bytes)?;
        Ok(Self {
            response: response.to_owned(),
            signature: signature.map(Cow::into_owned),
        })
    }

    /// The exact text of the `response` value, as received.
    pub fn response_text(&self) -> &str {
        &self.response
    }

    /// The `signature` member, as received (possibly percent-encoded), if any.
    pub fn signature(&self) -> Option<&str> {
        self.signature.as_deref()
    }

    /// Checks the signature over the exact response text.
    ///
    /// # Errors
    /// [`RawReplyError::MissingSignature`], or [`RawReplyError::Signature`] with the
    /// verifier's reason (mismatch, or a signature that is not base64).
    pub fn verify(&self, verifier: &dyn Verifier) -> Result<(), RawReplyError> {
        verify_response(&self.response, self.signature.as_deref(), verifier)
    }
}

impl RawReply {
    /// Types the response WITHOUT checking its signature or its echo of the request: for
    /// inspecting a reply whose signature failed. Use [`Client::decode`](super::Client::decode)
    /// otherwise.
    ///
    /// # Errors
    /// [`DecodeError`] for a response without a valid head or body.
    pub fn decode_unverified<S: Service<Family = Intl>>(&self) -> Result<Reply<S>, DecodeError> {
        decode_response(self.response_text())
    }

    /// The body's `resultInfo`, which every intl reply carries, WITHOUT checking the
    /// signature, the head or the service's own fields: what the sandbox journals as a reply's
    /// outcome.
    ///
    /// ```
    /// use alipay_proto::intl::{RawReply, ResultCode};
    ///
    /// let reply = br#"{"response":{"head":{},"body":{"resultInfo":{"resultStatus":"F",
    ///     "resultCodeId":"00000003","resultCode":"PARAM_ILLEGAL"}}},"signature":"c2ln"}"#;
    /// let info = RawReply::parse(reply, 1 << 16)?.result_info_unverified()?;
    /// assert_eq!(info.result_code, ResultCode::ParamIllegal.as_str());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`DecodeError`] for a response without a body whose `resultInfo` is the documented
    /// object.
    pub fn result_info_unverified(&self) -> Result<ResultInfo, DecodeError> {
        response_result_info(self.response_text())
    }
}
