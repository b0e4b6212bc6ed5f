//! Strict GBK / GB2312 encoding, char by char through the charset's table, so that counting
//! bytes never allocates.

use super::{Charset, Unencodable, table};

/// Encodes `text` (GBK or GB2312) and hands the output to `sink` piece by piece.
pub(super) fn encode_chunks(
    charset: Charset,
    text: &str,
    mut sink: impl FnMut(&[u8]),
) -> Result<(), Unencodable> {
    let mut rest = text;
    let mut char_index = 0;
    while !rest.is_empty() {
        // ASCII runs go through whole.
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        let (run, tail) = rest.split_at(ascii);
        sink(run.as_bytes());
        char_index += ascii;
        let mut chars = tail.chars();
        let Some(ch) = chars.next() else {
            break;
        };
        let code = table::encode_char(charset, ch).ok_or(Unencodable {
            ch,
            char_index,
            charset,
        })?;
        sink(&code);
        char_index += 1;
        rest = chars.as_str();
    }
    Ok(())
}
