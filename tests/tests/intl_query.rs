//! `alipay.intl.merchant.common.indirectMerchant.query` (page 005,
//! global.alipay.com/docs/ac/publicapi/merchantquery; docs.antom.com/ac/publicapi/merchantquery;
//! global.alipay.com/doc/publicapi/merchantquery): the facts of its request table, the
//! documented URL, and the gateway role. The byte-exact request, signature (openssl) and reply
//! vectors are `testdata/vectors/intl/query_*` (`intl_vectors.rs`).

mod intl_support;

use alipay_proto::intl::gateway::{Gateway, result_info};
use alipay_proto::intl::query::{self, Query};
use alipay_proto::intl::{FunctionId, PaymentScene, ResultCode};
use alipay_proto::sign::{KeyPair, SignAlgorithm};
use alipay_proto::validate::Reason;
use alipay_proto::{Kind, Service};
use alipay_proto_tests::keys;
use intl_support::*;

fn prepare(request: &query::Request) -> Result<alipay_proto::intl::Prepared, String> {
    client(ARCHIVE_CLIENT_ID, SignAlgorithm::Rsa2)
        .prepare::<Query>(request, ARCHIVE_TIME, ARCHIVE_MSG_ID)
        .map_err(|error| error.to_string())
}

/// global.alipay.com/doc/publicapi/merchantquery, "Service address": "Production |
/// https://open-sea.alipay.com/api/alipay/intl/merchant/common/indirectMerchant/query.htm".
#[test]
fn the_request_goes_to_the_documented_url() {
    let prepared = prepare(&intl_query_request(PaymentScene::Online)).expect("prepares");
    assert_eq!(
        prepared.http_request().uri(),
        "https://open-sea.alipay.com/api/alipay/intl/merchant/common/indirectMerchant/query.htm"
    );
    assert_eq!(
        Query::NAME,
        "alipay.intl.merchant.common.indirectMerchant.query"
    );
    assert_eq!(Query::KIND, Kind::Query);
    assert_eq!(
        FunctionId::from_wire(Query::NAME).map(FunctionId::kind),
        Some(Kind::Query)
    );
}

/// "storeId String(32) ... This parameter is only for the OFFLINE payment." (005, Business
/// Parameter): a warning, never a refusal (spec/intl/query.yaml, note on request.storeId).
#[test]
fn a_store_is_for_offline_queries_only_reported_as_a_warning() {
    let offline = prepare(&intl_query_request(PaymentScene::Offline)).expect("prepares");
    assert!(offline.warnings().is_empty(), "{:?}", offline.warnings());
    let online = intl_query_request(PaymentScene::Online).with_store_id("STORE_ID_0003");
    let prepared = prepare(&online).expect("still prepares");
    let warnings: Vec<(&str, bool)> = prepared
        .warnings()
        .iter()
        .map(|w| (w.path.as_str(), matches!(w.reason, Reason::OnlyIf { .. })))
        .collect();
    assert_eq!(warnings, [("storeId", true)]);
}

/// The documented limits: merchantId String(64), sellerId String(32) of letters, digits and
/// underscores, storeId String(32) (005, Business Parameter).
#[test]
fn the_documented_limits_are_enforced() {
    let cases: [(query::Request, &str, &str); 4] = [
        (
            query::Request::new(query::RequestRequired {
                merchant_id: "1".repeat(65),
            }),
            "merchantId",
            "64",
        ),
        (
            intl_query_request(PaymentScene::Online).with_seller_id("s".repeat(33)),
            "sellerId",
            "32",
        ),
        (
            intl_query_request(PaymentScene::Offline).with_store_id("S".repeat(33)),
            "storeId",
            "32",
        ),
        (
            intl_query_request(PaymentScene::Online).with_seller_id("seller-1"),
            "sellerId",
            "",
        ),
    ];
    for (request, field, limit) in cases {
        let error = prepare(&request).expect_err(field);
        assert!(error.contains(field), "{field}: {error}");
        assert!(error.contains(limit), "{field}: {error}");
    }
    let ok = query::Request::new(query::RequestRequired {
        merchant_id: "1".repeat(64),
    })
    .with_seller_id("s_1".repeat(10))
    .with_store_id("S".repeat(32))
    .with_payment_scene(PaymentScene::Offline);
    assert!(prepare(&ok).is_ok());
}

fn gateway() -> Gateway {
    let pair = KeyPair::new(keys::verifier("RSA2"), keys::alipay_signer("RSA2")).expect("pair");
    Gateway::new(ARCHIVE_CLIENT_ID).with_keys(pair)
}

/// The gateway role opens, verifies and types a query as the client sent it, and the client
/// decodes its signed replies.
#[test]
fn the_gateway_role_opens_validates_and_answers_a_query() {
    let client = client(ARCHIVE_CLIENT_ID, SignAlgorithm::Rsa2);
    let gateway = gateway();
    for scene in [PaymentScene::Online, PaymentScene::Offline] {
        let request = intl_query_request(scene);
        let prepared = client
            .prepare::<Query>(&request, ARCHIVE_TIME, ARCHIVE_MSG_ID)
            .expect("prepares");
        assert_eq!(
            Gateway::function_of(prepared.http_request().uri().path()),
            Some(Query::NAME)
        );
        let incoming = gateway.open(prepared.http_request()).expect("opens");
        assert_eq!(incoming.function(), Query::NAME);
        let decoded = incoming.decode::<Query>().expect("valid");
        assert_eq!(decoded.request, request);
        for code in [ResultCode::Success, ResultCode::ProcessFail] {
            let info = result_info(&code).with_result_msg("UNDER_REVIEW");
            let body = query::Reply::new(query::ReplyRequired {
                result_info: info.clone(),
            });
            let bytes = gateway
                .reply::<Query>(&incoming, &body, ARCHIVE_TIME)
                .expect("signs");
            let reply = client
                .decode::<Query>(&bytes, prepared.expected())
                .expect("decodes and verifies");
            assert_eq!(reply.result_info, info);
            assert_eq!(reply.is_success(), code == ResultCode::Success);
        }
    }
    // A body that breaks the rules (merchantId over 64 bytes), signed all the same, is refused
    // with PARAM_ILLEGAL.
    let prepared = client
        .prepare::<Query>(
            &intl_query_request(PaymentScene::Online),
            ARCHIVE_TIME,
            "bad",
        )
        .expect("prepares");
    let long = "1".repeat(65);
    let text = prepared.request_text().replace("21020000001", &long);
    let (_, envelope) =
        alipay_proto::intl::sign_envelope(&text, &signer(SignAlgorithm::Rsa2)).expect("signs");
    let mut tampered = prepared.http_request().clone();
    *tampered.body_mut() = envelope.into_bytes();
    let incoming = gateway
        .open(&tampered)
        .expect("opens: the signature is good");
    let rejected = incoming.decode::<Query>().expect_err("invalid");
    assert_eq!(rejected.refusal.code(), ResultCode::ParamIllegal);
}
