//! Percent-encoding of charset bytes (`encodeURIComponent` style) and its strict inverse.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode};

use super::Malformed;

/// Everything except `A-Z a-z 0-9 - _ . ! ~ * ' ( )` is escaped, as `encodeURIComponent` does.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Why a percent-encoded text could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PercentDecodeError {
    /// A `%` not followed by two hex digits.
    #[error("bad percent escape at byte offset {offset}")]
    BadEscape {
        /// Zero-based byte offset of the `%` in the encoded text.
        offset: usize,
    },
    /// The unescaped bytes are not valid in the charset; the offset counts unescaped bytes.
    #[error(transparent)]
    Malformed(#[from] Malformed),
}

/// Appends `bytes` percent-encoded with uppercase hex to `out`.
pub(super) fn encode_bytes_into(bytes: &[u8], out: &mut String) {
    // The iterator yields runs of unescaped bytes and `%XX` triples as `&str`s; appending them
    // directly avoids the `Display` machinery of `to_string`.
    out.extend(percent_encoding::percent_encode(bytes, COMPONENT));
}

/// Unescapes every `%XX`, rejecting a `%` that is not followed by two hex digits.
pub(super) fn unescape(text: &str) -> Result<Vec<u8>, PercentDecodeError> {
    let bytes = text.as_bytes();
    let bad = bytes
        .iter()
        .enumerate()
        .filter(|&(_, &byte)| byte == b'%')
        .map(|(offset, _)| offset)
        .find(|&offset| !is_escape(bytes.get(offset + 1..offset + 3)));
    match bad {
        Some(offset) => Err(PercentDecodeError::BadEscape { offset }),
        None => Ok(percent_decode(bytes).collect()),
    }
}

/// Whether the two bytes after a `%` are hex digits.
fn is_escape(digits: Option<&[u8]>) -> bool {
    digits.is_some_and(|digits| digits.iter().all(u8::is_ascii_hexdigit))
}
