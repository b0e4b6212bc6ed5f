//! A request envelope split into its exact `request` text and its `signature`, nothing
//! verified (the overseas family's counterpart is `overseas/request.rs`).

use std::borrow::Cow;

use super::wire::{Envelope, MessageKind, RawReplyError};

/// A request envelope split into its exact `request` text and its `signature`, nothing
/// verified: how the gateway role ([`Gateway::open`](super::gateway::Gateway::open)) and the
/// `alipay-proto` CLI's `explain` read a request. The envelope is checked as strictly as a
/// reply's ([`RawReply::parse`](super::RawReply::parse)): size, UTF-8, JSON syntax, nesting, duplicate keys, an object.
///
/// Its `Debug` gives the text's length and whether a signature came, never the text (requests
/// carry legal names, ID numbers and e-mail addresses).
#[derive(Clone, PartialEq, Eq)]
pub struct RawRequest {
    request: String,
    signature: Option<String>,
}

impl RawRequest {
    /// Checks the whole envelope and splits it. Unknown top-level members are ignored.
    ///
    /// ```
    /// use alipay_proto::intl::RawRequest;
    ///
    /// let body = br#"{"request":{"head":{"function":"f"},"body":{}},"signature":"c2ln"}"#;
    /// let request = RawRequest::parse(body, 1 << 16)?;
    /// assert_eq!(request.request_text(), r#"{"head":{"function":"f"},"body":{}}"#);
    /// assert_eq!(request.signature(), Some("c2ln"));
    /// # Ok::<(), alipay_proto::intl::RawRequestError>(())
    /// ```
    ///
    /// # Errors
    /// [`RawRequestError`]: the envelope's problem, or no `request` member.
    pub fn parse(bytes: &[u8], max_bytes: usize) -> Result<Self, RawRequestError> {
        let envelope = Envelope::split(bytes, max_bytes, MessageKind::Request)
            .map_err(RawRequestError::Envelope)?;
        let request = envelope.request.ok_or(RawRequestError::MissingRequest)?;
        Ok(Self {
            request: request.get().to_owned(),
            signature: envelope.signature.map(Cow::into_owned),
        })
    }

    /// The exact text of the `request` value, as received: what the signature covers.
    pub fn request_text(&self) -> &str {
        &self.request
    }

    /// The `signature` member, as received, if any.
    pub fn signature(&self) -> Option<&str> {
        self.signature.as_deref()
    }
}

impl std::fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawRequest")
            .field("request_bytes", &self.request.len())
            .field("signed", &self.signature.is_some())
            .finish()
    }
}

/// Why a request envelope could not be split.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RawRequestError {
    /// The envelope fails the checks a reply envelope must pass; the cause is the
    /// [`source`](std::error::Error::source), naming the request
    /// ([`MessageKind::Request`]).
    #[error("the request envelope is malformed")]
    Envelope(#[source] RawReplyError),
    /// The envelope has no `request` member.
    #[error("the envelope has no `request` member")]
    MissingRequest,
}
