//! Unit tests against the checked-in TEST keys (`testdata/keys`) and openssl vectors.

use super::*;

const PKCS1_PEM: &str = include_str!("../../../../testdata/keys/rsa_test_private_pkcs1.pem");
const PKCS8_PEM: &str = include_str!("../../../../testdata/keys/rsa_test_private_pkcs8.pem");
const PKCS1_DER: &[u8] = include_bytes!("../../../../testdata/keys/rsa_test_private_pkcs1.der");
const PKCS8_DER: &[u8] = include_bytes!("../../../../testdata/keys/rsa_test_private_pkcs8.der");
const PKCS1_B64: &str = include_str!("../../../../testdata/keys/rsa_test_private_pkcs1.b64");
const PKCS8_B64: &str = include_str!("../../../../testdata/keys/rsa_test_private_pkcs8.b64");
const SMALL_PEM: &str = include_str!("../../../../testdata/keys/rsa_test_private_1024.pem");
const PUBLIC_PEM: &str = include_str!("../../../../testdata/keys/rsa_test_public.pem");
const PUBLIC_PKCS1_PEM: &str = include_str!("../../../../testdata/keys/rsa_test_public_pkcs1.pem");
const PUBLIC_DER: &[u8] = include_bytes!("../../../../testdata/keys/rsa_test_public.der");
const PUBLIC_B64: &str = include_str!("../../../../testdata/keys/rsa_test_public.b64");
const MESSAGE: &[u8] = include_bytes!("../../../../testdata/vectors/sign/empty_value.msg");
const RSA_SIG: &str = include_str!("../../../../testdata/vectors/sign/empty_value.rsa");
const RSA2_SIG: &str = include_str!("../../../../testdata/vectors/sign/empty_value.rsa2");

fn signer(algorithm: SignAlgorithm) -> RsaSigner {
    RsaSigner::from_any(PKCS1_PEM, algorithm).unwrap()
}

fn verifier(algorithm: SignAlgorithm) -> RsaVerifier {
    RsaVerifier::from_any(PUBLIC_PEM, algorithm).unwrap()
}

#[test]
fn reproduces_openssl_signatures() {
    assert_eq!(signer(SignAlgorithm::Rsa).sign(MESSAGE).unwrap(), RSA_SIG);
    assert_eq!(signer(SignAlgorithm::Rsa2).sign(MESSAGE).unwrap(), RSA2_SIG);
}

#[test]
fn verifies_openssl_signatures() {
    assert!(
        verifier(SignAlgorithm::Rsa)
            .verify(MESSAGE, RSA_SIG)
            .is_ok()
    );
    assert!(
        verifier(SignAlgorithm::Rsa2)
            .verify(MESSAGE, RSA2_SIG)
            .is_ok()
    );
}

#[test]
fn sha1_and_sha256_are_not_swapped() {
    // melitigo/AlipaySDK swaps them: RSA must not verify as RSA2.
    let rsa2 = verifier(SignAlgorithm::Rsa2);
    assert_eq!(rsa2.verify(MESSAGE, RSA_SIG), Err(SignError::Mismatch));
    let rsa = verifier(SignAlgorithm::Rsa);
    assert_eq!(rsa.verify(MESSAGE, RSA2_SIG), Err(SignError::Mismatch));
}

#[test]
fn every_private_key_form_loads_the_same_key() {
    let algorithm = SignAlgorithm::Rsa2;
    let loaded = [
        RsaSigner::from_pkcs1_pem(PKCS1_PEM, algorithm).unwrap(),
        RsaSigner::from_pkcs8_pem(PKCS8_PEM, algorithm).unwrap(),
        RsaSigner::from_der(PKCS1_DER, algorithm).unwrap(),
        RsaSigner::from_der(PKCS8_DER, algorithm).unwrap(),
        RsaSigner::from_base64(PKCS1_B64, algorithm).unwrap(),
        RsaSigner::from_base64(PKCS8_B64, algorithm).unwrap(),
        RsaSigner::from_any(PKCS8_PEM, algorithm).unwrap(),
        RsaSigner::from_any(PKCS1_DER, algorithm).unwrap(),
        RsaSigner::from_any(PKCS8_DER, algorithm).unwrap(),
        RsaSigner::from_any(PKCS1_B64, algorithm).unwrap(),
        RsaSigner::from_any(PKCS8_B64.as_bytes(), algorithm).unwrap(),
    ];
    // PKCS#1 v1.5 is deterministic: the openssl signature proves the same private key.
    for signer in loaded {
        assert_eq!(signer.sign(MESSAGE).unwrap(), RSA2_SIG);
        assert_eq!(signer.bits(), 2048);
    }
}

#[test]
fn every_public_key_form_loads_the_same_key() {
    let algorithm = SignAlgorithm::Rsa;
    let loaded = [
        signer(algorithm).verifier(),
        RsaVerifier::from_spki_pem(PUBLIC_PEM, algorithm).unwrap(),
        RsaVerifier::from_pkcs1_pem(PUBLIC_PKCS1_PEM, algorithm).unwrap(),
        RsaVerifier::from_der(PUBLIC_DER, algorithm).unwrap(),
        RsaVerifier::from_base64(PUBLIC_B64, algorithm).unwrap(),
        RsaVerifier::from_any(PUBLIC_PKCS1_PEM, algorithm).unwrap(),
        RsaVerifier::from_any(PUBLIC_DER, algorithm).unwrap(),
        RsaVerifier::from_any(PUBLIC_B64, algorithm).unwrap(),
    ];
    for verifier in loaded {
        assert!(verifier.verify(MESSAGE, RSA_SIG).is_ok());
        assert_eq!(verifier.bits(), 2048);
    }
}

