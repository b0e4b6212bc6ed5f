//! End to end over loopback HTTP: the crate's clients against a running sandbox, for every
//! service, family, sign type and charset, the failure replies, the review lifecycle and every
//! fault.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod common;

use std::time::{Duration, Instant};

use alipay_proto::Service as _;
use alipay_proto::charset::Charset;
use alipay_proto::intl::archive::{self, Archive};
use alipay_proto::intl::maintain::{Maintain, OperationType};
use alipay_proto::intl::{self, ErrorCode};
use alipay_proto::outcome::Outcome;
use alipay_proto::outcome::{Code, NextStep};
use alipay_proto::overseas::online_maintain::{self, OnlineMaintain};
use alipay_proto::overseas::query_status::QueryStatus;
use alipay_proto::overseas::{SignatureStatus, query_status};
use alipay_proto::service::Intl;
use alipay_proto::sign::{Md5Key, SignAlgorithm};
use alipay_proto_tests::samples;
use alipay_sandbox::{Faults, Sandbox, Settings};
use common::*;
use time::OffsetDateTime;

const ALGORITHMS: [SignAlgorithm; 3] =
    [SignAlgorithm::Md5, SignAlgorithm::Rsa, SignAlgorithm::Rsa2];

fn sandbox_reviewing_for(seconds: u64) -> Sandbox {
    let mut settings = Settings::default();
    settings.review_seconds = seconds;
    Sandbox::start_with(settings).expect("sandbox")
}

#[test]
fn overseas_services_in_every_charset_sign_type_and_method() {
    let sandbox = Sandbox::start().expect("sandbox");
    for (i, (charset, algorithm, post)) in Charset::ALL
        .into_iter()
        .flat_map(|c| ALGORITHMS.map(|a| (c, a)))
        .flat_map(|(c, a)| [(c, a, false), (c, a, true)])
        .enumerate()
    {
        let client = overseas_client(&sandbox, charset, algorithm);
        let id = format!("m{i}");
        let mut request = store(&id);
        request.store_name = "咖啡店 Mika & Co. 100%".to_owned();
        let reply = register(&client, &request, post);
        assert!(
            reply.is_success(),
            "{charset} {algorithm}: {:?}",
            reply.error
        );
        assert_eq!(reply.signature, SignatureStatus::Verified(algorithm));
        assert_eq!(reply.basic.result_code.as_deref(), Some("SUCCESS"));

        let reply = query_status(&client, &id);
        assert_eq!(reply.signature, SignatureStatus::Verified(algorithm));
        let payload = reply.payload.expect("payload");
        assert_eq!(payload.status, query_status::MerchantStatus::Success);
        assert_eq!(
            payload.store_status,
            Some(query_status::StoreStatus::Activated)
        );
        assert_eq!(
            payload.secondary_merchant_name.as_deref(),
            Some("Mika's coffee shop")
        );
        assert_eq!(payload.partner_id.as_deref(), Some(samples::PARTNER));

        let mut online = samples::online_request();
        online.secondary_merchant_id = format!("online{i}");
        let prepared = client
            .prepare::<OnlineMaintain>(&online, OffsetDateTime::now_utc())
            .expect("prepare");
        let reply = client
            .decode::<OnlineMaintain>(&body_of(prepared.post_request()))
            .expect("decode");
        assert!(reply.is_success(), "{:?}", reply.error);
    }
    let (status, list) = admin(&sandbox, "GET", "/admin/registrations", "");
    assert_eq!(status, 200);
    let list: Vec<serde_json::Value> = rows(&list);
    assert_eq!(list.len(), 36);
    assert!(
        !list.iter().any(|row| row.to_string().contains("Mika")),
        "no personal data"
    );
}

