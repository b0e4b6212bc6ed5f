//! Errors of preparing requests and decoding replies. None of them carries key material.

use super::leaves::LeafError;
use super::raw::Unverified;
use super::wire::EncodeError;
use crate::body::BodyKind;
use crate::charset::Charset;
use crate::redact;
use crate::sign::{SignAlgorithm, SignError};

/// Why a reply could not be decoded or trusted: what went wrong, and where in the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} (at byte offset {offset})")]
#[non_exhaustive]
pub struct DecodeError {
    /// Zero-based byte offset in the reply bytes where the problem was found: the offending
    /// byte, or the start tag of the offending element.
    pub offset: usize,
    /// What went wrong.
    pub kind: DecodeErrorKind,
}

impl DecodeError {
    /// Every decode error is made here, so every text it repeats from the reply is bounded
    /// once, whichever code found the problem: a 1 MB element name must not become a 1 MB
    /// error in a log.
    pub(crate) fn at(offset: usize, kind: DecodeErrorKind) -> Self {
        Self {
            offset,
            kind: kind.bounded(),
        }
    }
}

/// What went wrong while decoding a reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The reply is larger than the configured limit.
    #[error("reply larger than {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// Elements nest deeper than the configured limit.
    #[error("elements nested deeper than {limit}")]
    TooDeep {
        /// The limit in levels.
        limit: usize,
    },
    /// The reply is not XML at all: empty, an HTML error page, JSON, plain text (a `503`),
    /// binary. `preview` is its start, redacted (quoted values as their length, digits as `#`).
    #[error("the reply is {found}, not XML: {preview:?}")]
    NotXml {
        /// What arrived.
        found: BodyKind,
        /// Its first 48 chars, redacted.
        preview: String,
    },
    /// The input ends inside the document (or holds no root element).
    #[error("the reply is truncated")]
    Truncated,
    /// The XML is not well-formed.
    #[error("malformed XML: {0}")]
    Syntax(String),
    /// A `<!DOCTYPE>`: refused, so no entity can be defined (no billion laughs, no XXE).
    #[error("DOCTYPE is not allowed in a reply")]
    Doctype,
    /// An entity other than the five predefined ones, or a bad character reference.
    #[error("entity refused: {0}")]
    Entity(String),
    /// The XML declaration names an encoding other than UTF-8, GBK or GB2312.
    #[error("unsupported XML encoding {0:?}")]
    UnsupportedEncoding(String),
    /// Bytes that are not valid in the declared charset.
    #[error("bytes not valid in {charset}")]
    Malformed {
        /// The charset the reply declared (UTF-8 when none).
        charset: Charset,
    },
    /// Content after the root element, or text outside it.
    #[error("content outside the root element")]
    TrailingContent,
    /// The root element is not `<alipay>`.
    #[error("root element is <{name}>, expected <alipay>")]
    UnexpectedRoot {
        /// The root element's name.
        name: String,
    },
    /// A required element is absent.
    #[error("required element <{element}> is missing")]
    Missing {
        /// The element's name.
        element: &'static str,
    },
    /// An element that may appear once appears again.
    #[error("element <{element}> appears more than once")]
    Duplicate {
        /// The element's name.
        element: String,
    },
    /// A `<param>` in the request echo has no `name` attribute.
    #[error("<param> without a name attribute")]
    ParamWithoutName,
    /// The reply's `sign_type` is not the configured verifier's algorithm.
    #[error("reply sign_type is {found:?}, expected {expected}")]
    SignTypeMismatch {
        /// The configured verifier's algorithm.
        expected: SignAlgorithm,
        /// The reply's `sign_type` text (`None` when absent).
        found: Option<String>,
    },
    /// A success reply (`is_success=T`) carries no `sign` although a verifier is configured.
    #[error("success reply without a signature")]
    MissingSignature,
    /// The signature does not verify. The unverified reply is kept (its `Debug` is redacted;
    /// [`Unverified::reply`] gives it whole); nothing in it is to be trusted.
    #[error("reply signature does not verify")]
    BadSignature {
        /// Why verification failed.
        source: SignError,
        /// The reply as parsed, unverified.
        unverified: Unverified,
    },
    /// The reply has a `<response>` (which the signature covers) but also says
    /// `is_success=F` or carries an `<error>` (which it does not cover): it contradicts
    /// itself, so neither side can be trusted.
    #[error("reply has a <response> but says is_success={is_success:?}, error={error:?}")]
    Contradiction {
        /// The `is_success` text.
        is_success: String,
        /// The `error` text, if any.
        error: Option<String>,
    },
    /// The `<response><alipay>` leaves do not form the service's typed reply; the cause (a
    /// missing field, a malformed JSON text, with quoted values redacted) is the
    /// [`source`](std::error::Error::source).
    #[error("reply payload does not match the service's reply type")]
    Payload(#[source] LeafError),
}

impl DecodeErrorKind {
    /// The kind with each text taken from the reply cut short: names and codes to 64 chars,
    /// parser messages to 256 (cut on a char boundary, marked with `…`). No wildcard: a new
    /// kind must say whether it repeats reply text.
    fn bounded(self) -> Self {
        use redact::{owned_message as message, owned_name as name};
        match self {
            Self::Syntax(text) => Self::Syntax(message(text)),
            Self::Entity(text) => Self::Entity(message(text)),
            Self::UnsupportedEncoding(label) => Self::UnsupportedEncoding(name(label)),
            Self::UnexpectedRoot { name: root } => Self::UnexpectedRoot { name: name(root) },
            Self::Duplicate { element } => Self::Duplicate {
                element: name(element),
            },
            Self::SignTypeMismatch { expected, found } => Self::SignTypeMismatch {
                expected,
                found: found.map(name),
            },
            Self::Contradiction { is_success, error } => Self::Contradiction {
                is_success: name(is_success),
                error: error.map(name),
            },
            // Nothing taken from the reply; `Payload` is bounded and redacted where it is
            // made; the unverified reply is kept whole on purpose (its `Debug` is bounded).
            // The preview is bounded and redacted where it is made.
            kind @ (Self::NotXml { .. }
            | Self::TooLarge { .. }
            | Self::TooDeep { .. }
            | Self::Truncated
            | Self::Doctype
            | Self::Malformed { .. }
            | Self::TrailingContent
            | Self::Missing { .. }
            | Self::ParamWithoutName
            | Self::MissingSignature
            | Self::BadSignature { .. }
            | Self::Payload(_)) => kind,
        }
    }
}

/// Why a request could not be prepared.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PrepareError {
    /// The request breaks documented rules: every violation, each naming its wire field.
    #[error("invalid request: {0}")]
    Invalid(crate::validate::Report),
    /// A value the request charset cannot carry (never sent as `?`).
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// Signing failed; the cause is the [`source`](std::error::Error::source).
    #[error("signing failed")]
    Sign(#[from] SignError),
    /// The clock value cannot be written as `yyyy-MM-dd HH:mm:ss` in GMT+8.
    #[error("timestamp {now} cannot be written as yyyy-MM-dd HH:mm:ss in GMT+8")]
    Timestamp {
        /// The clock value given.
        now: time::OffsetDateTime,
        /// The formatter's error; `None` when GMT+8 cannot express the time at all.
        #[source]
        source: Option<time::error::Format>,
    },
    /// The configured gateway URL (or a GET URL over 64 KiB) is not a valid URI.
    #[error("gateway URL does not form a valid request")]
    Url {
        /// Why [`http::Uri`] refused it.
        source: http::uri::InvalidUri,
    },
}
