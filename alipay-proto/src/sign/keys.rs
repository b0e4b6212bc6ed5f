//! Reading RSA keys from PEM (PKCS#1 or PKCS#8 / SPKI), DER, or bare base64 of the DER.
//!
//! Every form is brought to one canonical form, PKCS#1 DER (`RSAPrivateKey` / `RSAPublicKey`,
//! RFC 8017 appendix A.1), by the RustCrypto formats crates, whichever backend later does the
//! arithmetic: so every form loads, and fails, the same way under both backends.
//!
//! Errors are static reasons only: no parser message, offset or symbol from the key text is
//! ever copied into them. Intermediate copies of private key bytes are wiped (`Zeroizing`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT;
use pkcs1::der::Encode as _;
use pkcs1::der::asn1::Null;
use pkcs8::{AlgorithmIdentifierRef, PrivateKeyInfo, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use super::SignError;

/// The tag byte every DER key starts with (SEQUENCE).
const DER_SEQUENCE: u8 = 0x30;

/// A public key as PKCS#1 `RSAPublicKey` DER, with its modulus size.
pub(super) struct PublicDer {
    pub(super) der: Vec<u8>,
    pub(super) bits: usize,
    /// What the input had to be; the error if the backend rejects the key.
    pub(super) expected: &'static str,
}

/// A private key as PKCS#1 `RSAPrivateKey` DER (wiped on drop), with its public half.
pub(super) struct PrivateDer {
    pub(super) der: Zeroizing<Vec<u8>>,
    pub(super) public: PublicDer,
}

impl PrivateDer {
    /// What the input had to be; the error if the backend rejects the key.
    pub(super) fn expected(&self) -> &'static str {
        self.public.expected
    }
}

/// A key kind with the forms it can be read from.
pub(super) trait KeyFormats: Sized {
    /// Reads a PEM document, choosing the structure by its label.
    fn from_pem(text: &str) -> Result<Self, SignError>;
    /// Reads DER in either supported structure.
    fn from_der(der: &[u8]) -> Result<Self, SignError>;
}

impl KeyFormats for PrivateDer {
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
        const EXPECTED: &str = "not a PKCS#8 or PKCS#1 DER RSA private key";
        pkcs8_private(der, EXPECTED).or_else(|_| pkcs1_private(der, EXPECTED))
    }
}

impl KeyFormats for PublicDer {
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
        const EXPECTED: &str = "not an X.509 SPKI or PKCS#1 DER RSA public key";
        spki_public(der, EXPECTED).or_else(|_| pkcs1_public(der, EXPECTED))
    }
}

