//! Strict GBK / GB2312 encoding in fixed-size chunks, so that counting bytes never allocates.

use encoding_rs::{EncoderResult, GBK};

use super::{Charset, Unencodable, repertoire};

/// Output chunk size. GBK writes at most 2 bytes per char, so any chunk holds a whole char.
const CHUNK: usize = 512;

/// Encodes `text` (GBK or GB2312) and hands the output to `sink` chunk by chunk.
///
/// The charset's repertoire decides what may be sent, before any byte reaches `sink`; the
/// bytes are encoding_rs's GBK encoder's, which equal the reference codec's for every char of
/// the repertoire (the BMP sweep test proves it).
pub(super) fn encode_chunks(
    charset: Charset,
    text: &str,
    mut sink: impl FnMut(&[u8]),
) -> Result<(), Unencodable> {
    repertoire::check(charset, text)?;
    let mut encoder = GBK.new_encoder();
    let mut buf = [0u8; CHUNK];
    let mut rest = text;
    let mut chars_before = 0;
    loop {
        let (result, read, written) =
            encoder.encode_from_utf8_without_replacement(rest, &mut buf, true);
        // `read` is always a char boundary; the fallbacks only keep this free of panics.
        let consumed = rest.get(..read).unwrap_or(rest);
        sink(buf.get(..written).unwrap_or(&[]));
        match result {
            EncoderResult::InputEmpty => return Ok(()),
            EncoderResult::OutputFull => {}
            // Unreachable while the repertoires hold only chars the encoder maps, which the
            // sweep test checks; kept so that a table mistake is an error, not a wrong byte.
            EncoderResult::Unmappable(ch) => {
                return Err(unmappable(ch, consumed, chars_before, charset));
            }
        }
        chars_before += consumed.chars().count();
        // The encoder read `read` bytes of `rest`, ending on a char boundary: always in range.
        rest = rest.get(read..).unwrap_or_default();
    }
}

/// The error for a char the GBK encoder could not map; `consumed` ends with that char.
fn unmappable(ch: char, consumed: &str, chars_before: usize, charset: Charset) -> Unencodable {
    let char_index = chars_before + consumed.chars().count().saturating_sub(1);
    Unencodable {
        ch,
        char_index,
        charset,
    }
}
