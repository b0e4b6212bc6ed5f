//! `RSA` (SHA1withRSA) and `RSA2` (SHA256withRSA) signatures, RSASSA-PKCS1-v1_5.

use std::fmt;

use rand_core::OsRng;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use zeroize::ZeroizeOnDrop;

use super::keys::{self, KeyFormats};
use super::{MIN_RSA_BITS, SignAlgorithm, SignError, Signer, Verifier, signature_text};

/// The digest of an RSA algorithm; MD5 has no RSA form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RsaHash {
    /// `RSA`
    Sha1,
    /// `RSA2`
    Sha256,
}

impl RsaHash {
    fn for_algorithm(algorithm: SignAlgorithm) -> Result<Self, SignError> {
        match algorithm {
            SignAlgorithm::Rsa => Ok(Self::Sha1),
            SignAlgorithm::Rsa2 => Ok(Self::Sha256),
            SignAlgorithm::Md5 => Err(SignError::UnsupportedAlgorithm { algorithm }),
        }
    }

    fn algorithm(self) -> SignAlgorithm {
        match self {
            Self::Sha1 => SignAlgorithm::Rsa,
            Self::Sha256 => SignAlgorithm::Rsa2,
        }
    }

    /// The PKCS#1 v1.5 scheme (with the digest's OID) and the digest of `message`.
    fn prepare(self, message: &[u8]) -> (Pkcs1v15Sign, Vec<u8>) {
        match self {
            Self::Sha1 => (Pkcs1v15Sign::new::<Sha1>(), Sha1::digest(message).to_vec()),
            Self::Sha256 => (
                Pkcs1v15Sign::new::<Sha256>(),
                Sha256::digest(message).to_vec(),
            ),
        }
    }
}

/// Rejects a modulus shorter than [`MIN_RSA_BITS`].
fn check_size(key: &impl PublicKeyParts) -> Result<(), SignError> {
    let bits = key.n().bits();
    if bits < MIN_RSA_BITS {
        return Err(SignError::KeyTooSmall { bits });
    }
    Ok(())
}

/// Signs with the merchant's RSA private key: `RSA` (SHA1withRSA) or `RSA2` (SHA256withRSA),
/// PKCS#1 v1.5, standard padded base64.
///
/// Signing uses the blinded path with the OS RNG; PKCS#1 v1.5 signatures are still
/// deterministic. The key is wiped on drop: `rsa::RsaPrivateKey` zeroizes its private exponent,
/// primes and CRT values in its own `Drop` (it implements `ZeroizeOnDrop`, and so does
/// `RsaSigner`). `Debug` shows the algorithm and key size only; `rsa::RsaPrivateKey`'s own
/// `Debug` would print the key, so it is never used.
///
/// Known limitation: `rsa` 0.9 (the current stable line) is subject to RUSTSEC-2023-0071, a
/// timing side channel in private-key operations ("Marvin"). Blinding narrows it but the
/// big-integer arithmetic is not constant time; the constant-time 0.10 line is still a release
/// candidate. Keep signing off paths where an attacker can time many signatures. The assessment
/// is recorded in the workspace's `deny.toml`.
#[derive(Clone)]
pub struct RsaSigner {
    key: RsaPrivateKey,
    hash: RsaHash,
}

impl RsaSigner {
    /// Wraps a parsed private key.
    ///
    /// # Errors
    /// [`SignError::KeyTooSmall`] under 2048 bits; [`SignError::UnsupportedAlgorithm`] for MD5.
    pub fn new(key: RsaPrivateKey, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        let hash = RsaHash::for_algorithm(algorithm)?;
        check_size(&key)?;
        Ok(Self { key, hash })
    }

    /// Loads a private key in any supported form: PKCS#1 PEM (`RSA PRIVATE KEY`), PKCS#8 PEM
    /// (`PRIVATE KEY`), PKCS#1 or PKCS#8 DER, or bare base64 of either DER (as Alipay's key tool
    /// hands keys out). Text may be passed as `&str`, bytes as `&[u8]`.
    ///
    /// # Errors
    /// [`SignError::KeyFormat`] when no form fits, plus the errors of [`RsaSigner::new`].
    pub fn from_any(input: impl AsRef<[u8]>, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::new(keys::from_any(input.as_ref())?, algorithm)
    }

    /// Loads a PKCS#1 `RSA PRIVATE KEY` PEM.
    ///
    /// # Errors
    /// As [`RsaSigner::from_any`].
    pub fn from_pkcs1_pem(pem: &str, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::new(keys::pkcs1_private_pem(pem)?, algorithm)
    }

    /// Loads an unencrypted PKCS#8 `PRIVATE KEY` PEM.
    ///
    /// # Errors
    /// As [`RsaSigner::from_any`].
    pub fn from_pkcs8_pem(pem: &str, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::new(keys::pkcs8_private_pem(pem)?, algorithm)
    }

    /// Loads a PKCS#8 or PKCS#1 DER private key.
    ///
    /// # Errors
    /// As [`RsaSigner::from_any`].
    pub fn from_der(der: &[u8], algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::new(RsaPrivateKey::from_der(der)?, algorithm)
    }

