//! The client and the gateway role against each other. For every service, sign type and
//! charset: the client prepares a request, the gateway opens, types and validates it as the same
//! values, the gateway's reply decodes and verifies in the client with the same payload, and
//! tampering or a wrong key is refused with the documented code.

use alipay_proto::Service;
use alipay_proto::charset::Charset;
use alipay_proto::intl::{self, archive::Archive, maintain::Maintain};
use alipay_proto::outcome::{Code, NextStep};
use alipay_proto::overseas::gateway::{self as overseas_gateway, Refusal};
use alipay_proto::overseas::offline_maintain::OfflineMaintain;
use alipay_proto::overseas::online_maintain::OnlineMaintain;
use alipay_proto::overseas::query_status::{self, MerchantStatus, QueryStatus, StoreStatus};
use alipay_proto::overseas::{self, AccessError, SecondaryMerchantType, SignatureStatus};
use alipay_proto::service::{Intl, Overseas};
use alipay_proto::sign::{KeyPair, SignAlgorithm};
use alipay_proto_tests::{keys, samples};
use proptest::prelude::*;
use proptest::sample::select;
use time::OffsetDateTime;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-12-02 08:00:00 +8);
const ALGORITHMS: [SignAlgorithm; 3] =
    [SignAlgorithm::Md5, SignAlgorithm::Rsa, SignAlgorithm::Rsa2];

const ALNUM: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
/// Chars every charset carries, the URL and form delimiters among them.
const TEXT: &str = "abcXYZ019 &=%+#?'.,-_中文咖啡店北京上海";

fn text(max: usize) -> impl Strategy<Value = String> {
    let chars: Vec<char> = TEXT.chars().collect();
    proptest::collection::vec(select(chars), 1..=max)
        .prop_map(|chars| chars.into_iter().collect::<String>())
        .prop_filter("not blank", |text| !text.trim().is_empty())
}

fn pair(algorithm: SignAlgorithm) -> KeyPair {
    let name = algorithm.as_str();
    KeyPair::new(keys::verifier(name), keys::alipay_signer(name)).expect("same algorithm")
}

fn overseas_gateway() -> overseas_gateway::Gateway {
    ALGORITHMS.into_iter().fold(
        overseas_gateway::Gateway::new(samples::PARTNER),
        |gateway, algorithm| gateway.with_keys(pair(algorithm)),
    )
}

fn overseas_client(charset: Charset, algorithm: SignAlgorithm) -> overseas::Client {
    let name = algorithm.as_str();
    overseas::Client::new(
        overseas::Config::new(samples::PARTNER, charset),
        keys::signer(name),
        keys::alipay_verifier(name),
    )
    .expect("config")
}

/// One request of each overseas service, with `name` in a free-text field.
#[derive(Debug, Clone)]
enum OverseasRequest {
    Offline(Box<alipay_proto::overseas::offline_maintain::Request>),
    Online(Box<alipay_proto::overseas::online_maintain::Request>),
    Query(alipay_proto::overseas::query_status::Request),
}

fn overseas_request() -> impl Strategy<Value = OverseasRequest> {
    (0..4usize, text(16)).prop_map(|(which, name)| match which {
        0 => {
            let mut request = samples::store_request();
            request.store_name = name;
            OverseasRequest::Offline(Box::new(request))
        }
        1 => {
            let mut request = samples::taxi_request_repaired();
            request.secondary_merchant_name = name;
            OverseasRequest::Offline(Box::new(request))
        }
        2 => {
            let mut request = samples::online_request();
            request.secondary_merchant_name = name;
            OverseasRequest::Online(Box::new(request))
        }
        _ => OverseasRequest::Query(samples::query_request()),
    })
}

