//! `#[derive(Wire)]` on hand-written messages: exact violation lists, paths and wire params.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use alipay_proto::charset::Charset;
use alipay_proto::validate::{
    self, Reason, Report, UnknownValue, ValueClass, Violation, WireStruct,
};
use alipay_proto::{Wire, WireEnum};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, WireEnum)]
enum MerchantType {
    #[wire(value = "INDIVIDUAL")]
    Individual,
    #[wire(value = "ENTERPRISE")]
    Enterprise,
    #[wire(unknown)]
    Unknown(UnknownValue),
}

/// An overseas `extend_params` item.
#[derive(Debug, Clone, Serialize, Wire)]
#[wire(forbid_chars = "\"")]
struct TaxiDriver {
    #[serde(rename = "operation_id")]
    #[wire(name = "operation_id", required, max_bytes = 64, class = Alnum)]
    operation_id: String,
    #[serde(rename = "driver_name", skip_serializing_if = "Option::is_none")]
    #[wire(name = "driver_name", max_bytes = 64)]
    driver_name: Option<String>,
}

/// An overseas merchant: conditional rules, an enum, a JSON text list.
#[derive(Debug, Clone, Serialize, Wire)]
#[wire(forbid_chars = "\"")]
struct Merchant {
    #[wire(name = "secondary_merchant_name", required, max_bytes = 64)]
    name: String,
    #[wire(name = "secondary_merchant_type", required)]
    merchant_type: MerchantType,
    #[wire(
        name = "representative_name",
        max_bytes = 64,
        required_if(when = "secondary_merchant_type", is = ["INDIVIDUAL"])
    )]
    representative_name: Option<String>,
    #[wire(
        name = "shareholder_name",
        only_if(when = "secondary_merchant_type", is = ["ENTERPRISE"])
    )]
    shareholder_name: Option<String>,
    #[wire(name = "store_industry", required, class = Mcc)]
    store_industry: String,
    #[wire(
        name = "extend_params",
        max_items = 10,
        unique = "operation_id",
        json_text,
        required_if(when = "store_industry", is = ["4121"]),
        only_if(when = "store_industry", is = ["4121"], warning)
    )]
    extend_params: Option<Vec<TaxiDriver>>,
}

fn driver(operation_id: &str) -> TaxiDriver {
    TaxiDriver {
        operation_id: operation_id.to_owned(),
        driver_name: None,
    }
}

fn taxi_company() -> Merchant {
    Merchant {
        name: "Mika's taxi".to_owned(),
        merchant_type: MerchantType::Enterprise,
        representative_name: None,
        shareholder_name: Some("Mika".to_owned()),
        store_industry: "4121".to_owned(),
        extend_params: Some(vec![driver("D1"), driver("D2")]),
    }
}

fn violation(path: &str, reason: Reason) -> Violation {
    Violation {
        path: path.to_owned(),
        reason,
    }
}

fn errors(value: &impl validate::Validate, charset: Charset) -> Vec<Violation> {
    match validate::validate(value, charset) {
        Ok(warnings) => panic!("expected errors, got only warnings {warnings:?}"),
        Err(report) => report.errors,
    }
}

#[test]
fn a_valid_message_passes_with_no_warnings() {
    assert_eq!(
        validate::validate(&taxi_company(), Charset::Utf8),
        Ok(vec![])
    );
}

#[test]
fn taxi_drivers_are_counted_unique_and_checked_each() {
    let mut merchant = taxi_company();
    let mut drivers: Vec<TaxiDriver> = (0..11).map(|i| driver(&format!("D{i}"))).collect();
    drivers[2].operation_id = "D1".to_owned();
    drivers[5].operation_id = "D1".to_owned();
    drivers[7].operation_id = "D-7".to_owned();
    drivers[9].operation_id = "a".repeat(65);
    merchant.extend_params = Some(drivers);
    assert_eq!(
        errors(&merchant, Charset::Utf8),
        [
            violation(
                "extend_params",
                Reason::TooManyItems {
                    max: 10,
                    actual: 11
                }
            ),
            violation(
                "extend_params[2].operation_id",
                Reason::Duplicate {
                    value: "D1".to_owned()
                }
            ),
            violation(
                "extend_params[5].operation_id",
                Reason::Duplicate {
                    value: "D1".to_owned()
                }
            ),
            violation(
                "extend_params[7].operation_id",
                Reason::Class {
                    class: ValueClass::Alnum,
                    value: "D-7".into()
                }
            ),
            violation(
                "extend_params[9].operation_id",
                Reason::MaxBytes {
                    max: 64,
                    actual: 65,
                    charset: Charset::Utf8
                }
            ),
        ]
    );
}

