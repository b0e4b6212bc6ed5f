//! The rust-crypto backend: the pure-Rust `rsa` crate (no C compiler needed).
//!
//! Signing uses the blinded path with the OS RNG (PKCS#1 v1.5 signatures are still
//! deterministic). `rsa::RsaPrivateKey` zeroizes its private exponent, primes and CRT values in
//! its own `Drop`. Known limitation: rsa 0.9 is subject to RUSTSEC-2023-0071, a timing side
//! channel in private-key operations ("Marvin"); blinding narrows it, but its big-integer
//! arithmetic is not constant time. That is why this backend is not the default.

use rand_core::OsRng;
use rsa::pkcs1::{DecodeRsaPrivateKey as _, DecodeRsaPublicKey as _};
use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha1::Sha1;
use sha2::{Digest as _, Sha256};
use zeroize::ZeroizeOnDrop;

use super::RsaDigest;
use crate::sign::SignError;

/// The backend's name, as the cargo feature spells it.
pub(crate) const NAME: &str = "rust-crypto";

/// Stops compiling if `rsa` ever drops `ZeroizeOnDrop` from its private key type.
const _: () = {
    const fn wipes_on_drop<T: ZeroizeOnDrop>() {}
    wipes_on_drop::<RsaPrivateKey>();
};

/// A parsed, checked RSA private key, fixed to one digest.
#[derive(Clone)]
pub(crate) struct PrivateKey {
    key: RsaPrivateKey,
    digest: RsaDigest,
}

impl PrivateKey {
    pub(crate) fn from_pkcs1_der(der: &[u8], digest: RsaDigest) -> Option<Self> {
        let key = RsaPrivateKey::from_pkcs1_der(der).ok()?;
        Some(Self { key, digest })
    }

    pub(crate) fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        let (scheme, hashed) = scheme_and_digest(self.digest, message);
        self.key
            .sign_with_rng(&mut OsRng, scheme, &hashed)
            .map_err(|error| SignError::Crypto {
                reason: error.to_string(),
            })
    }
}

/// A parsed RSA public key, fixed to one digest.
#[derive(Clone)]
pub(crate) struct PublicKey {
    key: RsaPublicKey,
    digest: RsaDigest,
}

impl PublicKey {
    pub(crate) fn from_pkcs1_der(der: &[u8], digest: RsaDigest) -> Option<Self> {
        let key = RsaPublicKey::from_pkcs1_der(der).ok()?;
        Some(Self { key, digest })
    }

    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let (scheme, hashed) = scheme_and_digest(self.digest, message);
        self.key.verify(scheme, &hashed, signature).is_ok()
    }
}

/// The PKCS#1 v1.5 scheme (with the digest's OID) and the digest of `message`.
fn scheme_and_digest(digest: RsaDigest, message: &[u8]) -> (Pkcs1v15Sign, Vec<u8>) {
    let scheme = match digest {
        RsaDigest::Sha1 => Pkcs1v15Sign::new::<Sha1>(),
        RsaDigest::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
    };
    (scheme, message_digest(digest, message))
}

/// The hash an RSA signature signs, over `message`.
pub(crate) fn message_digest(digest: RsaDigest, message: &[u8]) -> Vec<u8> {
    match digest {
        RsaDigest::Sha1 => Sha1::digest(message).to_vec(),
        RsaDigest::Sha256 => Sha256::digest(message).to_vec(),
    }
}
