//! What each documented code tells the caller to do next: every code of both families has a
//! `NextStep`, `is_retryable` is derived from it, and the documented cases are pinned with the
//! page each comes from.

use alipay_proto::intl::{self, ResultCode};
use alipay_proto::intl::{archive, maintain, query};
use alipay_proto::outcome::{Code, CodeEnum, NextStep};
use alipay_proto::overseas::{
    self, AccessError, SystemError, offline_maintain, online_maintain, query_status,
};

/// Every documented value of the table `T`, parsed from its generated `VALUES`: each has a
/// next step, and `is_retryable` is exactly "the step is `RetrySame`". Returns the codes.
fn every_code_has_a_next_step<T: CodeEnum + for<'a> From<&'a str>>(
    table: &str,
    values: &[&str],
) -> usize {
    for value in values {
        let code = T::from(value);
        let step = code
            .next_step()
            .unwrap_or_else(|| panic!("{table}::{value} has no next step"));
        assert_eq!(
            code.is_retryable(),
            step == NextStep::RetrySame,
            "{table}::{value}: is_retryable disagrees with {step:?}"
        );
        assert!(code.description().is_some(), "{table}::{value}");
    }
    values.len()
}

#[test]
fn every_code_of_both_families_has_a_next_step() {
    let mut codes = 0;
    codes += every_code_has_a_next_step::<AccessError>("AccessError", AccessError::VALUES);
    codes += every_code_has_a_next_step::<SystemError>("SystemError", SystemError::VALUES);
    codes += every_code_has_a_next_step::<offline_maintain::BusinessError>(
        "offline_maintain::BusinessError",
        offline_maintain::BusinessError::VALUES,
    );
    codes += every_code_has_a_next_step::<online_maintain::BusinessError>(
        "online_maintain::BusinessError",
        online_maintain::BusinessError::VALUES,
    );
    codes += every_code_has_a_next_step::<query_status::BusinessError>(
        "query_status::BusinessError",
        query_status::BusinessError::VALUES,
    );
    codes += every_code_has_a_next_step::<ResultCode>("ResultCode", ResultCode::VALUES);
    codes += every_code_has_a_next_step::<archive::BusinessError>(
        "archive::BusinessError",
        archive::BusinessError::VALUES,
    );
    codes += every_code_has_a_next_step::<maintain::BusinessError>(
        "maintain::BusinessError",
        maintain::BusinessError::VALUES,
    );
    codes += every_code_has_a_next_step::<query::BusinessError>(
        "query::BusinessError",
        query::BusinessError::VALUES,
    );
    // 15 access + 5 system + 14 + 11 + 3 business (overseas); 14 result + 1 business (intl).
    assert!(codes >= 63, "{codes} codes");
}

/// The resolved codes (`overseas::ErrorCode`, `intl::ErrorCode`) answer as their table does,
/// and an undocumented code has no step and is not retryable.
#[test]
fn resolved_codes_carry_their_tables_step() {
    for value in AccessError::VALUES.iter().chain(SystemError::VALUES) {
        let table = AccessError::try_parse(value)
            .map(|c| c.next_step())
            .unwrap_or_else(|| SystemError::from(*value).next_step());
        for resolved in [
            overseas::ErrorCode::<query_status::BusinessError>::parse(value).next_step(),
            overseas::ErrorCode::<offline_maintain::BusinessError>::parse(value).next_step(),
        ] {
            // SYSTEM_ERROR resolves to the business table first; it says the same.
            assert_eq!(resolved, table, "{value}");
        }
    }
    let unknown = overseas::ErrorCode::<query_status::BusinessError>::parse("SOMETHING_NEW");
    assert_eq!((unknown.next_step(), unknown.is_retryable()), (None, false));
    let unknown = intl::ErrorCode::<archive::BusinessError>::parse("SOMETHING_NEW");
    assert_eq!((unknown.next_step(), unknown.is_retryable()), (None, false));
}

/// SESSION_TIMEOUT: "The time when the merchant server sends (calls) the request ... by
/// default the request expires in 30 minutes" (the timestamp basic parameter,
/// https://global.alipay.com/docs/ac/hkapi/offline_maintain and the queryStatus page). The
/// same prepared request always times out again: it needs a fresh timestamp and signature.
#[test]
fn session_timeout_means_prepare_again() {
    let code = SystemError::SessionTimeout;
    assert_eq!(code.next_step(), Some(NextStep::PrepareAgain));
    assert!(!code.is_retryable());
    let action = code.action().expect("SESSION_TIMEOUT has an action");
    assert!(action.contains("30 minutes"), "{action}");
    assert!(action.contains("prepare it again"), "{action}");
}

