//! The merchant's own public key configured as Alipay's: both families refuse the client when
//! it is built (`ConfigError::OwnKeyAsAlipays`), for RSA and RSA2 and whichever form the keys
//! are read from, and accept the right configuration: the merchant's private key with Alipay's
//! public key (`testdata/keys/rsa_test_alipay_public.pem`, a distinct pair; see
//! `testdata/keys/README.md` for the openssl commands that made both pairs).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use alipay_proto::charset::Charset;
use alipay_proto::intl;
use alipay_proto::overseas::{self, ConfigError};
use alipay_proto::sign::{
    Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, SignError, Signer, Verifier,
};
use alipay_proto_tests::{files, keys};

const PARTNER: &str = "2088101142878662";
const CLIENT_ID: &str = "2014000014442";

fn key(name: &str) -> Vec<u8> {
    files::bytes(&format!("testdata/keys/{name}"))
}

/// Every form the merchant's private key is kept in (`testdata/keys/README.md`).
const PRIVATE_FORMS: [&str; 6] = [
    "rsa_test_private_pkcs8.pem",
    "rsa_test_private_pkcs1.pem",
    "rsa_test_private_pkcs8.der",
    "rsa_test_private_pkcs1.der",
    "rsa_test_private_pkcs8.b64",
    "rsa_test_private_pkcs1.b64",
];

/// Every form its public half is kept in.
const PUBLIC_FORMS: [&str; 4] = [
    "rsa_test_public.pem",
    "rsa_test_public_pkcs1.pem",
    "rsa_test_public.der",
    "rsa_test_public.b64",
];

const RSA_ALGORITHMS: [SignAlgorithm; 2] = [SignAlgorithm::Rsa, SignAlgorithm::Rsa2];

fn overseas_client(
    private: &[u8],
    public: &[u8],
    algorithm: SignAlgorithm,
) -> Result<overseas::Client, ConfigError> {
    overseas::Client::new(
        overseas::Config::new(PARTNER, Charset::Utf8),
        Box::new(RsaSigner::from_any(private, algorithm).expect("private key")),
        Box::new(RsaVerifier::from_any(public, algorithm).expect("public key")),
    )
}

fn intl_client(
    private: &[u8],
    public: &[u8],
    algorithm: SignAlgorithm,
) -> Result<intl::Client, ConfigError> {
    intl::Client::new(
        intl::Config::new(CLIENT_ID),
        Box::new(RsaSigner::from_any(private, algorithm).expect("private key")),
        Box::new(RsaVerifier::from_any(public, algorithm).expect("public key")),
    )
}

#[test]
fn one_pair_in_both_places_is_refused_in_both_families() {
    let mut refused = 0;
    for algorithm in RSA_ALGORITHMS {
        for private in PRIVATE_FORMS {
            for public in PUBLIC_FORMS {
                let (private_key, public_key) = (key(private), key(public));
                let expected = ConfigError::OwnKeyAsAlipays { algorithm };
                let case = format!("{algorithm} {private} + {public}");
                let overseas = overseas_client(&private_key, &public_key, algorithm);
                assert_eq!(overseas.map(drop), Err(expected.clone()), "overseas {case}");
                let intl = intl_client(&private_key, &public_key, algorithm);
                assert_eq!(intl.map(drop), Err(expected), "intl {case}");
                refused += 2;
            }
        }
    }
    assert_eq!(refused, 2 * 2 * 6 * 4);
}

#[test]
fn the_merchants_key_with_alipays_public_key_is_accepted() {
    let alipay_public = key("rsa_test_alipay_public.pem");
    for algorithm in RSA_ALGORITHMS {
        for private in PRIVATE_FORMS {
            let private_key = key(private);
            let case = format!("{algorithm} {private}");
            overseas_client(&private_key, &alipay_public, algorithm)
                .unwrap_or_else(|e| panic!("overseas {case}: {e}"));
            intl_client(&private_key, &alipay_public, algorithm)
                .unwrap_or_else(|e| panic!("intl {case}: {e}"));
        }
    }
}

/// MD5 is one key shared with Alipay: the same key signs and verifies, by design.
#[test]
fn md5_shares_one_key_by_design() {
    let md5 = || Box::new(Md5Key::new(key("md5_test_key.txt")).expect("md5 key"));
    overseas::Client::new(overseas::Config::new(PARTNER, Charset::Utf8), md5(), md5())
        .expect("MD5: one shared key");
}

/// What the refusal prevents: a reply signed by Alipay's key fails against the merchant's own
/// public key, and passes against Alipay's. The error says what is wrong and what to do, and
/// holds no key.
#[test]
fn the_error_names_the_mistake() {
    let message = b"is_success=T";
    let signature = keys::alipay_rsa_signer(SignAlgorithm::Rsa2)
        .sign(message)
        .expect("signs");
    assert_eq!(
        keys::rsa_verifier(SignAlgorithm::Rsa2).verify(message, &signature),
        Err(SignError::Mismatch)
    );
    assert_eq!(
        keys::alipay_rsa_verifier(SignAlgorithm::Rsa2).verify(message, &signature),
        Ok(())
    );

    let error = intl_client(
        &key("rsa_test_private_pkcs8.pem"),
        &key("rsa_test_public.pem"),
        SignAlgorithm::Rsa2,
    )
    .unwrap_err();
    let text = error.to_string();
    for part in ["RSA2", "merchant's public key", "Alipay's public key"] {
        assert!(text.contains(part), "{part:?} in {text:?}");
    }
    assert!(std::error::Error::source(&error).is_none());
    let public = String::from_utf8(key("rsa_test_public.pem")).expect("PEM");
    let body_line = public.lines().nth(1).expect("a body line");
    assert!(!format!("{text}{error:?}").contains(body_line));
}
