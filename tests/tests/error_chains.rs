//! Errors keep their typed cause as `source()` and never print it twice: each level's
//! `Display` says only what happened at that level, and the cause is one `source()` away.

use std::error::Error;

use alipay_proto::charset::Charset;
use alipay_proto::overseas::query_status::QueryStatus;
use alipay_proto::overseas::{self, DecodeErrorKind, LeafError, PrepareError};
use alipay_proto::sign::{KeyPair, SignAlgorithm, SignError};
use alipay_proto_tests::keys::{rsa_signer, rsa_verifier, signer, verifier};
use alipay_proto_tests::samples::{self, PARTNER};

/// The error has a cause, and its own text does not repeat the cause's.
fn cause_once(error: &dyn Error) -> &(dyn Error + 'static) {
    let cause = error.source().expect("the cause is the source");
    let (own, caused) = (error.to_string(), cause.to_string());
    assert!(
        !own.contains(&caused),
        "`{own}` repeats its cause `{caused}`"
    );
    cause
}

fn client(gateway: &str) -> overseas::Client {
    overseas::Client::new(
        overseas::Config::new(PARTNER, Charset::Utf8).with_gateway(gateway),
        signer("MD5"),
        verifier("MD5"),
    )
    .expect("config")
}

#[test]
fn a_gateway_url_that_is_no_uri_keeps_the_uri_error() {
    let error = client("https://gateway.example/a b")
        .prepare::<QueryStatus>(&samples::query_request(), samples::DOC_TIME)
        .expect_err("a space is no URI");
    assert!(matches!(error, PrepareError::Url { .. }), "{error:?}");
    let cause = cause_once(&error);
    assert!(cause.is::<alipay_proto::http::uri::InvalidUri>(), "{cause}");
}

#[test]
fn a_clock_gmt8_cannot_express_says_which_time() {
    let end_of_time = time::PrimitiveDateTime::MAX.assume_utc();
    let error = client(overseas::PRODUCTION_GATEWAY)
        .prepare::<QueryStatus>(&samples::query_request(), end_of_time)
        .expect_err("no GMT+8 time");
    assert!(matches!(
        error,
        PrepareError::Timestamp { source: None, .. }
    ));
    let text = error.to_string();
    assert!(
        text.starts_with("timestamp 9999-12-31 23:59:59.999999999 +00:00:00 "),
        "{text}"
    );
    assert!(text.contains("yyyy-MM-dd HH:mm:ss in GMT+8"), "{text}");
}

#[test]
fn a_payload_error_is_the_typed_leaf_error() {
    let xml = "<alipay><is_success>T</is_success><response><alipay><store_id>1</store_id>\
               </alipay></response></alipay>";
    let client = overseas::Client::without_reply_verification(
        overseas::Config::new(PARTNER, Charset::Utf8),
        signer("MD5"),
    );
    let error = client
        .decode::<QueryStatus>(xml.as_bytes())
        .expect_err("no status");
    assert!(
        matches!(&error.kind, DecodeErrorKind::Payload(_)),
        "{error}"
    );
    let cause = cause_once(&error.kind);
    let leaf = cause.downcast_ref::<LeafError>().expect("a LeafError");
    assert_eq!(leaf.to_string(), "missing field `status`");
    assert_eq!(
        error.to_string(),
        format!(
            "reply payload does not match the service's reply type (at byte offset {})",
            xml.find("<alipay><store_id>").expect("inner")
        )
    );
}

#[test]
fn a_bad_reply_signature_keeps_the_sign_error_as_source() {
    let client = client(overseas::PRODUCTION_GATEWAY);
    let xml = "<alipay><is_success>T</is_success><response><alipay><status>SUCCESS</status>\
               </alipay></response><sign>0123456789abcdef0123456789abcdef</sign>\
               <sign_type>MD5</sign_type></alipay>";
    let error = client
        .decode::<QueryStatus>(xml.as_bytes())
        .expect_err("the signature is made up");
    assert!(
        matches!(&error.kind, DecodeErrorKind::BadSignature { .. }),
        "{error:?}"
    );
    let cause = cause_once(&error.kind);
    assert_eq!(
        cause.downcast_ref::<SignError>(),
        Some(&SignError::Mismatch)
    );
    assert_eq!(error.kind.to_string(), "reply signature does not verify");
}

#[test]
fn signing_failures_are_one_source_away() {
    let error = PrepareError::Sign(SignError::Mismatch);
    assert_eq!(error.to_string(), "signing failed");
    cause_once(&error);
    let error = alipay_proto::intl::EnvelopeError::Sign(SignError::Mismatch);
    assert_eq!(error.to_string(), "signing failed");
    cause_once(&error);
}

/// A gateway with no key for an algorithm says so, and a key pair of two algorithms names
/// both, instead of "cannot be used with an RSA key".
#[test]
fn missing_keys_and_mismatched_pairs_say_so() {
    assert_eq!(
        SignError::NoKey {
            algorithm: SignAlgorithm::Rsa2
        }
        .to_string(),
        "no RSA2 key is configured"
    );
    let mismatched = KeyPair::new(
        Box::new(rsa_verifier(SignAlgorithm::Rsa)),
        Box::new(rsa_signer(SignAlgorithm::Rsa2)),
    )
    .expect_err("two algorithms");
    assert_eq!(
        mismatched,
        SignError::KeyPairMismatch {
            verifier: SignAlgorithm::Rsa,
            signer: SignAlgorithm::Rsa2
        }
    );
    assert_eq!(
        mismatched.to_string(),
        "the verifier uses RSA but the signer RSA2: a key pair uses one algorithm"
    );
}
