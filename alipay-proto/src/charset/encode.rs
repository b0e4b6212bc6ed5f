//! Strict GBK / GB2312 encoding in fixed-size chunks, so that counting bytes never allocates.

use encoding_rs::{EncoderResult, GBK};

use super::{Charset, Unencodable};

/// Output chunk size. GBK writes at most 2 bytes per char, so any chunk holds a whole char.
const CHUNK: usize = 512;

/// Encodes `text` (GBK or GB2312) and hands the output to `sink` chunk by chunk.
///
/// Stops at the first char the charset cannot carry. For GB2312, the chunk is checked before
/// it reaches `sink`.
pub(super) fn encode_chunks(
    charset: Charset,
    text: &str,
    mut sink: impl FnMut(&[u8]),
) -> Result<(), Unencodable> {
    let mut encoder = GBK.new_encoder();
    let mut buf = [0u8; CHUNK];
    let mut rest = text;
    let mut chars_before = 0;
    loop {
        let (result, read, written) =
            encoder.encode_from_utf8_without_replacement(rest, &mut buf, true);
        // `read` is always a char boundary; the fallbacks only keep this free of panics.
        let consumed = rest.get(..read).unwrap_or(rest);
        let out = buf.get(..written).unwrap_or(&[]);
        if charset == Charset::Gb2312 {
            check_gb2312(consumed, out, chars_before)?;
        }
        sink(out);
        match result {
            EncoderResult::InputEmpty => return Ok(()),
            EncoderResult::OutputFull => {}
            EncoderResult::Unmappable(ch) => {
                return Err(unmappable(ch, consumed, chars_before, charset));
            }
        }
        chars_before += consumed.chars().count();
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

/// Checks that each char of `text` became one ASCII byte or one GB2312 double-byte pair in
/// `encoded` (the GBK encoding of `text`, possibly missing a final unmappable char).
fn check_gb2312(text: &str, encoded: &[u8], chars_before: usize) -> Result<(), Unencodable> {
    let mut units = GbkUnits(encoded);
    for (index, ch) in text.chars().enumerate() {
        if !units.next().is_some_and(is_gb2312_unit) {
            return Err(Unencodable {
                ch,
                char_index: chars_before + index,
                charset: Charset::Gb2312,
            });
        }
    }
    Ok(())
}

/// Whether one encoded char lies in GB2312: ASCII, or lead `0xA1..=0xF7` and trail
/// `0xA1..=0xFE`.
fn is_gb2312_unit(unit: &[u8]) -> bool {
    match unit {
        [byte] => byte.is_ascii(),
        [lead, trail] => (0xA1..=0xF7).contains(lead) && (0xA1..=0xFE).contains(trail),
        _ => false,
    }
}

/// Splits GBK encoder output into one unit per char. The encoder writes ASCII and `0x80`
/// (the euro sign) as single bytes and everything else as a pair (it never writes GB18030's
/// four-byte form).
struct GbkUnits<'a>(&'a [u8]);

impl<'a> Iterator for GbkUnits<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let width = match self.0.first()? {
            byte if *byte <= 0x80 => 1,
            _ => 2,
        };
        let (unit, rest) = self.0.split_at_checked(width).unwrap_or((self.0, &[]));
        self.0 = rest;
        Some(unit)
    }
}
