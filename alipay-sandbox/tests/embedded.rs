//! The sandbox used exactly as a user's integration test would use it (the README shows this
//! test): start it, point the clients at it with its TEST keys, send over real HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use alipay_proto::charset::Charset;
use alipay_proto::intl::{self, archive::Archive};
use alipay_proto::overseas::query_status::{self, MerchantStatus, PaymentMethod, QueryStatus};
use alipay_proto::overseas::{self, offline_maintain::OfflineMaintain};
use alipay_proto::sign::{Md5Key, RsaSigner, RsaVerifier, SignAlgorithm};
use alipay_proto_tests::samples;
use alipay_sandbox::{Sandbox, TEST_ALIPAY_PUBLIC_KEY_PEM, TEST_PRIVATE_KEY_PEM};
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
    )?;

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
    let config = intl::Config::new(&settings.client_id).with_endpoint(sandbox.intl_endpoint());
    let client = intl::Client::new(
        config,
        Box::new(RsaSigner::from_any(
            TEST_PRIVATE_KEY_PEM,
            SignAlgorithm::Rsa2,
        )?),
        Box::new(RsaVerifier::from_any(
            TEST_ALIPAY_PUBLIC_KEY_PEM,
            SignAlgorithm::Rsa2,
        )?),
    )?;
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

/// The sandbox signs replies with its own TEST "Alipay" key, as Alipay does: a client given the
/// merchant's own public key as Alipay's cannot be built (in both families), so the mistake
/// shows here instead of as "signature does not verify" after a call took effect; with
/// `TEST_ALIPAY_PUBLIC_KEY_PEM` the same requests go through and their replies verify.
#[test]
fn my_own_public_key_as_alipays_is_refused_and_alipays_works() -> Result {
    use alipay_proto::overseas::{ConfigError, RawReply, SignatureStatus, check_reply};
    use alipay_proto::sign::SignError;
    use alipay_sandbox::TEST_PUBLIC_KEY_PEM;

    let sandbox = Sandbox::start()?;
    let settings = sandbox.settings();
    let signer = || RsaSigner::from_any(TEST_PRIVATE_KEY_PEM, SignAlgorithm::Rsa2);
    let verifier = |pem: &str| RsaVerifier::from_any(pem, SignAlgorithm::Rsa2);
    let overseas_config = || {
        overseas::Config::new(&settings.partner, Charset::Utf8).with_gateway(sandbox.gateway_url())
    };
    let mistake = ConfigError::OwnKeyAsAlipays {
        algorithm: SignAlgorithm::Rsa2,
    };

    // The merchant's own public key where Alipay's belongs: refused in both families.
    let own = overseas::Client::new(
        overseas_config(),
        Box::new(signer()?),
        Box::new(verifier(TEST_PUBLIC_KEY_PEM)?),
    );
    assert_eq!(own.map(drop), Err(mistake.clone()));
    let own = intl::Client::new(
        intl::Config::new(&settings.client_id).with_endpoint(sandbox.intl_endpoint()),
        Box::new(signer()?),
        Box::new(verifier(TEST_PUBLIC_KEY_PEM)?),
    );
    assert_eq!(own.map(drop), Err(mistake));

    // Alipay's public key: the request is accepted and its signed reply verifies.
    let client = overseas::Client::new(
        overseas_config(),
        Box::new(signer()?),
        Box::new(verifier(TEST_ALIPAY_PUBLIC_KEY_PEM)?),
    )?;
    let query = samples::query_request();
    let prepared = client.prepare::<QueryStatus>(&query, OffsetDateTime::now_utc())?;
    let body = get(&prepared.get_url())?;
    let reply = client.decode::<QueryStatus>(&body)?;
    assert_eq!(
        reply.signature,
        SignatureStatus::Verified(SignAlgorithm::Rsa2)
    );
    // The same reply against the merchant's own public key: what the refusal spares.
    let raw = RawReply::parse(&body, Default::default())?;
    let own_key = verifier(TEST_PUBLIC_KEY_PEM)?;
    let error = check_reply(&raw, Some(&own_key)).unwrap_err();
    assert!(
        matches!(
            error.kind,
            overseas::DecodeErrorKind::BadSignature {
                source: SignError::Mismatch,
                ..
            }
        ),
        "{error}"
    );

    let client = intl::Client::new(
        intl::Config::new(&settings.client_id).with_endpoint(sandbox.intl_endpoint()),
        Box::new(signer()?),
        Box::new(verifier(TEST_ALIPAY_PUBLIC_KEY_PEM)?),
    )?;
    let (request, expected) = client
        .prepare::<intl::maintain::Maintain>(
            &samples::maintain_request(),
            OffsetDateTime::now_utc(),
            "own-key-1",
        )?
        .into_parts();
    let body = ureq::Agent::new_with_defaults()
        .run(request)?
        .body_mut()
        .read_to_vec()?;
    client.decode::<intl::maintain::Maintain>(&body, &expected)?;
    Ok(())
}

/// A sandbox acting as AlipayHK (`Settings::profile`, the CLI's `--profile alipayhk`) serves a
/// 2160 partner (docs.alipay.hk/alipayhkdocs/hk/hkapi/offline_maintain: "begins with 2088 or
/// 2160") over RSA2 and refuses MD5 ("RSA and RSA2 are supported") with ILLEGAL_SIGN_TYPE.
#[test]
fn an_alipayhk_sandbox_serves_a_2160_partner_over_rsa2_only() -> Result {
    use alipay_proto::overseas::{Profile, SignatureStatus};
    use alipay_sandbox::Settings;

    let mut settings = Settings::default();
    settings.partner = "2160101142878662".to_owned();
    settings.profile = Profile::AlipayHk;
    let sandbox = Sandbox::start_with(settings)?;
    let config = || {
        overseas::Config::new("2160101142878662", Charset::Utf8)
            .with_profile(Profile::AlipayHk)
            .with_gateway(sandbox.gateway_url())
    };
    let client = overseas::Client::new(
        config(),
        Box::new(RsaSigner::from_any(
            TEST_PRIVATE_KEY_PEM,
            SignAlgorithm::Rsa2,
        )?),
        Box::new(RsaVerifier::from_any(
            TEST_ALIPAY_PUBLIC_KEY_PEM,
            SignAlgorithm::Rsa2,
        )?),
    )?;
    let query = samples::query_request();
    let prepared = client.prepare::<QueryStatus>(&query, OffsetDateTime::now_utc())?;
    let reply = client.decode::<QueryStatus>(&get(&prepared.get_url())?)?;
    assert_eq!(
        reply.signature,
        SignatureStatus::Verified(SignAlgorithm::Rsa2)
    );
    assert_ne!(reply.basic.error.as_deref(), Some("ILLEGAL_PARTNER"));

    // MD5 cannot be configured on an AlipayHK client; signed anyway (a client without the
    // profile, same partner), the sandbox refuses it.
    let md5 = || Md5Key::new(&sandbox.settings().md5_key);
    let md5_client = overseas::Client::without_reply_verification(
        overseas::Config::new("2160101142878662", Charset::Utf8)
            .with_gateway(sandbox.gateway_url()),
        Box::new(md5()?),
    );
    let prepared =
        md5_client.prepare_unchecked::<QueryStatus>(&query, OffsetDateTime::now_utc())?;
    let reply = md5_client.decode::<QueryStatus>(&get(&prepared.get_url())?)?;
    assert_eq!(reply.basic.error.as_deref(), Some("ILLEGAL_SIGN_TYPE"));
    Ok(())
}
