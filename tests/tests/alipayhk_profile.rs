#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)
//! The AlipayHK profile of the overseas family. Its facts come from one page, the AlipayHK
//! version of offline.maintain, https://docs.alipay.hk/alipayhkdocs/hk/hkapi/offline_maintain
//! (read in December 2026): the production gateway
//! https://api-sea-global.alipayplus.com/gateway.do, a partner "composed of 16 digits and begins
//! with 2088 or 2160", and "Sign type. RSA and RSA2 are supported" (no MD5). The RSA2 reference
//! signature comes from openssl, with the command beside it.

mod overseas_support;

use alipay_proto::charset::Charset;
use alipay_proto::overseas::gateway::{Gateway, Refusal};
use alipay_proto::overseas::query_status::{PaymentMethod, QueryStatus, Request, RequestRequired};
use alipay_proto::overseas::{
    ALIPAYHK_GATEWAY, Client, Config, ConfigError, PRODUCTION_GATEWAY, PrepareError, Profile,
};
use alipay_proto::sign::{KeyPair, SignAlgorithm};
use alipay_proto::validate::{Reason, ValueClass};
use overseas_support::{
    PARTNER, alipay_rsa_signer, alipay_verifier, clock, md5_key, rsa_verifier, signer,
};

/// A partner ID of the form the AlipayHK page prints (example `2160*********662`), unmasked
/// with the digits of the test partner.
const HK_PARTNER: &str = "2160101142878662";

/// The online query of the page's sibling, the AlipayHK online_querystatus
/// (https://docs.alipay.hk/alipayhkdocs/hk/hkapi/online_querystatus): its example values.
fn query() -> Request {
    Request::new(RequestRequired {
        secondary_merchant_id: "MERCHANT_ID_0003".into(),
        payment_method: PaymentMethod::OnlinePayment,
    })
}

fn hk_client(partner: &str, sign_type: &str) -> Result<Client, ConfigError> {
    Client::new(
        Config::new(partner, Charset::Utf8).with_profile(Profile::AlipayHk),
        signer(sign_type),
        alipay_verifier(sign_type),
    )
}

#[test]
fn each_profile_fact_is_the_one_its_page_prints() {
    // https://docs.alipay.hk/alipayhkdocs/hk/hkapi/offline_maintain, Service address:
    // "https://api-sea-global.alipayplus.com/gateway.do".
    assert_eq!(
        Profile::AlipayHk.gateway(),
        "https://api-sea-global.alipayplus.com/gateway.do"
    );
    assert_eq!(Profile::AlipayHk.gateway(), ALIPAYHK_GATEWAY);
    // Same page, partner: "16 digits and begins with 2088 or 2160".
    assert_eq!(
        Profile::AlipayHk.partner_class(),
        ValueClass::PartnerAlipayHk
    );
    // Same page, sign_type: "RSA and RSA2 are supported".
    assert_eq!(Profile::AlipayHk.sign_types(), ["RSA", "RSA2"]);
    assert!(!Profile::AlipayHk.allows(SignAlgorithm::Md5));
    assert_eq!(
        Profile::AlipayHk.url(),
        Some("https://docs.alipay.hk/alipayhkdocs/hk/hkapi/offline_maintain")
    );
    assert!(Profile::AlipayHk.source().contains("docs.alipay.hk"));
    // The global pages (seeds 000 and 003): intlmapi, 2088, RSA, RSA2 and MD5; the default.
    assert_eq!(Profile::default(), Profile::Global);
    assert_eq!(Profile::Global.gateway(), PRODUCTION_GATEWAY);
    assert_eq!(Profile::Global.partner_class(), ValueClass::Partner);
    assert_eq!(Profile::Global.sign_types(), ["RSA", "RSA2", "MD5"]);
    assert_eq!(
        Config::new(PARTNER, Charset::Utf8).gateway,
        PRODUCTION_GATEWAY
    );
    for name in ["alipayhk", "AlipayHK", "alipay-hk", "alipay_hk"] {
        assert_eq!(Profile::from_name(name), Some(Profile::AlipayHk), "{name}");
    }
    assert_eq!(Profile::from_name("hk"), None);
}