#[test]
fn byte_limits_are_bytes_in_the_request_charset() {
    let mut merchant = taxi_company();
    // 22 CJK chars: 66 bytes in UTF-8, 44 in GBK and GB2312, against 64.
    merchant.name = "美".repeat(22);
    assert_eq!(
        errors(&merchant, Charset::Utf8),
        [violation(
            "secondary_merchant_name",
            Reason::MaxBytes {
                max: 64,
                actual: 66,
                charset: Charset::Utf8
            }
        )]
    );
    assert_eq!(validate::validate(&merchant, Charset::Gbk), Ok(vec![]));
    assert_eq!(validate::validate(&merchant, Charset::Gb2312), Ok(vec![]));
}

#[test]
fn a_char_the_charset_cannot_carry_is_unencodable_not_a_length() {
    let mut merchant = taxi_company();
    merchant.name = format!("{}😀", "美".repeat(40));
    merchant.shareholder_name = Some("€".to_owned());
    // The euro sign is not in the gateway's GBK (WHATWG GBK's single byte 80 is not CP936) nor
    // in GB2312; unlimited fields are checked too.
    for charset in [Charset::Gbk, Charset::Gb2312] {
        assert_eq!(
            errors(&merchant, charset),
            [
                violation(
                    "secondary_merchant_name",
                    Reason::Unencodable {
                        ch: '😀', charset
                    }
                ),
                violation("shareholder_name", Reason::Unencodable { ch: '€', charset }),
            ]
        );
    }
}

#[test]
fn forbidden_quotes_are_reported_in_nested_objects_too() {
    let mut merchant = taxi_company();
    merchant.name = "Mika\"s \"taxi\"".to_owned();
    merchant.extend_params = Some(vec![TaxiDriver {
        operation_id: "D1".to_owned(),
        driver_name: Some("\"Speedy\"".to_owned()),
    }]);
    assert_eq!(
        errors(&merchant, Charset::Utf8),
        [
            violation("secondary_merchant_name", Reason::ForbiddenChar { ch: '"' }),
            violation(
                "extend_params[0].driver_name",
                Reason::ForbiddenChar { ch: '"' }
            ),
        ]
    );
}

#[test]
fn required_if_and_only_if_name_the_sibling_and_its_value() {
    let merchant = Merchant {
        name: "Mika".to_owned(),
        merchant_type: MerchantType::Individual,
        representative_name: None,
        shareholder_name: Some("Mika".to_owned()),
        store_industry: "4121".to_owned(),
        extend_params: None,
    };
    assert_eq!(
        errors(&merchant, Charset::Utf8),
        [
            violation(
                "representative_name",
                Reason::RequiredIf {
                    when: "secondary_merchant_type",
                    value: "INDIVIDUAL".to_owned()
                }
            ),
            violation(
                "shareholder_name",
                Reason::OnlyIf {
                    when: "secondary_merchant_type",
                    allowed: &["ENTERPRISE"],
                    value: Some("INDIVIDUAL".to_owned())
                }
            ),
            violation(
                "extend_params",
                Reason::RequiredIf {
                    when: "store_industry",
                    value: "4121".to_owned()
                }
            ),
        ]
    );
}

#[test]
fn warning_rules_are_reported_but_never_reject() {
    let mut merchant = taxi_company();
    merchant.store_industry = "5812".to_owned();
    let warnings = validate::validate(&merchant, Charset::Utf8).expect("only a warning");
    assert_eq!(
        warnings,
        [violation(
            "extend_params",
            Reason::OnlyIf {
                when: "store_industry",
                allowed: &["4121"],
                value: Some("5812".to_owned())
            }
        )]
    );
    // With an error as well, the report keeps both lists apart.
    merchant.name.clear();
    let report = validate::validate(&merchant, Charset::Utf8).unwrap_err();
    assert_eq!(
        report.errors,
        [violation("secondary_merchant_name", Reason::Missing)]
    );
    assert_eq!(report.warnings, warnings);
    assert!(!report.is_ok());
}

#[test]
fn absent_required_values_are_missing() {
    let merchant = Merchant {
        name: String::new(),
        merchant_type: MerchantType::Enterprise,
        representative_name: Some(String::new()),
        shareholder_name: None,
        store_industry: String::new(),
        // An empty list sends nothing: required_if treats it as absent.
        extend_params: Some(vec![]),
    };
    assert_eq!(
        errors(&merchant, Charset::Utf8),
        [
            violation("secondary_merchant_name", Reason::Missing),
            violation("store_industry", Reason::Missing),
        ]
    );
}

#[test]
fn an_unknown_enum_value_is_not_in_enum() {
    let mut merchant = taxi_company();
    merchant.merchant_type = MerchantType::from("PARTNERSHIP");
    merchant.shareholder_name = None;
    assert_eq!(
        errors(&merchant, Charset::Utf8),
        [violation(
            "secondary_merchant_type",
            Reason::NotInEnum {
                value: "PARTNERSHIP".to_owned(),
                allowed: &["INDIVIDUAL", "ENTERPRISE"]
            }
        )]
    );
}

