//! Facts that come from a version of a page other than the seed copy the spec was first written
//! from (`spec/NOTES.md` lists every version read). Each test names the URL beside the fact;
//! reference values come from Python's hashlib, with the command beside them.

mod overseas_support;

use alipay_proto::charset::Charset;
use alipay_proto::overseas::query_status::{
    MerchantStatus, PaymentMethod, QueryStatus, ReplyPaymentMethod, Request, RequestRequired,
    SiteType,
};
use alipay_proto::overseas::{
    Client, Config, DecodeErrorKind, DecodeLimits, LeafError, PrepareError, RawReply,
    SignatureStatus,
};
use alipay_proto::sign::SignAlgorithm;
use overseas_support::{PARTNER, clock, signer, verifying_client};

/// A client that does not verify reply signatures (for replies edited after signing).
fn plain() -> Client {
    Client::without_reply_verification(Config::new(PARTNER, Charset::Utf8), signer("MD5"))
}

/// The request of the online version of the queryStatus page,
/// https://global.alipay.com/docs/ac/global/online_querystatus (also
/// https://docs.alipay.hk/alipayhkdocs/hk/hkapi/online_querystatus): secondary_merchant_id and
/// payment_method "the value is ONLINE_PAYMENT for online payments", no store_id row. The
/// values are the page's examples (MERCHANT_ID_0003, ONLINE_PAYMENT, 2019-02-01 08:30:10).
fn online_query() -> Request {
    Request::new(RequestRequired {
        secondary_merchant_id: "MERCHANT_ID_0003".into(),
        payment_method: PaymentMethod::OnlinePayment,
    })
}

#[test]
fn an_online_payment_query_prepares_without_a_store_id() {
    let client = verifying_client("MD5");
    let prepared = client
        .prepare::<QueryStatus>(&online_query(), clock("2019-02-01 08:30:10"))
        .expect("an ONLINE_PAYMENT query needs no store_id");
    assert!(prepared.warnings().is_empty(), "{:?}", prepared.warnings());
    assert_eq!(
        prepared.presign(),
        "_input_charset=UTF-8&partner=2088101142878662&payment_method=ONLINE_PAYMENT\
         &secondary_merchant_id=MERCHANT_ID_0003\
         &service=alipay.overseas.secmerchant.maintain.queryStatus&timestamp=2019-02-01 08:30:10"
    );
    // python3 -c "import hashlib; k=open('testdata/keys/md5_test_key.txt','rb').read();
    //   p='_input_charset=UTF-8&partner=2088101142878662&payment_method=ONLINE_PAYMENT&secondary_merchant_id=MERCHANT_ID_0003&service=alipay.overseas.secmerchant.maintain.queryStatus&timestamp=2019-02-01 08:30:10';
    //   print(hashlib.md5(p.encode()+k).hexdigest())"
    assert_eq!(prepared.sign(), "79ce8406ee0d911910a6b96f7b85392b");
    let url = prepared.get_url();
    assert!(url.contains("payment_method=ONLINE_PAYMENT"), "{url}");
    assert!(!url.contains("store_id"), "{url}");
    assert_eq!(PARTNER, "2088101142878662");
}

/// store_id stays required for INSTORE_PAYMENT (the in-store version,
/// https://global.alipay.com/docs/ac/hkapi/offline_querystatus: "This field is required when
/// the value of payment_method is INSTORE_PAYMENT").
#[test]
fn an_instore_query_still_needs_its_store_id() {
    let mut request = online_query();
    request.payment_method = PaymentMethod::InstorePayment;
    let error = verifying_client("MD5")
        .prepare::<QueryStatus>(&request, clock("2019-02-01 08:30:10"))
        .expect_err("store_id is required for INSTORE_PAYMENT");
    let PrepareError::Invalid(report) = error else {
        panic!("{error:?}")
    };
    assert_eq!(report.errors.len(), 1, "{report}");
    assert!(
        report.errors[0].to_string().contains("store_id"),
        "{report}"
    );
}