#[test]
fn intl_services_with_rsa_and_rsa2() {
    let sandbox = Sandbox::start().expect("sandbox");
    for algorithm in [SignAlgorithm::Rsa, SignAlgorithm::Rsa2] {
        let client = intl_client(&sandbox, algorithm);
        let merchant = format!("M{}", algorithm.as_str());
        let mut request = samples::maintain_request();
        request.merchant_id.clone_from(&merchant);
        let reply = intl_call::<Maintain>(&client, &request, "add");
        assert!(reply.is_success());
        request.operation_type = OperationType::Modify;
        let reply = intl_call::<Maintain>(&client, &request, "modify");
        assert!(reply.is_success(), "an approved merchant can be modified");

        let mut archive = samples::archive_request();
        archive.merchant_id.clone_from(&merchant);
        let reply = intl_call::<Archive>(&client, &archive, "archive");
        assert!(reply.is_success());
        archive.merchant_id = "UNKNOWN".to_owned();
        let reply = intl_call::<Archive>(&client, &archive, "archive-unknown");
        let Outcome::Failed(fault) = reply.into_outcome() else {
            panic!("archiving an unknown merchant must fail")
        };
        let expected = ErrorCode::Business(archive::BusinessError::MerchantDataNotFound);
        assert_eq!(fault.code, expected);
    }
    let (_, list) = admin(&sandbox, "GET", "/admin/registrations", "");
    let list: Vec<serde_json::Value> = rows(&list);
    let expected = serde_json::json!({
        "family": "intl", "merchant_id": "MRSA2", "store_id": "",
        "service": Maintain::NAME, "status": "SUCCESS", "reject_reason": null, "archived": true,
    });
    assert!(list.contains(&expected), "{list:?}");
}

fn intl_call<S: alipay_proto::Service<Family = Intl>>(
    client: &intl::Client,
    request: &S::Request,
    msg_id: &str,
) -> intl::Reply<S> {
    let prepared = client
        .prepare::<S>(request, OffsetDateTime::now_utc(), msg_id)
        .expect("prepare");
    let body = body_of(prepared.http_request().clone());
    client
        .decode::<S>(&body, prepared.expected())
        .expect("reply decodes and verifies")
}

#[test]
fn the_review_lifecycle_with_hand_decisions() {
    let sandbox = sandbox_reviewing_for(3600);
    let client = overseas_client(&sandbox, Charset::Utf8, SignAlgorithm::Md5);
    assert!(register(&client, &store("r1"), false).is_success());
    assert_eq!(status_of(&client, "r1"), "UNDER_REVIEW");
    let again = register(&client, &store("r1"), false);
    assert_eq!(again.basic.error.as_deref(), Some("DUPLICATE_REQUEST"));
    // The help centre: query the status and wait for the review, never resubmit in a loop.
    let code = again.error.as_ref().expect("an error code");
    assert_eq!(code.next_step(), Some(NextStep::QueryStatusFirst));
    assert!(!code.is_retryable());

    let key = r#"{"family":"overseas","merchant_id":"r1","store_id":"1993"}"#;
    assert_eq!(admin(&sandbox, "POST", "/admin/approve", key).0, 204);
    assert_eq!(status_of(&client, "r1"), "SUCCESS");

    let mut renamed = store("r1");
    renamed.secondary_merchant_name = "Another name".to_owned();
    let refused = register(&client, &renamed, true);
    assert_eq!(
        refused.basic.error.as_deref(),
        Some("BUSINESS_NAME_UPDATE_FORBIDDEN")
    );
    let mut moved = store("r1");
    moved.store_address = "1 Main St, Boston, MA 02110".to_owned();
    assert!(register(&client, &moved, true).is_success());
    assert_eq!(status_of(&client, "r1"), "MODIFICATION_REVIEW");

    let reject =
        r#"{"family":"overseas","merchant_id":"r1","store_id":"1993","reason":"photo unclear"}"#;
    assert_eq!(admin(&sandbox, "POST", "/admin/reject", reject).0, 204);
    let payload = query_status(&client, "r1").payload.expect("payload");
    assert_eq!(payload.status, query_status::MerchantStatus::Failed);
    assert_eq!(payload.reject_reason.as_deref(), Some("photo unclear"));
    assert_eq!(
        payload.store_status,
        Some(query_status::StoreStatus::Inactivate)
    );

    let missing = r#"{"family":"overseas","merchant_id":"none"}"#;
    assert_eq!(admin(&sandbox, "POST", "/admin/approve", missing).0, 404);
}

