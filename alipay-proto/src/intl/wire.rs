//! The outer JSON envelope, around exact texts (Alipay global "Sign a request" page).
//!
//! A request is `{"request":<request text>,"signature":"…"}`: the request text is serialized
//! once, signed, and written into the envelope unchanged through a [`RawValue`]. A reply is
//! `{"response":<response text>,"signature":"…"}`: the response text is kept exactly as
//! received, so its signature can be checked over the same bytes Alipay signed.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::json::{self, StrictError};
use crate::body::BodyKind;
use crate::sign::{SignError, Signer};

/// The outer request object. Field order is the wire order.
#[derive(Serialize)]
struct RequestEnvelope<'a> {
    request: &'a RawValue,
    signature: &'a str,
}

/// Builds `{"request":<request_text>,"signature":"<signature>"}` with `request_text` copied
/// byte for byte.
///
/// # Errors
/// [`EnvelopeError`] when `request_text` is not one JSON value.
pub fn build_envelope(request_text: &str, signature: &str) -> Result<String, EnvelopeError> {
    let request: &RawValue = serde_json::from_str(request_text)
        .map_err(|error| EnvelopeError::from_json(request_text, &error))?;
    let envelope = RequestEnvelope { request, signature };
    serde_json::to_string(&envelope).map_err(|error| EnvelopeError::Serialize {
        message: error.to_string(),
    })
}

/// Signs `request_text`'s UTF-8 bytes and builds the envelope around the same text.
///
/// # Errors
/// [`EnvelopeError::Sign`] when signing fails, or as [`build_envelope`].
pub fn sign_envelope(
    request_text: &str,
    signer: &dyn Signer,
) -> Result<(String, String), EnvelopeError> {
    let signature = signer.sign(request_text.as_bytes())?;
    let envelope = build_envelope(request_text, &signature)?;
    Ok((signature, envelope))
}

/// Why a request envelope could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The request text is not one JSON value.
    #[error("request text is not JSON at byte {offset}: {message}")]
    NotJson {
        /// Byte offset in the request text where parsing stopped.
        offset: usize,
        /// serde_json's message.
        message: String,
    },
    /// serde_json refused to write the envelope.
    #[error("cannot serialize the envelope: {message}")]
    Serialize {
        /// serde_json's message.
        message: String,
    },
    /// The signer failed; the cause is the [`source`](std::error::Error::source).
    #[error("signing failed")]
    Sign(#[from] SignError),
}

impl EnvelopeError {
    fn from_json(text: &str, error: &serde_json::Error) -> Self {
        Self::NotJson {
            offset: json::offset_of(text, error),
            message: json::message_of(error),
        }
    }
}

/// The outer object of a request or a reply, borrowing the exact text of its message.
#[derive(Deserialize)]
pub(super) struct Envelope<'a> {
    #[serde(borrow, default)]
    pub request: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub response: Option<&'a RawValue>,
    /// Borrowed unless it has escapes.
    #[serde(borrow, default)]
    pub signature: Option<Cow<'a, str>>,
}

impl<'a> Envelope<'a> {
    /// Checks a whole envelope (size, UTF-8, JSON syntax, nesting, duplicate keys, an object)
    /// and splits it. Unknown top-level members are ignored.
    pub(super) fn split(
        bytes: &'a [u8],
        max_bytes: usize,
        of: MessageKind,
    ) -> Result<Self, RawReplyError> {
        if bytes.len() > max_bytes {
            return Err(RawReplyError::TooLarge {
                of,
                len: bytes.len(),
                max: max_bytes,
            });
        }
        match BodyKind::of(bytes) {
            BodyKind::Json => {}
            found => {
                return Err(RawReplyError::NotJson {
                    of,
                    found,
                    preview: crate::body::preview(bytes),
                });
            }
        }
        let text = std::str::from_utf8(bytes).map_err(|error| RawReplyError::NotUtf8 {
            of,
            offset: error.valid_up_to(),
        })?;
        json::check(text).map_err(|error| RawReplyError::strict(of, error))?;
        require_object(text, of)?;
        serde_json::from_str(text)
            .map_err(|error| RawReplyError::strict(of, json::syntax(text, &error)))
    }