/// OFFLINE_PAYMENT appears only in the 003 reply sample; no version of the page documents it as
/// a request value (003: INSTORE_PAYMENT; online_querystatus: ONLINE_PAYMENT), so a request
/// with it is refused, naming payment_method.
#[test]
fn offline_payment_is_not_a_request_value() {
    let mut request = online_query();
    request.payment_method = PaymentMethod::from("OFFLINE_PAYMENT");
    let error = verifying_client("MD5")
        .prepare::<QueryStatus>(&request, clock("2019-02-01 08:30:10"))
        .expect_err("OFFLINE_PAYMENT is no request value");
    let PrepareError::Invalid(report) = error else {
        panic!("{error:?}")
    };
    let text = report.to_string();
    assert!(text.contains("payment_method"), "{text}");
    assert!(text.contains("OFFLINE_PAYMENT"), "{text}");
    // The reply keeps it: the 003 sample returns it.
    assert_eq!(
        ReplyPaymentMethod::from("OFFLINE_PAYMENT"),
        ReplyPaymentMethod::OfflinePayment
    );
}

/// An online merchant's reply. The fields are those of alipay-sdk-java-all's
/// AlipayOverseasSecondmerchantMaintainQuerystatusResponse
/// (github.com/alipay/alipay-sdk-java-all, v2/src/main/java/com/alipay/api/response/):
/// secondary_merchant_industry and site_infos (a list of MerchantSiteInfo: site_name,
/// site_type, site_url), read as the JSON text online.maintain registers. The payment_method
/// is the online page's ONLINE_PAYMENT (global.alipay.com/docs/ac/global/online_querystatus).
const ONLINE_REPLY: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<alipay>
<is_success>T</is_success>
<request>
<param name="service">alipay.overseas.secmerchant.maintain.queryStatus</param>
<param name="payment_method">ONLINE_PAYMENT</param>
<param name="secondary_merchant_id">MERCHANT_ID_0003</param>
</request>
<response>
<alipay>
<secondary_merchant_id>MERCHANT_ID_0003</secondary_merchant_id>
<status>SUCCESS</status>
<payment_method>ONLINE_PAYMENT</payment_method>
<partner_id>2088101142878662</partner_id>
<secondary_merchant_industry>5812</secondary_merchant_industry>
<site_infos>[{"site_type":"WEB","site_url":"https://alipay.com","site_name":"websit"},{"site_type":"APP","site_url":"https://alipay.com","site_name":"websit"}]</site_infos>
</alipay>
</response>
<sign>801de8cb586c4186f5c1f5cb3d39f450</sign>
<sign_type>MD5</sign_type>
</alipay>"#;

#[test]
fn an_online_reply_decodes_its_site_infos_and_verifies() {
    // The sign is the MD5 of the sorted leaves of <response><alipay> and the test key:
    // python3 - <<'PY'
    // import hashlib
    // k = open('testdata/keys/md5_test_key.txt', 'rb').read()
    // leaves = {'secondary_merchant_id': 'MERCHANT_ID_0003', 'status': 'SUCCESS',
    //   'payment_method': 'ONLINE_PAYMENT', 'partner_id': '2088101142878662',
    //   'secondary_merchant_industry': '5812',
    //   'site_infos': '[{"site_type":"WEB","site_url":"https://alipay.com","site_name":"websit"},{"site_type":"APP","site_url":"https://alipay.com","site_name":"websit"}]'}
    // p = '&'.join(f'{n}={leaves[n]}' for n in sorted(leaves))
    // print(hashlib.md5(p.encode('utf-8') + k).hexdigest())
    // PY
    let reply = verifying_client("MD5")
        .decode::<QueryStatus>(ONLINE_REPLY.as_bytes())
        .expect("decodes");
    assert_eq!(
        reply.signature,
        SignatureStatus::Verified(SignAlgorithm::Md5)
    );
    let record = reply.verified_payload().expect("verified payload").clone();
    assert_eq!(record.status, MerchantStatus::Success);
    assert_eq!(
        record.payment_method,
        Some(ReplyPaymentMethod::OnlinePayment)
    );
    assert_eq!(record.secondary_merchant_industry.as_deref(), Some("5812"));
    let sites = record.site_infos.expect("site_infos are kept");
    let read: Vec<(Option<SiteType>, Option<&str>, Option<&str>)> = sites
        .iter()
        .map(|s| {
            (
                s.site_type.clone(),
                s.site_url.as_deref(),
                s.site_name.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                Some(SiteType::Web),
                Some("https://alipay.com"),
                Some("websit")
            ),
            (
                Some(SiteType::App),
                Some("https://alipay.com"),
                Some("websit")
            ),
        ]
    );
    assert_eq!(record.store_id, None);
}