#[test]
fn a_broken_review_rule_fails_the_review_with_its_reason() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = overseas_client(&sandbox, Charset::Gbk, SignAlgorithm::Rsa2);
    // The documented store sample: INDIVIDUAL without representative_name/id, which the
    // online.maintain rules require; validation only warns (a documented sample breaks it).
    let mut request = samples::store_request();
    request.secondary_merchant_id = "doc".to_owned();
    assert!(register(&client, &request, false).is_success());
    let payload = query_status(&client, "doc").payload.expect("payload");
    assert_eq!(payload.status, query_status::MerchantStatus::Failed);
    let reason = payload.reject_reason.expect("reject reason");
    assert!(
        reason.contains(
            "representative_name: required when secondary_merchant_type is \"INDIVIDUAL\""
        ),
        "{reason}"
    );
}

#[test]
fn failure_replies_carry_the_documented_codes() {
    let sandbox = Sandbox::start().expect("sandbox");
    let good = overseas_client(&sandbox, Charset::Utf8, SignAlgorithm::Md5);
    let now = OffsetDateTime::now_utc();

    let wrong_key = alipay_proto::overseas::Client::new(
        alipay_proto::overseas::Config::new(samples::PARTNER, Charset::Utf8)
            .with_gateway(sandbox.gateway_url()),
        Box::new(Md5Key::new("notthekey").expect("key")),
        Box::new(Md5Key::new("notthekey").expect("key")),
    )
    .expect("config");
    let prepared = wrong_key
        .prepare::<QueryStatus>(&query("x"), now)
        .expect("prepare");
    let reply = wrong_key
        .decode::<QueryStatus>(&body_of(prepared.get_request().expect("GET URL")))
        .expect("decode");
    assert_eq!(reply.basic.error.as_deref(), Some("ILLEGAL_SIGN"));
    assert_eq!(reply.signature, SignatureStatus::Unsigned);

    // Prepared 31 minutes ago: past the documented half-hour lifetime.
    let stale = good
        .prepare::<QueryStatus>(&query("x"), now - time::Duration::minutes(31))
        .expect("prepare");
    let reply = good
        .decode::<QueryStatus>(&body_of(stale.get_request().expect("GET URL")))
        .expect("decode");
    assert_eq!(reply.basic.error.as_deref(), Some("SESSION_TIMEOUT"));

    let prepared = good
        .prepare::<QueryStatus>(&query("x"), now)
        .expect("prepare");
    for (url, code) in [
        (
            prepared.get_url().replace("queryStatus", "query"),
            "ILLEGAL_SERVICE",
        ),
        (
            prepared
                .get_url()
                .replace(samples::PARTNER, "2088000000000001"),
            "ILLEGAL_PARTNER",
        ),
    ] {
        let request = http::Request::get(url).body(Vec::new()).expect("request");
        let reply = good
            .decode::<QueryStatus>(&body_of(request))
            .expect("decode");
        assert_eq!(reply.basic.error.as_deref(), Some(code));
    }

    let reply = query_status(&good, "never_registered");
    assert_eq!(reply.basic.error.as_deref(), Some("DATA_NOT_EXIST"));
    assert_eq!(
        reply.signature,
        SignatureStatus::Verified(SignAlgorithm::Md5)
    );

    let mut invalid = store("bad");
    invalid.register_country = "XX".to_owned();
    let prepared = good
        .prepare_unchecked::<alipay_proto::overseas::offline_maintain::OfflineMaintain>(
            &invalid, now,
        )
        .expect("prepare");
    let reply = good
        .decode::<alipay_proto::overseas::offline_maintain::OfflineMaintain>(&body_of(
            prepared.post_request(),
        ))
        .expect("decode");
    assert_eq!(reply.basic.error.as_deref(), Some("PARAM_ILLEGAL"));
    assert_eq!(
        reply.signature,
        SignatureStatus::Verified(SignAlgorithm::Md5)
    );

    let mut online = samples::online_request();
    online.register_country = "KP".to_owned();
    let prepared = good
        .prepare::<OnlineMaintain>(&online, now)
        .expect("prepare");
    let reply = good
        .decode::<OnlineMaintain>(&body_of(prepared.get_request().expect("GET URL")))
        .expect("decode");
    assert_eq!(
        reply.basic.error.as_deref(),
        Some("REGISTER_COUNTRY_FORBIDDEN")
    );

    let intl_client = intl_client(&sandbox, SignAlgorithm::Rsa2);
    let mut other = intl::Config::new("OTHERCLIENT").with_endpoint(sandbox.intl_endpoint());
    other = other.with_reserve(None);
    let other = intl::Client::new(
        other,
        common::keys(&sandbox, SignAlgorithm::Rsa2).0,
        common::keys(&sandbox, SignAlgorithm::Rsa2).1,
    )
    .expect("config");
    let prepared = other
        .prepare::<Archive>(&samples::archive_request(), now, "x1")
        .expect("prepare");
    let raw = intl::RawReply::parse(&body_of(prepared.http_request().clone()), 1 << 20)
        .expect("envelope");
    let reply = raw.decode_unverified::<Archive>().expect("typed");
    assert_eq!(reply.result_info.result_code, "UNKNOWN_CLIENT");

    let prepared = intl_client
        .prepare::<Archive>(&samples::archive_request(), now, "x2")
        .expect("prepare");
    let tampered = prepared
        .body_text()
        .replacen("21020000001", "21020000002", 1);
    let mut request = prepared.http_request().clone();
    *request.body_mut() = tampered.into_bytes();
    let reply = intl_client
        .decode::<Archive>(&body_of(request), prepared.expected())
        .expect("the refusal is signed and echoes the head");
    assert_eq!(reply.result_info.result_code, "INVALID_SIGNATURE");
}

