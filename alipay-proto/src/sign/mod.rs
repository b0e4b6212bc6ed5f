//! Signing and verification, shared by both protocol families.
//!
//! - Overseas family (`gateway.do`): `MD5`, `RSA` or `RSA2` over the pre-sign
//!   string's bytes in the request charset.
//! - Intl family (JSON envelope): `RSA2` (older pages: `RSA`) over the exact
//!   UTF-8 text of the `"request"` value.
//!
//! [`Signer`] and [`Verifier`] are small object-safe traits in the RustCrypto style;
//! [`Md5Key`] implements both, [`RsaSigner`] signs with a private key and [`RsaVerifier`]
//! checks Alipay's signatures with its public key. Key material never appears in `Debug`,
//! `Display` or errors, and secrets are wiped on drop.
//!
//! # Crypto backends
//!
//! RSA keys are parsed once, when a signer or verifier is built, and every RSA operation goes
//! through one backend, chosen by a cargo feature of this crate ([`BACKEND`] names it):
//!
//! - `aws-lc-rs` (default): AWS-LC, constant-time and assembly-optimised; it signs RSA2 about
//!   4.5x as fast as the pure-Rust crate, and is not subject to RUSTSEC-2023-0071. Building it
//!   needs a C compiler (and, on some platforms, CMake or NASM: see the README).
//! - `rust-crypto`: the pure-Rust `rsa` crate, for targets without a C toolchain. rsa 0.9 is
//!   subject to RUSTSEC-2023-0071 (a timing side channel in private-key operations): blinding
//!   narrows it, but keep signing off paths where an attacker can time many signatures.
//!
//! The default follows rustls: the fast, constant-time backend unless a build opts out with
//! `default-features = false, features = ["rust-crypto"]`. With both features on, aws-lc-rs is
//! used. Both backends produce byte-identical signatures (PKCS#1 v1.5 is deterministic) and
//! report the same errors: key formats are read by the same code for both. MD5 needs no
//! backend.

mod backend;
mod key_pair;
mod key_text;
mod keys;
mod md5_key;
mod rsa_key;
mod signature_text;

use std::fmt;

use crate::validate::WireEnum;

pub use key_pair::{KeyPair, KeyRing};
pub use key_text::{KeyTextError, trim_key_text};
pub use md5_key::Md5Key;
pub use rsa_key::{RsaSigner, RsaVerifier};

/// Produces the wire signature of a message.
pub trait Signer {
    /// The algorithm, whose wire name goes in `sign_type`.
    fn algorithm(&self) -> SignAlgorithm;

    /// Signs `message` (already encoded in the request charset) and returns the wire text:
    /// lowercase hex for MD5, standard padded base64 for RSA and RSA2.
    ///
    /// # Errors
    /// [`SignError::Crypto`] if the RSA operation fails.
    fn sign(&self, message: &[u8]) -> Result<String, SignError>;
}

/// Checks a wire signature against a message.
pub trait Verifier {
    /// The algorithm this verifier checks.
    fn algorithm(&self) -> SignAlgorithm;

    /// Checks `signature` (the wire text) over `message`.
    ///
    /// # Errors
    /// [`SignError::Mismatch`] when the signature does not match;
    /// [`SignError::BadSignatureEncoding`] when an RSA signature is not base64.
    fn verify(&self, message: &[u8], signature: &str) -> Result<(), SignError>;
}

/// A signature algorithm, named as on the wire (`sign_type` / `signType`).
///
/// `RSA` is SHA1withRSA and `RSA2` is SHA256withRSA, both RSASSA-PKCS1-v1_5 (RFC 8017 §8.2).
/// `MD5` is not a signature in the cryptographic sense: it is MD5 over the message followed by
/// a shared secret key (the Alipay cross-border "Digital signature" page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignAlgorithm {
    /// `MD5`: lowercase hex of MD5(message ++ key).
    Md5,
    /// `RSA`: SHA1withRSA, PKCS#1 v1.5, base64.
    Rsa,
    /// `RSA2`: SHA256withRSA, PKCS#1 v1.5, base64.
    Rsa2,
}

impl SignAlgorithm {
    /// Every algorithm, in the order the overseas `sign_type` table lists them. Which of them a
    /// family accepts is [`Family::allows`](crate::Family::allows).
    pub const ALL: [Self; 3] = [Self::Md5, Self::Rsa, Self::Rsa2];

