//! Shared by the `intl_*` conformance tests: files, test keys, clients and the documented
//! samples' typed values.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use alipay_proto::intl::maintain::{
    self, OperationType, SellerInfo, SellerType, SiteInfo, SiteType,
};
use alipay_proto::intl::{Client, Config, PaymentScene, archive};
use alipay_proto::sign::{RsaSigner, RsaVerifier, SignAlgorithm};
use serde_json::value::RawValue;
use time::OffsetDateTime;
use time::macros::datetime;

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

/// A documented sample or its repair: `samples/intl/<name>.json`.
pub fn sample(name: &str) -> String {
    text(&format!("samples/intl/{name}.json"))
}

/// A sample parsed as JSON.
pub fn sample_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&sample(name)).expect("sample is JSON")
}

/// The TEST signer (checked-in key) for `algorithm`.
pub fn signer(algorithm: SignAlgorithm) -> RsaSigner {
    RsaSigner::from_any(
        text("../testdata/keys/rsa_test_private_pkcs8.pem"),
        algorithm,
    )
    .expect("test key")
}

/// The TEST verifier (public half of the test key) for `algorithm`.
pub fn verifier(algorithm: SignAlgorithm) -> RsaVerifier {
    RsaVerifier::from_any(text("../testdata/keys/rsa_test_public.pem"), algorithm)
        .expect("test key")
}

/// A client signing and verifying with the test key.
pub fn client(client_id: &str, algorithm: SignAlgorithm) -> Client {
    let config = Config::new(
        client_id,
        Box::new(signer(algorithm)),
        Box::new(verifier(algorithm)),
    );
    Client::new(config).expect("valid config")
}

/// Seed 001: clientId, reqTime and reqMsgId of the sample request.
pub const MAINTAIN_CLIENT_ID: &str = "385XPU2C2Y0GBK03";
/// Seed 001's reqMsgId.
pub const MAINTAIN_MSG_ID: &str = "332111111111";
/// Seed 001's reqTime, 2019-03-11T00:00:00+00:00.
pub const MAINTAIN_TIME: OffsetDateTime = datetime!(2019-03-11 00:00:00 +00:00);
/// The repair of seed 001's placeholder merchantId `$!{merchantId}`.
pub const MAINTAIN_MERCHANT_ID: &str = "211020000000002999";

/// Seed 004: clientId of the sample request.
pub const ARCHIVE_CLIENT_ID: &str = "2014000014442";
/// Seed 004's reqMsgId.
pub const ARCHIVE_MSG_ID: &str = "1234567asdfasdf1123fda";
/// Seed 004's reqTime, 2001-07-04T12:08:56+05:30.
pub const ARCHIVE_TIME: OffsetDateTime = datetime!(2001-07-04 12:08:56 +05:30);

/// Seed 001's sample request body as typed values (ADD, ENTERPRISE, a WEB and an APP site).
pub fn maintain_request() -> maintain::Request {
    let sites = vec![
        SiteInfo::new(SiteType::Web, "https://yoka.com").with_site_name("websit"),
        SiteInfo::new(SiteType::App, "https://app.yoka.com").with_site_name("websit"),
    ];
    let seller = SellerInfo::new(
        "yoka_global_m1",
        "Alipay (China) Network Technology Co., Ltd",
        "4111",
        PaymentScene::Online,
        SellerType::Enterprise,
        "CN",
        "Lujiazui, Pudong, Shanghai",
    )
    .with_site_infos(sites)
    .with_registration_no("83720154037071")
    .with_shareholder_name("Zhangsan")
    .with_shareholder_id("69833444422")
    .with_settlement_no("1551263547569833")
    .with_contact_no("086+13001720000")
    .with_contact_email("Zhangsan@alipay.com")
    .with_customer_service_no("086+13701720000")
    .with_customer_service_email("test@alipay.com");
    maintain::Request::new(MAINTAIN_MERCHANT_ID, OperationType::Add, seller)
}

/// Seed 004's sample request body as typed values.
pub fn archive_request() -> archive::Request {
    archive::Request::new("21020000001")
        .with_seller_id("83410102")
        .with_store_id("83401020001")
        .with_payment_scene(PaymentScene::Online)
}

/// The text of the top-level member `key` of a JSON object text, exactly as written.
pub fn member_text(text: &str, key: &str) -> String {
    let members: BTreeMap<String, Box<RawValue>> = serde_json::from_str(text).expect("envelope");
    members.get(key).expect("member present").get().to_owned()
}
