//! The request charsets of the overseas family (`_input_charset`): UTF-8, GBK and GB2312.
//!
//! Length limits in the overseas tables are bytes in the request's charset, and values are
//! URL-encoded in that charset, so every conversion here is strict: a char the charset cannot
//! carry is an [`Unencodable`] error (never a `?` or a numeric character reference), and bytes
//! that are not valid in the charset are a [`Malformed`] error (never U+FFFD).
//!
//! GBK and GB2312 use the WHATWG GBK codec of `encoding_rs`. GB2312 is checked on top of it:
//! every double-byte pair must lie in the GB2312 (EUC-CN) byte range, lead `0xA1..=0xF7` and
//! trail `0xA1..=0xFE`. The check is by byte range, not by GB2312's own table, so a GBK
//! mapping that lands inside the range passes (U+00B7 `·` is GBK `A1A4`, which GB2312 tables
//! read as U+30FB).

mod decode;
mod encode;
mod percent;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::fmt;

pub use percent::PercentDecodeError;

/// A request charset of the overseas family, the wire value of `_input_charset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Charset {
    /// `UTF-8`: any Unicode text; a CJK char is 3 bytes.
    Utf8,
    /// `GBK`: ASCII plus the GBK double-byte set; a CJK char is 2 bytes.
    Gbk,
    /// `GB2312`: ASCII plus the GB2312 double-byte set (a subset of GBK).
    Gb2312,
}

impl Charset {
    /// The wire name: `"UTF-8"`, `"GBK"` or `"GB2312"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Gbk => "GBK",
            Self::Gb2312 => "GB2312",
        }
    }

    /// Parses a charset label, ignoring ASCII case: `utf-8`, `utf8`, `gbk` or `gb2312`.
    pub fn from_label(label: &str) -> Option<Self> {
        const LABELS: [(&str, Charset); 4] = [
            ("utf-8", Charset::Utf8),
            ("utf8", Charset::Utf8),
            ("gbk", Charset::Gbk),
            ("gb2312", Charset::Gb2312),
        ];
        LABELS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(label))
            .map(|&(_, charset)| charset)
    }

    /// Encodes `text` in this charset; borrows when the bytes are the UTF-8 bytes (UTF-8, or
    /// ASCII-only text).
    ///
    /// # Errors
    /// [`Unencodable`] naming the first char the charset cannot carry.
    pub fn encode(self, text: &str) -> Result<Cow<'_, [u8]>, Unencodable> {
        if self == Self::Utf8 || text.is_ascii() {
            return Ok(Cow::Borrowed(text.as_bytes()));
        }
        let mut out = Vec::with_capacity(text.len());
        encode::encode_chunks(self, text, |chunk| out.extend_from_slice(chunk))?;
        Ok(Cow::Owned(out))
    }

    /// The number of bytes `text` takes in this charset, without allocating.
    ///
    /// # Errors
    /// [`Unencodable`] naming the first char the charset cannot carry.
    pub fn byte_len(self, text: &str) -> Result<usize, Unencodable> {
        if self == Self::Utf8 || text.is_ascii() {
            return Ok(text.len());
        }
        let mut len = 0;
        encode::encode_chunks(self, text, |chunk| len += chunk.len())?;
        Ok(len)
    }

    /// Decodes `bytes` strictly; borrows when the bytes are valid UTF-8 text as they stand
    /// (UTF-8, or ASCII-only input).
    ///
    /// GB2312 input is decoded with the GBK decoder (a superset), so it accepts any GBK text.
    ///
    /// # Errors
    /// [`Malformed`] with the offset of the first byte that is not valid in the charset.
    pub fn decode(self, bytes: &[u8]) -> Result<Cow<'_, str>, Malformed> {
        decode::decode_strict(self, bytes)
    }

    /// Percent-encodes the bytes of `text` in this charset, like JavaScript's
    /// `encodeURIComponent`: only `A-Z a-z 0-9 - _ . ! ~ * ' ( )` stay as they are, a space
    /// is `%20` (never `+`), hex digits are uppercase.
    ///
    /// # Errors
    /// [`Unencodable`] naming the first char the charset cannot carry.
    pub fn percent_encode(self, text: &str) -> Result<String, Unencodable> {
        let mut out = String::with_capacity(text.len());
        self.percent_encode_into(text, &mut out)?;
        Ok(out)
    }

    /// [`Charset::percent_encode`], appending to `out`. On error, `out` is left as it was.
    ///
    /// # Errors
    /// [`Unencodable`] naming the first char the charset cannot carry.
    pub(crate) fn percent_encode_into(
        self,
        text: &str,
        out: &mut String,
    ) -> Result<(), Unencodable> {
        percent::encode_bytes_into(&self.encode(text)?, out);
        Ok(())
    }

    /// Reverses [`Charset::percent_encode`]: unescapes every `%XX` and decodes the bytes in
    /// this charset. A `+` stays a `+` (this is not form decoding).
    ///
    /// # Errors
    /// [`PercentDecodeError::BadEscape`] for a `%` not followed by two hex digits;
    /// [`PercentDecodeError::Malformed`] when the unescaped bytes are not valid in the charset.
    pub fn percent_decode(self, text: &str) -> Result<String, PercentDecodeError> {
        let bytes = percent::unescape(text)?;
        Ok(self.decode(&bytes)?.into_owned())
    }
}

impl fmt::Display for Charset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A char that the charset cannot carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "character {ch:?} (U+{:04X}) at char index {char_index} cannot be encoded in {charset}",
    u32::from(*.ch)
)]
#[non_exhaustive]
pub struct Unencodable {
    /// The first char the charset cannot carry.
    pub ch: char,
    /// Its zero-based position in the text, counted in chars (not bytes).
    pub char_index: usize,
    /// The charset that cannot carry it.
    pub charset: Charset,
}

/// Bytes that are not valid in the charset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("malformed {charset} input at byte offset {byte_offset}")]
#[non_exhaustive]
pub struct Malformed {
    /// Zero-based offset of the first byte of the first malformed sequence.
    pub byte_offset: usize,
    /// The charset the bytes were decoded as.
    pub charset: Charset,
}