/// Should the gateway send site_infos as child elements rather than JSON text (no reachable
/// page shows its XML form), the element is not a leaf: the reply still decodes, the field is
/// absent, and the element is listed as nested (outside the signed text).
#[test]
fn site_infos_as_child_elements_are_listed_as_nested() {
    let nested = ONLINE_REPLY.replace(
        r#"<site_infos>[{"site_type":"WEB","site_url":"https://alipay.com","site_name":"websit"},{"site_type":"APP","site_url":"https://alipay.com","site_name":"websit"}]</site_infos>"#,
        "<site_infos><merchant_site_info><site_type>WEB</site_type></merchant_site_info></site_infos>",
    );
    let raw = RawReply::parse(nested.as_bytes(), DecodeLimits::default()).expect("parses");
    assert!(raw.nested().eq(["site_infos"]));
    let reply = plain()
        .decode::<QueryStatus>(nested.as_bytes())
        .expect("decodes");
    assert_eq!(reply.payload.expect("payload").site_infos, None);
}

/// A site_infos leaf that is not a JSON list is a decode error naming the field.
#[test]
fn a_site_infos_leaf_that_is_not_json_fails_naming_it() {
    let broken = ONLINE_REPLY.replace(r#"[{"site_type":"WEB""#, r#"[{"site_type":WEB"#);
    let error = plain()
        .decode::<QueryStatus>(broken.as_bytes())
        .expect_err("not JSON");
    assert!(
        matches!(&error.kind, DecodeErrorKind::Payload(LeafError::Json { field, .. }) if field == "site_infos"),
        "{error:?}"
    );
}

/// The current in-store version, https://global.alipay.com/docs/ac/global/offline_querystatus,
/// prints the production environment as "Priority: https://globalmapi.alipay.com/gateway.do";
/// the seeds and the hkapi versions print intlmapi, which stays the client's default.
#[test]
fn the_priority_gateway_is_recorded_beside_the_default() {
    assert_eq!(
        alipay_proto::overseas::PRIORITY_GATEWAY,
        "https://globalmapi.alipay.com/gateway.do"
    );
    assert_eq!(
        alipay_proto::overseas::PRODUCTION_GATEWAY,
        "https://intlmapi.alipay.com/gateway.do"
    );
    let config = Config::new(PARTNER, Charset::Utf8);
    assert_eq!(config.gateway, alipay_proto::overseas::PRODUCTION_GATEWAY);
}

/// The AlipayHK version of offline.maintain,
/// https://docs.alipay.hk/alipayhkdocs/hk/hkapi/offline_maintain, prints its own production
/// gateway; it is recorded, selectable, and never the default.
#[test]
fn the_alipayhk_gateway_is_recorded_and_selectable() {
    assert_eq!(
        alipay_proto::overseas::ALIPAYHK_GATEWAY,
        "https://api-sea-global.alipayplus.com/gateway.do"
    );
    let config = Config::new(PARTNER, Charset::Utf8);
    assert_eq!(config.gateway, alipay_proto::overseas::PRODUCTION_GATEWAY);
    let client = Client::without_reply_verification(
        config.with_gateway(alipay_proto::overseas::ALIPAYHK_GATEWAY),
        signer("MD5"),
    );
    let prepared = client
        .prepare::<QueryStatus>(&online_query(), clock("2019-02-01 08:30:10"))
        .expect("prepares");
    let url = prepared.get_url();
    assert!(
        url.starts_with("https://api-sea-global.alipayplus.com/gateway.do?"),
        "{url}"
    );
}
