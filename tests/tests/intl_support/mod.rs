//! Shared by the `intl_*` conformance tests: files, test keys, clients and the documented
//! samples' typed values.
// Each test binary includes this module and uses a different part of it.
#![allow(dead_code, unused_imports)]

use std::collections::BTreeMap;

use alipay_proto::intl::{Client, Config};
use alipay_proto::sign::{RsaSigner, RsaVerifier, SignAlgorithm};
pub use alipay_proto_tests::files::{bytes, path, text};
pub use alipay_proto_tests::samples::{
    ARCHIVE_CLIENT_ID, ARCHIVE_MSG_ID, ARCHIVE_TIME, MAINTAIN_CLIENT_ID, MAINTAIN_MERCHANT_ID,
    MAINTAIN_MSG_ID, MAINTAIN_TIME, archive_request, intl_query_request, maintain_request,
};
use serde_json::value::RawValue;

/// The merchant's TEST signer (checked-in key) for `algorithm`: signs requests.
pub fn signer(algorithm: SignAlgorithm) -> RsaSigner {
    alipay_proto_tests::keys::rsa_signer(algorithm)
}

/// The merchant's TEST verifier (public half of the merchant's key) for `algorithm`: checks
/// requests.
pub fn verifier(algorithm: SignAlgorithm) -> RsaVerifier {
    alipay_proto_tests::keys::rsa_verifier(algorithm)
}

/// Alipay's TEST signer for `algorithm`: signs replies.
pub fn alipay_signer(algorithm: SignAlgorithm) -> RsaSigner {
    alipay_proto_tests::keys::alipay_rsa_signer(algorithm)
}

/// Alipay's TEST verifier for `algorithm`: a client checks replies with it.
pub fn alipay_verifier(algorithm: SignAlgorithm) -> RsaVerifier {
    alipay_proto_tests::keys::alipay_rsa_verifier(algorithm)
}

/// A documented sample or its repair: `testdata/samples/intl/<name>.json`.
pub fn sample(name: &str) -> String {
    text(&format!("testdata/samples/intl/{name}.json"))
}

/// A sample parsed as JSON.
pub fn sample_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&sample(name)).expect("sample is JSON")
}

/// A client signing with the merchant's test key and verifying replies with Alipay's.
pub fn client(client_id: &str, algorithm: SignAlgorithm) -> Client {
    let config = Config::new(client_id);
    Client::new(
        config,
        Box::new(signer(algorithm)),
        Box::new(alipay_verifier(algorithm)),
    )
    .expect("valid config")
}

/// The text of the top-level member `key` of a JSON object text, exactly as written.
pub fn member_text(text: &str, key: &str) -> String {
    let members: BTreeMap<String, Box<RawValue>> = serde_json::from_str(text).expect("envelope");
    members.get(key).expect("member present").get().to_owned()
}
