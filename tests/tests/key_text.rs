//! The key-text rule against files as integrators make them (`testdata/keys/text/`, made by
//! `openssl rand -hex 16 > k` and friends; the reference signatures by Python's hashlib and
//! openssl, commands in its README).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use alipay_proto::sign::{
    KeyTextError, Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, SignError, Signer, Verifier,
};
use alipay_proto_tests::files;

fn file(name: &str) -> Vec<u8> {
    files::bytes(&format!("testdata/keys/text/{name}"))
}

#[test]
fn md5_key_files_sign_as_python_reads_them() {
    let message = file("message.txt");
    let expected = String::from_utf8(file("md5_openssl_rand.sig")).expect("hex");
    for name in ["md5_openssl_rand.txt", "md5_bom_crlf.txt", "md5_spaces.txt"] {
        let key = Md5Key::new(file(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(key.sign(&message).expect("sign"), expected, "{name}");
        // The same bytes as a string.
        let text = String::from_utf8(file(name)).expect("UTF-8");
        assert_eq!(
            Md5Key::new(&text)
                .expect("key")
                .sign(&message)
                .expect("sign"),
            expected
        );
    }
}

#[test]
fn refused_key_text_says_what_was_found_never_the_key() {
    let text = file("md5_inner_space.txt");
    let error = Md5Key::new(&text).map(|_| ()).unwrap_err();
    assert_eq!(
        error,
        SignError::KeyText(KeyTextError::Whitespace {
            offset: 16,
            byte: b' '
        })
    );
    let message = error.to_string();
    assert!(
        message.contains("whitespace") && message.contains("16"),
        "{message}"
    );
    let secret = String::from_utf8(text).expect("ASCII");
    for half in secret.split_whitespace() {
        assert!(!message.contains(half) && !format!("{error:?}").contains(half));
    }
}

#[test]
fn rsa_key_files_with_crlf_bom_or_wrapped_base64_load() {
    let message = file("message.txt");
    let expected = String::from_utf8(file("rsa2.sig")).expect("base64");
    let signer =
        RsaSigner::from_any(file("rsa_private_crlf.pem"), SignAlgorithm::Rsa2).expect("CRLF PEM");
    assert_eq!(signer.sign(&message).expect("sign"), expected);
    for name in [
        "rsa_public_bom.pem",
        "rsa_public_bom_crlf.pem",
        "rsa_public_b64_lines.txt",
    ] {
        let verifier = RsaVerifier::from_any(file(name), SignAlgorithm::Rsa2)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        verifier.verify(&message, &expected).expect(name);
    }
}

#[test]
fn der_keys_are_read_exactly() {
    // DER is binary and never trimmed: this TEST key's DER ends in byte 0x20 (a space).
    let der = file("rsa_private_der_ends_whitespace.der");
    assert_eq!(der.last(), Some(&b' '));
    let signer = RsaSigner::from_any(&der, SignAlgorithm::Rsa2).expect("DER ending in 0x20");
    let message = file("message.txt");
    let signature = signer.sign(&message).expect("sign");
    signer
        .verifier()
        .verify(&message, &signature)
        .expect("own half verifies");
}