/// Sets `faults` for the next request only.
fn fault_once(sandbox: &Sandbox, faults: &str) {
    let json = format!("{{{faults},\"times\":1}}");
    assert_eq!(admin(sandbox, "PUT", "/admin/faults", &json).0, 204);
}

#[test]
fn every_fault_is_injected_once_then_the_sandbox_serves_normally() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = overseas_client(&sandbox, Charset::Utf8, SignAlgorithm::Md5);
    let now = OffsetDateTime::now_utc();
    let prepared = |id: &str| {
        client
            .prepare::<alipay_proto::overseas::offline_maintain::OfflineMaintain>(&store(id), now)
            .expect("prepare")
            .get_request()
            .expect("GET URL")
    };

    fault_once(&sandbox, "\"status\":503");
    let (status, _) = send(prepared("f1")).expect("exchange");
    assert_eq!(status, 503);
    let never = query_status(&client, "f1");
    assert_eq!(
        never.basic.error.as_deref(),
        Some("DATA_NOT_EXIST"),
        "never reached the handler"
    );

    fault_once(&sandbox, "\"delay_ms\":300");
    let started = Instant::now();
    assert_eq!(send(prepared("f2")).expect("exchange").0, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));

    for (id, fault) in [("f3", "\"truncate\":true"), ("f4", "\"garble\":true")] {
        fault_once(&sandbox, fault);
        let (status, body) = send(prepared(id)).expect("exchange");
        assert_eq!(status, 200);
        let decoded =
            client.decode::<alipay_proto::overseas::offline_maintain::OfflineMaintain>(&body);
        assert!(
            decoded.is_err(),
            "{fault}: the damaged reply must not decode"
        );
        assert_eq!(
            status_of(&client, id),
            "SUCCESS",
            "{fault}: processed before the damage"
        );
    }

    fault_once(&sandbox, "\"drop\":true");
    assert!(send(prepared("f5")).is_err(), "the connection is dropped");
    assert_eq!(status_of(&client, "f5"), "SUCCESS");

    let intl_client = intl_client(&sandbox, SignAlgorithm::Rsa2);
    fault_once(&sandbox, "\"intl_unknown\":true");
    let reply = intl_call::<Maintain>(&intl_client, &samples::maintain_request(), "u1");
    let Outcome::Unknown(fault) = reply.into_outcome() else {
        panic!("the fault must make the outcome unknown")
    };
    assert_eq!(
        fault.code,
        ErrorCode::Basic(intl::ResultCode::UnknownException)
    );
    let (_, list) = admin(&sandbox, "GET", "/admin/registrations", "");
    assert!(
        list.contains(samples::MAINTAIN_MERCHANT_ID),
        "processed although U: {list}"
    );

    assert_eq!(
        admin(&sandbox, "GET", "/admin/faults", "").1,
        serde_json::to_string(&Faults::default()).expect("json")
    );
    assert!(register(&client, &store("f6"), false).is_success());
}

