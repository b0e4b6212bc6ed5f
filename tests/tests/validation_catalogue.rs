//! The bad-request catalogue: documented sample requests as typed values validate clean, and
//! each broken variant yields exactly the pinned violation list (wire-name path + typed
//! reason), errors and warnings apart.

use alipay_proto::charset::Charset;
use alipay_proto::intl::{self, PaymentScene};
use alipay_proto::overseas::{self, SecondaryMerchantType};
use alipay_proto::validate::{Reason, Validate, validate};
use alipay_proto_tests::samples::{self, driver, intl_site, site};

/// Errors then warnings, one per line, for the snapshot.
fn report<T: Validate>(value: &T, charset: Charset) -> String {
    let (errors, warnings) = match validate(value, charset) {
        Ok(warnings) => (Vec::new(), warnings),
        Err(report) => (report.errors, report.warnings),
    };
    let mut out = String::new();
    for v in &errors {
        out.push_str(&format!("error   {v}\n"));
    }
    for v in &warnings {
        out.push_str(&format!("warning {v}\n"));
    }
    if out.is_empty() {
        out.push_str("clean\n");
    }
    out
}

fn mika_store() -> overseas::offline_maintain::Request {
    samples::store_request()
}

fn mika_taxi() -> overseas::offline_maintain::Request {
    samples::taxi_request_repaired()
}

fn online_shop() -> overseas::online_maintain::Request {
    samples::online_request()
}

fn query() -> overseas::query_status::Request {
    samples::query_request()
}

fn maintain() -> intl::maintain::Request {
    samples::maintain_request()
}

fn archive() -> intl::archive::Request {
    samples::archive_request()
}

fn chinese(n: usize) -> String {
    "美".repeat(n)
}

/// Every documented sample request passes validation (errors none; warnings are the ones
/// the docs' own contradictions cause, pinned in the `sample_*` snapshots).
#[test]
fn documented_samples_validate_clean() {
    assert!(validate(&mika_store(), Charset::Utf8).is_ok());
    assert!(validate(&mika_store(), Charset::Gbk).is_ok());
    assert!(validate(&mika_taxi(), Charset::Utf8).is_ok());
    assert!(validate(&online_shop(), Charset::Utf8).is_ok());
    assert!(validate(&query(), Charset::Utf8).is_ok());
    assert!(validate(&maintain(), Charset::Utf8).is_ok());
    assert!(validate(&archive(), Charset::Utf8).is_ok());
}

macro_rules! catalogue {
    ($($name:ident: $charset:expr, $value:expr;)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(report(&$value, $charset));
            }
        )*
        /// How many cases the catalogue has.
        const CASES: usize = [$(stringify!($name)),*].len();
    };
}