/// A queryStatus reply payload with random texts and values.
fn query_reply() -> impl Strategy<Value = query_status::Reply> {
    let status = select(vec![
        MerchantStatus::UnderReview,
        MerchantStatus::Success,
        MerchantStatus::ModificationReview,
        MerchantStatus::Failed,
    ]);
    let store = select(vec![StoreStatus::Activated, StoreStatus::Archived]);
    (status, store, text(20), text(30)).prop_map(|(status, store, name, reason)| {
        query_status::Reply::new(query_status::ReplyRequired { status })
            .with_secondary_merchant_id("1314520")
            .with_secondary_merchant_name(name)
            .with_secondary_merchant_type(SecondaryMerchantType::Individual)
            .with_reject_reason(reason)
            .with_store_status(store)
    })
}

/// Prepares `request` as `S`, sends it as GET or POST through the gateway, checks the typed
/// values and the reply, then checks that a tampered copy is refused with ILLEGAL_SIGN.
fn overseas_round_trip<S: Service<Family = Overseas>>(
    request: &S::Request,
    payload: &S::Reply,
    charset: Charset,
    algorithm: SignAlgorithm,
    post: bool,
) where
    S::Request: PartialEq + std::fmt::Debug + serde::de::DeserializeOwned,
    S::Reply: PartialEq + std::fmt::Debug + alipay_proto::validate::WireStruct,
{
    let client = overseas_client(charset, algorithm);
    let gateway = overseas_gateway();
    let prepared = client.prepare::<S>(request, NOW).expect("prepare");
    let http = if post {
        prepared.post_request()
    } else {
        prepared.get_request().expect("the GET URL fits http::Uri")
    };
    let incoming = gateway.open(&http, NOW).expect("open");
    assert_eq!(incoming.charset(), charset);
    assert_eq!(incoming.sign_type(), algorithm);
    assert_eq!(incoming.params(), prepared.params());
    let decoded = incoming.decode::<S>().expect("decode");
    assert_eq!(&decoded.request, request);
    assert_eq!(decoded.warnings, prepared.warnings());

    let body = gateway.reply::<S>(&incoming, payload).expect("reply");
    let reply = client.decode::<S>(&body).expect("client decodes the reply");
    assert_eq!(reply.signature, SignatureStatus::Verified(algorithm));
    assert!(reply.is_success());
    assert_eq!(reply.basic.result_code.as_deref(), Some("SUCCESS"));
    assert_eq!(reply.payload.as_ref(), Some(payload));
    let echo: Vec<(&str, &str)> = reply.request().collect();
    let sent: Vec<(&str, &str)> = (prepared.params().iter())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(echo, sent);

    let failure = gateway.fail(&incoming, &AccessError::IllegalArgument);
    let failure = client
        .decode::<S>(&failure.expect("fail"))
        .expect("failure decodes");
    assert_eq!(failure.signature, SignatureStatus::Verified(algorithm));
    assert_eq!(failure.basic.error.as_deref(), Some("ILLEGAL_ARGUMENT"));

    let mut tampered = http.clone();
    *tampered.body_mut() = tamper(http.body());
    *tampered.uri_mut() = tamper(http.uri().to_string().as_bytes())
        .try_into()
        .expect("uri");
    let refusal = gateway.open(&tampered, NOW).expect_err("tampered");
    assert!(matches!(refusal, Refusal::Signature(_)), "{refusal:?}");
    let body = gateway.refuse(None, &refusal).expect("refuse");
    let reply = client.decode::<S>(&body).expect("refusal decodes");
    assert_eq!(reply.signature, SignatureStatus::Unsigned);
    assert_eq!(reply.basic.error.as_deref(), Some("ILLEGAL_SIGN"));
}

