//! Reference vectors from independent tools (python hashlib, openssl dgst) in
//! `testdata/vectors/sign`; see `COMMANDS.md` there. Keys are the TEST keys in `testdata/keys`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use std::fs;
use std::path::PathBuf;

use alipay_proto::charset::Charset;
use alipay_proto::sign::{
    Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, SignError, Signer, Verifier,
};

const CASES: [&str; 4] = ["ascii", "empty_value", "chinese_utf8", "chinese_gbk"];

fn testdata(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata")
        .join(path)
}

fn bytes(path: &str) -> Vec<u8> {
    fs::read(testdata(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn text(path: &str) -> String {
    String::from_utf8(bytes(path)).unwrap()
}

fn message(case: &str) -> Vec<u8> {
    bytes(&format!("vectors/sign/{case}.msg"))
}

/// The reference signature of `case`: `md5`, `rsa` or `rsa2`.
fn reference(case: &str, kind: &str) -> String {
    text(&format!("vectors/sign/{case}.{kind}"))
}

fn md5_key() -> Md5Key {
    Md5Key::new(bytes("keys/md5_test_key.txt")).unwrap()
}

fn rsa_signer(algorithm: SignAlgorithm) -> RsaSigner {
    RsaSigner::from_any(text("keys/rsa_test_private_pkcs1.pem"), algorithm).unwrap()
}

fn rsa_verifier(algorithm: SignAlgorithm) -> RsaVerifier {
    RsaVerifier::from_any(text("keys/rsa_test_public.pem"), algorithm).unwrap()
}

/// A signer, a verifier of the same algorithm, and the suffix of its reference files.
type Pair = (Box<dyn Signer>, Box<dyn Verifier>, &'static str);

/// Every pair under test.
fn pairs() -> Vec<Pair> {
    vec![
        (Box::new(md5_key()), Box::new(md5_key()), "md5"),
        (
            Box::new(rsa_signer(SignAlgorithm::Rsa)),
            Box::new(rsa_verifier(SignAlgorithm::Rsa)),
            "rsa",
        ),
        (
            Box::new(rsa_signer(SignAlgorithm::Rsa2)),
            Box::new(rsa_verifier(SignAlgorithm::Rsa2)),
            "rsa2",
        ),
    ]
}

/// `signature` with the char at `index` replaced by another char of the same alphabet.
fn tamper(signature: &str, index: usize) -> String {
    let mut bytes = signature.as_bytes().to_vec();
    bytes[index] = if bytes[index] == b'a' { b'b' } else { b'a' };
    String::from_utf8(bytes).unwrap()
}

#[test]
fn reference_signatures_are_reproduced_byte_for_byte() {
    for (signer, _, kind) in pairs() {
        for case in CASES {
            let ours = signer.sign(&message(case)).unwrap();
            assert_eq!(ours, reference(case, kind), "{case}.{kind}");
        }
    }
}

#[test]
fn reference_signatures_verify() {
    for (_, verifier, kind) in pairs() {
        for case in CASES {
            let result = verifier.verify(&message(case), &reference(case, kind));
            assert_eq!(result, Ok(()), "{case}.{kind}");
        }
    }
}

#[test]
fn tampered_message_fails() {
    for (_, verifier, kind) in pairs() {
        for case in CASES {
            let mut message = message(case);
            let last = message.len() - 1;
            message[last] ^= 0x01;
            let result = verifier.verify(&message, &reference(case, kind));
            assert_eq!(result, Err(SignError::Mismatch), "{case}.{kind}");
        }
    }
}

#[test]
fn tampered_signature_fails() {
    for (_, verifier, kind) in pairs() {
        for case in CASES {
            let signature = tamper(&reference(case, kind), 5);
            let result = verifier.verify(&message(case), &signature);
            assert_eq!(result, Err(SignError::Mismatch), "{case}.{kind}");
        }
    }
}

#[test]
fn algorithms_report_wire_names() {
    let names: Vec<_> = pairs()
        .iter()
        .map(|(signer, verifier, _)| {
            assert_eq!(signer.algorithm(), verifier.algorithm());
            signer.algorithm().as_str()
        })
        .collect();
    assert_eq!(names, ["MD5", "RSA", "RSA2"]);
}

#[test]
fn gbk_vector_is_our_gbk_encoding_of_the_utf8_vector() {
    let utf8 = text("vectors/sign/chinese_utf8.msg");
    let gbk = message("chinese_gbk");
    assert_eq!(*Charset::Gbk.encode(&utf8).unwrap(), *gbk);
    assert_eq!(*Charset::Gb2312.encode(&utf8).unwrap(), *gbk);
    assert_eq!(Charset::Gbk.decode(&gbk).unwrap(), utf8);
    assert_ne!(
        reference("chinese_utf8", "md5"),
        reference("chinese_gbk", "md5")
    );
}

#[test]
fn every_private_key_format_gives_the_same_signature() {
    let files = [
        "rsa_test_private_pkcs1.pem",
        "rsa_test_private_pkcs8.pem",
        "rsa_test_private_pkcs1.der",
        "rsa_test_private_pkcs8.der",
        "rsa_test_private_pkcs1.b64",
        "rsa_test_private_pkcs8.b64",
    ];
    let message = message("chinese_gbk");
    for file in files {
        let key = bytes(&format!("keys/{file}"));
        for (algorithm, kind) in [(SignAlgorithm::Rsa, "rsa"), (SignAlgorithm::Rsa2, "rsa2")] {
            let signer = RsaSigner::from_any(&key, algorithm).unwrap();
            let signature = signer.sign(&message).unwrap();
            assert_eq!(signature, reference("chinese_gbk", kind), "{file} {kind}");
        }
    }
}

#[test]
fn every_public_key_format_verifies() {
    let files = [
        "rsa_test_public.pem",
        "rsa_test_public_pkcs1.pem",
        "rsa_test_public.der",
        "rsa_test_public.b64",
    ];
    for file in files {
        let key = bytes(&format!("keys/{file}"));
        let verifier = RsaVerifier::from_any(&key, SignAlgorithm::Rsa2).unwrap();
        let result = verifier.verify(&message("ascii"), &reference("ascii", "rsa2"));
        assert_eq!(result, Ok(()), "{file}");
    }
}

#[test]
fn key_of_1024_bits_is_too_small() {
    let key = text("keys/rsa_test_private_1024.pem");
    let error = RsaSigner::from_any(&key, SignAlgorithm::Rsa2).unwrap_err();
    assert_eq!(error, SignError::KeyTooSmall { bits: 1024 });
}

#[test]
fn garbage_key_is_a_format_error_that_does_not_echo_the_key() {
    let pem = text("keys/rsa_test_private_pkcs1.pem");
    // A real-looking key body, corrupted: the error must not contain any of it.
    let garbage = pem.replace("MII", "M!!");
    let body_line = pem.lines().nth(5).unwrap();
    for input in [garbage.as_str(), &pem[40..], "qwerty-not-a-key"] {
        let error = RsaSigner::from_any(input, SignAlgorithm::Rsa2).unwrap_err();
        assert!(matches!(error, SignError::KeyFormat { .. }), "{error:?}");
        for rendered in [error.to_string(), format!("{error:?}")] {
            assert!(!rendered.contains(body_line), "{rendered}");
            assert!(!rendered.contains(&input[..8]), "{rendered}");
        }
    }
}

#[test]
fn debug_of_keys_contains_no_key_material() {
    let md5_secret = text("keys/md5_test_key.txt");
    let md5 = format!("{:?}", md5_key());
    assert_eq!(md5, "Md5Key(<redacted>)");
    assert!(!md5.contains(&md5_secret));
    let pem = text("keys/rsa_test_private_pkcs1.pem");
    let rsa = format!("{:#?}", rsa_signer(SignAlgorithm::Rsa2));
    assert!(rsa.contains("<redacted>"));
    assert!(pem.lines().skip(1).all(|line| !rsa.contains(line)));
    // No decimal or hex digits run long enough to be a modulus or exponent.
    assert!(
        !rsa.chars()
            .collect::<Vec<_>>()
            .windows(8)
            .any(|w| w.iter().all(char::is_ascii_hexdigit))
    );
}