catalogue! {
    // --- The documented samples (clean, or only the warnings their own docs cause). ---
    sample_offline_store: Charset::Utf8, mika_store();
    sample_offline_taxi: Charset::Utf8, mika_taxi();
    sample_online: Charset::Utf8, online_shop();
    sample_query_status: Charset::Utf8, query();
    sample_intl_maintain: Charset::Utf8, maintain();
    sample_intl_archive: Charset::Utf8, archive();
    sample_offline_store_gbk: Charset::Gbk, mika_store();

    // --- offline.maintain (seed 000) ---
    offline_missing_required_name: Charset::Utf8, {
        let mut r = mika_store();
        r.secondary_merchant_name = String::new();
        r
    };
    offline_name_129_ascii_bytes: Charset::Utf8, {
        let mut r = mika_store();
        r.secondary_merchant_name = "m".repeat(129);
        r
    };
    offline_name_43_chinese_over_in_utf8: Charset::Utf8, {
        let mut r = mika_store();
        r.secondary_merchant_name = chinese(43);
        r
    };
    offline_name_43_chinese_fits_in_gbk: Charset::Gbk, {
        let mut r = mika_store();
        r.secondary_merchant_name = chinese(43);
        r
    };
    offline_name_65_chinese_over_in_gbk: Charset::Gbk, {
        let mut r = mika_store();
        r.secondary_merchant_name = chinese(65);
        r
    };
    offline_euro_sign_not_in_gb2312: Charset::Gb2312, {
        let mut r = mika_store();
        r.store_name = "Mika's €1 coffee".into();
        r
    };
    offline_merchant_id_with_hyphen: Charset::Utf8, {
        let mut r = mika_store();
        r.secondary_merchant_id = "1314-520".into();
        r
    };
    offline_bad_country_uk: Charset::Utf8, {
        let mut r = mika_store();
        r.store_country = "UK".into();
        r
    };
    offline_bad_country_lowercase: Charset::Utf8, {
        let mut r = mika_store();
        r.register_country = "us".into();
        r
    };
    offline_mcc_three_digits: Charset::Utf8, {
        let mut r = mika_store();
        r.store_industry = "549".into();
        r
    };
    offline_taxi_without_drivers: Charset::Utf8, {
        let mut r = mika_taxi();
        r.extend_params = None;
        r
    };
    offline_eleven_drivers: Charset::Utf8, {
        let mut r = mika_taxi();
        r.extend_params = Some((0..11).map(|i| driver(&format!("10003{i:02}"), "13800001232", "Driver")).collect());
        r
    };
    offline_duplicate_operation_id: Charset::Utf8, {
        let mut r = mika_taxi();
        r.extend_params = Some(vec![driver("1000332", "1380", "Li"), driver("1000332", "1381", "Tom")]);
        r
    };
    offline_operation_id_with_symbols: Charset::Utf8, {
        let mut r = mika_taxi();
        r.extend_params = Some(vec![driver("1000332", "1380", "Li"), driver("1000-333", "1381", "Tom")]);
        r
    };
    offline_driver_phone_masked_as_documented: Charset::Utf8, {
        let mut r = mika_taxi();
        r.extend_params = Some(vec![driver("1000332", "138xxxxx1232", "Driver Li")]);
        r
    };
    offline_driver_missing_name: Charset::Utf8, {
        let mut r = mika_taxi();
        r.extend_params = Some(vec![driver("1000332", "13800001232", "")]);
        r
    };
    offline_phone_with_letters: Charset::Utf8, {
        let mut r = mika_store();
        r.contact_no = Some("+86 186 call me".into());
        r
    };
    offline_quote_in_store_name: Charset::Utf8, {
        let mut r = mika_store();
        r.store_name = "Mika's \"best\" coffee".into();
        r
    };
    offline_quote_in_driver_name: Charset::Utf8, {
        let mut r = mika_taxi();
        r.extend_params = Some(vec![driver("1000332", "1380", "Li \"the driver\"")]);
        r
    };
    offline_photo_not_http: Charset::Utf8, {
        let mut r = mika_store();
        r.internal_store_photo = Some("ftp://www.mikascoffee/img.jpg".into());
        r
    };
    offline_bad_email: Charset::Utf8, {
        let mut r = mika_store();
        r.contact_email = Some("mika at coffee".into());
        r
    };
    offline_enterprise_with_representative_and_shareholder: Charset::Utf8, {
        let mut r = mika_store();
        r.secondary_merchant_type = SecondaryMerchantType::Enterprise;
        r
    };
    offline_unknown_merchant_type: Charset::Utf8, {
        let mut r = mika_store();
        r.secondary_merchant_type = SecondaryMerchantType::from("SOLE_TRADER");
        r
    };
    offline_many_problems_at_once: Charset::Utf8, {
        let mut r = mika_taxi();
        r.secondary_merchant_id = "id with spaces".into();
        r.store_country = "ZZ".into();
        r.extend_params = Some(vec![driver("1", "x", ""), driver("1", "1380", "Tom")]);
        r
    };

    // --- online.maintain (seed 002) ---
    online_six_sites: Charset::Utf8, {
        let mut r = online_shop();
        r.site_infos = (0..6).map(|i| site("WEB", &format!("https://shop{i}.example.com"))).collect();
        r
    };
    online_no_sites: Charset::Utf8, {
        let mut r = online_shop();
        r.site_infos = Vec::new();
        r
    };
    online_site_url_not_http: Charset::Utf8, {
        let mut r = online_shop();
        r.site_infos = vec![site("WEB", "alipay.com")];
        r
    };
    online_unknown_site_type: Charset::Utf8, {
        let mut r = online_shop();
        r.site_infos = vec![site("MINIPROGRAM", "https://alipay.com")];
        r
    };
    online_individual_without_representative: Charset::Utf8, {
        let mut r = online_shop();
        r.representative_name = None;
        r.representative_id = None;
        r
    };
    online_mcc_five_digits: Charset::Utf8, {
        let mut r = online_shop();
        r.secondary_merchant_industry = "59355".into();
        r
    };
    online_country_xx: Charset::Utf8, {
        let mut r = online_shop();
        r.register_country = "XX".into();
        r
    };
    online_settlement_no_with_space: Charset::Utf8, {
        let mut r = online_shop();
        r.settlement_no = Some("2600 100000".into());
        r
    };
    online_contact_no_as_echoed: Charset::Utf8, {
        let mut r = online_shop();
        r.contact_no = Some("+86139xxxx7893 ".into());
        r
    };
    online_site_name_too_long_gbk: Charset::Gbk, {
        let mut r = online_shop();
        r.site_infos = vec![site("WEB", "https://alipay.com").with_site_name(chinese(257))];
        r
    };

    // --- queryStatus (seed 003) ---
    query_instore_without_store_id: Charset::Utf8, {
        let mut r = query();
        r.store_id = None;
        r
    };
    query_unknown_payment_method: Charset::Utf8, {
        let mut r = query();
        r.payment_method = overseas::query_status::PaymentMethod::from("QR_PAYMENT");
        r
    };
    // The online version, https://global.alipay.com/docs/ac/global/online_querystatus:
    // ONLINE_PAYMENT with no store_id is clean.
    query_online_without_store_id: Charset::Utf8, {
        let mut r = query();
        r.payment_method = overseas::query_status::PaymentMethod::OnlinePayment;
        r.store_id = None;
        r
    };
    // OFFLINE_PAYMENT is a reply value only (003 sample); no version documents it for requests.
    query_offline_payment_request: Charset::Utf8, {
        let mut r = query();
        r.payment_method = overseas::query_status::PaymentMethod::from("OFFLINE_PAYMENT");
        r
    };
    query_merchant_id_too_long: Charset::Utf8, {
        let mut r = query();
        r.secondary_merchant_id = "m".repeat(65);
        r
    };

    // --- intl maintain (seed 001) ---
    intl_six_sites: Charset::Utf8, {
        let mut r = maintain();
        r.seller_info.site_infos = Some((0..6).map(|i| intl_site("WEB", &format!("https://s{i}.yoka.com"))).collect());
        r
    };
    intl_country_zz: Charset::Utf8, {
        let mut r = maintain();
        r.seller_info.registration_country = "ZZ".into();
        r
    };
    intl_mcc_not_four_digits: Charset::Utf8, {
        let mut r = maintain();
        r.seller_info.seller_mcc = "41111".into();
        r
    };
    intl_individual_without_representative: Charset::Utf8, {
        let mut r = maintain();
        r.seller_info.seller_type = intl::maintain::SellerType::Individual;
        r
    };
    intl_modify_same_rules_as_add: Charset::Utf8, {
        let mut r = maintain();
        r.operation_type = intl::maintain::OperationType::Modify;
        r.seller_info.seller_type = intl::maintain::SellerType::Individual;
        r.seller_info.representative_name = Some("Tom Li".into());
        r.seller_info.representative_id = Some("123456789".into());
        r
    };
    intl_unknown_operation_type: Charset::Utf8, {
        let mut r = maintain();
        r.operation_type = intl::maintain::OperationType::from("DELETE");
        r
    };
    intl_offline_scene_with_sites: Charset::Utf8, {
        let mut r = maintain();
        r.seller_info.payment_scene = PaymentScene::Offline;
        r
    };
    intl_contact_no_letters: Charset::Utf8, {
        let mut r = maintain();
        r.seller_info.contact_no = Some("086-CALL-ME".into());
        r
    };
    intl_seller_id_with_hyphen: Charset::Utf8, {
        let mut r = maintain();
        r.seller_info.seller_id = "yoka-global".into();
        r
    };
    intl_extend_info_not_json: Charset::Utf8, {
        let mut r = maintain();
        r.extend_info = Some("{\"isvAccesstoken\":123123123sdfsddsf}".into());
        r
    };
    intl_bad_service_email: Charset::Utf8, {
        let mut r = maintain();
        r.seller_info.customer_service_email = Some("test@alipay".into());
        r
    };
    intl_registration_address_801_bytes: Charset::Utf8, {
        let mut r = maintain();
        r.seller_info.registration_address = "a".repeat(801);
        r
    };

    // --- intl archive (seed 004) ---
    archive_store_id_with_online_scene_documented: Charset::Utf8, archive();
    archive_missing_merchant_id: Charset::Utf8, {
        let mut r = archive();
        r.merchant_id = String::new();
        r
    };
    archive_seller_id_33_bytes: Charset::Utf8, {
        let mut r = archive();
        r.seller_id = Some("s".repeat(33));
        r
    };
    archive_unknown_scene: Charset::Utf8, {
        let mut r = archive();
        r.payment_scene = Some(PaymentScene::from("MINI_APP"));
        r
    };
}