    /// Loads bare base64 of a PKCS#8 or PKCS#1 DER private key; line breaks are ignored.
    ///
    /// # Errors
    /// As [`RsaSigner::from_any`].
    pub fn from_base64(text: &str, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::new(keys::from_base64(text.as_bytes())?, algorithm)
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.key.n().bits()
    }

    /// A verifier for this key's own signatures (its public half, same algorithm).
    pub fn verifier(&self) -> RsaVerifier {
        RsaVerifier {
            key: self.key.to_public_key(),
            hash: self.hash,
        }
    }
}

impl Signer for RsaSigner {
    fn algorithm(&self) -> SignAlgorithm {
        self.hash.algorithm()
    }

    fn sign(&self, message: &[u8]) -> Result<String, SignError> {
        let (scheme, digest) = self.hash.prepare(message);
        let signature = self
            .key
            .sign_with_rng(&mut OsRng, scheme, &digest)
            .map_err(|error| SignError::Crypto {
                reason: error.to_string(),
            })?;
        Ok(signature_text::encode(&signature))
    }
}

/// The only secret an `RsaSigner` holds is its `RsaPrivateKey`, which wipes itself on drop, so
/// the signer does too. The assertion below stops this from compiling if `rsa` ever drops
/// `ZeroizeOnDrop` from its private key type.
impl ZeroizeOnDrop for RsaSigner {}

const _: () = {
    const fn wipes_on_drop<T: ZeroizeOnDrop>() {}
    wipes_on_drop::<RsaPrivateKey>();
};

impl fmt::Debug for RsaSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaSigner")
            .field("algorithm", &self.hash.algorithm())
            .field("bits", &self.bits())
            .field("key", &format_args!("<redacted>"))
            .finish()
    }
}

/// Verifies Alipay's `RSA` (SHA1withRSA) or `RSA2` (SHA256withRSA) signatures with Alipay's
/// public key.
#[derive(Clone)]
pub struct RsaVerifier {
    key: RsaPublicKey,
    hash: RsaHash,
}

impl RsaVerifier {
    /// Wraps a parsed public key.
    ///
    /// # Errors
    /// [`SignError::KeyTooSmall`] under 2048 bits; [`SignError::UnsupportedAlgorithm`] for MD5.
    pub fn new(key: RsaPublicKey, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        let hash = RsaHash::for_algorithm(algorithm)?;
        check_size(&key)?;
        Ok(Self { key, hash })
    }

    /// Loads a public key in any supported form: X.509 SubjectPublicKeyInfo PEM
    /// (`PUBLIC KEY`), PKCS#1 PEM (`RSA PUBLIC KEY`), either DER, or bare base64 of either DER
    /// (as Alipay publishes its key).
    ///
    /// # Errors
    /// [`SignError::KeyFormat`] when no form fits, plus the errors of [`RsaVerifier::new`].
    pub fn from_any(input: impl AsRef<[u8]>, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::new(keys::from_any(input.as_ref())?, algorithm)
    }

    /// Loads an X.509 SubjectPublicKeyInfo `PUBLIC KEY` PEM.
    ///
    /// # Errors
    /// As [`RsaVerifier::from_any`].
    pub fn from_spki_pem(pem: &str, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::new(keys::spki_public_pem(pem)?, algorithm)
    }

    /// Loads a PKCS#1 `RSA PUBLIC KEY` PEM.
    ///
    /// # Errors
    /// As [`RsaVerifier::from_any`].
    pub fn from_pkcs1_pem(pem: &str, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::new(keys::pkcs1_public_pem(pem)?, algorithm)
    }

    /// Loads an X.509 SubjectPublicKeyInfo or PKCS#1 DER public key.
    ///
    /// # Errors
    /// As [`RsaVerifier::from_any`].
    pub fn from_der(der: &[u8], algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::new(RsaPublicKey::from_der(der)?, algorithm)
    }

    /// Loads bare base64 of an SPKI or PKCS#1 DER public key; line breaks are ignored.
    ///
    /// # Errors
    /// As [`RsaVerifier::from_any`].
    pub fn from_base64(text: &str, algorithm: SignAlgorithm) -> Result<Self, SignError> {
        Self::new(keys::from_base64(text.as_bytes())?, algorithm)
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.key.n().bits()
    }
}

impl Verifier for RsaVerifier {
    fn algorithm(&self) -> SignAlgorithm {
        self.hash.algorithm()
    }

    /// Accepts standard padded base64, or the same percent-encoded (`%2B`, `%2F`, `%3D`).
    fn verify(&self, message: &[u8], signature: &str) -> Result<(), SignError> {
        let signature = signature_text::decode(signature)?;
        let (scheme, digest) = self.hash.prepare(message);
        self.key
            .verify(scheme, &digest, &signature)
            .map_err(|_| SignError::Mismatch)
    }
}

impl fmt::Debug for RsaVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaVerifier")
            .field("algorithm", &self.hash.algorithm())
            .field("bits", &self.bits())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
