//! Decoding intl replies: outcomes (S, F, U), typed codes, echo checks, and bad input, which
//! always yields a typed error and never a panic.

mod intl_support;

use alipay_proto::body::BodyKind;
use alipay_proto::intl::archive::{self, Archive, BusinessError};
use alipay_proto::intl::{
    Client, Config, ConfigError, DecodeError, ErrorCode, Expected, MessageKind, RawReplyError,
    Reply, ResultCode, maintain,
};
use alipay_proto::outcome::{CallError, Code, Fault, NextStep, Outcome};
use alipay_proto::sign::{Md5Key, SignAlgorithm, SignError, Signer};
use intl_support::*;

const FUNCTION: &str = "alipay.intl.merchant.common.indirectMerchant.archive";

fn head() -> String {
    format!(
        r#"{{"version":"2.0.4","function":"{FUNCTION}","clientId":"{ARCHIVE_CLIENT_ID}","respTime":"2001-07-04T12:08:56+05:30","reqMsgId":"{ARCHIVE_MSG_ID}","reserve":"{{}}"}}"#
    )
}

fn result(status: &str, code_id: &str, code: &str) -> String {
    format!(
        r#"{{"resultInfo":{{"resultStatus":"{status}","resultCodeId":"{code_id}","resultCode":"{code}","resultMsg":"message"}}}}"#
    )
}