#[test]
fn wire_params_are_present_fields_in_order_with_json_text_lists() {
    let mut merchant = taxi_company();
    merchant.extend_params = Some(vec![
        driver("D1"),
        TaxiDriver {
            operation_id: "D2".to_owned(),
            driver_name: Some("Li Lei".to_owned()),
        },
    ]);
    assert_eq!(
        merchant.wire_params(),
        [
            ("secondary_merchant_name", "Mika's taxi".into()),
            ("secondary_merchant_type", "ENTERPRISE".into()),
            ("shareholder_name", "Mika".into()),
            ("store_industry", "4121".into()),
            (
                "extend_params",
                r#"[{"operation_id":"D1"},{"operation_id":"D2","driver_name":"Li Lei"}]"#.into()
            ),
        ]
    );
    merchant.extend_params = Some(vec![]);
    merchant.shareholder_name = Some(String::new());
    let names: Vec<&str> = merchant
        .wire_params()
        .iter()
        .map(|(name, _)| *name)
        .collect();
    assert_eq!(
        names,
        [
            "secondary_merchant_name",
            "secondary_merchant_type",
            "store_industry"
        ]
    );
}

#[test]
fn wire_text_reads_scalar_fields_by_wire_name() {
    let merchant = taxi_company();
    let text = |name: &str| merchant.wire_text(name);
    assert_eq!(
        text("secondary_merchant_type").as_deref(),
        Some("ENTERPRISE")
    );
    assert_eq!(text("store_industry").as_deref(), Some("4121"));
    assert_eq!(text("representative_name"), None);
    assert_eq!(text("extend_params"), None, "a list is not a scalar");
    assert_eq!(text("name"), None, "Rust names are not wire names");
}

#[derive(Debug, Clone, PartialEq, Eq, WireEnum)]
enum SiteType {
    #[wire(value = "WEB")]
    Web,
    #[wire(value = "APP")]
    App,
    #[wire(unknown)]
    Unknown(UnknownValue),
}

/// Intl-style nested JSON objects.
#[derive(Debug, Serialize, Wire)]
struct SiteInfo {
    #[wire(name = "siteType", required, max_bytes = 3)]
    site_type: SiteType,
    #[wire(name = "siteUrl", required, max_bytes = 256, class = HttpUrl)]
    site_url: String,
}

#[derive(Debug, Serialize, Wire)]
struct SellerInfo {
    #[wire(name = "sellerId", required, max_bytes = 32, class = AlnumUnderscore)]
    seller_id: String,
    #[wire(name = "siteInfos", max_items = 5)]
    site_infos: Vec<SiteInfo>,
}

#[derive(Debug, Serialize, Wire)]
struct MaintainBody {
    #[wire(name = "sellerInfo", required)]
    seller_info: Option<SellerInfo>,
    #[wire(name = "storeInfo")]
    store_info: Option<SellerInfo>,
}

#[test]
fn nested_objects_report_the_full_wire_path() {
    let site = |site_type: &str, site_url: &str| SiteInfo {
        site_type: SiteType::from(site_type),
        site_url: site_url.to_owned(),
    };
    let body = MaintainBody {
        seller_info: Some(SellerInfo {
            seller_id: "yoka-global".to_owned(),
            site_infos: vec![
                site("WEB", "www.alipay.com"),
                site("APP", "https://itunes.apple.com/app"),
                site("MINI", ""),
            ],
        }),
        store_info: None,
    };
    assert_eq!(
        errors(&body, Charset::Utf8),
        [
            violation(
                "sellerInfo.sellerId",
                Reason::Class {
                    class: ValueClass::AlnumUnderscore,
                    value: "yoka-global".into()
                }
            ),
            violation(
                "sellerInfo.siteInfos[0].siteUrl",
                Reason::Class {
                    class: ValueClass::HttpUrl,
                    value: "www.alipay.com".into()
                }
            ),
            violation(
                "sellerInfo.siteInfos[2].siteType",
                Reason::NotInEnum {
                    value: "MINI".to_owned(),
                    allowed: &["WEB", "APP"]
                }
            ),
            violation("sellerInfo.siteInfos[2].siteUrl", Reason::Missing),
        ]
    );
    let empty = MaintainBody {
        seller_info: None,
        store_info: None,
    };
    assert_eq!(
        errors(&empty, Charset::Utf8),
        [violation("sellerInfo", Reason::Missing)]
    );
    assert!(
        empty.wire_params().is_empty(),
        "objects are not form params"
    );
}

/// String rules on an enum field apply to a documented value's wire text.
#[derive(Debug, Wire)]
struct ShortType {
    #[wire(name = "type", max_bytes = 3, max_chars = 2)]
    site_type: SiteType,
}

