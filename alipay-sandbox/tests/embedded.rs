//! The sandbox used exactly as a user's integration test would use it (the README shows this
//! test): start it, point the clients at it with its TEST keys, send over real HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use alipay_proto::charset::Charset;
use alipay_proto::intl::{self, archive::Archive};
use alipay_proto::overseas::query_status::{self, MerchantStatus, PaymentMethod, QueryStatus};
use alipay_proto::overseas::{self, offline_maintain::OfflineMaintain};
use alipay_proto::sign::{Md5Key, RsaSigner, RsaVerifier, SignAlgorithm};
use alipay_proto_tests::samples;
use alipay_sandbox::{Sandbox, TEST_PRIVATE_KEY_PEM, TEST_PUBLIC_KEY_PEM};
use time::OffsetDateTime;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn get(url: &str) -> Result<Vec<u8>> {
    Ok(ureq::get(url).call()?.body_mut().read_to_vec()?)
}

#[test]
fn my_integration_registers_a_store_and_reads_its_status() -> Result {
    let sandbox = Sandbox::start()?;
    let settings = sandbox.settings();
    let md5 = || Md5Key::new(&settings.md5_key);
    let client = overseas::Client::new(
        overseas::Config::new(&settings.partner, Charset::Utf8).with_gateway(sandbox.gateway_url()),
        Box::new(md5()?),
        Box::new(md5()?),
    );

    // The documented store, with the representative the review requires of an INDIVIDUAL
    // merchant and without the shareholder fields it allows only for an ENTERPRISE.
    let mut store = samples::store_request()
        .with_representative_name("Mika Li")
        .with_representative_id("G1234567");
    store.shareholder_name = None;
    store.shareholder_id = None;
    let now = OffsetDateTime::now_utc();
    let prepared = client.prepare::<OfflineMaintain>(&store, now)?;
    let reply = client.decode::<OfflineMaintain>(&get(&prepared.get_url())?)?;
    assert!(reply.is_success());

    let query = query_status::Request::new(query_status::RequestRequired {
        secondary_merchant_id: "1314520".into(),
        payment_method: PaymentMethod::InstorePayment,
    })
    .with_store_id("1993");
    let prepared = client.prepare::<QueryStatus>(&query, now)?;
    let reply = client.decode::<QueryStatus>(&get(&prepared.get_url())?)?;
    let status = reply.payload.map(|payload| payload.status);
    assert_eq!(status, Some(MerchantStatus::Success)); // --review-seconds 0: decided at once

    Ok(())
}

#[test]
fn my_integration_archives_an_intl_merchant() -> Result {
    let sandbox = Sandbox::start()?;
    let settings = sandbox.settings();
    let config = intl::Config::new(
        &settings.client_id,
        Box::new(RsaSigner::from_any(
            TEST_PRIVATE_KEY_PEM,
            SignAlgorithm::Rsa2,
        )?),
        Box::new(RsaVerifier::from_any(
            TEST_PUBLIC_KEY_PEM,
            SignAlgorithm::Rsa2,
        )?),
    )
    .with_endpoint(sandbox.intl_endpoint());
    let client = intl::Client::new(config)?;
    let now = OffsetDateTime::now_utc();

    let prepared =
        client.prepare::<intl::maintain::Maintain>(&samples::maintain_request(), now, "msg-1")?;
    let (request, expected) = prepared.into_parts();
    let body = ureq::Agent::new_with_defaults()
        .run(request)?
        .body_mut()
        .read_to_vec()?;
    let reply = client.decode::<intl::maintain::Maintain>(&body, &expected)?;
    assert!(reply.is_success());

    let mut archive = samples::archive_request();
    archive.merchant_id = samples::MAINTAIN_MERCHANT_ID.to_owned();
    let (request, expected) = client
        .prepare::<Archive>(&archive, now, "msg-2")?
        .into_parts();
    let body = ureq::Agent::new_with_defaults()
        .run(request)?
        .body_mut()
        .read_to_vec()?;
    assert!(client.decode::<Archive>(&body, &expected)?.is_success());
    Ok(())
}
