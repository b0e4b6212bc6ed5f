//! Strict decoding that reports the byte offset of the first malformed sequence.

use std::borrow::Cow;

use encoding_rs::{DecoderResult, GBK};

use super::{Charset, Malformed};

/// Decodes `bytes` in `charset`; malformed input is an error, never U+FFFD.
pub(super) fn decode_strict(charset: Charset, bytes: &[u8]) -> Result<Cow<'_, str>, Malformed> {
    let malformed = |byte_offset| Malformed {
        byte_offset,
        charset,
    };
    match charset {
        Charset::Utf8 => std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|error| malformed(error.valid_up_to())),
        Charset::Gbk | Charset::Gb2312 => GBK
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or_else(|| malformed(first_gbk_error(bytes))),
    }
}

/// The offset of the first malformed GBK sequence in `bytes` (`bytes.len()` if none).
fn first_gbk_error(bytes: &[u8]) -> usize {
    let mut decoder = GBK.new_decoder_without_bom_handling();
    let mut buf = [0u8; 1024];
    let mut pos = 0;
    loop {
        // `pos` only grows by what the decoder read from `bytes`: always in range.
        let rest = bytes.get(pos..).unwrap_or_default();
        let (result, read, _) = decoder.decode_to_utf8_without_replacement(rest, &mut buf, true);
        pos += read;
        match result {
            DecoderResult::InputEmpty => return bytes.len(),
            DecoderResult::OutputFull => {}
            // `bad` bytes were malformed, then `after` more bytes were consumed past them.
            DecoderResult::Malformed(bad, after) => {
                return pos.saturating_sub(usize::from(bad) + usize::from(after));
            }
        }
    }
}
