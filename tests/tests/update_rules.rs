//! The update rules, refused values, request lifetime and default charset the spec holds as
//! data (`update_rules`, `refused_values`, `request_lifetime`, `default_charset`), as the
//! library exposes them.

use alipay_proto::overseas::offline_maintain::{self, OfflineMaintain};
use alipay_proto::overseas::online_maintain::{self, OnlineMaintain};
use alipay_proto::overseas::{REQUEST_LIFETIME, ServiceId};
use alipay_proto::validate::{ValueClass, WireEnum};
use alipay_proto::{Service, UpdateRule};

/// Every code an update rule names is one of its service's business codes, every
/// `*_UPDATE_FORBIDDEN` / `MCC_CAN_NOT_MODIFY` code of a service has a rule, and each rule's
/// field is a request field.
fn check<S: Service>(request_fields: &[&str]) -> Vec<(&'static str, &'static str)> {
    let codes = <S::BusinessError as WireEnum>::VALUES;
    for rule in S::UPDATE_RULES {
        assert!(codes.contains(&rule.code), "{}: {}", S::NAME, rule.code);
        assert!(
            request_fields.contains(&rule.field),
            "{}: {}",
            S::NAME,
            rule.field
        );
    }
    for code in codes {
        if code.ends_with("_UPDATE_FORBIDDEN") || *code == "MCC_CAN_NOT_MODIFY" {
            assert!(
                S::UPDATE_RULES.iter().any(|rule| rule.code == *code),
                "{}: {code} has no update rule",
                S::NAME
            );
        }
    }
    S::UPDATE_RULES
        .iter()
        .map(|UpdateRule { field, code }| (*field, *code))
        .collect()
}

/// 000 and 002 "Business logic errors": one rule per `*_UPDATE_FORBIDDEN` code (and
/// `MCC_CAN_NOT_MODIFY` for offline.maintain's `store_industry`).
#[test]
fn the_update_rules_are_the_documented_codes() {
    let online = check::<OnlineMaintain>(online_maintain::Request::WIRE_NAMES);
    let offline = check::<OfflineMaintain>(offline_maintain::Request::WIRE_NAMES);
    let common = [
        ("secondary_merchant_name", "BUSINESS_NAME_UPDATE_FORBIDDEN"),
        ("registration_no", "REGISTRATION_NO_UPDATE_FORBIDDEN"),
        ("register_country", "REGISTER_COUNTRY_UPDATE_FORBIDDEN"),
        ("secondary_merchant_type", "MERCHANT_TYPE_UPDATE_FORBIDDEN"),
        (
            "representative_name",
            "REPRESENTATIVE_NAME_UPDATE_FORBIDDEN",
        ),
        ("representative_id", "REPRESENTATIVE_ID_UPDATE_FORBIDDEN"),
    ];
    assert_eq!(online, common);
    let mut with_mcc = common.to_vec();
    with_mcc.push(("store_industry", "MCC_CAN_NOT_MODIFY"));
    assert_eq!(offline, with_mcc);
    // Every other service of the family locks nothing.
    for id in ServiceId::ALL {
        struct Rules;
        impl alipay_proto::Visitor<alipay_proto::service::Overseas> for Rules {
            type Output = usize;
            fn visit<S: Service<Family = alipay_proto::service::Overseas>>(self) -> usize {
                S::UPDATE_RULES.len()
            }
        }
        let expected = match id.name() {
            OnlineMaintain::NAME => 6,
            OfflineMaintain::NAME => 7,
            _ => 0,
        };
        assert_eq!(id.visit(Rules), expected, "{id}");
    }
}

/// online.maintain's REGISTER_COUNTRY_FORBIDDEN values: real ISO 3166 codes (the checker
/// holds them to the field's class) and the code is the service's.
#[test]
fn the_refused_registration_countries_are_data() {
    let [rule] = OnlineMaintain::REFUSED_VALUES else {
        panic!("{:?}", OnlineMaintain::REFUSED_VALUES)
    };
    assert_eq!(rule.field, "register_country");
    assert_eq!(rule.code, "REGISTER_COUNTRY_FORBIDDEN");
    assert_eq!(rule.values, ["KP", "IR", "MM"]);
    assert!(rule.values.iter().all(|v| ValueClass::Country.matches(v)));
    assert!(OfflineMaintain::REFUSED_VALUES.is_empty());
}

/// "By default, the request expires in 30 minutes." (the `timestamp` basic param, 000, 002,
/// 003 and every other version read).
#[test]
fn the_request_lifetime_is_the_documented_half_hour() {
    assert_eq!(REQUEST_LIFETIME, alipay_proto::time::Duration::minutes(30));
    assert_eq!(
        alipay_proto::overseas::gateway::REQUEST_LIFETIME,
        REQUEST_LIFETIME
    );
}

/// A request without `_input_charset` is read in GBK: the Alipay help centre, "Which charset is
/// used for asynchronous notifications?" (knowId=201602456561): "If _input_charset is not
/// passed, the response is GBK encoded by default", and a POST without it in the URL "will
/// use GBK for processing by default". The spec holds it once (`default_charset`, with a
/// `rebuilt` note on `_input_charset` naming the page).
#[test]
fn the_default_charset_is_the_help_centre_s_gbk() {
    use alipay_proto::charset::Charset;
    use alipay_proto::overseas::{DEFAULT_CHARSET, FAMILY_NOTES, RawRequest};

    assert_eq!(DEFAULT_CHARSET, Charset::Gbk);
    let note = FAMILY_NOTES
        .iter()
        .find(|n| n.kind == "rebuilt" && n.about == "_input_charset")
        .expect("the default charset's note");
    assert!(
        note.source.contains("knowId=201602456561"),
        "{}",
        note.source
    );
    // `%C9%BD` is 山 in GBK (python3 -c "print('山'.encode('gbk'))" gives b'\xc9\xbd').
    let request = RawRequest::read(
        &alipay_proto::http::Method::GET,
        "service=s&store_name=%C9%BD",
        b"",
    )
    .expect("read in GBK");
    assert_eq!(request.charset(), DEFAULT_CHARSET);
    assert_eq!(request.param("store_name"), Some("山"));
}