/// The RSA2 request of a 2160 partner, prepared by the client under AlipayHK, is signed as
/// openssl signs its pre-sign string, and goes to the AlipayHK gateway.
#[test]
fn a_2160_partner_prepares_under_alipayhk() {
    let client = hk_client(HK_PARTNER, "RSA2").expect("RSA2 is an AlipayHK sign type");
    let prepared = client
        .prepare::<QueryStatus>(&query(), clock("2019-02-01 08:30:10"))
        .expect("a 2160 partner is valid under AlipayHK");
    assert_eq!(prepared.presign(), PRESIGN);
    assert_eq!(prepared.sign(), OPENSSL_RSA2);
    let url = prepared.get_url();
    assert!(
        url.starts_with("https://api-sea-global.alipayplus.com/gateway.do?"),
        "{url}"
    );
    // A 2088 partner stays valid under AlipayHK ("2088 or 2160").
    let client = hk_client(PARTNER, "RSA2").expect("config");
    client
        .prepare::<QueryStatus>(&query(), clock("2019-02-01 08:30:10"))
        .expect("a 2088 partner is valid under AlipayHK");
}

#[test]
fn a_2160_partner_is_refused_under_global() {
    let client = Client::new(
        Config::new(HK_PARTNER, Charset::Utf8),
        signer("RSA2"),
        alipay_verifier("RSA2"),
    )
    .expect("config");
    let error = client
        .prepare::<QueryStatus>(&query(), clock("2019-02-01 08:30:10"))
        .expect_err("the global partner class is 2088 only");
    let PrepareError::Invalid(report) = error else {
        panic!("{error:?}")
    };
    assert_eq!(report.errors.len(), 1, "{report}");
    assert_eq!(report.errors[0].path, "partner");
    assert!(
        matches!(
            report.errors[0].reason,
            Reason::Class {
                class: ValueClass::Partner,
                ..
            }
        ),
        "{report}"
    );
    // Under AlipayHK a partner of neither prefix is refused with the profile's class.
    let client = hk_client("2161101142878662", "RSA2").expect("config");
    let PrepareError::Invalid(report) = client
        .prepare::<QueryStatus>(&query(), clock("2019-02-01 08:30:10"))
        .expect_err("2161 is neither 2088 nor 2160")
    else {
        panic!("not a validation error")
    };
    assert!(
        report
            .to_string()
            .contains("16 digits starting with 2088 or 2160"),
        "{report}"
    );
}

#[test]
fn md5_is_refused_under_alipayhk_when_the_client_is_built() {
    let error = hk_client(HK_PARTNER, "MD5").expect_err("AlipayHK: RSA and RSA2 only");
    assert_eq!(
        error,
        ConfigError::ProfileAlgorithm {
            profile: Profile::AlipayHk,
            role: "signer",
            algorithm: SignAlgorithm::Md5,
            allowed: "RSA, RSA2".to_owned(),
        }
    );
    let text = error.to_string();
    assert!(text.contains("alipay_hk") && text.contains("MD5"), "{text}");
    // The same key under the global profile builds.
    Client::new(
        Config::new(PARTNER, Charset::Utf8),
        signer("MD5"),
        alipay_verifier("MD5"),
    )
    .expect("MD5 is a global sign type");
    // A client built without a verifier cannot sign MD5 under AlipayHK either.
    let client = Client::without_reply_verification(
        Config::new(HK_PARTNER, Charset::Utf8).with_profile(Profile::AlipayHk),
        signer("MD5"),
    );
    let PrepareError::Invalid(report) = client
        .prepare::<QueryStatus>(&query(), clock("2019-02-01 08:30:10"))
        .expect_err("MD5 under AlipayHK")
    else {
        panic!("not a validation error")
    };
    assert_eq!(report.errors[0].path, "sign_type", "{report}");
}

/// The pre-sign string of the request above: sorted params, `sign` and `sign_type` left out.
const PRESIGN: &str = "_input_charset=UTF-8&partner=2160101142878662&payment_method=ONLINE_PAYMENT\
&secondary_merchant_id=MERCHANT_ID_0003&service=alipay.overseas.secmerchant.maintain.queryStatus\
&timestamp=2019-02-01 08:30:10";

/// printf '%s' "$PRESIGN" | openssl dgst -sha256 -sign testdata/keys/rsa_test_private_pkcs8.pem | base64 -w0
const OPENSSL_RSA2: &str = "cPIu7SqmZStWTxGx7W7UYOVw5GLmnyImEF7+Q4etdVSTb6v+k057ksYUE6+PhSBZKq2rk1H8I7A9DbNKEpRqgcWNVr46ClEE2ZnJc2BTZgSkNQQbsErRH2cJyfFEl7gfcP4obXgxTjTgKtoMH/wosZ5doUdQNOjK+LFxqNR/GzLF5nXAVFRYdeSkLzI4MnAOfevGxraOMoSeVYVK5gLgq0dbJoEGRsnBD8SfEZuC7n5UemAG0w4nthpVAa5XnMnEdfVSAiJEpHFlW7Icu05Ai6Fvj9mZ3rNqUj0pceyRl73LGCMln++0ccH1g/QV6hgWbuLxVshtzXhZ0c3EDoeMgQ==";

