//! `RSA` (SHA1withRSA) and `RSA2` (SHA256withRSA) signatures, RSASSA-PKCS1-v1_5.

use std::fmt;

use zeroize::ZeroizeOnDrop;

use super::backend::{self, RsaDigest};
use super::keys::{self, PrivateDer, PublicDer};
use super::{MIN_RSA_BITS, SignAlgorithm, SignError, Signer, Verifier, signature_text};

/// The digest of an RSA algorithm; MD5 has no RSA form.
fn digest_for(algorithm: SignAlgorithm) -> Result<RsaDigest, SignError> {
    algorithm
        .rsa_digest()
        .ok_or(SignError::UnsupportedAlgorithm { algorithm })
}

/// Rejects a modulus shorter than [`MIN_RSA_BITS`].
fn check_size(bits: usize) -> Result<(), SignError> {
    if bits < MIN_RSA_BITS {
        return Err(SignError::KeyTooSmall { bits });
    }
    Ok(())
}

/// Signs with the merchant's RSA private key: `RSA` (SHA1withRSA) or `RSA2` (SHA256withRSA),
/// PKCS#1 v1.5, standard padded base64.
///
/// The key is parsed and checked once, at construction, by the crate's crypto backend (see
/// [the module docs](super#crypto-backends)); PKCS#1 v1.5 signatures are deterministic, so
/// both backends give the same bytes. The key is wiped on drop by the backend: AWS-LC
/// overwrites every allocation it frees, and `rsa::RsaPrivateKey` zeroizes itself. `Debug`
/// shows the algorithm and key size only.
#[derive(Clone)]
pub struct RsaSigner {
    key: backend::PrivateKey,
    /// The public half, parsed at construction too.
    verifier: RsaVerifier,
}

impl RsaSigner {
    /// Checks the algorithm and size, then hands the key to the backend.
    fn load(key: PrivateDer, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        let verifier = RsaVerifier::load(&key.public, algorithm)?;
        let key = backend::PrivateKey::from_pkcs1_der(&key.der, digest_for(algorithm)?)
            .ok_or_else(|| keys::format_error(key.expected()))?;
        Ok(Self { key, verifier })
    }

    /// Loads a private key in any supported form: PKCS#1 PEM (`RSA PRIVATE KEY`), PKCS#8 PEM
    /// (`PRIVATE KEY`), PKCS#1 or PKCS#8 DER, or bare base64 of either DER (as Alipay's key tool
    /// hands keys out). Text may be passed as `&str`, bytes as `&[u8]`; text is read by the
    /// key-text rule ([`trim_key_text`](super::trim_key_text): a byte-order mark and
    /// surrounding whitespace dropped, CRLF line ends accepted).
    ///
    /// ```
    /// use alipay_proto::sign::{RsaSigner, SignAlgorithm, Signer, Verifier};
    ///
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testkeys");
    /// let pem = std::fs::read_to_string(format!("{dir}/rsa_test_private_pkcs8.pem"))?;
    /// let from_pem = RsaSigner::from_any(&pem, SignAlgorithm::Rsa2)?;
    /// // The same key saved on Windows (CRLF) signs the same: PKCS#1 v1.5 is deterministic.
    /// let from_crlf = RsaSigner::from_any(pem.replace('\n', "\r\n"), SignAlgorithm::Rsa2)?;
    /// let signature = from_pem.sign(b"a=1&b=2")?;
    /// assert_eq!(from_crlf.sign(b"a=1&b=2")?, signature);
    /// from_pem.verifier().verify(b"a=1&b=2", &signature)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`SignError::KeyFormat`] when no form fits; [`SignError::UnsupportedAlgorithm`] for
    /// MD5; [`SignError::KeyTooSmall`] under 2048 bits.
    pub fn from_any(input: impl AsRef<[u8]>, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::load(keys::from_any(input.as_ref())?, algorithm)
    }

    /// Loads a PKCS#1 `RSA PRIVATE KEY` PEM.
    ///
    /// # Errors
    /// As [`RsaSigner::from_any`].
    pub fn from_pkcs1_pem(pem: &str, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::load(keys::pkcs1_private_pem(pem)?, algorithm)
    }

    /// Loads an unencrypted PKCS#8 `PRIVATE KEY` PEM.
    ///
    /// # Errors
    /// As [`RsaSigner::from_any`].
    pub fn from_pkcs8_pem(pem: &str, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::load(keys::pkcs8_private_pem(pem)?, algorithm)
    }

    /// Loads a PKCS#8 or PKCS#1 DER private key.
    ///
    /// # Errors
    /// As [`RsaSigner::from_any`].
    pub fn from_der(der: &[u8], algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::load(keys::KeyFormats::from_der(der)?, algorithm)
    }

