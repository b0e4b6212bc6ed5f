//! Shared by the `overseas_*` conformance tests: files, test keys, clients and clocks.
#![allow(dead_code)]

use std::fs;
use std::path::PathBuf;

use alipay_proto::charset::Charset;
use alipay_proto::overseas::{Client, Config};
use alipay_proto::sign::{Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, Signer, Verifier};
use time::macros::{format_description, offset};
use time::{OffsetDateTime, PrimitiveDateTime};

/// The partner the 002 table gives as its example (valid: 16 digits starting 2088).
pub const PARTNER: &str = "2088101142878662";
/// The partner as the 000 samples print it (masked, so it fails validation).
pub const DOC_PARTNER: &str = "208xxxxxxxxx8155";

/// A file of this crate (`samples/...`, `vectors/...`) or, with `../`, of the workspace.
pub fn path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The bytes of a file.
pub fn bytes(relative: &str) -> Vec<u8> {
    fs::read(path(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

/// The text of a file.
pub fn text(relative: &str) -> String {
    String::from_utf8(bytes(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

/// A documented sample or its repair: `samples/overseas/<name>`.
pub fn sample(name: &str) -> String {
    text(&format!("samples/overseas/{name}"))
}

/// The MD5 test key.
pub fn md5_key() -> Md5Key {
    Md5Key::new(bytes("../testdata/keys/md5_test_key.txt")).expect("md5 test key")
}

/// The RSA test private key for `algorithm` (RSA or RSA2).
pub fn rsa_signer(algorithm: SignAlgorithm) -> RsaSigner {
    RsaSigner::from_any(
        bytes("../testdata/keys/rsa_test_private_pkcs8.pem"),
        algorithm,
    )
    .expect("rsa test key")
}

/// The RSA test public key for `algorithm`.
pub fn rsa_verifier(algorithm: SignAlgorithm) -> RsaVerifier {
    RsaVerifier::from_any(bytes("../testdata/keys/rsa_test_public.pem"), algorithm)
        .expect("rsa test public key")
}

/// The test signer for a wire `sign_type`.
pub fn signer(sign_type: &str) -> Box<dyn Signer> {
    match SignAlgorithm::from_wire(sign_type).expect("known sign_type") {
        SignAlgorithm::Md5 => Box::new(md5_key()),
        algorithm => Box::new(rsa_signer(algorithm)),
    }
}

/// The test verifier for a wire `sign_type`.
pub fn verifier(sign_type: &str) -> Box<dyn Verifier> {
    match SignAlgorithm::from_wire(sign_type).expect("known sign_type") {
        SignAlgorithm::Md5 => Box::new(md5_key()),
        algorithm => Box::new(rsa_verifier(algorithm)),
    }
}

/// A client for `partner` in `charset` signing with the test key of `sign_type`.
pub fn client(partner: &str, charset: Charset, sign_type: &str) -> Client {
    Client::new(Config::new(partner, charset), signer(sign_type))
}

/// A client that also verifies replies with the test key of `sign_type`.
pub fn verifying_client(sign_type: &str) -> Client {
    client(PARTNER, Charset::Utf8, sign_type).with_verifier(verifier(sign_type))
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

/// The documented timestamp of the 000 samples.
pub const DOC_TIMESTAMP: &str = "2019-09-04 00:00:12";

/// Seed 000, "Request sample for a store to register": Mika's coffee shop, as documented.
pub fn store_request() -> alipay_proto::overseas::offline_maintain::Request {
    use alipay_proto::overseas::SecondaryMerchantType;
    use alipay_proto::overseas::offline_maintain::Request;
    let address = "3 Old Concord Rd, Burlington, MA 01803美国";
    Request::new(
        "Mika's coffee shop",
        "1314520",
        "1993",
        "Mika's coffee shop",
        "US",
        address,
        "5499",
        SecondaryMerchantType::Individual,
        "US",
        address,
    )
    .with_internal_store_photo("https://www.mikascoffee/img_321323.jpg")
    .with_external_storefront_photo("https://www.mikascoffee/img_321322.jpg")
    .with_registration_no("1314520")
    .with_shareholder_name("mika")
    .with_shareholder_id("342xxxxxxxxx0000")
    .with_contact_no("+8618688888888")
}

/// Seed 000, "Request sample for a taxi to register", as documented (masked phone kept).
pub fn taxi_request() -> alipay_proto::overseas::offline_maintain::Request {
    use alipay_proto::overseas::SecondaryMerchantType;
    use alipay_proto::overseas::offline_maintain::{Request, TaxiDriver};
    let address = "3 Old Concord Rd, Burlington, MA 01803";
    let drivers = vec![
        TaxiDriver::new("1000332", "Driver Li").with_contact_way("138xxxxx1232"),
        TaxiDriver::new("1000333", "Tom").with_contact_way("13888881232"),
    ];
    Request::new(
        "Mika's coffee shop",
        "1314520",
        "3344",
        "Mika's drive",
        "US",
        address,
        "4121",
        SecondaryMerchantType::Individual,
        "US",
        address,
    )
    .with_extend_params(drivers)
    .with_registration_no("1314520")
    .with_shareholder_name("mika")
    .with_shareholder_id("3428000000000000")
    .with_contact_no("+8618688888888")
}

/// Seed 003's request sample.
pub fn query_request() -> alipay_proto::overseas::query_status::Request {
    use alipay_proto::overseas::query_status::{PaymentMethod, Request};
    Request::new("1314520", PaymentMethod::InstorePayment).with_store_id("1993")
}
