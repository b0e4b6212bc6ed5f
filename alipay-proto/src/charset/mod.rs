//! The request charsets of the overseas family (`_input_charset`): UTF-8, GBK and GB2312.
//!
//! Length limits in the overseas tables are bytes in the request's charset, and values are
//! URL-encoded in that charset, so every conversion here is strict: a char the charset cannot
//! carry is an [`Unencodable`] error (never a `?` or a numeric character reference), and bytes
//! that are not valid in the charset are a [`Malformed`] error (never U+FFFD).
//!
//! # What GBK and GB2312 may carry
//!
//! The gateway is a Java server, so the charsets are what Java's (and Python's) codecs mean by
//! these names, not the WHATWG GBK that browsers and `encoding_rs` implement:
//!
//! - **GBK** is CP936 as Java and Python decode it: ASCII plus the GBK double-byte set.
//!   WHATWG GBK also writes € as the single byte `0x80` (Java reads U+FFFD there), and maps ǹ,
//!   the CJK radicals (⺁ ⺄ ⺈ …), some CJK Extension A ideographs (U+3447, U+3473, …) and
//!   2,068 private-use code points, which the gateway's GBK does not; those are refused.
//! - **GB2312** is exactly the GB 2312 repertoire: a char is accepted when it is in GB 2312
//!   with the same bytes as in GBK. Chars whose GBK bytes merely lie in the GB2312 byte range
//!   (ⅰ–ⅹ, ń, ň, ɑ, ɡ, vertical-form punctuation, `·` U+00B7, `—` U+2014) are refused, and so
//!   are `・` U+30FB and `―` U+2015, whose GB 2312 bytes GBK gives to `·` and `—`.
//!
//! Which chars are accepted is decided by tables generated from Python's `gbk` and `gb2312`
//! codecs; the bytes come from `encoding_rs`, and a test sweeping the whole BMP checks that
//! they equal Python's for every accepted char. Byte counts ([`Charset::byte_len`]) are the
//! bytes actually sent.
//!
//! # Percent-encoding
//!
//! [`Charset::percent_encode`] escapes every byte of every non-ASCII char, as Java's
//! `URLEncoder.encode(s, charset)` does, so that a decoder which decodes each run of `%XX` as
//! a whole (Java's `URLDecoder`) and one that unescapes byte by byte read the same text. A GBK
//! trail byte is often ASCII (門 is `E9 54`, `T`) and is escaped all the same: `%E9%54`.

mod decode;
mod encode;
mod percent;
mod repertoire;
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
    /// `GBK`: ASCII plus the GBK (CP936) double-byte set as Java decodes it; a CJK char is 2
    /// bytes.
    Gbk,
    /// `GB2312`: ASCII plus the GB 2312 repertoire (a subset of GBK).
    Gb2312,
}

impl Charset {
    /// Every request charset, in the order the `_input_charset` table lists them.
    pub const ALL: [Self; 3] = [Self::Utf8, Self::Gbk, Self::Gb2312];

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

    /// Percent-encodes the bytes of `text` in this charset. ASCII follows JavaScript's
    /// `encodeURIComponent`: only `A-Z a-z 0-9 - _ . ! ~ * ' ( )` stay as they are, a space
    /// is `%20` (never `+`). Every byte of a non-ASCII char is escaped, ASCII-valued GBK trail
    /// bytes included (門 in GBK is `%E9%54`, never `%E9T`). Hex digits are uppercase.
    ///
    /// # Errors
    /// [`Unencodable`] naming the first char the charset cannot carry.
    pub fn percent_encode(self, text: &str) -> Result<String, Unencodable> {
        let bytes = self.encode(text)?;
        let mut out = String::with_capacity(bytes.len());
        self.percent_encode_bytes_into(&bytes, &mut out);
        Ok(out)
    }

    /// Appends `bytes`, text already encoded in this charset, percent-encoded as
    /// [`Charset::percent_encode`] does, so text encoded once serves both the signed bytes and
    /// the form.
    pub(crate) fn percent_encode_bytes_into(self, bytes: &[u8], out: &mut String) {
        percent::encode_bytes_into(bytes, self, out);
    }

    /// Reverses [`Charset::percent_encode`]: unescapes every `%XX` and decodes the bytes in
    /// this charset. A `+` stays a `+`: this is not how the gateway reads a query or form
    /// ([`Charset::form_decode`] is).
    ///
    /// # Errors
    /// [`PercentDecodeError::BadEscape`] for a `%` not followed by two hex digits;
    /// [`PercentDecodeError::Malformed`] when the unescaped bytes are not valid in the charset.
    pub fn percent_decode(self, text: &str) -> Result<String, PercentDecodeError> {
        let bytes = percent::unescape(text)?;
        Ok(self.decode(&bytes)?.into_owned())
    }

    /// Reads one name or value of a query or `application/x-www-form-urlencoded` body as the
    /// gateway (a Java servlet) reads it, `URLDecoder.decode(text, charset)`: `+` is a space,
    /// each run of `%XX` escapes is unescaped and decoded in this charset as a whole, and any
    /// other char stands for itself. So `a+b`, `a%20b` and `a b` all read `a b`, and a `+`
    /// must be sent as `%2B`. [`Charset::percent_encode`] writes `%20` and `%2B`, which read
    /// the same under this rule and under plain percent-decoding.
    ///
    /// ```
    /// use alipay_proto::charset::Charset;
    ///
    /// // Java's URLEncoder, PHP's urlencode and Python's urlencode write a space as `+`.
    /// assert_eq!(Charset::Utf8.form_decode("2019-09-04+00%3A00%3A12")?, "2019-09-04 00:00:12");
    /// assert_eq!(Charset::Gbk.form_decode("%D6%D0+%2B1")?, "中 +1");
    /// # Ok::<(), alipay_proto::charset::PercentDecodeError>(())
    /// ```
    ///
    /// # Errors
    /// [`PercentDecodeError::BadEscape`] for a `%` not followed by two hex digits;
    /// [`PercentDecodeError::Malformed`] when a run of escapes is not valid in the charset (its
    /// offset is that of the first bad byte's `%` in `text`). Java would read U+FFFD there; a
    /// signed text can never verify after such a substitution, so the error comes first.
    pub fn form_decode(self, text: &str) -> Result<Cow<'_, str>, PercentDecodeError> {
        percent::form_decode(text, self)
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
