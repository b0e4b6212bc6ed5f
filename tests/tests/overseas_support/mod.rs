//! Shared by the `overseas_*` conformance tests: files, test keys, clients and clocks.
// Each test binary includes this module and uses a different part of it.
#![allow(dead_code, unused_imports)]

use alipay_proto::charset::Charset;
use alipay_proto::overseas::{Client, Config};
pub use alipay_proto_tests::files::{bytes, path, text};
pub use alipay_proto_tests::keys::{
    alipay_rsa_signer, alipay_rsa_verifier, alipay_signer, alipay_verifier, md5_key, rsa_signer,
    rsa_verifier, signer, verifier,
};
pub use alipay_proto_tests::samples::{
    DOC_PARTNER, DOC_TIMESTAMP, PARTNER, query_request, store_request, taxi_request,
};
use time::macros::{format_description, offset};
use time::{OffsetDateTime, PrimitiveDateTime};

/// A documented sample or its repair: `testdata/samples/overseas/<name>`.
pub fn sample(name: &str) -> String {
    text(&format!("testdata/samples/overseas/{name}"))
}

/// A client for `partner` in `charset` signing with the merchant's test key of `sign_type` and
/// verifying replies with Alipay's (the shared key for MD5).
pub fn client(partner: &str, charset: Charset, sign_type: &str) -> Client {
    Client::new(
        Config::new(partner, charset),
        signer(sign_type),
        alipay_verifier(sign_type),
    )
    .expect("config")
}

/// A UTF-8 client for [`PARTNER`] that verifies replies with Alipay's test key of `sign_type`.
pub fn verifying_client(sign_type: &str) -> Client {
    client(PARTNER, Charset::Utf8, sign_type)
}

/// The instant a GMT+8 `yyyy-MM-dd HH:mm:ss` timestamp names.
pub fn clock(gmt8: &str) -> OffsetDateTime {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    PrimitiveDateTime::parse(gmt8, format)
        .expect("timestamp")
        .assume_offset(offset!(+8))
}

/// `name=value` lines as pairs (split at the first `=`).
pub fn pairs(lines: &str) -> Vec<(String, String)> {
    lines
        .lines()
        .map(|line| {
            let (k, v) = line.split_once('=').expect("name=value");
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

/// The value of `name` in `pairs`.
pub fn value<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name}"))
}
