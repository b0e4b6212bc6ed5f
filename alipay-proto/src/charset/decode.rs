//! Strict decoding that reports the byte offset of the first malformed sequence.

use std::borrow::Cow;

use super::{Charset, Malformed, table};

/// Decodes `bytes` in `charset`; malformed input is an error, never U+FFFD.
pub(super) fn decode_strict(charset: Charset, bytes: &[u8]) -> Result<Cow<'_, str>, Malformed> {
    let malformed = |byte_offset| Malformed {
        byte_offset,
        charset,
    };
    if charset == Charset::Utf8 || bytes.is_ascii() {
        return std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|error| malformed(error.valid_up_to()));
    }
    let mut out = String::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii() {
            out.push(char::from(byte));
            at += 1;
            continue;
        }
        // A lead byte at the end reads trail 0, which no table maps: malformed at the lead.
        let trail = bytes.get(at + 1).copied().unwrap_or_default();
        let ch = table::decode_pair(charset, byte, trail).ok_or_else(|| malformed(at))?;
        out.push(ch);
        at += 2;
    }
    Ok(Cow::Owned(out))
}