    /// Loads bare base64 of a PKCS#8 or PKCS#1 DER private key; line breaks are ignored.
    ///
    /// # Errors
    /// As [`RsaSigner::from_any`].
    pub fn from_base64(text: &str, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::load(keys::from_base64(text.as_bytes())?, algorithm)
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.verifier.bits
    }

    /// A verifier for this key's own signatures (its public half, same algorithm).
    pub fn verifier(&self) -> RsaVerifier {
        self.verifier.clone()
    }
}

impl Signer for RsaSigner {
    fn algorithm(&self) -> SignAlgorithm {
        self.verifier.algorithm
    }

    fn sign(&self, message: &[u8]) -> Result<String, SignError> {
        Ok(signature_text::encode(&self.key.sign(message)?))
    }
}

/// The only secret an `RsaSigner` holds is the backend's private key, which wipes itself when
/// the last reference to it is dropped (see [`RsaSigner`]).
impl ZeroizeOnDrop for RsaSigner {}

impl fmt::Debug for RsaSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaSigner")
            .field("algorithm", &Signer::algorithm(self))
            .field("bits", &self.bits())
            .field("key", &format_args!("<redacted>"))
            .finish()
    }
}

/// Verifies Alipay's `RSA` (SHA1withRSA) or `RSA2` (SHA256withRSA) signatures with Alipay's
/// public key, parsed once at construction by the crate's crypto backend.
#[derive(Clone)]
pub struct RsaVerifier {
    key: backend::PublicKey,
    algorithm: SignAlgorithm,
    bits: usize,
}

impl RsaVerifier {
    /// Checks the algorithm and size, then hands the key to the backend.
    fn load(key: &PublicDer, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        let digest = digest_for(algorithm)?;
        check_size(key.bits)?;
        let parsed = backend::PublicKey::from_pkcs1_der(&key.der, digest)
            .ok_or_else(|| keys::format_error(key.expected))?;
        Ok(Self {
            key: parsed,
            algorithm,
            bits: key.bits,
        })
    }

    /// Loads a public key in any supported form: X.509 SubjectPublicKeyInfo PEM
    /// (`PUBLIC KEY`), PKCS#1 PEM (`RSA PUBLIC KEY`), either DER, or bare base64 of either DER
    /// (as Alipay publishes its key).
    ///
    /// # Errors
    /// [`SignError::KeyFormat`] when no form fits; [`SignError::UnsupportedAlgorithm`] for
    /// MD5; [`SignError::KeyTooSmall`] under 2048 bits.
    pub fn from_any(input: impl AsRef<[u8]>, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::load(&keys::from_any(input.as_ref())?, algorithm)
    }

    /// Loads an X.509 SubjectPublicKeyInfo `PUBLIC KEY` PEM.
    ///
    /// # Errors
    /// As [`RsaVerifier::from_any`].
    pub fn from_spki_pem(pem: &str, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::load(&keys::spki_public_pem(pem)?, algorithm)
    }

    /// Loads a PKCS#1 `RSA PUBLIC KEY` PEM.
    ///
    /// # Errors
    /// As [`RsaVerifier::from_any`].
    pub fn from_pkcs1_pem(pem: &str, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::load(&keys::pkcs1_public_pem(pem)?, algorithm)
    }

    /// Loads an X.509 SubjectPublicKeyInfo or PKCS#1 DER public key.
    ///
    /// # Errors
    /// As [`RsaVerifier::from_any`].
    pub fn from_der(der: &[u8], algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::load(&keys::KeyFormats::from_der(der)?, algorithm)
    }

    /// Loads bare base64 of an SPKI or PKCS#1 DER public key; line breaks are ignored.
    ///
    /// # Errors
    /// As [`RsaVerifier::from_any`].
    pub fn from_base64(text: &str, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::load(&keys::from_base64(text.as_bytes())?, algorithm)
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }
}

impl Verifier for RsaVerifier {
    fn algorithm(&self) -> SignAlgorithm {
        self.algorithm
    }

    /// Accepts standard padded base64, or the same percent-encoded (`%2B`, `%2F`, `%3D`).
    fn verify(&self, message: &[u8], signature: &str) -> Result<(), SignError> {
        let signature = signature_text::decode(signature)?;
        if self.key.verify(message, &signature) {
            Ok(())
        } else {
            Err(SignError::Mismatch)
        }
    }
}

impl fmt::Debug for RsaVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaVerifier")
            .field("algorithm", &Verifier::algorithm(self))
            .field("bits", &self.bits())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