#[test]
fn faults_set_at_start_up_apply_from_the_first_request() {
    let mut settings = Settings::default();
    settings.faults = Faults {
        status: Some(502),
        times: Some(1),
        ..Faults::default()
    };
    let sandbox = Sandbox::start_with(settings).expect("sandbox");
    let client = overseas_client(&sandbox, Charset::Utf8, SignAlgorithm::Md5);
    let request = client
        .prepare::<QueryStatus>(&query("x"), OffsetDateTime::now_utc())
        .expect("prepare");
    assert_eq!(
        send(request.get_request().expect("GET URL"))
            .expect("exchange")
            .0,
        502
    );
    assert_eq!(
        send(request.get_request().expect("GET URL"))
            .expect("exchange")
            .0,
        200
    );
}

/// `indirectMerchant.query` over HTTP, answered from the sandbox's database for an ONLINE
/// merchant and an OFFLINE one, both registered through intl maintain: the review status is in
/// `resultMsg` (the page's reply fields could not be read, `spec/intl/query.yaml`), and an
/// unknown merchant fails.
#[test]
fn intl_query_answers_online_and_offline_merchants_from_the_database() {
    use alipay_proto::intl::query::Query;
    use alipay_proto::intl::{PaymentScene, ResultStatus};

    let sandbox = sandbox_reviewing_for(3600);
    let client = intl_client(&sandbox, SignAlgorithm::Rsa2);
    let status_of = |merchant: &str, scene: PaymentScene, msg_id: &str| {
        let mut request = samples::intl_query_request(scene);
        merchant.clone_into(&mut request.merchant_id);
        let reply = intl_call::<Query>(&client, &request, msg_id);
        (
            reply.result_info.result_status,
            reply.result_info.result_code,
            reply.result_info.result_msg.unwrap_or_default(),
        )
    };

    let mut online = samples::maintain_request();
    online.merchant_id = "QONLINE".to_owned();
    assert!(intl_call::<Maintain>(&client, &online, "q-add-online").is_success());
    let mut offline = samples::maintain_request();
    offline.merchant_id = "QOFFLINE".to_owned();
    offline.seller_info.payment_scene = PaymentScene::Offline;
    offline.seller_info.site_infos = None;
    assert!(intl_call::<Maintain>(&client, &offline, "q-add-offline").is_success());

    let success = |msg: &str| (ResultStatus::S, "SUCCESS".to_owned(), msg.to_owned());
    assert_eq!(
        status_of("QONLINE", PaymentScene::Online, "q1"),
        success("UNDER_REVIEW")
    );
    // An OFFLINE registration without a store (intl maintain has no store yet) is found by
    // its merchant; the table example's storeId names another store.
    let mut by_merchant = samples::intl_query_request(PaymentScene::Offline);
    by_merchant.merchant_id = "QOFFLINE".to_owned();
    by_merchant.store_id = None;
    let reply = intl_call::<Query>(&client, &by_merchant, "q2");
    assert_eq!(
        reply.result_info.result_msg.as_deref(),
        Some("UNDER_REVIEW")
    );
    assert!(reply.is_success());
    let (status, code, _) = status_of("QOFFLINE", PaymentScene::Offline, "q3");
    assert_eq!((status, code.as_str()), (ResultStatus::F, "PROCESS_FAIL"));

    let approve = r#"{"family":"intl","merchant_id":"QONLINE","store_id":""}"#;
    assert_eq!(admin(&sandbox, "POST", "/admin/approve", approve).0, 204);
    assert_eq!(
        status_of("QONLINE", PaymentScene::Online, "q4"),
        success("SUCCESS")
    );
    let reject =
        r#"{"family":"intl","merchant_id":"QOFFLINE","store_id":"","reason":"no licence"}"#;
    assert_eq!(admin(&sandbox, "POST", "/admin/reject", reject).0, 204);
    let reply = intl_call::<Query>(&client, &by_merchant, "q5");
    assert_eq!(
        reply.result_info.result_msg.as_deref(),
        Some("FAILED: no licence")
    );

    let (status, code, _) = status_of("NOBODY", PaymentScene::Online, "q6");
    assert_eq!((status, code.as_str()), (ResultStatus::F, "PROCESS_FAIL"));
}