/// The request with `timestamp` one second later: the old `sign` no longer covers it.
fn tamper(text: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(text);
    text.replace("08%3A00%3A00", "08%3A00%3A01").into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn overseas_requests_and_replies_round_trip_through_the_gateway(
        request in overseas_request(),
        payload in query_reply(),
        charset in select(Charset::ALL.to_vec()),
        algorithm in select(ALGORITHMS.to_vec()),
        post in any::<bool>(),
    ) {
        match request {
            OverseasRequest::Offline(request) => overseas_round_trip::<OfflineMaintain>(
                &request, &Default::default(), charset, algorithm, post),
            OverseasRequest::Online(request) => overseas_round_trip::<OnlineMaintain>(
                &request, &Default::default(), charset, algorithm, post),
            OverseasRequest::Query(request) => overseas_round_trip::<QueryStatus>(
                &request, &payload, charset, algorithm, post),
        }
    }
}

fn intl_gateway() -> intl::gateway::Gateway {
    [SignAlgorithm::Rsa, SignAlgorithm::Rsa2].into_iter().fold(
        intl::gateway::Gateway::new(samples::MAINTAIN_CLIENT_ID),
        |gateway, algorithm| gateway.with_keys(pair(algorithm)),
    )
}

fn intl_client(algorithm: SignAlgorithm) -> intl::Client {
    let name = algorithm.as_str();
    intl::Client::new(
        intl::Config::new(samples::MAINTAIN_CLIENT_ID),
        keys::signer(name),
        keys::alipay_verifier(name),
    )
    .expect("config")
}

fn intl_round_trip<S: Service<Family = Intl>>(
    request: &S::Request,
    algorithm: SignAlgorithm,
    msg_id: &str,
) where
    S::Request: PartialEq + std::fmt::Debug + serde::de::DeserializeOwned,
    S::BusinessError: alipay_proto::validate::WireEnum + PartialEq + std::fmt::Debug,
    S::Reply: PartialEq + std::fmt::Debug,
{
    let client = intl_client(algorithm);
    let gateway = intl_gateway();
    let prepared = client.prepare::<S>(request, NOW, msg_id).expect("prepare");
    let incoming = gateway.open(prepared.http_request()).expect("open");
    assert_eq!(incoming.algorithm(), algorithm);
    assert_eq!(incoming.request_text(), prepared.request_text());
    let decoded = incoming.decode::<S>().expect("decode");
    assert_eq!(&decoded.request, request);
    assert_eq!(decoded.warnings, prepared.warnings());

    for code in [
        intl::ResultCode::Success,
        intl::ResultCode::ProcessFail,
        intl::ResultCode::UnknownException,
    ] {
        let info = intl::gateway::result_info(&code);
        let body: S::Reply =
            serde_json::from_value(serde_json::json!({ "resultInfo": info })).expect("typed");
        let bytes = gateway.reply::<S>(&incoming, &body, NOW).expect("reply");
        let reply = client
            .decode::<S>(&bytes, prepared.expected())
            .expect("client decodes the reply");
        assert_eq!(reply.result_info, info);
        assert_eq!(reply.is_success(), code == intl::ResultCode::Success);
        // The untyped failure reply (`resultInfo` only) decodes the same.
        let bytes = gateway.fail(&incoming, &code, NOW).expect("fail");
        let reply = client
            .decode::<S>(&bytes, prepared.expected())
            .expect("client decodes the failure");
        assert_eq!(reply.result_info, info);
    }

    let mut tampered = prepared.http_request().clone();
    let text = prepared.body_text().replacen("2.0.4", "2.0.5", 1);
    *tampered.body_mut() = text.into_bytes();
    let rejected = gateway.open(&tampered).expect_err("tampered");
    assert_eq!(rejected.refusal.code(), intl::ResultCode::InvalidSignature);
    let bytes = gateway.refuse(S::NAME, &rejected, NOW).expect("refuse");
    let reply = client
        .decode::<S>(&bytes, prepared.expected())
        .expect("refusal decodes");
    assert_eq!(reply.result_info.result_code, "INVALID_SIGNATURE");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn intl_requests_and_replies_round_trip_through_the_gateway(
        name in text(30),
        archive in any::<bool>(),
        algorithm in select(vec![SignAlgorithm::Rsa, SignAlgorithm::Rsa2]),
        msg_id in proptest::collection::vec(select(ALNUM.chars().collect::<Vec<_>>()), 1..=32),
    ) {
        let msg_id: String = msg_id.into_iter().collect();
        if archive {
            intl_round_trip::<Archive>(&samples::archive_request(), algorithm, &msg_id);
        } else {
            let mut request = samples::maintain_request();
            request.seller_info.seller_name = name;
            intl_round_trip::<Maintain>(&request, algorithm, &msg_id);
        }
    }
}

