//! The key given on the command line: an MD5 secret, or an RSA public or private key in any
//! form `alipay-proto` reads. The key is never printed; only its kind and size are.

use alipay_proto::sign::{
    Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, SignError, Signer, Verifier, trim_key_text,
};
use serde::Serialize;
use zeroize::Zeroizing;

/// Key bytes as given (`--key` text or `--key-file` contents), wiped on drop.
pub struct KeyText(Zeroizing<Vec<u8>>);

impl KeyText {
    /// Wraps key bytes.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// The bytes by the library's key-text rule: no byte-order mark, no surrounding ASCII
    /// whitespace (a key file usually ends in a newline).
    fn trimmed(&self) -> &[u8] {
        trim_key_text(&self.0)
    }

    /// Loads the key for `algorithm` as the library reads key text: the MD5 secret, or an
    /// RSA key. An RSA public key verifies as it is; from a private key the public half is
    /// derived.
    ///
    /// # Errors
    /// The crate's [`SignError`] (it never carries key material); for key text the library's
    /// rule refuses, what was found.
    pub fn load(&self, algorithm: SignAlgorithm) -> Result<LoadedKey, SignError> {
        if algorithm.is_rsa() {
            LoadedKey::rsa(&self.0, algorithm)
        } else {
            let key = Md5Key::new(&*self.0)?;
            Ok(LoadedKey::md5(key, self.trimmed().len()))
        }
    }

    /// The MD5 secret with `prefix` and `suffix` around it (the key_whitespace search).
    ///
    /// # Errors
    /// As [`Md5Key::new`].
    pub fn md5_padded(&self, prefix: &str, suffix: &str) -> Result<LoadedKey, SignError> {
        let mut padded = Zeroizing::new(prefix.as_bytes().to_vec());
        padded.extend_from_slice(self.trimmed());
        padded.extend_from_slice(suffix.as_bytes());
        let key = Md5Key::from_exact_bytes(&*padded)?;
        Ok(LoadedKey::md5(key, padded.len()))
    }

    /// An RSA key in a PEM document whose label does not match its body (a PKCS#8 body under
    /// `RSA PRIVATE KEY`, an SPKI body under `RSA PUBLIC KEY`, a private key under
    /// `PUBLIC KEY`, ...), read as the body actually is. `None` when the text is not PEM or the
    /// body is no RSA key either.
    pub fn relabelled(&self, algorithm: SignAlgorithm) -> Option<LoadedKey> {
        let text = std::str::from_utf8(self.trimmed()).ok()?;
        if !text.starts_with("-----BEGIN ") {
            return None;
        }
        // The base64 body is every line that is not a boundary.
        let body: Zeroizing<String> = Zeroizing::new(
            text.lines()
                .filter(|line| !line.starts_with("-----"))
                .collect(),
        );
        LoadedKey::rsa(body.as_bytes(), algorithm).ok()
    }
}

/// What kind of key was given; printed instead of the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeyKind {
    /// An MD5 shared secret of this many bytes.
    Md5 {
        /// Its length in bytes (after trimming).
        bytes: usize,
    },
    /// An RSA public key.
    RsaPublic {
        /// The modulus size.
        bits: usize,
    },
    /// An RSA private key: its public half verifies, and it can show the expected signature.
    RsaPrivate {
        /// The modulus size.
        bits: usize,
    },
}

impl KeyKind {
    /// One line for the human output.
    pub fn describe(self) -> String {
        match self {
            Self::Md5 { bytes } => format!("MD5 key, {bytes} bytes (never printed)"),
            Self::RsaPublic { bits } => format!("RSA public key, {bits} bits"),
            Self::RsaPrivate { bits } => {
                format!("RSA private key, {bits} bits: its public half verifies")
            }
        }
    }
}

/// A key ready to verify (and, for MD5 and RSA private keys, to sign).
pub struct LoadedKey {
    /// What it is.
    pub kind: KeyKind,
    /// Verifies signatures of the algorithm it was loaded for.
    pub verifier: Box<dyn Verifier>,
    /// Signs, when the key can (MD5, RSA private).
    pub signer: Option<Box<dyn Signer>>,
}

impl LoadedKey {
    fn md5(key: Md5Key, bytes: usize) -> Self {
        Self {
            kind: KeyKind::Md5 { bytes },
            verifier: Box::new(key.clone()),
            signer: Some(Box::new(key)),
        }
    }

    fn rsa(bytes: &[u8], algorithm: SignAlgorithm) -> Result<Self, SignError> {
        match RsaVerifier::from_any(bytes, algorithm) {
            Ok(verifier) => Ok(Self {
                kind: KeyKind::RsaPublic {
                    bits: verifier.bits(),
                },
                verifier: Box::new(verifier),
                signer: None,
            }),
            Err(public_error) => {
                // Not a public key: a private key, or neither (then the public key's reason).
                let signer = RsaSigner::from_any(bytes, algorithm).map_err(|_| public_error)?;
                Ok(Self {
                    kind: KeyKind::RsaPrivate {
                        bits: signer.bits(),
                    },
                    verifier: Box::new(signer.verifier()),
                    signer: Some(Box::new(signer)),
                })
            }
        }
    }

    /// Whether `signature` over `message` verifies with this key.
    pub fn verifies(&self, message: &[u8], signature: &str) -> bool {
        self.verifier.verify(message, signature).is_ok()
    }
}