/// Another valid value for each field the spec locks (`update_rules`): test data, so a rule on
/// a new field fails here until it gets one.
fn changed_value(field: &str, current: &str) -> String {
    let value = match field {
        "secondary_merchant_name" => "A renamed merchant",
        "registration_no" => "987654321",
        "register_country" => "SG",
        "secondary_merchant_type" => "ENTERPRISE",
        "representative_name" => "Someone Else",
        "representative_id" => "X7654321",
        "store_industry" => "5812",
        other => panic!("no changed value for the locked field {other}"),
    };
    assert_ne!(value, current, "{field}");
    value.to_owned()
}

/// `request` with `field` (by wire name) set to `value`, through its JSON form.
fn with_field<R: serde::Serialize + serde::de::DeserializeOwned>(
    request: &R,
    field: &str,
    value: &str,
) -> R {
    let mut json = serde_json::to_value(request).expect("JSON");
    json[field] = serde_json::Value::from(value);
    serde_json::from_value(json).expect("still the request type")
}

/// Every update rule of the spec (offline.maintain and online.maintain `update_rules`) is
/// enforced over HTTP once the registration is approved, with its code; an unlocked field
/// changes; and every refused registration country (`refused_values`) is refused.
#[test]
fn the_sandbox_enforces_the_update_rules_and_refused_values_of_the_spec() {
    use alipay_proto::overseas::offline_maintain::OfflineMaintain;

    let sandbox = sandbox_reviewing_for(3600);
    let client = overseas_client(&sandbox, Charset::Utf8, SignAlgorithm::Md5);
    let approve = |merchant: &str, store: &str| {
        let key =
            format!(r#"{{"family":"overseas","merchant_id":"{merchant}","store_id":"{store}"}}"#);
        assert_eq!(admin(&sandbox, "POST", "/admin/approve", &key).0, 204);
    };

    let offline = store("locked1");
    assert!(register(&client, &offline, false).is_success());
    approve("locked1", &offline.store_id);
    assert_eq!(OfflineMaintain::UPDATE_RULES.len(), 7);
    for rule in OfflineMaintain::UPDATE_RULES {
        let current = serde_json::to_value(&offline).expect("JSON")[rule.field]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let changed = with_field(&offline, rule.field, &changed_value(rule.field, &current));
        let reply = register(&client, &changed, true);
        assert_eq!(
            reply.basic.error.as_deref(),
            Some(rule.code),
            "{}",
            rule.field
        );
    }
    let mut moved = offline.clone();
    moved.store_address = "2 Main St, Boston, MA 02110".to_owned();
    assert!(register(&client, &moved, true).is_success());

    let online_call = |request: &online_maintain::Request| {
        let prepared = client
            .prepare::<OnlineMaintain>(request, OffsetDateTime::now_utc())
            .expect("prepare");
        client
            .decode::<OnlineMaintain>(&body_of(prepared.post_request()))
            .expect("decode")
    };
    let mut online = samples::online_request();
    online.secondary_merchant_id = "locked2".to_owned();
    assert!(online_call(&online).is_success());
    approve("locked2", "");
    assert_eq!(OnlineMaintain::UPDATE_RULES.len(), 6);
    for rule in OnlineMaintain::UPDATE_RULES {
        let current = serde_json::to_value(&online).expect("JSON")[rule.field]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let changed = with_field(&online, rule.field, &changed_value(rule.field, &current));
        let reply = online_call(&changed);
        assert_eq!(
            reply.basic.error.as_deref(),
            Some(rule.code),
            "{}",
            rule.field
        );
    }
    // The FAQ (help/integration/136) lists register_address among the updatable fields; the
    // error table names no code for it: it changes.
    let mut readdressed = online.clone();
    readdressed.register_address = "1 Queen's Road, Hong Kong".to_owned();
    assert!(online_call(&readdressed).is_success());

    for rule in OnlineMaintain::REFUSED_VALUES {
        for value in rule.values {
            let mut refused = with_field(&samples::online_request(), rule.field, value);
            refused.secondary_merchant_id = format!("refused{value}");
            let reply = online_call(&refused);
            assert_eq!(reply.basic.error.as_deref(), Some(rule.code), "{value}");
        }
    }
}

/// queryStatus over HTTP for both scenes: an online shop (online.maintain, no store) is found
/// with payment_method ONLINE_PAYMENT and no store_id (global.alipay.com/docs/ac/global/
/// online_querystatus), a store (offline.maintain) with INSTORE_PAYMENT and its store_id
/// (003); each scene's query does not find the other's registration.
#[test]
fn query_status_finds_online_shops_with_online_payment_and_stores_with_instore_payment() {
    use alipay_proto::overseas::query_status::{PaymentMethod, ReplyPaymentMethod};

    let sandbox = Sandbox::start().expect("sandbox");
    let client = overseas_client(&sandbox, Charset::Gbk, SignAlgorithm::Rsa2);
    let mut shop = samples::online_request();
    shop.secondary_merchant_id = "scene_online".to_owned();
    let prepared = client
        .prepare::<OnlineMaintain>(&shop, OffsetDateTime::now_utc())
        .expect("prepare");
    let reply = client
        .decode::<OnlineMaintain>(&body_of(prepared.post_request()))
        .expect("decode");
    assert!(reply.is_success(), "{:?}", reply.error);
    assert!(register(&client, &store("scene_store"), false).is_success());

    let ask = |merchant: &str, method: PaymentMethod, store_id: Option<&str>| {
        let mut request = query_status::Request::new(query_status::RequestRequired {
            secondary_merchant_id: merchant.to_owned(),
            payment_method: method,
        });
        request.store_id = store_id.map(str::to_owned);
        let prepared = client
            .prepare::<QueryStatus>(&request, OffsetDateTime::now_utc())
            .expect("prepare");
        client
            .decode::<QueryStatus>(&body_of(prepared.get_request().expect("GET URL")))
            .expect("decode")
    };
    let store_id = store("scene_store").store_id;

    let online = ask("scene_online", PaymentMethod::OnlinePayment, None);
    let payload = online.payload.expect("found");
    assert_eq!(payload.status, query_status::MerchantStatus::Success);
    assert_eq!(
        payload.payment_method,
        Some(ReplyPaymentMethod::OnlinePayment)
    );
    assert_eq!(payload.store_id, None);

    let offline = ask(
        "scene_store",
        PaymentMethod::InstorePayment,
        Some(&store_id),
    );
    let payload = offline.payload.expect("found");
    assert_eq!(
        payload.payment_method,
        Some(ReplyPaymentMethod::InstorePayment)
    );
    assert_eq!(payload.store_id.as_deref(), Some(store_id.as_str()));
    assert_eq!(
        payload.store_status,
        Some(query_status::StoreStatus::Activated)
    );

    for reply in [
        ask("scene_store", PaymentMethod::OnlinePayment, None),
        ask(
            "scene_online",
            PaymentMethod::InstorePayment,
            Some(&store_id),
        ),
    ] {
        assert_eq!(reply.basic.error.as_deref(), Some("DATA_NOT_EXIST"));
    }
}