#[test]
fn overseas_refusals_carry_the_documented_access_codes() {
    let gateway = overseas_gateway();
    let client = overseas_client(Charset::Utf8, SignAlgorithm::Md5);
    let prepared = client
        .prepare::<QueryStatus>(&samples::query_request(), NOW)
        .expect("prepare");
    let url = prepared.get_url();
    let cases = [
        (
            url.replace("_input_charset=UTF-8", "_input_charset=latin1"),
            "ILLEGAL_CHARSET",
        ),
        (
            url.replace("maintain.queryStatus", "maintain.unknown"),
            "ILLEGAL_SERVICE",
        ),
        (
            url.replace(samples::PARTNER, "2088000000000000"),
            "ILLEGAL_PARTNER",
        ),
        (
            url.replace("sign_type=MD5", "sign_type=SHA1"),
            "ILLEGAL_SIGN_TYPE",
        ),
        (
            format!("{url}&partner={}", samples::PARTNER),
            "ILLEGAL_ARGUMENT",
        ),
        (
            url.replace("payment_method=", "payment_method=%FF"),
            "INVALID_CHARACTER_SET",
        ),
    ];
    for (url, code) in cases {
        let request = http::Request::get(url.as_str())
            .body(Vec::new())
            .expect("request");
        let refusal = gateway.open(&request, NOW).expect_err(code);
        assert_eq!(refusal.code(), code, "{refusal}");
        let reply = client
            .decode::<QueryStatus>(&gateway.refuse(None, &refusal).expect("refuse"))
            .expect("decodes");
        assert_eq!(reply.basic.error.as_deref(), Some(code));
        assert_eq!(reply.signature, SignatureStatus::Unsigned);
    }
}

/// The docs: "by default the request expires in 30 minutes". A request prepared at `NOW` opens
/// from 30 minutes before to 30 minutes after it, and one second beyond either bound it is
/// answered, unsigned, with `SESSION_TIMEOUT`: not retryable as it is, the next step is to
/// prepare it again, and the request prepared again at that time opens.
#[test]
fn overseas_requests_expire_half_an_hour_either_side_of_their_timestamp() {
    let gateway = overseas_gateway();
    let client = overseas_client(Charset::Gbk, SignAlgorithm::Md5);
    let prepared = client
        .prepare::<QueryStatus>(&samples::query_request(), NOW)
        .expect("prepare");
    let request = prepared.post_request();
    let lifetime = overseas_gateway::REQUEST_LIFETIME;
    let second = time::Duration::seconds(1);
    for at in [NOW - lifetime, NOW, NOW + lifetime] {
        gateway.open(&request, at).expect("within the half hour");
    }
    for at in [NOW - lifetime - second, NOW + lifetime + second] {
        let refusal = gateway.open(&request, at).expect_err("expired");
        assert!(matches!(refusal, Refusal::Expired { .. }), "{refusal:?}");
        assert_eq!(refusal.code(), "SESSION_TIMEOUT");
        let reply = client
            .decode::<QueryStatus>(&gateway.refuse(None, &refusal).expect("refuse"))
            .expect("decodes");
        assert_eq!(reply.basic.error.as_deref(), Some("SESSION_TIMEOUT"));
        assert_eq!(reply.signature, SignatureStatus::Unsigned);
        let error = reply.into_result().expect_err("a failure");
        assert!(!error.is_retryable(), "{error}");
        assert_eq!(error.fault().code.next_step(), Some(NextStep::PrepareAgain));
        let again = client
            .prepare::<QueryStatus>(&samples::query_request(), at)
            .expect("prepare again");
        gateway
            .open(&again.post_request(), at)
            .expect("the request prepared again opens");
    }
    // A clock the documented form cannot express expires the request, and fails a prepare,
    // instead of panicking.
    let end_of_time = time::PrimitiveDateTime::MAX.assume_utc();
    let refusal = gateway.open(&request, end_of_time).expect_err("expired");
    assert!(matches!(refusal, Refusal::Expired { .. }), "{refusal:?}");
    let failed = client.prepare::<QueryStatus>(&samples::query_request(), end_of_time);
    assert!(
        matches!(failed, Err(overseas::PrepareError::Timestamp { .. })),
        "{failed:?}"
    );
}

