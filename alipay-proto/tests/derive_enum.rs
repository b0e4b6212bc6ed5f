//! `#[derive(WireEnum)]`: open value sets and code tables.

use std::collections::HashSet;
use std::str::FromStr;

use alipay_proto::WireEnum;
use alipay_proto::outcome::{Code, NextStep};
use alipay_proto::validate::{self, UnknownValue};

#[derive(Debug, Clone, PartialEq, Eq, Hash, WireEnum)]
enum PaymentMethod {
    #[wire(value = "INSTORE_PAYMENT")]
    Instore,
    #[wire(value = "OFFLINE_PAYMENT")]
    Offline,
    #[wire(unknown)]
    Unknown(UnknownValue),
}

#[test]
fn documented_values_parse_strictly_and_print_as_sent() {
    assert_eq!(
        PaymentMethod::VALUES,
        ["INSTORE_PAYMENT", "OFFLINE_PAYMENT"]
    );
    assert_eq!(
        PaymentMethod::try_parse("OFFLINE_PAYMENT"),
        Some(PaymentMethod::Offline)
    );
    assert_eq!(
        PaymentMethod::try_parse("offline_payment"),
        None,
        "case matters"
    );
    assert_eq!(PaymentMethod::Instore.as_str(), "INSTORE_PAYMENT");
    assert_eq!(PaymentMethod::Instore.to_string(), "INSTORE_PAYMENT");
    assert!(PaymentMethod::Instore.is_known());
    assert_eq!(
        PaymentMethod::from("INSTORE_PAYMENT".to_owned()),
        PaymentMethod::Instore
    );
}

#[test]
fn an_unknown_value_is_kept_verbatim_and_round_trips() {
    let new = PaymentMethod::from("NEW_VALUE");
    assert!(!new.is_known());
    assert_eq!(new.as_str(), "NEW_VALUE");
    assert_eq!(new.to_string(), "NEW_VALUE");
    assert_eq!(PaymentMethod::try_parse("NEW_VALUE"), None);
    let PaymentMethod::Unknown(raw) = &new else {
        panic!("{new:?} should be unknown");
    };
    assert_eq!(raw.as_str(), "NEW_VALUE");
    assert_eq!(PaymentMethod::from_str("NEW_VALUE"), Ok(new.clone()));

    let json = serde_json::to_string(&new).unwrap();
    assert_eq!(json, "\"NEW_VALUE\"");
    let back: PaymentMethod = serde_json::from_str(&json).unwrap();
    assert_eq!(back, new);
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
}

#[test]
fn serde_uses_the_wire_string() {
    let json = serde_json::to_string(&[PaymentMethod::Instore, PaymentMethod::Offline]).unwrap();
    assert_eq!(json, r#"["INSTORE_PAYMENT","OFFLINE_PAYMENT"]"#);
    let back: Vec<PaymentMethod> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, [PaymentMethod::Instore, PaymentMethod::Offline]);
    // Text with escapes arrives as an owned string; it is still parsed.
    let escaped: PaymentMethod = serde_json::from_str(r#""INSTORE\u005FPAYMENT""#).unwrap();
    assert_eq!(escaped, PaymentMethod::Instore);
    assert!(serde_json::from_str::<PaymentMethod>("42").is_err());
}

#[test]
fn an_unknown_value_never_equals_a_documented_one() {
    let values: HashSet<PaymentMethod> = ["INSTORE_PAYMENT", "X", "X", "OFFLINE_PAYMENT"]
        .into_iter()
        .map(PaymentMethod::from)
        .collect();
    assert_eq!(values.len(), 3);
    assert!(values.contains(&PaymentMethod::Instore));
    assert!(values.contains(&PaymentMethod::from("X")));
}

#[test]
fn the_trait_matches_the_inherent_api() {
    fn parse<E: validate::WireEnum>(text: &str) -> E {
        E::parse(text)
    }
    let known: PaymentMethod = parse("OFFLINE_PAYMENT");
    assert_eq!(known, PaymentMethod::Offline);
    assert_eq!(
        <PaymentMethod as validate::WireEnum>::VALUES,
        PaymentMethod::VALUES
    );
    let unknown: PaymentMethod = parse("");
    assert_eq!(validate::WireEnum::as_str(&unknown), "");
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResultStatus {
    S,
    F,
    U,
}

/// An intl result code table: description, action, next step, id and status.
#[derive(Debug, Clone, PartialEq, Eq, WireEnum)]
#[wire(codes)]
enum ResultCode {
    #[wire(
        value = "SUCCESS",
        description = "Success",
        next_step = Done,
        id = "00000000",
        status = ResultStatus::S
    )]
    Success,
    #[wire(
        value = "SYSTEM_ERROR",
        description = "System error",
        action = "Query the result or retry later",
        next_step = RetrySame,
        id = "00000900",
        status = ResultStatus::U
    )]
    SystemError,
    #[wire(
        value = "PARAM_ILLEGAL",
        description = "Illegal parameters",
        next_step = FixRequest,
        id = "00000004",
        status = ResultStatus::F
    )]
    ParamIllegal,
    #[wire(value = "UNDOCUMENTED_BUT_LISTED")]
    Listed,
    #[wire(unknown)]
    Unknown(UnknownValue),
}