// At least 40 bad cases besides the 7 documented samples: checked when this file compiles.
const _: () = assert!(CASES - 7 >= 40);

/// The typed reason carries the numbers, so callers can render their own message.
#[test]
fn reasons_carry_limit_actual_and_charset() {
    let mut r = mika_store();
    r.secondary_merchant_name = chinese(43);
    let report = validate(&r, Charset::Utf8).unwrap_err();
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].path, "secondary_merchant_name");
    assert!(matches!(
        report.errors[0].reason,
        Reason::MaxBytes {
            max: 128,
            actual: 129,
            charset: Charset::Utf8
        }
    ));
    assert!(validate(&r, Charset::Gbk).is_ok());
}

#[test]
fn nested_paths_use_wire_names() {
    let mut r = mika_taxi();
    r.extend_params = Some(vec![
        driver("1", "1", "a"),
        driver("2", "2", "b"),
        driver("3-3", "3", "c"),
    ]);
    let report = validate(&r, Charset::Utf8).unwrap_err();
    assert_eq!(report.errors[0].path, "extend_params[2].operation_id");

    let mut m = maintain();
    if let Some(sites) = m.seller_info.site_infos.as_mut() {
        sites[1].site_url = "nope".into();
    }
    let report = validate(&m, Charset::Utf8).unwrap_err();
    assert_eq!(report.errors[0].path, "sellerInfo.siteInfos[1].siteUrl");
}