#[test]
fn explicit_loaders_reject_the_other_form() {
    let algorithm = SignAlgorithm::Rsa2;
    for result in [
        RsaSigner::from_pkcs1_pem(PKCS8_PEM, algorithm),
        RsaSigner::from_pkcs8_pem(PKCS1_PEM, algorithm),
        RsaSigner::from_base64(PKCS1_PEM, algorithm),
        RsaSigner::from_any(PUBLIC_PEM, algorithm),
    ] {
        assert!(matches!(result, Err(SignError::KeyFormat { .. })));
    }
    assert!(matches!(
        RsaVerifier::from_any(PKCS1_PEM, algorithm),
        Err(SignError::KeyFormat { .. })
    ));
}

#[test]
fn base64_key_with_line_breaks_and_crlf_pem_load() {
    let wrapped: String = PKCS8_B64
        .as_bytes()
        .chunks(64)
        .map(|line| format!("{}\r\n", std::str::from_utf8(line).unwrap()))
        .collect();
    let signer = RsaSigner::from_any(&wrapped, SignAlgorithm::Rsa2).unwrap();
    assert_eq!(signer.sign(MESSAGE).unwrap(), RSA2_SIG);
    let crlf = PKCS1_PEM.replace('\n', "\r\n");
    assert!(RsaSigner::from_any(&crlf, SignAlgorithm::Rsa2).is_ok());
}

#[test]
fn small_keys_are_rejected() {
    let error = RsaSigner::from_any(SMALL_PEM, SignAlgorithm::Rsa2).unwrap_err();
    assert_eq!(error, SignError::KeyTooSmall { bits: 1024 });
    let small = keys::pkcs8_private_pem(SMALL_PEM).unwrap();
    let error = RsaVerifier::from_der(&small.public.der, SignAlgorithm::Rsa2).unwrap_err();
    assert_eq!(error, SignError::KeyTooSmall { bits: 1024 });
}

#[test]
fn md5_is_not_an_rsa_algorithm() {
    let error = RsaSigner::from_any(PKCS1_PEM, SignAlgorithm::Md5).unwrap_err();
    assert_eq!(
        error,
        SignError::UnsupportedAlgorithm {
            algorithm: SignAlgorithm::Md5
        }
    );
}

#[test]
fn tampering_fails_with_typed_errors() {
    let verifier = verifier(SignAlgorithm::Rsa2);
    let mut message = MESSAGE.to_vec();
    message[0] ^= 1;
    assert_eq!(
        verifier.verify(&message, RSA2_SIG),
        Err(SignError::Mismatch)
    );
    let mut signature = RSA2_SIG.as_bytes().to_vec();
    signature[10] = if signature[10] == b'A' { b'B' } else { b'A' };
    let signature = String::from_utf8(signature).unwrap();
    assert_eq!(
        verifier.verify(MESSAGE, &signature),
        Err(SignError::Mismatch)
    );
    let short = &RSA2_SIG[4..];
    assert_eq!(verifier.verify(MESSAGE, short), Err(SignError::Mismatch));
    assert_eq!(verifier.verify(MESSAGE, ""), Err(SignError::Mismatch));
    assert_eq!(
        verifier.verify(MESSAGE, "not base64!"),
        Err(SignError::BadSignatureEncoding)
    );
}

#[test]
fn percent_encoded_signature_verifies() {
    let encoded = RSA2_SIG
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    assert!(encoded.contains('%'));
    assert!(
        verifier(SignAlgorithm::Rsa2)
            .verify(MESSAGE, &encoded)
            .is_ok()
    );
}

#[test]
fn own_verifier_round_trips() {
    let signer = signer(SignAlgorithm::Rsa);
    let signature = signer.sign(b"hello").unwrap();
    assert!(signer.verifier().verify(b"hello", &signature).is_ok());
    assert_eq!(Verifier::algorithm(&signer.verifier()), SignAlgorithm::Rsa);
}

#[test]
fn debug_shows_no_key_material() {
    let signer = signer(SignAlgorithm::Rsa2);
    let debug = format!("{signer:?}");
    assert_eq!(
        debug,
        "RsaSigner { algorithm: Rsa2, bits: 2048, key: <redacted> }"
    );
    assert_eq!(
        format!("{:?}", signer.verifier()),
        "RsaVerifier { algorithm: Rsa2, bits: 2048, .. }"
    );
}

#[test]
fn garbage_key_errors_do_not_echo_the_input() {
    let garbage = "MIIEgarbageSECRETgarbage==";
    for result in [
        RsaSigner::from_any(garbage, SignAlgorithm::Rsa2),
        RsaSigner::from_any(
            "-----BEGIN RSA PRIVATE KEY-----\nSECRET\n",
            SignAlgorithm::Rsa2,
        ),
        RsaSigner::from_any([0x30, 0x82, 0x01, 0x02, 0x53], SignAlgorithm::Rsa2),
        RsaSigner::from_any("", SignAlgorithm::Rsa2),
    ] {
        let error = result.unwrap_err();
        assert!(
            matches!(
                error,
                SignError::KeyFormat { .. } | SignError::KeyText(crate::sign::KeyTextError::Empty)
            ),
            "{error:?}"
        );
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(
                !text.contains("SECRET") && !text.contains("garbage"),
                "{text}"
            );
        }
    }
}