#[test]
fn code_tables_expose_their_documentation() {
    let error = ResultCode::SystemError;
    assert_eq!(error.code(), "SYSTEM_ERROR");
    assert_eq!(error.description(), Some("System error"));
    assert_eq!(error.action(), Some("Query the result or retry later"));
    assert_eq!(error.next_step(), Some(NextStep::RetrySame));
    assert!(error.is_retryable());
    assert_eq!(error.id(), Some("00000900"));
    assert_eq!(error.status(), Some(ResultStatus::U));

    let illegal = ResultCode::ParamIllegal;
    assert_eq!((illegal.action(), illegal.is_retryable()), (None, false));
    assert_eq!(illegal.next_step(), Some(NextStep::FixRequest));
    // Only `RetrySame` is retryable: `Done` is not.
    assert_eq!(ResultCode::Success.next_step(), Some(NextStep::Done));
    assert!(!ResultCode::Success.is_retryable());
    assert_eq!(illegal.status(), Some(ResultStatus::F));
    assert_eq!(ResultCode::Success.status(), Some(ResultStatus::S));

    let listed = ResultCode::Listed;
    assert_eq!(
        (listed.description(), listed.id(), listed.status()),
        (None, None, None)
    );
    assert_eq!(listed.next_step(), None);
    // Through the trait: `is_retryable` is derived from the step.
    let dynamic: &dyn Code = &ResultCode::SystemError;
    assert_eq!(
        (dynamic.next_step(), dynamic.is_retryable()),
        (Some(NextStep::RetrySame), true)
    );
}

#[test]
fn unknown_codes_have_no_documentation_and_are_not_retryable() {
    let unknown = ResultCode::from("NEW_ERROR");
    assert_eq!(unknown.code(), "NEW_ERROR");
    assert_eq!(unknown.description(), None);
    assert_eq!(unknown.action(), None);
    assert!(!unknown.is_retryable());
    assert_eq!(unknown.next_step(), None);
    assert_eq!(unknown.id(), None);
    assert_eq!(unknown.status(), None);
}

/// A code table with no next step at all (the accessors must still compile and say no).
#[derive(Debug, WireEnum)]
#[wire(codes)]
enum AccessError {
    #[wire(value = "ILLEGAL_SIGN", description = "Illegal signature")]
    IllegalSign,
    #[wire(unknown)]
    Unknown(UnknownValue),
}

#[test]
fn a_table_with_nothing_retryable() {
    assert!(!AccessError::IllegalSign.is_retryable());
    assert_eq!(
        AccessError::IllegalSign.description(),
        Some("Illegal signature")
    );
    assert!(!AccessError::from("X").is_retryable());
}

/// A service whose docs list no business codes still gets a code table that answers.
#[derive(Debug, WireEnum)]
#[wire(codes)]
enum EmptyTable {
    #[wire(unknown)]
    Unknown(UnknownValue),
}

#[test]
fn an_empty_table_still_answers_for_unknown_codes() {
    let code = EmptyTable::from("MERCHANT_NOT_FOUND");
    assert_eq!(code.code(), "MERCHANT_NOT_FOUND");
    assert_eq!((code.description(), code.action()), (None, None));
    assert!(!code.is_retryable());
    assert_eq!(code.to_string(), "MERCHANT_NOT_FOUND");
    // And through the trait every code table implements.
    let dynamic: &dyn Code = &code;
    assert_eq!(dynamic.code(), "MERCHANT_NOT_FOUND");
}
