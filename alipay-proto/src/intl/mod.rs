//! The `alipay.intl.*` family: a JSON `{"request":{"head":…,"body":…},
//! "signature":…}` envelope POSTed to open-sea, signed with RSA2 (SHA256withRSA, or RSA =
//! SHA1withRSA) over the exact text of the `request` value, answered by a `response` envelope
//! signed the same way.
//!
//! - The typed API (heads, [`ResultInfo`], [`ResultCode`], the [`maintain`] and [`archive`]
//!   services) is generated from `spec/intl/`.
//! - [`Client`] is sans-IO: [`Client::prepare`] validates a request, serializes the `request`
//!   value once, signs exactly those bytes and returns an `http::Request<Vec<u8>>` whose body
//!   is built around the same text; [`Client::decode`] takes the reply bytes, verifies the
//!   signature over the exact `response` text as received, checks the head's echo and types
//!   the result. The caller supplies the clock and the message ID.
//! - [`Reply::into_result`] gives the body, or the typed failure; status `U` is
//!   [`Outcome::Unknown`](crate::outcome::Outcome::Unknown), never a failure: query or retry.
//! - [`gateway`] is the other end of the wire: it opens, verifies and types requests and builds
//!   signed replies, for testing integrations without Alipay.

// The two families share one file skeleton, a file per role: `client.rs` (`Config`, `Client`:
// `new`, `prepare`, `decode`; `Prepared`), `codes.rs` (`ErrorCode`), `error.rs`, `gateway.rs`
// (the other end of the wire), `raw.rs` (`RawReply`), `reply.rs` (`Reply`), `reply_sign.rs`
// (the reply-signature policy), `request.rs` (`RawRequest`), `wire.rs` (the wire format), and
// the format's strict reader (`json.rs` here, `xml.rs` in the other family).
mod client;
mod codes;
mod error;
pub mod gateway;
mod json;
mod raw;
mod reply;
mod reply_sign;
mod request;
mod wire;

/// The code generated from `spec/intl/` (see `alipay-proto/build.rs`).
mod generated {
    include!(concat!(env!("OUT_DIR"), "/intl.rs"));
}

pub use crate::config::ConfigError;
pub use client::{CONTENT_TYPE_JSON, Client, Config, Expected, Prepared, function_path};
pub use codes::ErrorCode;
pub use error::{DecodeError, PrepareError};
pub use generated::*;
pub use raw::{DEFAULT_MAX_REPLY_BYTES, RawReply};
pub use reply::Reply;
pub use request::{RawRequest, RawRequestError};
pub use wire::{EnvelopeError, MessageKind, RawReplyError, build_envelope, sign_envelope};

use crate::sign::SignAlgorithm;

/// The charset of intl messages: the envelope is JSON in UTF-8 (a reply or request in other
/// bytes is refused, [`RawReplyError::NotUtf8`]), and field limits count UTF-8 bytes. The
/// client, the gateway role and the CLI use it.
pub const CHARSET: crate::charset::Charset = crate::charset::Charset::Utf8;

/// The algorithm of a message whose head names none: RSA2, "the default, also when the field
/// is absent" (the spec's note on the head's `signType`). Which algorithms the family accepts
/// is [`Family::allows`](crate::Family::allows) for [`Intl`](crate::service::Intl).
pub const DEFAULT_SIGN_ALGORITHM: SignAlgorithm = SignAlgorithm::Rsa2;

/// The algorithm a head's `signType` names (its wire name, `None` when the head has none):
/// [`DEFAULT_SIGN_ALGORITHM`] when absent, RSA or RSA2 by name; `None` for a name the family
/// does not allow. The gateway role and the CLI read a message's algorithm with it.
///
/// ```
/// use alipay_proto::intl::sign_algorithm;
/// use alipay_proto::sign::SignAlgorithm;
///
/// assert_eq!(sign_algorithm(None), Some(SignAlgorithm::Rsa2));
/// assert_eq!(sign_algorithm(Some("RSA")), Some(SignAlgorithm::Rsa));
/// assert_eq!(sign_algorithm(Some("MD5")), None);
/// ```
pub fn sign_algorithm(sign_type: Option<&str>) -> Option<SignAlgorithm> {
    use crate::Family as _;
    match sign_type {
        None => Some(DEFAULT_SIGN_ALGORITHM),
        Some(name) => SignAlgorithm::from_wire(name).filter(|a| crate::service::Intl::allows(*a)),
    }
}

/// The `signType` a message's head carries, as sent: `None` when the message has no `head`
/// or the head no `signType`. `message` is the exact text of a `request` (or `response`)
/// value ([`RawRequest::request_text`], [`RawReply::response_text`]); the envelope around it
/// has been checked. [`sign_algorithm`] gives the algorithm it names.
///
/// ```
/// use alipay_proto::intl::{head_sign_type, sign_algorithm};
/// use alipay_proto::sign::SignAlgorithm;
///
/// let name = head_sign_type(r#"{"head":{"function":"f","signType":"RSA"},"body":{}}"#)?;
/// assert_eq!(name.as_deref(), Some("RSA"));
/// assert_eq!(sign_algorithm(name.as_deref()), Some(SignAlgorithm::Rsa));
/// assert_eq!(head_sign_type(r#"{"body":{}}"#)?, None);
/// # Ok::<(), alipay_proto::intl::HeadError>(())
/// ```
///
/// # Errors
/// [`HeadError`] when the message is not a JSON object, its `head` not an object, or
/// `signType` not a string.
pub fn head_sign_type(message: &str) -> Result<Option<String>, HeadError> {
    use std::borrow::Cow;

    #[derive(serde::Deserialize)]
    struct Message<'a> {
        #[serde(borrow, default)]
        head: Option<Head<'a>>,
    }
    #[derive(serde::Deserialize)]
    struct Head<'a> {
        #[serde(rename = "signType", borrow, default)]
        sign_type: Option<Cow<'a, str>>,
    }
    let parsed: Message<'_> = serde_json::from_str(message).map_err(|error| HeadError {
        offset: json::offset_of(message, &error),
        message: json::message_of(&error),
    })?;
    Ok(parsed
        .head
        .and_then(|head| head.sign_type.map(Cow::into_owned)))
}

/// Why a message's head could not be read for its `signType` ([`head_sign_type`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read the head's signType at byte {offset} of the message: {message}")]
#[non_exhaustive]
pub struct HeadError {
    /// Byte offset in the message text where reading stopped.
    pub offset: usize,
    /// serde_json's message.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Absent head or field: `None`; escapes are read; a head or field of the wrong JSON type
    /// is an error at its byte.
    #[test]
    fn head_sign_type_reads_the_head_only() {
        assert_eq!(head_sign_type(r#"{"head":{}}"#), Ok(None));
        assert_eq!(
            head_sign_type(r#"{"body":{"signType":"RSA"},"head":{"signType":"RSA\u0032"}}"#),
            Ok(Some("RSA2".to_owned()))
        );
        let error = head_sign_type(r#"{"head":{"signType":1}}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot read the head's signType at byte 21 of the message: \
             invalid type: integer `1`, expected a string"
        );
        assert!(head_sign_type(r#"{"head":"RSA"}"#).is_err());
        assert!(head_sign_type("1").is_err());
    }
}
