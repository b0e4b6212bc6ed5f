//! The field this crate's spec copy adds is validated, signed and sent by the unchanged
//! `alipay-proto` runtime.

use alipay_proto::charset::Charset;
use alipay_proto::overseas::{Client, Config, SecondaryMerchantType};
use alipay_proto::sign::Md5Key;
use alipay_proto::time::OffsetDateTime;
use alipay_proto_own_spec::overseas::online_maintain::{
    OnlineMaintain, Request, RequestRequired, SiteInfo, SiteInfoRequired, SiteType,
};
use md5::{Digest, Md5};

const KEY: &str = "test_md5_key_0123456789";
const LOGO: &str = "https://www.alipay.com/logo.png";

fn client() -> Client {
    Client::without_reply_verification(
        Config::new("2088101142878662", Charset::Utf8),
        Box::new(Md5Key::new(KEY).expect("key")),
    )
}

fn request() -> Request {
    Request::new(RequestRequired {
        secondary_merchant_name: "test1".into(),
        secondary_merchant_id: "100510000031".into(),
        secondary_merchant_industry: "5935".into(),
        register_country: "HK".into(),
        register_address: "No.278, Road YinCheng, Shanghai, China".into(),
        site_infos: vec![SiteInfo::new(SiteInfoRequired {
            site_type: SiteType::from("WEB"),
            site_url: "https://alipay.com".into(),
        })],
        secondary_merchant_type: SecondaryMerchantType::Enterprise,
    })
}

/// 2019-09-04 00:00:12 GMT+8, the documented samples' timestamp.
fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_567_526_412).expect("in range")
}

fn prepare(req: &Request) -> alipay_proto::overseas::Prepared {
    client()
        .prepare::<OnlineMaintain>(req, now())
        .expect("prepares")
}

fn sign_of(p: &alipay_proto::overseas::Prepared) -> &str {
    let (_, sign) = p
        .params()
        .iter()
        .find(|(k, _)| k == "sign")
        .expect("signed");
    sign
}

#[test]
fn the_new_field_is_signed_and_sent() {
    let prepared = prepare(&request().with_merchant_logo_url(LOGO));
    let presign = prepared.presign();
    assert!(
        presign.contains(&format!("&merchant_logo_url={LOGO}&")),
        "{presign}"
    );
    // MD5 over the pre-sign string with the key appended, by the md-5 crate directly.
    let digest = Md5::digest(format!("{presign}{KEY}").as_bytes());
    let expected: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(sign_of(&prepared), expected);
    let body = String::from_utf8(prepared.post_request().into_body()).expect("form text");
    assert!(
        body.contains("merchant_logo_url=https%3A%2F%2Fwww.alipay.com%2Flogo.png"),
        "{body}"
    );
    assert_ne!(sign_of(&prepared), sign_of(&prepare(&request())));
}

#[test]
fn the_new_field_keeps_its_documented_limit_and_class() {
    let long = format!("https://www.alipay.com/{}", "a".repeat(250));
    let err = client()
        .prepare::<OnlineMaintain>(&request().with_merchant_logo_url(long), now())
        .expect_err("over 256 bytes");
    assert!(err.to_string().contains("merchant_logo_url"), "{err}");
    let err = client()
        .prepare::<OnlineMaintain>(&request().with_merchant_logo_url("logo.png"), now())
        .expect_err("not an http(s) URL");
    assert!(err.to_string().contains("merchant_logo_url"), "{err}");
}