/// A request read from JSON or YAML config rejects a key it does not have (a
/// misspelled field never vanishes), naming the key, at every level; replies stay lenient.
#[test]
fn requests_from_config_reject_unknown_keys_by_name() {
    let store = serde_json::to_value(mika_store()).expect("serializes");
    let back: overseas::offline_maintain::Request =
        serde_json::from_value(store.clone()).expect("round-trips");
    assert_eq!(back, mika_store());

    let mut misspelled = store;
    misspelled["store_adress"] = "3 Old Concord Rd".into();
    let error = serde_json::from_value::<overseas::offline_maintain::Request>(misspelled)
        .expect_err("unknown key");
    assert!(
        error.to_string().contains("unknown field `store_adress`"),
        "{error}"
    );

    let mut nested = serde_json::to_value(samples::maintain_request()).expect("serializes");
    nested["sellerInfo"]["siteInfos"][0]["siteURL"] = "https://yoka.com".into();
    let error = serde_json::from_value::<intl::maintain::Request>(nested).expect_err("nested");
    assert!(
        error.to_string().contains("unknown field `siteURL`"),
        "{error}"
    );

    // Replies ignore what the docs do not list, as the docs ask.
    let reply = serde_json::json!({"status": "SUCCESS", "new_field": "x"});
    let reply: overseas::query_status::Reply = serde_json::from_value(reply).expect("lenient");
    assert_eq!(
        reply.status,
        overseas::query_status::MerchantStatus::Success
    );
}