/// DUPLICATE_REQUEST: "The registration request for the same PM / PMS is submitted already and
/// is currently under review (status=UNDER_REVIEW). Use the query interface to confirm the
/// registration status ... If the status is under review (UNDER_REVIEW), please wait for the
/// request to pass or fail, and then re-initiate the call."
/// (https://global.alipay.com/developer/helpcenter/detail?categoryId=50474&knowId=201602456536&sceneCode=AC_DEV)
/// The review "takes only 5-10 minutes. The maximum review time is 3 working days."
/// (https://global.alipay.com/developer/helpcenter/detail?categoryId=50476&knowId=201602456515&sceneCode=AC_DEV)
#[test]
fn duplicate_request_means_query_the_status_and_wait() {
    for code in [
        overseas::ErrorCode::<offline_maintain::BusinessError>::parse("DUPLICATE_REQUEST"),
        overseas::ErrorCode::Business(offline_maintain::BusinessError::DuplicateRequest),
    ] {
        assert_eq!(code.next_step(), Some(NextStep::QueryStatusFirst));
        assert!(!code.is_retryable(), "a retry loop would resubmit for days");
    }
    let online = online_maintain::BusinessError::DuplicateRequest;
    assert_eq!(online.next_step(), Some(NextStep::QueryStatusFirst));
    assert!(!online.is_retryable());
}

/// ILLEGAL_SIGN ("Illegal signature", the access errors of the maintain pages): the pre-sign
/// string, its charset or the key is wrong, for every request alike
/// (https://global.alipay.com/doc/website_hk/presign, "Creating the Pre-sign String").
#[test]
fn illegal_sign_means_fix_the_setup_and_says_how() {
    let code = AccessError::IllegalSign;
    assert_eq!(code.next_step(), Some(NextStep::FixSetup));
    assert!(!code.is_retryable());
    let action = code.action().expect("ILLEGAL_SIGN has an action");
    for part in ["pre-sign string", "_input_charset", "sign_type"] {
        assert!(action.contains(part), "{part}: {action}");
    }
}

/// SYSTEM_ERROR: "Try again later" (the business error tables of
/// https://global.alipay.com/docs/ac/hkapi/offline_maintain and of the queryStatus page):
/// the only overseas code that is retried as it is.
#[test]
fn system_error_means_retry_the_same_request() {
    let codes: [&dyn Code; 3] = [
        &overseas::ErrorCode::<query_status::BusinessError>::parse("SYSTEM_ERROR"),
        &overseas::ErrorCode::<online_maintain::BusinessError>::parse("SYSTEM_ERROR"),
        &SystemError::SystemError,
    ];
    for code in codes {
        assert_eq!(code.next_step(), Some(NextStep::RetrySame), "{code:?}");
        assert!(code.is_retryable());
    }
    assert_eq!(
        query_status::BusinessError::SystemError.action(),
        Some("Try again later.")
    );
}

/// DATA_NOT_EXIST: "Register the secondary merchant to Alipay system before you query the
/// registration status." (the queryStatus page's business errors): the query as it is cannot
/// succeed.
#[test]
fn data_not_exist_means_fix_the_request() {
    let code = query_status::BusinessError::DataNotExist;
    assert_eq!(code.next_step(), Some(NextStep::FixRequest));
    assert!(!code.is_retryable());
}

/// Intl: resultStatus "U: unknown" (the result code tables of the intl maintain and archive
/// pages): the outcome must be queried before anything else; SUCCESS (status S) is done; a
/// traffic limit is retried as it is.
#[test]
fn intl_steps_follow_the_result_status() {
    assert_eq!(ResultCode::Success.next_step(), Some(NextStep::Done));
    assert_eq!(
        ResultCode::UnknownException.next_step(),
        Some(NextStep::QueryStatusFirst)
    );
    assert_eq!(
        ResultCode::RequestTrafficExceedLimit.next_step(),
        Some(NextStep::RetrySame)
    );
    assert_eq!(
        ResultCode::InvalidSignature.next_step(),
        Some(NextStep::FixSetup)
    );
    assert_eq!(
        ResultCode::AccessDenied.next_step(),
        Some(NextStep::ContactAlipay)
    );
    // Every status S code is done, and no other; every status U code queries first.
    for value in ResultCode::VALUES {
        let code = ResultCode::from(*value);
        let status = code.status().expect("every result code has a status");
        let step = code.next_step().expect("every result code has a step");
        assert_eq!(
            status == intl::ResultStatus::S,
            step == NextStep::Done,
            "{value}"
        );
        if status == intl::ResultStatus::U {
            assert_eq!(step, NextStep::QueryStatusFirst, "{value}");
        }
    }
}

/// The step names are the spec's (`next_step.step` in spec/*.yaml), and only `RetrySame` is
/// retryable.
#[test]
fn step_names_and_retryability() {
    let names: Vec<&str> = NextStep::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        names,
        [
            "done",
            "retry_same",
            "prepare_again",
            "query_status_first",
            "fix_request",
            "fix_setup",
            "contact_alipay"
        ]
    );
    let retryable: Vec<NextStep> = NextStep::ALL
        .into_iter()
        .filter(|s| s.is_retryable())
        .collect();
    assert_eq!(retryable, [NextStep::RetrySame]);
    assert_eq!(
        NextStep::PrepareAgain.to_string(),
        "prepare the request again (new timestamp and signature)"
    );
}
