//! The overseas family's MD5 "signature": a keyed hash with a shared secret (the Alipay
//! cross-border "Digital signature" page).

use std::fmt;

use md5::{Digest, Md5};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::{SignAlgorithm, SignError, Signer, Verifier};

/// The merchant's MD5 secret key. Signs with lowercase hex of MD5(message ++ key): the key
/// bytes are appended directly to the message bytes, with no `&` and no `key=`.
///
/// The key is wiped when dropped and `Debug` prints `Md5Key(<redacted>)`. The MD5 hasher
/// state, which briefly holds the key, is not wiped (md-5 0.10 has no zeroize support).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Md5Key {
    key: Box<[u8]>,
}

impl Md5Key {
    /// Reads the key as handed out by Alipay (32 ASCII letters and digits), from a file's
    /// bytes or a string, by the key-text rule (see [`trim_key_text`](super::trim_key_text)):
    /// a UTF-8 byte-order mark and surrounding whitespace (a file's trailing newline or CRLF)
    /// are dropped, and what remains must be visible ASCII.
    ///
    /// ```
    /// use alipay_proto::sign::{Md5Key, Signer};
    ///
    /// // A key file written by `openssl rand -hex 16 > k` ends in a newline.
    /// let from_file = Md5Key::new(b"0123456789abcdef0123456789abcdef\n")?;
    /// let from_text = Md5Key::new("0123456789abcdef0123456789abcdef")?;
    /// assert_eq!(from_file.sign(b"a=1")?, from_text.sign(b"a=1")?);
    /// assert!(Md5Key::new("0123 4567").is_err()); // whitespace inside: refused, never kept
    /// # Ok::<(), alipay_proto::sign::SignError>(())
    /// ```
    ///
    /// # Errors
    /// [`SignError::KeyText`] saying what the rule refused (nothing left, whitespace or a
    /// control character inside, a non-ASCII byte, a UTF-16 file) and where.
    pub fn new(key: impl AsRef<[u8]>) -> Result<Self, SignError> {
        let key = super::key_text::md5_secret(key.as_ref())?;
        Ok(Self { key: key.into() })
    }

    /// The key bytes exactly as given, without the key-text rule: for diagnosis tools that
    /// reproduce a mistaken key (one with its file's newline kept). Configure a client with
    /// [`Md5Key::new`].
    ///
    /// # Errors
    /// [`SignError::KeyText`] if `key` is empty.
    pub fn from_exact_bytes(key: impl AsRef<[u8]>) -> Result<Self, SignError> {
        let key = key.as_ref();
        if key.is_empty() {
            return Err(super::KeyTextError::Empty.into());
        }
        Ok(Self { key: key.into() })
    }

    /// Lowercase hex of MD5(message ++ key).
    fn digest_hex(&self, message: &[u8]) -> String {
        let digest = Md5::new()
            .chain_update(message)
            .chain_update(&self.key)
            .finalize();
        to_lower_hex(&digest)
    }
}

impl Signer for Md5Key {
    fn algorithm(&self) -> SignAlgorithm {
        SignAlgorithm::Md5
    }

    fn sign(&self, message: &[u8]) -> Result<String, SignError> {
        Ok(self.digest_hex(message))
    }
}

impl Verifier for Md5Key {
    fn algorithm(&self) -> SignAlgorithm {
        SignAlgorithm::Md5
    }

    /// Compares in constant time with the expected lowercase hex; a signature of the wrong
    /// length (or in uppercase) is a [`SignError::Mismatch`].
    fn verify(&self, message: &[u8], signature: &str) -> Result<(), SignError> {
        let expected = self.digest_hex(message);
        // `ct_eq` on slices of different lengths returns false without panicking.
        if bool::from(expected.as_bytes().ct_eq(signature.as_bytes())) {
            Ok(())
        } else {
            Err(SignError::Mismatch)
        }
    }
}

impl fmt::Debug for Md5Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Md5Key(<redacted>)")
    }
}

/// Lowercase hex of `bytes`, two digits per byte.
fn to_lower_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "tst0md5key0not0secret0k3y0abc123";

    #[test]
    fn matches_python_hashlib() {
        // python3 -c "import hashlib; print(hashlib.md5(b'a=1&c=3' + KEY).hexdigest())"
        let key = Md5Key::new(KEY).unwrap();
        let expected = "7dee6a4e15cab803a5181ac9b4a8744c";
        assert_eq!(key.sign(b"a=1&c=3").unwrap(), expected);
        assert!(key.verify(b"a=1&c=3", expected).is_ok());
    }

    #[test]
    fn key_is_appended_directly() {
        // python3 -c "import hashlib; print(hashlib.md5(b'a=1KEY').hexdigest())"
        let key = Md5Key::new("KEY").unwrap();
        assert_eq!(
            key.sign(b"a=1").unwrap(),
            "b7b795b68e316c6437b225bcd2d1eb49"
        );
    }

    #[test]
    fn rejects_wrong_signatures_without_panicking() {
        let key = Md5Key::new(KEY).unwrap();
        let good = key.sign(b"m").unwrap();
        for bad in [
            "",
            "0",
            &good[..31],
            &format!("{good}0"),
            &good.to_uppercase(),
        ] {
            assert_eq!(key.verify(b"m", bad), Err(SignError::Mismatch), "{bad}");
        }
        assert_eq!(key.verify(b"n", &good), Err(SignError::Mismatch));
    }

    #[test]
    fn empty_key_is_rejected() {
        let empty = Err(SignError::KeyText(crate::sign::KeyTextError::Empty));
        assert_eq!(Md5Key::new("").map(|_| ()), empty);
        assert_eq!(Md5Key::new(" \r\n").map(|_| ()), empty);
        assert_eq!(Md5Key::from_exact_bytes("").map(|_| ()), empty);
    }

    #[test]
    fn debug_is_redacted() {
        let key = Md5Key::new(KEY).unwrap();
        assert_eq!(format!("{key:?}"), "Md5Key(<redacted>)");
        assert!(!format!("{key:#?}").contains("tst0"));
    }

    /// The comparison in `verify` goes through `subtle::ConstantTimeEq`, whose time does not
    /// depend on where the texts differ. A refactor to `==`, `eq` or an early-exit loop over the
    /// bytes fails here (timing itself is too noisy to test).
    #[test]
    fn verify_compares_in_constant_time() {
        let source = include_str!("md5_key.rs");
        let body = source
            .split_once("fn verify(")
            .and_then(|(_, rest)| rest.split_once("\n    }\n"))
            .map(|(body, _)| body)
            .expect("the body of `verify`");
        assert!(body.contains(".ct_eq("), "`verify` must use ct_eq:\n{body}");
        for forbidden in ["==", "!=", ".eq(", ".cmp(", "starts_with", "for ", "while "] {
            assert!(
                !body.contains(forbidden),
                "`verify` uses `{forbidden}`:\n{body}"
            );
        }
        // ct_eq is subtle's, on byte slices (a `Choice`, not a `bool`).
        fn ct(a: &[u8], b: &[u8]) -> subtle::Choice {
            ConstantTimeEq::ct_eq(a, b)
        }
        assert!(bool::from(ct(b"ab", b"ab")));
        assert!(!bool::from(ct(b"ab", b"ac")));
        assert!(!bool::from(ct(b"ab", b"abc")));
    }

    #[test]
    fn hex_is_lowercase_and_padded() {
        assert_eq!(to_lower_hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }
}