    /// Checks a whole reply as [`Envelope::split`] does; its exact `response` text and its
    /// signature, borrowed.
    pub(super) fn reply(
        bytes: &'a [u8],
        max_bytes: usize,
    ) -> Result<(&'a str, Option<Cow<'a, str>>), RawReplyError> {
        let envelope = Self::split(bytes, max_bytes, MessageKind::Reply)?;
        let response = envelope.response.ok_or(RawReplyError::MissingResponse)?;
        Ok((response.get(), envelope.signature))
    }
}

/// Serde would read a JSON array into the envelope struct: only an object is an envelope.
fn require_object(text: &str, of: MessageKind) -> Result<(), RawReplyError> {
    let start = text.len() - text.trim_start().len();
    if text[start..].starts_with('{') {
        Ok(())
    } else {
        Err(RawReplyError::Malformed {
            of,
            offset: start,
            message: format!("the {of} is not a JSON object"),
        })
    }
}

/// Which envelope was being read when a [`RawReplyError`] arose: a request (the gateway
/// role's [`RawRequest::parse`](super::RawRequest::parse)) or a reply
/// ([`RawReply::parse`](super::RawReply::parse)). Its `Display` is the word
/// the error messages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// `{"request":…,"signature":…}`.
    Request,
    /// `{"response":…,"signature":…}`.
    Reply,
}

impl std::fmt::Display for MessageKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Request => "request",
            Self::Reply => "reply",
        })
    }
}

/// Why an envelope could not be split, or a reply not verified. The checks of the envelope
/// (size, JSON, UTF-8, syntax, duplicate keys) are shared by replies and requests; each such
/// variant says which was read (`of`), and its message names it ("malformed request at byte
/// 7: …"). The `response` and signature variants are a reply's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RawReplyError {
    /// The envelope is longer than the configured cap.
    #[error("{of} of {len} bytes exceeds the limit of {max} bytes")]
    TooLarge {
        /// What was read.
        of: MessageKind,
        /// The envelope's length.
        len: usize,
        /// The cap.
        max: usize,
    },
    /// The envelope is not JSON at all: empty, an HTML error page, XML, plain text (a `503`),
    /// binary. `preview` is its start, redacted (quoted values as their length, digits as `#`).
    #[error("the {of} is {found}, not JSON: {preview:?}")]
    NotJson {
        /// What was read.
        of: MessageKind,
        /// What arrived.
        found: BodyKind,
        /// Its first 48 chars, redacted.
        preview: String,
    },
    /// The envelope is not UTF-8.
    #[error("{of} is not UTF-8 (first bad byte at {offset})")]
    NotUtf8 {
        /// What was read.
        of: MessageKind,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The envelope is not one JSON value, nests deeper than 128, has a number out of range,
    /// or is not an object.
    #[error("malformed {of} at byte {offset}: {message}")]
    Malformed {
        /// What was read.
        of: MessageKind,
        /// Byte offset where parsing stopped.
        offset: usize,
        /// serde_json's message.
        message: String,
    },
    /// An object in the envelope repeats a key.
    #[error("duplicate key `{key}` in {of} at byte {offset}")]
    DuplicateKey {
        /// What was read.
        of: MessageKind,
        /// The repeated key, cut to 64 chars.
        key: String,
        /// Byte offset just past the repeated key.
        offset: usize,
    },
    /// The reply has no `response` member.
    #[error("reply has no `response` member")]
    MissingResponse,
    /// The reply has no `signature` member.
    #[error("reply has no `signature` member")]
    MissingSignature,
    /// The signature does not verify over the response text.
    #[error("reply signature rejected: {0}")]
    Signature(SignError),
}