/// The query of that request with the openssl signature, percent-encoded as Python encodes it:
/// python3 -c "import urllib.parse; print(urllib.parse.quote(SIG, safe=''))"
const OPENSSL_SIGN_ENCODED: &str = "cPIu7SqmZStWTxGx7W7UYOVw5GLmnyImEF7%2BQ4etdVSTb6v%2Bk057ksYUE6%2BPhSBZKq2rk1H8I7A9DbNKEpRqgcWNVr46ClEE2ZnJc2BTZgSkNQQbsErRH2cJyfFEl7gfcP4obXgxTjTgKtoMH%2FwosZ5doUdQNOjK%2BLFxqNR%2FGzLF5nXAVFRYdeSkLzI4MnAOfevGxraOMoSeVYVK5gLgq0dbJoEGRsnBD8SfEZuC7n5UemAG0w4nthpVAa5XnMnEdfVSAiJEpHFlW7Icu05Ai6Fvj9mZ3rNqUj0pceyRl73LGCMln%2B%2B0ccH1g%2FQV6hgWbuLxVshtzXhZ0c3EDoeMgQ%3D%3D";

fn openssl_request(partner: &str, sign_type: &str) -> http::Request<Vec<u8>> {
    let uri = format!(
        "https://api-sea-global.alipayplus.com/gateway.do?_input_charset=UTF-8\
         &partner={partner}&payment_method=ONLINE_PAYMENT&secondary_merchant_id=MERCHANT_ID_0003\
         &service=alipay.overseas.secmerchant.maintain.queryStatus&sign_type={sign_type}\
         &timestamp=2019-02-01%2008%3A30%3A10&sign={OPENSSL_SIGN_ENCODED}"
    );
    http::Request::get(uri).body(Vec::new()).expect("request")
}

fn rsa2_pair() -> KeyPair {
    KeyPair::new(
        Box::new(rsa_verifier(SignAlgorithm::Rsa2)),
        Box::new(alipay_rsa_signer(SignAlgorithm::Rsa2)),
    )
    .expect("pair")
}

/// The gateway role, acting as AlipayHK, verifies the openssl-signed RSA2 request of a 2160
/// partner; acting as the global gateway it refuses that partner.
#[test]
fn an_alipayhk_gateway_verifies_an_openssl_signed_2160_request() {
    let now = clock("2019-02-01 08:35:00");
    let gateway = Gateway::new(HK_PARTNER)
        .with_profile(Profile::AlipayHk)
        .with_keys(rsa2_pair());
    let incoming = gateway
        .open(&openssl_request(HK_PARTNER, "RSA2"), now)
        .expect("an openssl RSA2 signature of a 2160 partner verifies");
    assert_eq!(incoming.sign_type(), SignAlgorithm::Rsa2);
    let decoded = incoming.decode::<QueryStatus>().expect("decodes");
    assert_eq!(decoded.basic.partner, HK_PARTNER);

    let global = Gateway::new(HK_PARTNER).with_keys(rsa2_pair());
    let refusal = global
        .open(&openssl_request(HK_PARTNER, "RSA2"), now)
        .expect_err("2160 is not a global partner");
    assert!(matches!(refusal, Refusal::Partner { .. }), "{refusal:?}");
}

/// Acting as AlipayHK, the gateway refuses MD5 with ILLEGAL_SIGN_TYPE even with an MD5 key.
#[test]
fn an_alipayhk_gateway_refuses_md5() {
    let md5 = KeyPair::new(Box::new(md5_key()), Box::new(md5_key())).expect("pair");
    let gateway = Gateway::new(HK_PARTNER)
        .with_profile(Profile::AlipayHk)
        .with_keys(md5);
    let refusal = gateway
        .open(
            &openssl_request(HK_PARTNER, "MD5"),
            clock("2019-02-01 08:35:00"),
        )
        .expect_err("MD5 under AlipayHK");
    assert!(matches!(refusal, Refusal::SignType { .. }), "{refusal:?}");
    assert_eq!(refusal.code(), "ILLEGAL_SIGN_TYPE");
}
