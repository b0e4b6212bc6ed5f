//! Which chars a GBK or GB2312 request may carry: the repertoire of the charset as the Java
//! gateway (and Python) decode it, not everything encoding_rs's WHATWG GBK encoder can write.
//!
//! Each table is a bitset over the BMP, bit `cp % 8` of byte `cp / 8` set for an accepted code
//! point, taken from Python's `gbk` and `gb2312` codecs. Chars outside the BMP are never
//! accepted (neither charset has them).

// The tables are generated: `python3 scripts/gen-charset-tables.py` in the workspace.

use super::{Charset, Unencodable};

/// CP936 as Java's and Python's `GBK` decode it: WHATWG GBK minus € (0x80), ǹ, the CJK
/// radicals, some CJK Extension A ideographs and the private-use mappings.
static GBK: &[u8; 0x2000] = include_bytes!("tables/gbk.bits");
/// The GB 2312 repertoire, minus U+30FB and U+2015, whose GB 2312 bytes the GBK encoder gives
/// to other chars.
static GB2312: &[u8; 0x2000] = include_bytes!("tables/gb2312.bits");

/// The first char of `text` that `charset` (GBK or GB2312) cannot carry.
pub(super) fn check(charset: Charset, text: &str) -> Result<(), Unencodable> {
    let table = match charset {
        Charset::Utf8 => return Ok(()),
        Charset::Gbk => GBK,
        Charset::Gb2312 => GB2312,
    };
    match text
        .chars()
        .enumerate()
        .find(|&(_, ch)| !contains(table, ch))
    {
        None => Ok(()),
        Some((char_index, ch)) => Err(Unencodable {
            ch,
            char_index,
            charset,
        }),
    }
}

fn contains(table: &[u8; 0x2000], ch: char) -> bool {
    let cp = u32::from(ch);
    usize::try_from(cp / 8)
        .ok()
        .and_then(|at| table.get(at))
        .is_some_and(|byte| byte >> (cp % 8) & 1 == 1)
}