impl RawReplyError {
    /// The strict reader's error, in the envelope `of`.
    fn strict(of: MessageKind, error: StrictError) -> Self {
        match error {
            StrictError::DuplicateKey { key, offset } => Self::DuplicateKey { of, key, offset },
            StrictError::Syntax { offset, message } => Self::Malformed {
                of,
                offset,
                message,
            },
        }
    }

    /// Which envelope was read, for the variants of the envelope's checks; `None` for the
    /// reply-only ones (`response`, signature).
    pub fn of(&self) -> Option<MessageKind> {
        match self {
            Self::TooLarge { of, .. }
            | Self::NotJson { of, .. }
            | Self::NotUtf8 { of, .. }
            | Self::Malformed { of, .. }
            | Self::DuplicateKey { of, .. } => Some(*of),
            Self::MissingResponse | Self::MissingSignature | Self::Signature(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::raw::{DEFAULT_MAX_REPLY_BYTES, RawReply};
    use super::super::request::{RawRequest, RawRequestError};
    use super::*;
    use crate::sign::Md5Key;

    const REQUEST: &str = "{\n \"head\" : {\"a\":\"é\"},\"body\":{} }";

    #[test]
    fn envelope_keeps_the_request_text_byte_for_byte() {
        let envelope = build_envelope(REQUEST, "c2ln").unwrap();
        assert_eq!(
            envelope,
            format!("{{\"request\":{REQUEST},\"signature\":\"c2ln\"}}")
        );
    }

    #[test]
    fn envelope_escapes_the_signature() {
        let envelope = build_envelope("{}", "a\"b").unwrap();
        assert_eq!(envelope, r#"{"request":{},"signature":"a\"b"}"#);
    }

    #[test]
    fn envelope_rejects_non_json() {
        assert!(matches!(
            build_envelope("{\"a\":", "s"),
            Err(EnvelopeError::NotJson { .. })
        ));
    }

    #[test]
    fn reply_keeps_the_response_text_and_verifies_over_it() {
        let key = Md5Key::new("k").unwrap();
        let response = "{ \"head\":{},\n  \"body\" : {} }";
        let signature = key.sign(response.as_bytes()).unwrap();
        let reply = format!("{{\"response\":{response},\"signature\":\"{signature}\"}}");
        let raw = RawReply::parse(reply.as_bytes(), DEFAULT_MAX_REPLY_BYTES).unwrap();
        assert_eq!(raw.response_text(), response);
        assert_eq!(raw.verify(&key), Ok(()));
        let tampered = reply.replacen("head", "heaD", 1);
        let raw = RawReply::parse(tampered.as_bytes(), DEFAULT_MAX_REPLY_BYTES).unwrap();
        assert_eq!(
            raw.verify(&key),
            Err(RawReplyError::Signature(SignError::Mismatch))
        );
    }

    /// A reply of exactly `max_bytes` is read; one byte more is refused, naming both sizes.
    #[test]
    fn the_size_limit_admits_exactly_max_bytes() {
        let reply = br#"{"response":{"head":{},"body":{}},"signature":"c2ln"}"#;
        let max = reply.len();
        let raw = RawReply::parse(reply, max).expect("exactly max_bytes is within the limit");
        assert_eq!(raw.response_text(), r#"{"head":{},"body":{}}"#);
        let mut longer = reply.to_vec();
        longer.push(b' ');
        assert_eq!(
            RawReply::parse(&longer, max),
            Err(RawReplyError::TooLarge {
                of: MessageKind::Reply,
                len: max + 1,
                max
            })
        );
        assert_eq!(
            RawReplyError::TooLarge {
                of: MessageKind::Reply,
                len: 65,
                max: 64
            }
            .to_string(),
            "reply of 65 bytes exceeds the limit of 64 bytes"
        );
    }

    /// `signature()` is the member as received: percent-encoded text stays so, and a reply
    /// without the member has none.
    #[test]
    fn signature_is_the_member_as_received() {
        let raw = RawReply::parse(
            br#"{"response":{},"signature":"YWJj%2Bde%3D"}"#,
            DEFAULT_MAX_REPLY_BYTES,
        )
        .unwrap();
        assert_eq!(raw.signature(), Some("YWJj%2Bde%3D"));
        let escaped = RawReply::parse(
            br#"{"signature":"a\/b","response":{}}"#,
            DEFAULT_MAX_REPLY_BYTES,
        )
        .unwrap();
        assert_eq!(escaped.signature(), Some("a/b"));
        let unsigned = RawReply::parse(br#"{"response":{}}"#, DEFAULT_MAX_REPLY_BYTES).unwrap();
        assert_eq!(unsigned.signature(), None);
    }

    /// The envelope checks are shared; each message names what was read, so a broken request
    /// is never reported as a reply.
    #[test]
    fn errors_name_the_envelope_read() {
        let cases: [(&[u8], &str, &str); 5] = [
            (
                b"{\"request\":{,}}",
                "malformed request at byte 13: key must be a string",
                "malformed reply at byte 13: key must be a string",
            ),
            (
                b"[1]",
                "malformed request at byte 0: the request is not a JSON object",
                "malformed reply at byte 0: the reply is not a JSON object",
            ),
            (
                b"{\"a\":1,\"a\":2}",
                "duplicate key `a` in request at byte 10",
                "duplicate key `a` in reply at byte 10",
            ),
            (
                b"{\"a\":\"\xff\"}",
                "request is not UTF-8 (first bad byte at 6)",
                "reply is not UTF-8 (first bad byte at 6)",
            ),
            (
                b"Service Unavailable",
                "the request is plain text, not JSON: \"Service Unavailable\"",
                "the reply is plain text, not JSON: \"Service Unavailable\"",
            ),
        ];
        for (bytes, request, reply) in cases {
            let Err(RawRequestError::Envelope(error)) = RawRequest::parse(bytes, 64) else {
                panic!("{bytes:?} is not an envelope");
            };
            assert_eq!(error.of(), Some(MessageKind::Request));
            assert_eq!(error.to_string(), request);
            let error = RawReply::parse(bytes, 64).unwrap_err();
            assert_eq!(error.of(), Some(MessageKind::Reply));
            assert_eq!(error.to_string(), reply);
        }
        let Err(RawRequestError::Envelope(error)) = RawRequest::parse(&[b' '; 65], 64) else {
            panic!("over the cap");
        };
        assert_eq!(
            error.to_string(),
            "request of 65 bytes exceeds the limit of 64 bytes"
        );
    }

    #[test]
    fn reply_errors_are_typed() {
        let parse = |bytes: &[u8]| RawReply::parse(bytes, 64);
        assert_eq!(
            parse(&[b' '; 65]),
            Err(RawReplyError::TooLarge {
                of: MessageKind::Reply,
                len: 65,
                max: 64
            })
        );
        assert_eq!(
            parse(b"{\"a\":\"\xff\"}"),
            Err(RawReplyError::NotUtf8 {
                of: MessageKind::Reply,
                offset: 6
            })
        );
        assert!(matches!(
            parse(b"{\"response\":{},\"response\":{}}"),
            Err(RawReplyError::DuplicateKey { .. })
        ));
        assert!(matches!(
            parse(b"[1]"),
            Err(RawReplyError::Malformed { .. })
        ));
        assert!(matches!(
            parse(b"{\"response\":1,\"signature\":2}"),
            Err(RawReplyError::Malformed { .. })
        ));
        assert_eq!(parse(b"{}"), Err(RawReplyError::MissingResponse));
        let raw = parse(b"{\"response\":{}}").unwrap();
        assert_eq!(
            raw.verify(&Md5Key::new("k").unwrap()),
            Err(RawReplyError::MissingSignature)
        );
    }
}