    /// The wire name: `"MD5"`, `"RSA"` or `"RSA2"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Md5 => "MD5",
            Self::Rsa => "RSA",
            Self::Rsa2 => "RSA2",
        }
    }

    /// Parses a wire name exactly as [`SignAlgorithm::as_str`] writes it.
    pub fn from_wire(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|algorithm| algorithm.as_str() == name)
    }

    /// The algorithm a family's generated `sign_type` / `signType` value names (the same wire
    /// name); `None` for a value no algorithm implements (an `Unknown` one).
    pub fn of_sign_type<E: WireEnum>(value: &E) -> Option<Self> {
        Self::from_wire(value.as_str())
    }

    /// This algorithm as a family's generated `sign_type` / `signType` enum.
    pub fn to_sign_type<E: WireEnum>(self) -> E {
        E::parse(self.as_str())
    }

    /// Whether this is an RSA signature (RSASSA-PKCS1-v1_5), checked with a public key.
    pub const fn is_rsa(self) -> bool {
        match self {
            Self::Md5 => false,
            Self::Rsa | Self::Rsa2 => true,
        }
    }

    /// The scheme as a Java integrator configures it (`Signature.getInstance`):
    /// `SHA1withRSA`, `SHA256withRSA`; MD5 is `MD5(bytes ++ key)`.
    pub const fn scheme_name(self) -> &'static str {
        match self {
            Self::Md5 => "MD5(bytes ++ key)",
            Self::Rsa => "SHA1withRSA",
            Self::Rsa2 => "SHA256withRSA",
        }
    }

    /// The key-less digest an RSA signature signs, named: `SHA-1(bytes)`, `SHA-256(bytes)`;
    /// MD5's digest is keyed: `MD5(bytes ++ key)`.
    pub const fn digest_label(self) -> &'static str {
        match self {
            Self::Md5 => "MD5(bytes ++ key)",
            Self::Rsa => "SHA-1(bytes)",
            Self::Rsa2 => "SHA-256(bytes)",
        }
    }

    /// The key-less digest an RSA signature signs, over `message`; `None` for MD5, whose
    /// digest needs the key (it is the signature itself).
    pub fn message_digest(self, message: &[u8]) -> Option<Vec<u8>> {
        let digest = self.rsa_digest()?;
        Some(backend::message_digest(digest, message))
    }

    /// The hash of an RSA algorithm: `RSA` is SHA1withRSA, `RSA2` SHA256withRSA.
    const fn rsa_digest(self) -> Option<backend::RsaDigest> {
        match self {
            Self::Md5 => None,
            Self::Rsa => Some(backend::RsaDigest::Sha1),
            Self::Rsa2 => Some(backend::RsaDigest::Sha256),
        }
    }
}

impl fmt::Display for SignAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why signing, verifying or loading a key failed. Never carries key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The key text breaks the key-text rule ([`trim_key_text`]): what was found and where.
    #[error("key text refused: {0}")]
    KeyText(#[from] KeyTextError),
    /// The key text or bytes are not in a supported format.
    #[error("unsupported or malformed key: {reason}")]
    KeyFormat {
        /// What was expected; never any part of the key.
        reason: &'static str,
    },
    /// The RSA key is shorter than 2048 bits.
    #[error("RSA key of {bits} bits is too small: at least 2048 bits are required")]
    KeyTooSmall {
        /// The modulus size of the rejected key.
        bits: usize,
    },
    /// The algorithm cannot be used with this kind of key (MD5 with an RSA key).
    #[error("{algorithm} cannot be used with an RSA key")]
    UnsupportedAlgorithm {
        /// The rejected algorithm.
        algorithm: SignAlgorithm,
    },
    /// A gateway has no key pair for the algorithm a request or reply needs.
    #[error("no {algorithm} key is configured")]
    NoKey {
        /// The algorithm without a key.
        algorithm: SignAlgorithm,
    },
    /// The two halves of a key pair use different algorithms.
    #[error("the verifier uses {verifier} but the signer {signer}: a key pair uses one algorithm")]
    KeyPairMismatch {
        /// The request verifier's algorithm.
        verifier: SignAlgorithm,
        /// The reply signer's algorithm.
        signer: SignAlgorithm,
    },
    /// The signature text is not (percent-encoded) standard padded base64.
    #[error("signature is not standard base64")]
    BadSignatureEncoding,
    /// The signature does not match the message.
    #[error("signature does not match the message")]
    Mismatch,
    /// The RSA operation itself failed.
    #[error("RSA operation failed: {reason}")]
    Crypto {
        /// The backend's message (it holds no key material).
        reason: String,
    },
}

/// The RSA backend this build uses: `"aws-lc-rs"` or `"rust-crypto"` (see
/// [Crypto backends](self#crypto-backends)).
pub const BACKEND: &str = backend::NAME;

/// The smallest RSA modulus accepted, in bits.
pub const MIN_RSA_BITS: usize = 2048;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names() {
        for algorithm in SignAlgorithm::ALL {
            assert_eq!(
                SignAlgorithm::from_wire(algorithm.as_str()),
                Some(algorithm)
            );
            assert_eq!(algorithm.to_string(), algorithm.as_str());
        }
        assert_eq!(SignAlgorithm::Rsa2.as_str(), "RSA2");
        assert_eq!(SignAlgorithm::from_wire("rsa2"), None);
        assert_eq!(SignAlgorithm::from_wire("SHA256"), None);
    }

    #[test]
    fn message_digests_match_hashlib() {
        // python3 -c "import hashlib; print(hashlib.sha1(b'abc').hexdigest(),
        //                                    hashlib.sha256(b'abc').hexdigest())"
        let hex = |a: SignAlgorithm| {
            a.message_digest(b"abc")
                .map(|d| d.iter().map(|b| format!("{b:02x}")).collect::<String>())
        };
        assert_eq!(
            hex(SignAlgorithm::Rsa).as_deref(),
            Some("a9993e364706816aba3e25717850c26c9cd0d89d")
        );
        assert_eq!(
            hex(SignAlgorithm::Rsa2).as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(hex(SignAlgorithm::Md5), None, "MD5's digest is keyed");
    }

    #[test]
    fn rsa_names_follow_the_jca() {
        let rsa: Vec<_> = SignAlgorithm::ALL
            .into_iter()
            .filter(|a| a.is_rsa())
            .collect();
        assert_eq!(rsa, [SignAlgorithm::Rsa, SignAlgorithm::Rsa2]);
        assert_eq!(SignAlgorithm::Rsa.scheme_name(), "SHA1withRSA");
        assert_eq!(SignAlgorithm::Rsa2.scheme_name(), "SHA256withRSA");
    }

    #[test]
    fn traits_are_object_safe() {
        let key = Md5Key::new("k").unwrap();
        let signer: &dyn Signer = &key;
        let verifier: &dyn Verifier = &key;
        let signature = signer.sign(b"m").unwrap();
        assert!(verifier.verify(b"m", &signature).is_ok());
    }
}