/// Reads a key from PEM, DER or bare base64 of the DER, whichever `input` is, by the
/// key-text rule (`key_text`): DER exactly as given, text without a byte-order mark and
/// surrounding whitespace.
pub(super) fn from_any<K: KeyFormats>(input: &[u8]) -> Result<K, SignError> {
    // Binary DER is never trimmed: its last bytes may be whitespace values.
    if input.first() == Some(&DER_SEQUENCE)
        && let Ok(key) = K::from_der(input)
    {
        return Ok(key);
    }
    super::key_text::utf16(input)?;
    let input = super::key_text::trim_key_text(input);
    if input.is_empty() {
        return Err(super::KeyTextError::Empty.into());
    }
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

/// Reads a key from bare base64 of its DER; whitespace (line breaks) is ignored.
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

/// Reads a PKCS#1 `RSA PRIVATE KEY` PEM.
pub(super) fn pkcs1_private_pem(text: &str) -> Result<PrivateDer, SignError> {
    const EXPECTED: &str = "not a PKCS#1 `RSA PRIVATE KEY` PEM";
    pkcs1_private(&pem_body(text, "RSA PRIVATE KEY", EXPECTED)?, EXPECTED)
}

/// Reads a PKCS#8 `PRIVATE KEY` PEM (unencrypted).
pub(super) fn pkcs8_private_pem(text: &str) -> Result<PrivateDer, SignError> {
    const EXPECTED: &str = "not an unencrypted PKCS#8 `PRIVATE KEY` PEM of an RSA key";
    pkcs8_private(&pem_body(text, "PRIVATE KEY", EXPECTED)?, EXPECTED)
}

/// Reads an X.509 SubjectPublicKeyInfo `PUBLIC KEY` PEM.
pub(super) fn spki_public_pem(text: &str) -> Result<PublicDer, SignError> {
    const EXPECTED: &str = "not an X.509 `PUBLIC KEY` PEM of an RSA key";
    spki_public(&pem_body(text, "PUBLIC KEY", EXPECTED)?, EXPECTED)
}

/// Reads a PKCS#1 `RSA PUBLIC KEY` PEM.
pub(super) fn pkcs1_public_pem(text: &str) -> Result<PublicDer, SignError> {
    const EXPECTED: &str = "not a PKCS#1 `RSA PUBLIC KEY` PEM";
    pkcs1_public(&pem_body(text, "RSA PUBLIC KEY", EXPECTED)?, EXPECTED)
}

/// The DER inside a PEM document that must carry `label` (RFC 7468, strict, CRLF allowed).
fn pem_body(
    text: &str,
    label: &str,
    expected: &'static str,
) -> Result<Zeroizing<Vec<u8>>, SignError> {
    let (found, der) =
        pem_rfc7468::decode_vec(text.trim().as_bytes()).map_err(|_| format_error(expected))?;
    let der = Zeroizing::new(der);
    if found == label {
        Ok(der)
    } else {
        Err(format_error(expected))
    }
}

/// Checks a PKCS#1 `RSAPrivateKey` (two primes) and derives its public half.
fn pkcs1_private(der: &[u8], expected: &'static str) -> Result<PrivateDer, SignError> {
    let key = pkcs1::RsaPrivateKey::try_from(der).map_err(|_| format_error(expected))?;
    if key.version() != pkcs1::Version::TwoPrime {
        return Err(format_error(expected));
    }
    let public = key.public_key();
    Ok(PrivateDer {
        der: Zeroizing::new(der.to_vec()),
        public: PublicDer {
            der: public.to_der().map_err(|_| format_error(expected))?,
            bits: bit_length(public.modulus.as_bytes()),
            expected,
        },
    })
}

/// Unwraps a PKCS#8 `PrivateKeyInfo` of an RSA key to its PKCS#1 key.
fn pkcs8_private(der: &[u8], expected: &'static str) -> Result<PrivateDer, SignError> {
    let info = PrivateKeyInfo::try_from(der).map_err(|_| format_error(expected))?;
    check_rsa_algorithm(&info.algorithm, expected)?;
    pkcs1_private(info.private_key, expected)
}

/// Checks a PKCS#1 `RSAPublicKey`.
fn pkcs1_public(der: &[u8], expected: &'static str) -> Result<PublicDer, SignError> {
    let key = pkcs1::RsaPublicKey::try_from(der).map_err(|_| format_error(expected))?;
    Ok(PublicDer {
        der: der.to_vec(),
        bits: bit_length(key.modulus.as_bytes()),
        expected,
    })
}

/// Unwraps an X.509 `SubjectPublicKeyInfo` of an RSA key to its PKCS#1 key.
fn spki_public(der: &[u8], expected: &'static str) -> Result<PublicDer, SignError> {
    let info = SubjectPublicKeyInfoRef::try_from(der).map_err(|_| format_error(expected))?;
    check_rsa_algorithm(&info.algorithm, expected)?;
    let key = info
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| format_error(expected))?;
    pkcs1_public(key, expected)
}

/// `rsaEncryption` with NULL (or absent) parameters, as RFC 8017 appendix A.1 defines it.
fn check_rsa_algorithm(
    algorithm: &AlgorithmIdentifierRef<'_>,
    expected: &'static str,
) -> Result<(), SignError> {
    let oid_ok = algorithm.assert_algorithm_oid(pkcs1::ALGORITHM_OID).is_ok();
    let params_ok = matches!(algorithm.parameters_any(), Ok(any) if any == Null.into());
    if oid_ok && params_ok {
        Ok(())
    } else {
        Err(format_error(expected))
    }
}

/// The bit length of a big-endian unsigned integer without leading zero bytes.
fn bit_length(bytes: &[u8]) -> usize {
    bytes.first().map_or(0, |&top| {
        bytes.len() * 8 - usize::try_from(top.leading_zeros()).unwrap_or(0)
    })
}

/// The label of the first PEM boundary, e.g. `RSA PRIVATE KEY`.
fn pem_label(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix("-----BEGIN ")?;
    rest.split_once("-----").map(|(label, _)| label)
}

/// A [`SignError::KeyFormat`] with a static reason.
pub(super) fn format_error(reason: &'static str) -> SignError {
    SignError::KeyFormat { reason }
}