#[test]
fn overseas_rule_violations_are_signed_param_illegal_naming_each_field() {
    let gateway = overseas_gateway();
    let client = overseas_client(Charset::Gbk, SignAlgorithm::Rsa2);
    let mut request = samples::query_request();
    request.store_id = None;
    request.secondary_merchant_id = "not valid!".into();
    let prepared = client
        .prepare_unchecked::<QueryStatus>(&request, NOW)
        .expect("prepare");
    let incoming = gateway.open(&prepared.post_request(), NOW).expect("open");
    let refusal = incoming.decode::<QueryStatus>().expect_err("invalid");
    let Refusal::Invalid(report) = &refusal else {
        panic!("{refusal:?}")
    };
    let paths: Vec<&str> = report.errors.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["secondary_merchant_id", "store_id"]);
    let body = gateway.refuse(Some(&incoming), &refusal).expect("refuse");
    let reply = client.decode::<QueryStatus>(&body).expect("decodes");
    assert_eq!(reply.basic.error.as_deref(), Some("PARAM_ILLEGAL"));
    assert_eq!(
        reply.signature,
        SignatureStatus::Verified(SignAlgorithm::Rsa2)
    );
}

#[test]
fn intl_refusals_carry_the_documented_codes() {
    let gateway = intl_gateway();
    let client = intl_client(SignAlgorithm::Rsa2);
    let prepared = client
        .prepare::<Archive>(&samples::archive_request(), NOW, "m1")
        .expect("prepare");
    let body = prepared.body_text();
    let url = prepared.http_request().uri().to_string();
    let cases = [
        (
            url.clone(),
            body.replace(samples::MAINTAIN_CLIENT_ID, "OTHER"),
            "UNKNOWN_CLIENT",
        ),
        (
            url.replace("archive", "maintain"),
            body.to_owned(),
            "API_IS_INVALID",
        ),
        (
            url.clone(),
            body.replace("\"head\"", "\"heads\""),
            "PARAM_ILLEGAL",
        ),
        (
            url.clone(),
            body.replace("\"signature\"", "\"sig\""),
            "INVALID_SIGNATURE",
        ),
        (url.clone(), format!("{body}x"), "PARAM_ILLEGAL"),
    ];
    for (url, body, code) in cases {
        let request = http::Request::post(url.as_str())
            .body(body.into_bytes())
            .expect("request");
        let rejected = gateway.open(&request).expect_err(code);
        assert_eq!(rejected.refusal.code().as_str(), code, "{rejected}");
        let bytes = gateway
            .refuse(Archive::NAME, &rejected, NOW)
            .expect("refuse");
        let raw = intl::RawReply::parse(&bytes, 1 << 20).expect("envelope");
        raw.verify(&keys::alipay_rsa_verifier(SignAlgorithm::Rsa2))
            .expect("signed");
        let reply = raw.decode_unverified::<Archive>().expect("typed");
        assert_eq!(reply.result_info.result_code, code);
    }
}
