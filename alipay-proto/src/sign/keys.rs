//! Loading RSA keys from PEM (PKCS#1 or PKCS#8 / SPKI), DER, or bare base64 of the DER.
//!
//! Errors are static reasons only: no parser message, offset or symbol from the key text is
//! ever copied into them. Intermediate copies of private key bytes are wiped (`Zeroizing`);
//! the `pkcs8` PEM decoder wipes its own buffer (`SecretDocument`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::{RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

use super::SignError;

/// The tag byte every DER key starts with (SEQUENCE).
const DER_SEQUENCE: u8 = 0x30;

/// A key type with the formats it can be loaded from.
pub(super) trait KeyFormats: Sized {
    /// Loads from a PEM document, choosing the parser by its label.
    fn from_pem(text: &str) -> Result<Self, SignError>;
    /// Loads from DER in either supported structure.
    fn from_der(der: &[u8]) -> Result<Self, SignError>;
}

impl KeyFormats for RsaPrivateKey {
    fn from_pem(text: &str) -> Result<Self, SignError> {
        match pem_label(text) {
            Some("RSA PRIVATE KEY") => pkcs1_private_pem(text),
            Some("PRIVATE KEY") => pkcs8_private_pem(text),
            Some("ENCRYPTED PRIVATE KEY") => Err(format_error(
                "encrypted PKCS#8 keys are not supported: decrypt the key first",
            )),
            _ => Err(format_error(
                "expected a PEM `RSA PRIVATE KEY` (PKCS#1) or `PRIVATE KEY` (PKCS#8)",
            )),
        }
    }

    fn from_der(der: &[u8]) -> Result<Self, SignError> {
        RsaPrivateKey::from_pkcs8_der(der)
            .or_else(|_| RsaPrivateKey::from_pkcs1_der(der))
            .map_err(|_| format_error("not a PKCS#8 or PKCS#1 DER RSA private key"))
    }
}

impl KeyFormats for RsaPublicKey {
    fn from_pem(text: &str) -> Result<Self, SignError> {
        match pem_label(text) {
            Some("PUBLIC KEY") => spki_public_pem(text),
            Some("RSA PUBLIC KEY") => pkcs1_public_pem(text),
            _ => Err(format_error(
                "expected a PEM `PUBLIC KEY` (X.509 SPKI) or `RSA PUBLIC KEY` (PKCS#1)",
            )),
        }
    }

    fn from_der(der: &[u8]) -> Result<Self, SignError> {
        RsaPublicKey::from_public_key_der(der)
            .or_else(|_| RsaPublicKey::from_pkcs1_der(der))
            .map_err(|_| format_error("not an X.509 SPKI or PKCS#1 DER RSA public key"))
    }
}

/// Loads a key from PEM, DER or bare base64 of the DER, whichever `input` is.
pub(super) fn from_any<K: KeyFormats>(input: &[u8]) -> Result<K, SignError> {
    let input = input.trim_ascii();
    if input.starts_with(b"-----BEGIN ") {
        let text = std::str::from_utf8(input).map_err(|_| format_error("PEM is not UTF-8"))?;
        return K::from_pem(text);
    }
    if input.first() != Some(&DER_SEQUENCE) {
        return from_base64(input);
    }
    // A DER key starts with 0x30, which is also the base64 digit `0`: try both.
    K::from_der(input).or_else(|der_error| from_base64(input).map_err(|_| der_error))
}

/// Loads a key from bare base64 of its DER; whitespace (line breaks) is ignored.
pub(super) fn from_base64<K: KeyFormats>(text: &[u8]) -> Result<K, SignError> {
    let compact: Zeroizing<Vec<u8>> = Zeroizing::new(
        text.iter()
            .copied()
            .filter(|byte| !byte.is_ascii_whitespace())
            .collect(),
    );
    let der = STANDARD_PAD_INDIFFERENT
        .decode(&*compact)
        .map(Zeroizing::new)
        .map_err(|_| format_error("not PEM, DER, or base64 of a DER key"))?;
    K::from_der(&der)
}

/// Loads a PKCS#1 `RSA PRIVATE KEY` PEM.
pub(super) fn pkcs1_private_pem(text: &str) -> Result<RsaPrivateKey, SignError> {
    RsaPrivateKey::from_pkcs1_pem(text.trim())
        .map_err(|_| format_error("not a PKCS#1 `RSA PRIVATE KEY` PEM"))
}

/// Loads a PKCS#8 `PRIVATE KEY` PEM (unencrypted).
pub(super) fn pkcs8_private_pem(text: &str) -> Result<RsaPrivateKey, SignError> {
    RsaPrivateKey::from_pkcs8_pem(text.trim())
        .map_err(|_| format_error("not an unencrypted PKCS#8 `PRIVATE KEY` PEM of an RSA key"))
}

/// Loads an X.509 SubjectPublicKeyInfo `PUBLIC KEY` PEM.
pub(super) fn spki_public_pem(text: &str) -> Result<RsaPublicKey, SignError> {
    RsaPublicKey::from_public_key_pem(text.trim())
        .map_err(|_| format_error("not an X.509 `PUBLIC KEY` PEM of an RSA key"))
}

/// Loads a PKCS#1 `RSA PUBLIC KEY` PEM.
pub(super) fn pkcs1_public_pem(text: &str) -> Result<RsaPublicKey, SignError> {
    RsaPublicKey::from_pkcs1_pem(text.trim())
        .map_err(|_| format_error("not a PKCS#1 `RSA PUBLIC KEY` PEM"))
}

/// The label of the first PEM boundary, e.g. `RSA PRIVATE KEY`.
fn pem_label(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix("-----BEGIN ")?;
    rest.split_once("-----").map(|(label, _)| label)
}

/// A [`SignError::KeyFormat`] with a static reason.
fn format_error(reason: &'static str) -> SignError {
    SignError::KeyFormat { reason }
}
