//! The aws-lc-rs backend: AWS-LC's constant-time, assembly-optimised RSA.
//!
//! Verification goes through aws-lc-rs's safe `ParsedPublicKey`. Signing calls AWS-LC's
//! `RSA_sign` through `aws-lc-sys` (the bindings aws-lc-rs itself is built on), because
//! aws-lc-rs deliberately offers no PKCS#1 v1.5 *SHA-1* signing encoding, and the overseas
//! family's `RSA` sign type needs one; one path serves both digests, so `RSA` and `RSA2` are
//! signed by the same tested code. The `unsafe` is confined to the `Rsa` handle below.
//!
//! Secrets: AWS-LC keeps the private key in its own heap memory and `OPENSSL_free` overwrites
//! every allocation before freeing it (`OPENSSL_cleanse`), so dropping the last handle wipes
//! the key. Our own copies of the DER are wiped by `keys` (`Zeroizing`).

// The one module of the workspace allowed `unsafe` (the lint is `deny` everywhere else).
#![allow(unsafe_code)]

use std::ffi::c_uint;
use std::ptr::NonNull;

use aws_lc_rs::digest;
use aws_lc_rs::signature::{self, ParsedPublicKey, VerificationAlgorithm};
use aws_lc_sys as ffi;

use super::RsaDigest;
use crate::sign::SignError;

/// The backend's name, as the cargo feature spells it.
pub(crate) const NAME: &str = "aws-lc-rs";

/// The hash an RSA signature signs, over `message`.
pub(crate) fn message_digest(digest: RsaDigest, message: &[u8]) -> Vec<u8> {
    hash(digest, message).as_ref().to_vec()
}

fn hash(digest: RsaDigest, message: &[u8]) -> digest::Digest {
    let algorithm = match digest {
        RsaDigest::Sha1 => &digest::SHA1_FOR_LEGACY_USE_ONLY,
        RsaDigest::Sha256 => &digest::SHA256,
    };
    digest::digest(algorithm, message)
}

/// A parsed, checked RSA private key, fixed to one digest.
#[derive(Clone)]
pub(crate) struct PrivateKey {
    rsa: Rsa,
    digest: RsaDigest,
}

impl PrivateKey {
    pub(crate) fn from_pkcs1_der(der: &[u8], digest: RsaDigest) -> Option<Self> {
        Rsa::private_from_pkcs1_der(der).map(|rsa| Self { rsa, digest })
    }

    pub(crate) fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        let nid = match self.digest {
            RsaDigest::Sha1 => ffi::NID_sha1,
            RsaDigest::Sha256 => ffi::NID_sha256,
        };
        self.rsa
            .sign_digest(nid, hash(self.digest, message).as_ref())
            .ok_or_else(|| SignError::Crypto {
                reason: "AWS-LC RSA_sign failed".to_owned(),
            })
    }
}

/// A parsed RSA public key, fixed to one digest.
#[derive(Clone)]
pub(crate) struct PublicKey {
    key: ParsedPublicKey,
}

impl PublicKey {
    pub(crate) fn from_pkcs1_der(der: &[u8], digest: RsaDigest) -> Option<Self> {
        // Keys under 2048 bits never get here (rsa_key checks the size first).
        let algorithm: &'static dyn VerificationAlgorithm = match digest {
            RsaDigest::Sha1 => &signature::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
            RsaDigest::Sha256 => &signature::RSA_PKCS1_2048_8192_SHA256,
        };
        let key = ParsedPublicKey::new(algorithm, der).ok()?;
        Some(Self { key })
    }

    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        self.key.verify_sig(message, signature).is_ok()
    }
}

/// An owned reference to an AWS-LC `RSA` object holding a private key.
struct Rsa {
    ptr: NonNull<ffi::RSA>,
    /// The modulus size in bytes: the signature length.
    len: usize,
}

// SAFETY: AWS-LC's `RSA` may be used from several threads by its non-mutating functions, and
// rsa.h lists `RSA_sign` among them ("considered non-mutating for thread-safety purposes and
// may be used concurrently"); nothing here calls a mutating function after construction.
// `RSA_up_ref` and `RSA_free` count references atomically.
unsafe impl Send for Rsa {}
// SAFETY: as for `Send`.
unsafe impl Sync for Rsa {}

impl Rsa {
    /// Parses PKCS#1 `RSAPrivateKey` DER; `None` unless it parses and passes `RSA_check_key`.
    fn private_from_pkcs1_der(der: &[u8]) -> Option<Self> {
        // SAFETY: AWS-LC reads exactly `der.len()` bytes from `der` and returns a new `RSA`
        // that we own, or NULL.
        let ptr =
            NonNull::new(unsafe { ffi::RSA_private_key_from_bytes(der.as_ptr(), der.len()) })?;
        // SAFETY: `ptr` is a valid `RSA`.
        let len = usize::try_from(unsafe { ffi::RSA_size(ptr.as_ptr()) }).ok();
        let rsa = Self {
            ptr,
            len: len.unwrap_or(0),
        };
        // SAFETY: `rsa.ptr` is a valid `RSA`.
        let valid = unsafe { ffi::RSA_check_key(rsa.ptr.as_ptr()) } == 1;
        (valid && rsa.len > 0).then_some(rsa)
    }

    /// RSASSA-PKCS1-v1_5 over a digest made with the hash `nid` names.
    fn sign_digest(&self, nid: i32, digest: &[u8]) -> Option<Vec<u8>> {
        let mut signature = vec![0; self.len];
        let mut written: c_uint = 0;
        // SAFETY: `signature` has `RSA_size` bytes, the most `RSA_sign` writes; `digest` is
        // valid for its length; `self.ptr` is a valid private key (see `Sync` above).
        let ok = unsafe {
            ffi::RSA_sign(
                nid,
                digest.as_ptr(),
                digest.len(),
                signature.as_mut_ptr(),
                &mut written,
                self.ptr.as_ptr(),
            )
        };
        let written = usize::try_from(written).ok()?;
        (ok == 1 && written == self.len).then_some(signature)
    }
}

impl Clone for Rsa {
    fn clone(&self) -> Self {
        // SAFETY: `self.ptr` is a valid `RSA`; the new reference is released by `Drop`.
        unsafe { ffi::RSA_up_ref(self.ptr.as_ptr()) };
        Self {
            ptr: self.ptr,
            len: self.len,
        }
    }
}

impl Drop for Rsa {
    fn drop(&mut self) {
        // SAFETY: we own one reference to `self.ptr`; the last `RSA_free` wipes and frees it.
        unsafe { ffi::RSA_free(self.ptr.as_ptr()) };
    }
}
