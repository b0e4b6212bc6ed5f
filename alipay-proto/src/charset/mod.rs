//! The request charsets of the overseas family (`_input_charset`): UTF-8, GBK and GB2312.
//!
//! Length limits in the overseas tables are bytes in the request's charset, and values are
//! URL-encoded in that charset, so every conversion here is strict: a char the charset cannot
//! carry is an [`Unencodable`] error (never a `?` or a numeric character reference), and bytes
//! that are not valid in the charset are a [`Malformed`] error (never U+FFFD).
//!
//! # What GBK and GB2312 mean
//!
//! The gateway is a Java server, so the charsets are what the JDK's codecs mean by these
//! names, checked against Python's; not the WHATWG GBK that browsers and `encoding_rs`
//! implement. Each has one table, generated from Python's codecs and checked against the
//! JDK's, that encodes and decodes: a 2-byte code is in it only where the JDK and Python read
//! the same char.
//!
//! - **GB2312** is EUC-CN (the JDK and Python agree on all 7,445 codes): `・` U+30FB is A1A4
//!   and `―` U+2015 is A1AA, both ways; GB2312 text is never read with GBK's table.
//! - **GBK** is CP936 where the JDK and Python agree (21,790 codes). The 2,150 codes they read
//!   differently (A2E3, `€` in the JDK only; A892, `♁` in the JDK and `⊕` in Python; 2,148
//!   user-defined codes the JDK reads as private-use chars) are neither sent nor read.
//!
//! Single bytes are ASCII. Byte counts ([`Charset::byte_len`]) are the bytes actually sent.
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
mod table;
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
    /// ```
    /// use alipay_proto::charset::Charset;
    ///
    /// assert_eq!(Charset::Gbk.encode("咖啡")?.as_ref(), b"\xBF\xA7\xB7\xC8");
    /// // `・` (katakana middle dot, common in Japanese names) is A1A4 in GB2312.
    /// assert_eq!(Charset::Gb2312.encode("山田・太郎")?.as_ref(), b"\xC9\xBD\xCC\xEF\xA1\xA4\xCC\xAB\xC0\xC9");
    /// // A char the charset cannot carry is an error, never `?`.
    /// assert_eq!(Charset::Gbk.encode("Mika😀").unwrap_err().char_index, 4);
    /// # Ok::<(), alipay_proto::charset::Unencodable>(())
    /// ```
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

    /// Decodes `bytes` strictly, each charset with its own table; borrows when the bytes are
    /// valid UTF-8 text as they stand (UTF-8, or ASCII-only input).
    ///
    /// # Errors
    /// [`Malformed`] with the offset of the first byte that is not valid in the charset.
    ///
    /// ```
    /// use alipay_proto::charset::Charset;
    ///
    /// // GB2312 is read as GB2312, not GBK: A1A4 is `・`, A1AA is `―`.
    /// assert_eq!(Charset::Gb2312.decode(b"\xA1\xA4\xA1\xAA")?, "・―");
    /// assert_eq!(Charset::Gbk.decode(b"\xA1\xA4\xA1\xAA")?, "·—");
    /// // Bytes that are not valid are an error with their offset, never U+FFFD.
    /// assert_eq!(Charset::Gbk.decode(b"ab\x81").unwrap_err().byte_offset, 2);
    /// # Ok::<(), alipay_proto::charset::Malformed>(())
    /// ```
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