#[test]
fn string_rules_of_an_enum_field_check_its_wire_text() {
    let short = ShortType {
        site_type: SiteType::Web,
    };
    assert_eq!(
        errors(&short, Charset::Utf8),
        [violation("type", Reason::MaxChars { max: 2, actual: 3 })]
    );
}

#[test]
fn reports_render_every_violation() {
    let merchant = Merchant {
        name: "美".repeat(22),
        merchant_type: MerchantType::Individual,
        representative_name: None,
        shareholder_name: Some("\"M\"".to_owned()),
        store_industry: "41".to_owned(),
        extend_params: None,
    };
    let report: Report = validate::validate(&merchant, Charset::Utf8).unwrap_err();
    let lines: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "secondary_merchant_name: 66 bytes in UTF-8, at most 64 allowed",
            "representative_name: required when secondary_merchant_type is \"INDIVIDUAL\"",
            "shareholder_name: contains the forbidden char '\"'",
            "shareholder_name: allowed only when secondary_merchant_type is one of ENTERPRISE, \
             but it is \"INDIVIDUAL\"",
            "store_industry: \"41\" is not a 4-digit merchant category code",
        ]
    );
    assert!(
        report
            .to_string()
            .starts_with("5 validation error(s): secondary_merchant_name: 66")
    );
    let others = [
        (Reason::Missing, "required but missing"),
        (
            Reason::NotInEnum {
                value: "X".to_owned(),
                allowed: &["A", "B"],
            },
            "\"X\" is not one of A, B",
        ),
        (
            Reason::Unencodable {
                ch: '😀',
                charset: Charset::Gbk,
            },
            "char '😀' (U+1F600) cannot be sent in GBK",
        ),
        (
            Reason::TooManyItems {
                max: 10,
                actual: 11,
            },
            "11 items, at most 10 allowed",
        ),
        (
            Reason::Duplicate {
                value: "D1".to_owned(),
            },
            "\"D1\" repeats an earlier item's value",
        ),
        (
            Reason::OnlyIf {
                when: "x",
                allowed: &["Y"],
                value: None,
            },
            "allowed only when x is one of Y, but it is absent",
        ),
    ];
    for (reason, text) in others {
        assert_eq!(reason.to_string(), text);
    }
}

/// A reply with no business fields.
#[derive(Debug, Default, Serialize, Wire)]
struct EmptyReply {}

#[test]
fn a_struct_without_fields_has_nothing_to_check_or_send() {
    let reply = EmptyReply::default();
    assert_eq!(validate::validate(&reply, Charset::Gbk), Ok(vec![]));
    assert!(reply.wire_params().is_empty());
    assert_eq!(reply.wire_text("anything"), None);
}

/// A small deterministic generator: validation must not panic on any text in any charset.
#[test]
fn validation_never_panics() {
    const PIECES: [&str; 12] = [
        "a",
        "Z",
        "0",
        "-",
        "\"",
        " ",
        "美",
        "€",
        "😀",
        "\u{0}",
        "\u{301}",
        "2019-09-04 00:00:12",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % 1024).unwrap_or_default()
    };
    for _ in 0..500 {
        let mut text = || {
            (0..next() % 30)
                .map(|_| PIECES[next() % PIECES.len()])
                .collect::<String>()
        };
        let merchant = Merchant {
            name: text(),
            merchant_type: MerchantType::from(text()),
            representative_name: Some(text()),
            shareholder_name: Some(text()),
            store_industry: text(),
            extend_params: Some(vec![driver(&text()), driver(&text())]),
        };
        for charset in Charset::ALL {
            let _ = validate::validate(&merchant, charset);
        }
        let _ = merchant.wire_params();
    }
}

/// `personal` keeps the value out of the violation: its length is shown instead, while a
/// field that is not personal still quotes its value.
#[test]
fn personal_fields_show_their_length_only() {
    #[derive(Wire)]
    struct Contact {
        #[wire(name = "contact_email", class = Email, personal)]
        email: String,
        #[wire(name = "contact_no", class = Phone)]
        phone: String,
    }
    let contact = Contact {
        email: "mika at coffee".into(),
        phone: "12x".into(),
    };
    let report = validate::validate(&contact, Charset::Utf8).unwrap_err();
    assert_eq!(
        report.errors[0].reason,
        Reason::Class {
            class: ValueClass::Email,
            value: validate::Value::Personal { bytes: 14 }
        }
    );
    assert_eq!(
        report.to_string(),
        "2 validation error(s): contact_email: <14 bytes> is not an e-mail address; \
         contact_no: \"12x\" is not digits and +-() only"
    );
    assert!(!format!("{report:?}").contains("mika"), "{report:?}");
}
