//! The intl family end to end, with the TEST key (never use it against Alipay):
//! prepares the documented `maintain` (ADD with two sites) and `archive` requests of seeds 001
//! and 004, prints them, and decodes the documented replies (re-signed with the test key).
//!
//! `cargo run -p alipay-proto --example intl`

use std::error::Error;
use std::path::PathBuf;

use alipay_proto::intl::archive::{self, Archive};
use alipay_proto::intl::maintain::{
    self, Maintain, OperationType, SellerInfo, SellerInfoRequired, SellerType, SiteInfo,
    SiteInfoRequired, SiteType,
};
use alipay_proto::intl::{Client, Config, PaymentScene, Prepared, Reply};
use alipay_proto::outcome::Outcome;
use alipay_proto::service::{Intl, Service};
use alipay_proto::sign::{RsaSigner, RsaVerifier, SignAlgorithm};
use alipay_proto::time::macros::datetime;

fn workspace_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

fn read(relative: &str) -> Result<Vec<u8>, Box<dyn Error>> {
    let path = workspace_file(relative);
    std::fs::read(&path).map_err(|error| format!("{}: {error}", path.display()).into())
}

/// A client signing with the merchant's TEST key and verifying replies with the TEST Alipay
/// public key (the re-signed samples are signed with its private half). The merchant's own
/// public key in its place would be refused.
fn client(client_id: &str) -> Result<Client, Box<dyn Error>> {
    let private = read("testdata/keys/rsa_test_private_pkcs8.pem")?;
    let public = read("testdata/keys/rsa_test_alipay_public.pem")?;
    let config = Config::new(client_id);
    Ok(Client::new(
        config,
        Box::new(RsaSigner::from_any(private, SignAlgorithm::Rsa2)?),
        Box::new(RsaVerifier::from_any(public, SignAlgorithm::Rsa2)?),
    )?)
}

/// Seed 001's sample body (its `$!{merchantId}` placeholder filled in).
fn maintain_request() -> maintain::Request {
    let site = |site_type, site_url: &str| {
        SiteInfo::new(SiteInfoRequired {
            site_type,
            site_url: site_url.into(),
        })
        .with_site_name("websit")
    };
    let sites = vec![
        site(SiteType::Web, "https://yoka.com"),
        site(SiteType::App, "https://app.yoka.com"),
    ];
    let seller = SellerInfo::new(SellerInfoRequired {
        seller_id: "yoka_global_m1".into(),
        seller_name: "Alipay (China) Network Technology Co., Ltd".into(),
        seller_mcc: "4111".into(),
        payment_scene: PaymentScene::Online,
        seller_type: SellerType::Enterprise,
        registration_country: "CN".into(),
        registration_address: "Lujiazui, Pudong, Shanghai".into(),
    })
    .with_site_infos(sites)
    .with_registration_no("83720154037071")
    .with_shareholder_name("Zhangsan")
    .with_shareholder_id("69833444422")
    .with_settlement_no("1551263547569833")
    .with_contact_no("086+13001720000")
    .with_contact_email("Zhangsan@alipay.com")
    .with_customer_service_no("086+13701720000")
    .with_customer_service_email("test@alipay.com");
    maintain::Request::new(maintain::RequestRequired {
        merchant_id: "211020000000002999".into(),
        operation_type: OperationType::Add,
        seller_info: seller,
    })
}

/// Seed 004's sample body.
fn archive_request() -> archive::Request {
    archive::Request::new(archive::RequestRequired {
        merchant_id: "21020000001".into(),
    })
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

fn print_reply<S: Service<Family = Intl>>(reply: Reply<S>) {
    print!("{} reply {}: ", reply.head.function, reply.head.req_msg_id);
    let code = reply.result_info.result_code.clone();
    match reply.into_outcome() {
        Outcome::Success(_) => println!("success ({code})"),
        Outcome::Failed(fault) => println!("failed: {fault}"),
        Outcome::Unknown(fault) => println!("unknown, query or retry: {fault}"),
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
    let reply_bytes = read("testdata/samples/intl/001_reply.resigned.json")?;
    let reply = maintain.decode::<Maintain>(&reply_bytes, prepared.expected())?;
    print_reply(reply);

    let archive = client("2014000014442")?;
    let prepared = archive.prepare::<Archive>(
        &archive_request(),
        datetime!(2001-07-04 12:08:56 +05:30),
        "1234567asdfasdf1123fda",
    )?;
    print_prepared(&prepared);
    let reply_bytes = read("testdata/samples/intl/004_reply.resigned.json")?;
    let reply = archive.decode::<Archive>(&reply_bytes, prepared.expected())?;
    print_reply(reply);
    Ok(())
}
