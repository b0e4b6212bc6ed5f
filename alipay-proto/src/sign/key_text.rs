//! The one rule for reading key text, for MD5 secrets and RSA keys alike, from a file or a
//! string:
//!
//! 1. A UTF-8 byte-order mark (`EF BB BF`) at the start is dropped.
//! 2. ASCII whitespace (space, tab, CR, LF, form feed) before and after the key is dropped:
//!    the newline `openssl rand -hex 16 > k` or an editor writes, a Windows file's CRLF.
//! 3. An MD5 secret is then one or more visible ASCII characters (`!` to `~`); anything else
//!    (nothing left, whitespace or a control character inside, a non-ASCII byte, a UTF-16
//!    file) is refused with a [`KeyTextError`] saying what was found and where, never the key.
//! 4. An RSA key is then PEM (LF or CRLF line ends), or bare base64 of its DER (line breaks
//!    inside ignored). A DER key is binary and read exactly as given, never trimmed.
//!
//! [`Md5Key::new`](super::Md5Key::new), [`RsaSigner::from_any`](super::RsaSigner::from_any)
//! and [`RsaVerifier::from_any`](super::RsaVerifier::from_any) apply it; the sandbox and the
//! CLI hand them the bytes of a key file as they are.

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What in a key text the rule does not accept. Offsets count bytes of the text after the
/// byte-order mark and surrounding whitespace are removed; the key itself is never included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyTextError {
    /// Nothing is left once surrounding whitespace is removed.
    #[error("the key is empty (nothing but whitespace)")]
    Empty,
    /// A UTF-16 byte-order mark: the file was saved as UTF-16.
    #[error("the key file is UTF-16 (byte-order mark {0:02X} {1:02X}): save it as ASCII or UTF-8")]
    Utf16(u8, u8),
    /// Whitespace inside an MD5 secret (a key split over lines, or two keys).
    #[error("the MD5 key has whitespace (byte {byte:#04x}) inside it, at byte {offset}")]
    Whitespace {
        /// Where, after trimming.
        offset: usize,
        /// The whitespace byte.
        byte: u8,
    },
    /// A control character inside an MD5 secret.
    #[error("the MD5 key has a control character (byte {byte:#04x}) at byte {offset}")]
    Control {
        /// Where, after trimming.
        offset: usize,
        /// The control byte.
        byte: u8,
    },
    /// A byte outside ASCII in an MD5 secret (Alipay's keys are letters and digits).
    #[error("the MD5 key has a non-ASCII byte at byte {offset}: keys are ASCII letters and digits")]
    NonAscii {
        /// Where, after trimming.
        offset: usize,
    },
}

/// Steps 1 and 2 of the rule: `bytes` without a leading UTF-8 byte-order mark and without
/// surrounding ASCII whitespace.
///
/// ```
/// use alipay_proto::sign::trim_key_text;
///
/// // `openssl rand -hex 16 > k` on Windows, saved by Notepad with a BOM:
/// let file = b"\xEF\xBB\xBF0123456789abcdef0123456789abcdef\r\n";
/// assert_eq!(trim_key_text(file), b"0123456789abcdef0123456789abcdef");
/// ```
pub fn trim_key_text(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes).trim_ascii()
}

/// The MD5 secret in `bytes` by the rule (steps 1 to 3).
pub(super) fn md5_secret(bytes: &[u8]) -> Result<&[u8], KeyTextError> {
    utf16(bytes)?;
    let key = trim_key_text(bytes);
    if key.is_empty() {
        return Err(KeyTextError::Empty);
    }
    match key.iter().position(|byte| !byte.is_ascii_graphic()) {
        None => Ok(key),
        Some(offset) => Err(match key[offset] {
            byte if byte.is_ascii_whitespace() || byte == 0x0B => {
                KeyTextError::Whitespace { offset, byte }
            }
            byte if byte.is_ascii_control() => KeyTextError::Control { offset, byte },
            _ => KeyTextError::NonAscii { offset },
        }),
    }
}

/// Refuses a UTF-16 text, which no key form can be.
pub(super) fn utf16(bytes: &[u8]) -> Result<(), KeyTextError> {
    match bytes {
        [a @ 0xFF, b @ 0xFE, ..] | [a @ 0xFE, b @ 0xFF, ..] => Err(KeyTextError::Utf16(*a, *b)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn surrounding_whitespace_and_bom_are_dropped() {
        for text in [
            b"0123456789abcdef0123456789abcdef\n".as_slice(),
            b"0123456789abcdef0123456789abcdef\r\n",
            b"  0123456789abcdef0123456789abcdef\t \n\n",
            b"\xEF\xBB\xBF0123456789abcdef0123456789abcdef\r\n",
        ] {
            assert_eq!(md5_secret(text), Ok(KEY));
        }
    }

    #[test]
    fn what_the_rule_refuses_is_named_without_the_key() {
        assert_eq!(md5_secret(b" \r\n"), Err(KeyTextError::Empty));
        assert_eq!(md5_secret(b""), Err(KeyTextError::Empty));
        assert_eq!(
            md5_secret(b"abc def\n"),
            Err(KeyTextError::Whitespace {
                offset: 3,
                byte: b' '
            })
        );
        assert_eq!(
            md5_secret(b"abc\r\ndef"),
            Err(KeyTextError::Whitespace {
                offset: 3,
                byte: b'\r'
            })
        );
        assert_eq!(
            md5_secret(b"abc\x00def"),
            Err(KeyTextError::Control { offset: 3, byte: 0 })
        );
        assert_eq!(
            md5_secret("abc\u{a0}def".as_bytes()),
            Err(KeyTextError::NonAscii { offset: 3 })
        );
        assert_eq!(
            md5_secret(b"\xFF\xFEa\x00b\x00"),
            Err(KeyTextError::Utf16(0xFF, 0xFE))
        );
        let message = md5_secret(b"secretkey secret").unwrap_err().to_string();
        assert!(!message.contains("secret"), "{message}");
    }
}
