//! The intl family end to end, with the TEST key (never use it against Alipay):
//! prepares the documented `maintain` (ADD with two sites) and `archive` requests of seeds 001
//! and 004, prints them, and decodes the documented replies (re-signed with the test key).
//!
//! `cargo run -p alipay-proto --example intl`

use std::error::Error;
use std::path::PathBuf;

use alipay_proto::Service;
use alipay_proto::intl::archive::{self, Archive};
use alipay_proto::intl::maintain::{
    self, Maintain, OperationType, SellerInfo, SellerType, SiteInfo, SiteType,
};
use alipay_proto::intl::{Client, Config, Outcome, PaymentScene, Prepared, ReplyOf};
use alipay_proto::sign::{RsaSigner, RsaVerifier, SignAlgorithm};
use alipay_proto::validate::WireEnum;
use time::macros::datetime;

fn workspace_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

fn read(relative: &str) -> Result<Vec<u8>, Box<dyn Error>> {
    let path = workspace_file(relative);
    std::fs::read(&path).map_err(|error| format!("{}: {error}", path.display()).into())
}

/// A client signing with the test key; Alipay's public key would be the verifier in real use.
fn client(client_id: &str) -> Result<Client, Box<dyn Error>> {
    let private = read("testdata/keys/rsa_test_private_pkcs8.pem")?;
    let public = read("testdata/keys/rsa_test_public.pem")?;
    let config = Config::new(
        client_id,
        Box::new(RsaSigner::from_any(private, SignAlgorithm::Rsa2)?),
        Box::new(RsaVerifier::from_any(public, SignAlgorithm::Rsa2)?),
    );
    Ok(Client::new(config)?)
}

/// Seed 001's sample body (its `$!{merchantId}` placeholder filled in).
fn maintain_request() -> maintain::Request {
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
    maintain::Request::new("211020000000002999", OperationType::Add, seller)
}

/// Seed 004's sample body.
fn archive_request() -> archive::Request {
    archive::Request::new("21020000001")
        .with_seller_id("83410102")
        .with_store_id("83401020001")
        .with_payment_scene(PaymentScene::Online)
}

fn print_prepared(prepared: &Prepared) {
    let http = prepared.http_request();
    println!("{} {}", http.method(), http.uri());
    for (name, value) in http.headers() {
        println!("{name}: {}", value.to_str().unwrap_or("<binary>"));
    }
    println!("signed text: {}", prepared.request_text());
    println!("body: {}", prepared.body_text());
    for warning in prepared.warnings() {
        println!("warning: {warning}");
    }
    println!();
}

fn print_reply<S: Service>(reply: &ReplyOf<S>)
where
    S::BusinessError: WireEnum,
{
    let info = &reply.result_info;
    print!("{} reply {}: ", reply.head.function, reply.head.req_msg_id);
    match &reply.outcome {
        Outcome::Success => println!("success ({})", info.result_code),
        Outcome::Failure(error) => println!("failed: {} {:?}", error.code.as_str(), error.message),
        Outcome::Unknown(error) => println!("unknown, query or retry: {}", error.code.as_str()),
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let maintain = client("385XPU2C2Y0GBK03")?;
    let prepared = maintain.prepare::<Maintain>(
        &maintain_request(),
        datetime!(2019-03-11 00:00:00 +00:00),
        "332111111111",
    )?;
    print_prepared(&prepared);
    let reply_bytes = read("tests/samples/intl/001_reply.resigned.json")?;
    let reply = maintain.decode::<Maintain>(&reply_bytes, prepared.expected())?;
    print_reply::<Maintain>(&reply);

    let archive = client("2014000014442")?;
    let prepared = archive.prepare::<Archive>(
        &archive_request(),
        datetime!(2001-07-04 12:08:56 +05:30),
        "1234567asdfasdf1123fda",
    )?;
    print_prepared(&prepared);
    let reply_bytes = read("tests/samples/intl/004_reply.resigned.json")?;
    let reply = archive.decode::<Archive>(&reply_bytes, prepared.expected())?;
    print_reply::<Archive>(&reply);
    Ok(())
}
