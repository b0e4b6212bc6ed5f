//! The crypto backend: the one seam between the signing API and an RSA implementation.
//!
//! As in rustls's `CryptoProvider`, the protocol needs only a few operations, and a cargo
//! feature picks who performs them: `aws-lc-rs` (the default) or `rust-crypto` (the pure-Rust
//! `rsa` crate). With both features on, aws-lc-rs is used. Each backend module provides two
//! types with the same contract, and the same test suites run against each:
//!
//! - `PrivateKey::from_pkcs1_der(der, digest) -> Option<PrivateKey>` parses and checks a
//!   PKCS#1 `RSAPrivateKey` once; `PrivateKey::sign(&self, message)` returns the
//!   RSASSA-PKCS1-v1_5 signature over `digest(message)` (deterministic, so both backends give
//!   byte-identical signatures).
//! - `PublicKey::from_pkcs1_der(der, digest) -> Option<PublicKey>` parses a PKCS#1
//!   `RSAPublicKey` once; `PublicKey::verify(&self, message, signature) -> bool`.
//!
//! - `message_digest(digest, message)`: the SHA-1 or SHA-256 hash an RSA signature signs
//!   (shown by diagnostics beside the signature).
//!
//! Both types are `Clone + Send + Sync` and wipe their secrets when dropped. Key *formats*
//! (PEM, PKCS#8, SPKI, base64) and the size policy are not the backend's business: they live in
//! `keys` and `rsa_key`, so errors are the same whichever backend runs. MD5 needs no backend.

#[cfg(feature = "aws-lc-rs")]
mod aws_lc;
#[cfg(feature = "aws-lc-rs")]
pub(super) use aws_lc::{NAME, PrivateKey, PublicKey, message_digest};

#[cfg(all(feature = "rust-crypto", not(feature = "aws-lc-rs")))]
mod rust_crypto;
#[cfg(all(feature = "rust-crypto", not(feature = "aws-lc-rs")))]
pub(super) use rust_crypto::{NAME, PrivateKey, PublicKey, message_digest};

#[cfg(not(any(feature = "aws-lc-rs", feature = "rust-crypto")))]
compile_error!(
    "alipay-proto needs an RSA backend: enable the `aws-lc-rs` or `rust-crypto` feature"
);

/// The digest of an RSA signature algorithm: `RSA` is SHA1withRSA, `RSA2` SHA256withRSA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RsaDigest {
    /// `RSA`
    Sha1,
    /// `RSA2`
    Sha256,
}
