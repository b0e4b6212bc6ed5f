//! Percent-encoding of charset bytes (`encodeURIComponent` style for ASCII, every byte of a
//! non-ASCII char escaped) and its strict inverse.

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, percent_decode, percent_encode};

use super::{Charset, Malformed};

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

/// Every byte is escaped: the set for the bytes of non-ASCII chars.
const EVERY_BYTE: &AsciiSet = &every_ascii_byte();

const fn every_ascii_byte() -> AsciiSet {
    let mut set = CONTROLS.add(0);
    let mut byte = 0;
    while byte < 0x80 {
        set = set.add(byte);
        byte += 1;
    }
    set
}

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

/// Appends `bytes`, text encoded in `charset`, percent-encoded with uppercase hex: ASCII chars
/// by the `encodeURIComponent` set, every byte of a non-ASCII char escaped.
///
/// Escaping byte by byte would leave a GBK trail byte in `0x40..=0x7E` bare (镕 is `E9 46`,
/// sent as `%E9F`), and a decoder that decodes each run of `%XX` as a whole, as Java's
/// `URLDecoder` does, would read `%E9` alone. Java's `URLEncoder` escapes whole chars; so do we.
pub(super) fn encode_bytes_into(bytes: &[u8], charset: Charset, out: &mut String) {
    // Most values are ASCII: one word-at-a-time check, then one pass of the crate's encoder.
    if bytes.is_ascii() {
        out.extend(percent_encode(bytes, COMPONENT));
        return;
    }
    let mut rest = bytes;
    while !rest.is_empty() {
        let (ascii, tail) = rest.split_at(rest.iter().take_while(|b| b.is_ascii()).count());
        out.extend(percent_encode(ascii, COMPONENT));
        let (wide, tail) = tail.split_at(non_ascii_len(tail, charset));
        out.extend(percent_encode(wide, EVERY_BYTE));
        rest = tail;
    }
}

/// The length of the run of non-ASCII chars that `bytes` starts with. Every non-ASCII GBK char
/// is a lead byte `0x81..=0xFE` and one trail byte, which may be ASCII; every byte of a
/// non-ASCII UTF-8 char is non-ASCII.
fn non_ascii_len(bytes: &[u8], charset: Charset) -> usize {
    let width = match charset {
        Charset::Utf8 => 1,
        Charset::Gbk | Charset::Gb2312 => 2,
    };
    let mut len = 0;
    while bytes.get(len).is_some_and(|byte| !byte.is_ascii()) {
        len += width;
    }
    len.min(bytes.len())
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
