//! Input that cannot be diagnosed (exit code 2). Messages never carry key material.

use alipay_proto::Family;
use alipay_proto::charset::Unencodable;
use alipay_proto::intl::{HeadError, RawRequestError};
use alipay_proto::sign::{SignAlgorithm, SignError};

/// Why a message or key could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// A file could not be read.
    #[error("cannot read {path}: {message}")]
    Read {
        /// The path given.
        path: String,
        /// The OS error.
        message: String,
    },
    /// The key loads in no supported form.
    #[error("key")]
    Key {
        /// The crate's reason (never any part of the key).
        source: SignError,
    },
    /// A parameter the message must carry is absent.
    #[error("the message has no `{name}` parameter")]
    Missing {
        /// The parameter.
        name: &'static str,
    },
    /// `sign_type` / `signType` names no algorithm of the family ([`InputError::sign_type`]).
    #[error("{param} `{found}` is none of {allowed}")]
    SignType {
        /// `sign_type` or `signType`.
        param: &'static str,
        /// The value found.
        found: String,
        /// The family's algorithms (`Family::sign_algorithms`), comma-separated.
        allowed: String,
    },
    /// The query or form body does not decode.
    #[error("query: {message}")]
    Query {
        /// Where and why.
        message: String,
    },
    /// A parameter cannot be carried by the declared charset.
    #[error("the pre-sign string cannot be encoded")]
    Unencodable {
        /// The char and where.
        source: Unencodable,
    },
    /// The reply does not parse.
    #[error("reply: {message}")]
    Reply {
        /// Where and why.
        message: String,
    },
    /// The intl request body is not an envelope the gateway reads (the library's reason).
    #[error("intl request body")]
    Envelope {
        /// Why (size, UTF-8, JSON syntax, duplicate keys, no `request` member).
        source: RawRequestError,
    },
    /// The intl message's head cannot be read for its `signType` (the library's reason).
    #[error("intl head")]
    Head {
        /// Where and why.
        source: HeadError,
    },
    /// An option that does not apply to this message.
    #[error("{message}")]
    Usage {
        /// Which option, and why.
        message: &'static str,
    },
    /// `--sent-at` is neither `now` nor RFC 3339.
    #[error("--sent-at `{found}` is neither `now` nor an RFC 3339 time")]
    SentAt {
        /// The value found.
        found: String,
    },
}

impl InputError {
    /// `param` names `found`, none of family `F`'s algorithms (listed from the library's
    /// `Family::sign_algorithms`, never from a list of the CLI's own).
    pub fn sign_type<F: Family>(param: &'static str, found: impl Into<String>) -> Self {
        let allowed: Vec<&str> = F::sign_algorithms().map(SignAlgorithm::as_str).collect();
        Self::SignType {
            param,
            found: found.into(),
            allowed: allowed.join(", "),
        }
    }
}
