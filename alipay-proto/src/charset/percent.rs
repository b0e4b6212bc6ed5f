//! Percent-encoding of charset bytes (`encodeURIComponent` style for ASCII, every byte of a
//! non-ASCII char escaped), its strict inverse, and form decoding as a Java gateway reads
//! `application/x-www-form-urlencoded` text.

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, percent_decode, percent_encode};

use std::borrow::Cow;

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
    /// The unescaped bytes are not valid in the charset. The offset counts unescaped bytes for
    /// [`Charset::percent_decode`], and is that of the bad byte's `%` in the encoded text for
    /// [`Charset::form_decode`].
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

/// Reads one form component as Java's `URLDecoder.decode(text, charset)` does, which is how a
/// servlet gateway reads a query or an `application/x-www-form-urlencoded` body: `+` is a
/// space, each run of `%XX` escapes is unescaped and its bytes decoded in `charset` as a
/// whole, and every other char stands for itself. Strict where Java substitutes U+FFFD or
/// throws: a bad escape or bytes not valid in the charset are an error.
pub(super) fn form_decode(
    text: &str,
    charset: Charset,
) -> Result<Cow<'_, str>, PercentDecodeError> {
    let bytes = text.as_bytes();
    if !bytes.iter().any(|&byte| byte == b'%' || byte == b'+') {
        return Ok(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'+' => {
                out.push(' ');
                at += 1;
            }
            b'%' => {
                let start = at;
                while bytes.get(at) == Some(&b'%') {
                    if !is_escape(bytes.get(at + 1..at + 3)) {
                        return Err(PercentDecodeError::BadEscape { offset: at });
                    }
                    at += 3;
                }
                // `start..at` spans the escapes just checked: always in range.
                let run: Vec<u8> =
                    percent_decode(bytes.get(start..at).unwrap_or_default()).collect();
                let decoded = charset.decode(&run).map_err(|malformed| Malformed {
                    // The escape of the first bad byte, in the encoded text.
                    byte_offset: start + 3 * malformed.byte_offset,
                    charset,
                })?;
                out.push_str(&decoded);
            }
            _ => {
                // `+` and `%` are ASCII, so the run ends on a char boundary.
                let end = bytes
                    .get(at..)
                    .and_then(|rest| rest.iter().position(|&b| b == b'+' || b == b'%'))
                    .map_or(bytes.len(), |len| at + len);
                out.push_str(text.get(at..end).unwrap_or_default());
                at = end;
            }
        }
    }
    Ok(Cow::Owned(out))
}