fn response(body: &str) -> String {
    format!(r#"{{"head":{},"body":{body}}}"#, head())
}

/// A reply around `response`, signed with Alipay's test key.
fn signed(response: &str) -> Vec<u8> {
    let signature = alipay_signer(SignAlgorithm::Rsa2)
        .sign(response.as_bytes())
        .expect("signs");
    format!(r#"{{"response":{response},"signature":"{signature}"}}"#).into_bytes()
}

fn expected() -> Expected {
    Expected::new(FUNCTION, ARCHIVE_MSG_ID)
}

fn decode(bytes: &[u8]) -> Result<Reply<Archive>, DecodeError> {
    client(ARCHIVE_CLIENT_ID, SignAlgorithm::Rsa2).decode::<Archive>(bytes, &expected())
}

type ArchiveOutcome = Outcome<archive::Reply, ErrorCode<BusinessError>>;

fn failure(status: &str, code_id: &str, code: &str) -> ArchiveOutcome {
    decode(&signed(&response(&result(status, code_id, code))))
        .expect("decodes")
        .into_outcome()
}

#[test]
fn success() {
    let reply = decode(&signed(&response(&result("S", "00000000", "SUCCESS")))).expect("decodes");
    let expected = archive::Reply::new(archive::ReplyRequired {
        result_info: reply.result_info.clone(),
    });
    assert!(reply.is_success());
    assert_eq!(reply.into_result(), Ok(expected));
}

#[test]
fn failure_with_a_business_code() {
    let outcome = failure("F", "00000019", "MERCHANT_DATA_NOT_FOUND");
    let fault = Fault::new(ErrorCode::Business(BusinessError::MerchantDataNotFound))
        .with_code_id(Some("00000019".to_owned()))
        .with_message(Some("message".to_owned()));
    assert_eq!(outcome, Outcome::Failed(fault.clone()));
    assert_eq!(outcome.into_result(), Err(CallError::Failed(fault)));
}

#[test]
fn failure_with_a_basic_code() {
    match failure("F", "00000004", "PARAM_ILLEGAL") {
        Outcome::Failed(fault) => {
            assert_eq!(fault.code, ErrorCode::Basic(ResultCode::ParamIllegal));
            assert_eq!(ResultCode::ParamIllegal.id(), Some("00000004"));
            assert_eq!(fault.code.code(), "PARAM_ILLEGAL");
            assert!(!fault.code.is_retryable());
        }
        other => panic!("{other:?}"),
    }
}

/// `U` is its own outcome: the call may have taken effect.
#[test]
fn unknown_status_is_not_a_failure() {
    match failure("U", "00000901", "UNKNOWN_EXCEPTION") {
        Outcome::Unknown(fault) => {
            assert_eq!(fault.code, ErrorCode::Basic(ResultCode::UnknownException));
            // Query before anything else: a resubmission may meet the one that took effect.
            assert_eq!(fault.code.next_step(), Some(NextStep::QueryStatusFirst));
            assert!(!fault.code.is_retryable());
            let error = CallError::Unknown(fault);
            assert!(error.is_retryable());
            assert!(error.to_string().contains("unknown"), "{error}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn undocumented_codes_and_statuses_fall_back() {
    match failure("F", "99999999", "SOMETHING_NEW") {
        Outcome::Failed(fault) => {
            assert_eq!(fault.code, ErrorCode::Unknown("SOMETHING_NEW".into()));
            assert_eq!(fault.code.description(), None);
            assert!(!fault.code.is_retryable());
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        failure("X", "00000000", "SUCCESS"),
        Outcome::Unknown(_)
    ));
}

#[test]
fn percent_encoded_signature_is_accepted() {
    let response = response(&result("S", "00000000", "SUCCESS"));
    let signature = alipay_signer(SignAlgorithm::Rsa2)
        .sign(response.as_bytes())
        .expect("signs");
    let encoded = signature
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    assert_ne!(encoded, signature);
    let reply = format!(r#"{{"response":{response},"signature":"{encoded}"}}"#);
    assert!(decode(reply.as_bytes()).is_ok());
}

#[test]
fn signature_over_different_bytes_is_rejected() {
    let response = response(&result("S", "00000000", "SUCCESS"));
    let signature = alipay_signer(SignAlgorithm::Rsa2)
        .sign(response.as_bytes())
        .expect("signs");
    // Same JSON value, different text: the signature covers the text.
    let reformatted = response.replacen(':', ": ", 1);
    let reply = format!(r#"{{"response":{reformatted},"signature":"{signature}"}}"#);
    assert_eq!(
        decode(reply.as_bytes()).map(|_| ()),
        Err(DecodeError::Envelope(RawReplyError::Signature(
            SignError::Mismatch
        )))
    );
}

#[test]
fn echo_mismatches_are_rejected() {
    let bytes = signed(&response(&result("S", "00000000", "SUCCESS")));
    let client = client(ARCHIVE_CLIENT_ID, SignAlgorithm::Rsa2);
    let other_id = client.decode::<Archive>(&bytes, &Expected::new(FUNCTION, "other"));
    assert!(matches!(
        other_id,
        Err(DecodeError::Mismatch {
            field: "reqMsgId",
            ..
        })
    ));
    let other_service = client.decode::<maintain::Maintain>(&bytes, &expected());
    assert!(matches!(
        other_service,
        Err(DecodeError::Mismatch {
            field: "function",
            ..
        })
    ));
    let other_client = self::client("385XPU2C2Y0GBK03", SignAlgorithm::Rsa2);
    let other_client = other_client.decode::<Archive>(&bytes, &expected());
    assert!(matches!(
        other_client,
        Err(DecodeError::Mismatch {
            field: "clientId",
            ..
        })
    ));
}

#[test]
fn missing_parts_are_typed() {
    let ok_body = result("S", "00000000", "SUCCESS");
    assert_eq!(
        decode(&signed(&format!(r#"{{"body":{ok_body}}}"#))).map(|_| ()),
        Err(DecodeError::MissingHead)
    );
    assert_eq!(
        decode(&signed(&format!(r#"{{"head":{}}}"#, head()))).map(|_| ()),
        Err(DecodeError::MissingBody)
    );
    assert!(matches!(
        decode(&signed(r#"["head"]"#)),
        Err(DecodeError::NotAnObject { .. })
    ));
    assert!(matches!(
        decode(&signed(&response(r#"{"resultInfo":{"resultStatus":"S"}}"#))),
        Err(DecodeError::InvalidBody { .. })
    ));
    let bad_head = response(&ok_body).replace(r#""version":"2.0.4""#, r#""version":2"#);
    assert!(matches!(
        decode(&signed(&bad_head)),
        Err(DecodeError::InvalidHead { .. })
    ));
    let no_signature = format!(r#"{{"response":{}}}"#, response(&ok_body));
    assert_eq!(
        decode(no_signature.as_bytes()).map(|_| ()),
        Err(DecodeError::Envelope(RawReplyError::MissingSignature))
    );
    assert_eq!(
        decode(b"{\"signature\":\"x\"}").map(|_| ()),
        Err(DecodeError::Envelope(RawReplyError::MissingResponse))
    );
}

fn envelope_error(bytes: &[u8]) -> RawReplyError {
    match decode(bytes) {
        Err(DecodeError::Envelope(error)) => error,
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_input_is_typed() {
    for (bad, found) in [
        (&b""[..], BodyKind::Empty),
        (b"nul", BodyKind::PlainText),
        (b"\"response\"", BodyKind::PlainText),
        (b"<alipay/>", BodyKind::Xml),
    ] {
        assert!(
            matches!(envelope_error(bad), RawReplyError::NotJson { found: f, .. } if f == found),
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
    for bad in [&b"{"[..], b"{\"response\":}", b"{} {}"] {
        assert!(
            matches!(envelope_error(bad), RawReplyError::Malformed { .. }),
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
    assert_eq!(
        envelope_error(b"{\"response\":{\"a\":\"\xc3\x28\"}}"),
        RawReplyError::NotUtf8 {
            of: MessageKind::Reply,
            offset: 18
        }
    );
}

#[test]
fn duplicate_keys_are_rejected_at_any_depth() {
    let ok = response(&result("S", "00000000", "SUCCESS"));
    let inner = ok.replacen(r#""reserve":"{}""#, r#""reserve":"{}","reqMsgId":"x""#, 1);
    let outer = format!(r#"{{"response":{ok},"response":{ok},"signature":"x"}}"#);
    for (bytes, key) in [
        (signed(&inner), "reqMsgId"),
        (outer.into_bytes(), "response"),
    ] {
        match envelope_error(&bytes) {
            RawReplyError::DuplicateKey { key: found, .. } => assert_eq!(found, key),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn huge_numbers_and_deep_nesting_are_typed() {
    let huge = format!(r#"{{"response":{{"n":1{}}}}}"#, "0".repeat(400));
    assert!(matches!(
        envelope_error(huge.as_bytes()),
        RawReplyError::Malformed { .. }
    ));
    let exponent = r#"{"response":{"n":1e999999999999}}"#;
    assert!(matches!(
        envelope_error(exponent.as_bytes()),
        RawReplyError::Malformed { .. }
    ));
    let deep = format!(
        r#"{{"response":{}{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(matches!(
        envelope_error(deep.as_bytes()),
        RawReplyError::Malformed { .. }
    ));
    // A large number where the head wants a string is a typed head error.
    let numeric = response(&result("S", "00000000", "SUCCESS"))
        .replace(&format!(r#""{ARCHIVE_MSG_ID}""#), &"9".repeat(300));
    assert!(matches!(
        decode(&signed(&numeric)),
        Err(DecodeError::InvalidHead { .. })
    ));
}

#[test]
fn oversized_replies_are_rejected_before_parsing() {
    let config = Config::new(ARCHIVE_CLIENT_ID).with_max_reply_bytes(100);
    let client = Client::new(
        config,
        Box::new(signer(SignAlgorithm::Rsa2)),
        Box::new(alipay_verifier(SignAlgorithm::Rsa2)),
    )
    .expect("config");
    let bytes = signed(&response(&result("S", "00000000", "SUCCESS")));
    assert_eq!(
        client.decode::<Archive>(&bytes, &expected()).map(|_| ()),
        Err(DecodeError::Envelope(RawReplyError::TooLarge {
            of: MessageKind::Reply,
            len: bytes.len(),
            max: 100
        }))
    );
}

#[test]
fn config_is_checked() {
    let md5 = || Box::new(Md5Key::new("k").expect("key"));
    let rsa = || Box::new(alipay_verifier(SignAlgorithm::Rsa2));
    let error = Client::new(Config::new("c"), md5(), rsa()).expect_err("MD5 signer");
    assert!(matches!(
        error,
        ConfigError::UnsupportedAlgorithm { role: "signer", .. }
    ));
    let signer = || Box::new(signer(SignAlgorithm::Rsa2));
    let error = Client::new(Config::new("c"), signer(), md5()).expect_err("MD5 verifier");
    assert!(matches!(
        error,
        ConfigError::UnsupportedAlgorithm {
            role: "verifier",
            ..
        }
    ));
    for endpoint in ["not a url", "/api/", "ftp://example.com/"] {
        let config = Config::new("c").with_endpoint(endpoint);
        assert!(
            matches!(
                Client::new(config, signer(), rsa()),
                Err(ConfigError::Endpoint { .. })
            ),
            "{endpoint}"
        );
    }
    let config = Config::new("c").with_endpoint("https://example.com/api");
    let client = Client::new(config, signer(), rsa()).expect("endpoint");
    assert_eq!(client.url_of("a.b"), "https://example.com/api/a/b.htm");
}

#[test]
fn invalid_requests_report_every_violation() {
    let request = archive::Request::new(archive::RequestRequired {
        merchant_id: String::new(),
    })
    .with_seller_id("bad id!");
    let client = client(ARCHIVE_CLIENT_ID, SignAlgorithm::Rsa2);
    match client.prepare::<Archive>(&request, ARCHIVE_TIME, ARCHIVE_MSG_ID) {
        Err(alipay_proto::intl::PrepareError::Invalid(report)) => {
            let paths: Vec<&str> = report.errors.iter().map(|v| v.path.as_str()).collect();
            assert_eq!(paths, ["merchantId", "sellerId"]);
        }
        other => panic!("{other:?}"),
    }
    let long_id = "x".repeat(65);
    match client.prepare::<Archive>(&archive_request(), ARCHIVE_TIME, long_id) {
        Err(alipay_proto::intl::PrepareError::InvalidHead(report)) => {
            assert_eq!(report.errors[0].path, "reqMsgId");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn rsa_signer_sends_sign_type() {
    let client = client(ARCHIVE_CLIENT_ID, SignAlgorithm::Rsa);
    let prepared = client
        .prepare::<Archive>(&archive_request(), ARCHIVE_TIME, ARCHIVE_MSG_ID)
        .expect("prepares");
    let request: serde_json::Value = serde_json::from_str(prepared.request_text()).expect("JSON");
    assert_eq!(request["head"]["signType"], "RSA");
    let rsa2 = self::client(ARCHIVE_CLIENT_ID, SignAlgorithm::Rsa2);
    let prepared = rsa2
        .prepare::<Archive>(&archive_request(), ARCHIVE_TIME, ARCHIVE_MSG_ID)
        .expect("prepares");
    let request: serde_json::Value = serde_json::from_str(prepared.request_text()).expect("JSON");
    assert!(request["head"].get("signType").is_none());
}
