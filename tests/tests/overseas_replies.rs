//! Every documented overseas reply decodes to its expected typed value; replies re-signed with
//! the test keys verify under the reply-signature rule, tampered ones do not.

mod overseas_support;

use alipay_proto::Service;
use alipay_proto::charset::Charset;
use alipay_proto::outcome::{CallError, Code, Fault, NextStep, Outcome};
use alipay_proto::overseas::offline_maintain::{self, OfflineMaintain};
use alipay_proto::overseas::online_maintain::{self, OnlineMaintain};
use alipay_proto::overseas::query_status::{self, MerchantStatus, QueryStatus, StoreStatus};
use alipay_proto::overseas::{
    AccessError, DecodeErrorKind, DecodeLimits, ErrorCode, RawReply, SignatureStatus, SystemError,
    reply_presign,
};
use alipay_proto::service::Overseas;
use alipay_proto::sign::{SignAlgorithm, SignError};
use overseas_support::{PARTNER, alipay_signer, sample, signer, verifying_client};

/// A client that does not verify (the documented signatures use keys we do not have).
fn plain() -> alipay_proto::overseas::Client {
    alipay_proto::overseas::Client::without_reply_verification(
        alipay_proto::overseas::Config::new(PARTNER, Charset::Utf8),
        signer("MD5"),
    )
}

/// `xml` with `<sign>`/`<sign_type>` replaced by a signature of Alipay's test key of
/// `sign_type` (the shared key for MD5).
fn resign(xml: &str, sign_type: &str) -> String {
    resign_in(xml, sign_type, Charset::Utf8)
}

/// [`resign`] for a reply sent in `charset`.
fn resign_in(xml: &str, sign_type: &str, charset: Charset) -> String {
    let bytes = charset.encode(xml).expect("encodes");
    let raw = RawReply::parse(&bytes, DecodeLimits::default()).expect("parses");
    let text = reply_presign(&raw);
    let bytes = raw.charset().encode(&text).expect("encodes");
    let signature = alipay_signer(sign_type).sign(&bytes).expect("signs");
    let old_sign = raw.sign().expect("has a sign");
    let old_type = raw.sign_type().expect("has a sign_type");
    xml.replace(
        &format!("<sign>{old_sign}</sign>"),
        &format!("<sign>{signature}</sign>"),
    )
    .replace(
        &format!("<sign_type>{old_type}</sign_type>"),
        &format!("<sign_type>{sign_type}</sign_type>"),
    )
}

#[test]
fn documented_000_replies() {
    let success = plain()
        .decode::<OfflineMaintain>(sample("000_reply_success.repaired.xml").as_bytes())
        .expect("decodes");
    assert!(success.is_success());
    assert_eq!(success.basic.result_code.as_deref(), Some("SUCCESS"));
    assert_eq!(success.payload, Some(offline_maintain::Reply::new()));
    assert_eq!(success.signature, SignatureStatus::NotChecked);
    insta::assert_debug_snapshot!("reply_000_success", success);

    let failure = plain()
        .decode::<OfflineMaintain>(sample("000_reply_failure.verbatim.xml").as_bytes())
        .expect("decodes");
    assert!(!failure.is_success());
    assert_eq!(
        failure.error,
        Some(ErrorCode::Access(AccessError::IllegalSign))
    );
    assert_eq!(failure.payload, None);
    insta::assert_debug_snapshot!("reply_000_failure", failure);
}

#[test]
fn documented_002_replies() {
    let success = plain()
        .decode::<OnlineMaintain>(sample("002_reply_success.repaired.xml").as_bytes())
        .expect("decodes");
    assert_eq!(success.payload, Some(online_maintain::Reply::new()));
    insta::assert_debug_snapshot!("reply_002_success", success);

    let business = plain()
        .decode::<OnlineMaintain>(sample("002_reply_business_failure.verbatim.xml").as_bytes())
        .expect("decodes");
    assert_eq!(
        business.error,
        Some(ErrorCode::Business(
            online_maintain::BusinessError::ParamIllegal
        ))
    );
    insta::assert_debug_snapshot!("reply_002_business_failure", business);

    let access = plain()
        .decode::<OnlineMaintain>(sample("002_reply_access_failure.verbatim.xml").as_bytes())
        .expect("decodes");
    assert_eq!(
        access.error,
        Some(ErrorCode::Access(AccessError::IllegalPartner))
    );
    insta::assert_debug_snapshot!("reply_002_access_failure", access);
}

#[test]
fn documented_003_replies() {
    for name in [
        "003_reply_success.verbatim.xml",
        "003_reply_success.repaired.xml",
    ] {
        let reply = plain()
            .decode::<QueryStatus>(sample(name).as_bytes())
            .expect("decodes");
        let record = reply.payload.expect("payload");
        assert_eq!(record.status, MerchantStatus::UnderReview);
        assert_eq!(record.store_status, Some(StoreStatus::Activated));
        assert_eq!(
            record.payment_method,
            Some(query_status::ReplyPaymentMethod::OfflinePayment)
        );
    }
    let success = plain()
        .decode::<QueryStatus>(sample("003_reply_success.repaired.xml").as_bytes())
        .expect("decodes");
    insta::assert_debug_snapshot!("reply_003_success", success);

    let failure = plain()
        .decode::<QueryStatus>(sample("003_reply_failure.verbatim.xml").as_bytes())
        .expect("decodes");
    assert_eq!(
        failure.error,
        Some(ErrorCode::Business(
            query_status::BusinessError::DataNotExist
        ))
    );
    assert!(!failure.error.as_ref().is_some_and(Code::is_retryable));
    insta::assert_debug_snapshot!("reply_003_failure", failure);
}

#[test]
fn reply_presign_of_the_003_reply() {
    let xml = sample("003_reply_success.repaired.xml");
    let raw = RawReply::parse(xml.as_bytes(), DecodeLimits::default()).expect("parses");
    insta::assert_snapshot!("reply_003_presign", reply_presign(&raw));
}

fn error_code<S: Service<Family = Overseas>>(code: &str) -> ErrorCode<S::BusinessError> {
    ErrorCode::parse(code)
}

#[test]
fn error_codes_resolve_business_then_access_then_system() {
    // SYSTEM_ERROR is in both the business and the system tables: business wins.
    let system_error = error_code::<QueryStatus>("SYSTEM_ERROR");
    assert_eq!(
        system_error,
        ErrorCode::Business(query_status::BusinessError::SystemError)
    );
    assert!(system_error.is_retryable());
    assert_eq!(system_error.next_step(), Some(NextStep::RetrySame));
    // The same prepared request times out again: it needs a fresh timestamp and signature.
    let timeout = error_code::<QueryStatus>("SESSION_TIMEOUT");
    assert_eq!(timeout, ErrorCode::System(SystemError::SessionTimeout));
    assert_eq!(timeout.next_step(), Some(NextStep::PrepareAgain));
    assert!(!timeout.is_retryable());
    let sign = error_code::<OfflineMaintain>("ILLEGAL_SIGN");
    assert_eq!(sign, ErrorCode::Access(AccessError::IllegalSign));
    assert_eq!(sign.next_step(), Some(NextStep::FixSetup));
    assert!(!sign.is_retryable());
    assert_eq!(sign.description(), Some("Illegal signature"));
    let unknown = error_code::<OnlineMaintain>("SOMETHING_NEW");
    assert_eq!(unknown, ErrorCode::Unknown("SOMETHING_NEW".into()));
    assert_eq!(unknown.code(), "SOMETHING_NEW");
    assert_eq!(unknown.to_string(), "SOMETHING_NEW");
    assert!(!unknown.is_retryable());
    assert_eq!(unknown.next_step(), None);
    // DATA_NOT_EXIST is only queryStatus's: for another service it is unknown.
    assert!(matches!(
        error_code::<OnlineMaintain>("DATA_NOT_EXIST"),
        ErrorCode::Unknown(_)
    ));
}

#[test]
fn resigned_replies_verify_and_tampered_ones_fail() {
    let cases = [
        "000_reply_success.repaired.xml",
        "002_reply_success.repaired.xml",
        "002_reply_business_failure.verbatim.xml",
        "003_reply_success.repaired.xml",
        "003_reply_failure.verbatim.xml",
    ];
    for (name, sign_type, algorithm) in cases.iter().flat_map(|name| {
        [
            (name, "MD5", SignAlgorithm::Md5),
            (name, "RSA2", SignAlgorithm::Rsa2),
        ]
    }) {
        let signed = resign(&sample(name), sign_type);
        let client = verifying_client(sign_type);
        let status = signature_of(&client, name, &signed);
        let status = status.unwrap_or_else(|e| panic!("{name} {sign_type}: {e}"));
        assert_eq!(status, SignatureStatus::Verified(algorithm), "{name}");

        let tampered = tamper(&signed);
        let err = signature_of(&client, name, &tampered).unwrap_err();
        assert!(
            matches!(
                err.kind,
                DecodeErrorKind::BadSignature {
                    source: SignError::Mismatch,
                    ..
                }
            ),
            "{name} {sign_type}: {err}"
        );
        assert_eq!(err.offset, tampered.find("<sign>").expect("sign"), "{name}");
    }
}

/// Decodes a sample as the service its seed documents; its signature status.
fn signature_of(
    client: &alipay_proto::overseas::Client,
    name: &str,
    xml: &str,
) -> Result<SignatureStatus, alipay_proto::overseas::DecodeError> {
    let bytes = xml.as_bytes();
    match &name[..3] {
        "000" => client.decode::<OfflineMaintain>(bytes).map(|r| r.signature),
        "002" => client.decode::<OnlineMaintain>(bytes).map(|r| r.signature),
        _ => client.decode::<QueryStatus>(bytes).map(|r| r.signature),
    }
}

/// Changes one signed text: a response leaf, or the error code of a reply without response.
fn tamper(xml: &str) -> String {
    for (from, to) in [
        ("UNDER_REVIEW", "SUCCESS"),
        (">SUCCESS<", ">FAILED<"),
        ("PARAM_ILLEGAL", "SYSTEM_ERROR"),
        ("DATA_NOT_EXIST", "SYSTEM_ERROR"),
    ] {
        if xml.contains(from) {
            return xml.replacen(from, to, 1);
        }
    }
    panic!("nothing to tamper with")
}

#[test]
fn documented_signatures_do_not_verify_with_our_keys() {
    let client = verifying_client("MD5");
    let err = client
        .decode::<QueryStatus>(sample("003_reply_success.repaired.xml").as_bytes())
        .unwrap_err();
    let DecodeErrorKind::BadSignature { unverified, .. } = err.kind else {
        panic!("expected BadSignature, got {err}");
    };
    assert_eq!(
        unverified.reply().sign(),
        Some("a109ce66ba5b825759927c00be3259fa")
    );
}

#[test]
fn signature_policy_with_a_verifier() {
    let rsa2 = verifying_client("RSA2");
    // sign_type MD5 while RSA2 is configured: rejected.
    let err = rsa2
        .decode::<QueryStatus>(sample("003_reply_failure.verbatim.xml").as_bytes())
        .unwrap_err();
    assert_eq!(
        err.kind,
        DecodeErrorKind::SignTypeMismatch {
            expected: SignAlgorithm::Rsa2,
            found: Some("MD5".into())
        }
    );
    // A failure without sign: accepted, marked unsigned.
    let reply = rsa2
        .decode::<OnlineMaintain>(sample("002_reply_access_failure.verbatim.xml").as_bytes())
        .expect("decodes");
    assert_eq!(reply.signature, SignatureStatus::Unsigned);
    // A success without sign: rejected.
    let unsigned = sample("003_reply_success.repaired.xml");
    let cut = unsigned.find("<sign>").expect("sign");
    let unsigned = format!("{}</alipay>", &unsigned[..cut]);
    let err = rsa2.decode::<QueryStatus>(unsigned.as_bytes()).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::MissingSignature);
}

#[test]
fn gbk_reply_decodes_and_verifies() {
    let xml = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<alipay>\n<is_success>T</is_success>\n\
               <response>\n<alipay>\n<status>FAILED</status>\n<reject_reason>地址无法定位</reject_reason>\n\
               <store_name>米卡咖啡店</store_name>\n</alipay>\n</response>\n<sign>x</sign>\n\
               <sign_type>MD5</sign_type>\n</alipay>";
    let signed = resign_in(xml, "MD5", Charset::Gbk);
    let bytes = Charset::Gbk.encode(&signed).expect("GBK").into_owned();
    let reply = verifying_client("MD5")
        .decode::<QueryStatus>(&bytes)
        .expect("decodes");
    assert_eq!(
        reply.signature,
        SignatureStatus::Verified(SignAlgorithm::Md5)
    );
    let record = reply.payload.expect("payload");
    assert_eq!(record.status, MerchantStatus::Failed);
    assert_eq!(record.reject_reason.as_deref(), Some("地址无法定位"));
    assert_eq!(record.store_name.as_deref(), Some("米卡咖啡店"));
}

#[test]
fn payload_without_required_status_is_a_typed_error() {
    let xml = "<alipay><is_success>T</is_success><response><alipay><store_id>1</store_id>\
               </alipay></response></alipay>";
    let err = plain().decode::<QueryStatus>(xml.as_bytes()).unwrap_err();
    assert!(matches!(err.kind, DecodeErrorKind::Payload(_)), "{err}");
    assert_eq!(err.offset, xml.find("<alipay><store_id>").expect("inner"));
}

/// `is_success` and `error` are outside the signature, so a reply whose signed
/// `<response>` they contradict must not decode (here: a validly re-signed 003 reply).
#[test]
fn a_signed_response_with_a_failure_flag_or_an_error_is_a_contradiction() {
    let signed = resign(&sample("003_reply_success.repaired.xml"), "MD5");
    let client = verifying_client("MD5");
    let reply = client
        .decode::<QueryStatus>(signed.as_bytes())
        .expect("verifies");
    let record = reply.verified_payload().expect("verified");
    assert_eq!(record.status, MerchantStatus::UnderReview);

    let success = "<is_success>T</is_success>";
    let cases = [
        ("<is_success>F</is_success>", "F", None),
        (
            "<is_success>F</is_success><error>SYSTEM_ERROR</error>",
            "F",
            Some("SYSTEM_ERROR"),
        ),
        (
            "<is_success>T</is_success><error>SYSTEM_ERROR</error>",
            "T",
            Some("SYSTEM_ERROR"),
        ),
    ];
    for (replacement, is_success, error) in cases {
        let forged = signed.replacen(success, replacement, 1);
        let err = client.decode::<QueryStatus>(forged.as_bytes()).unwrap_err();
        assert_eq!(
            err.kind,
            DecodeErrorKind::Contradiction {
                is_success: is_success.to_owned(),
                error: error.map(str::to_owned),
            },
            "{replacement}"
        );
        assert_eq!(
            err.offset,
            forged.find("<alipay>\n<secondary").expect("inner")
        );
    }
}

#[test]
fn a_success_without_response_is_missing_its_payload() {
    let xml = "<alipay><is_success>T</is_success></alipay>";
    let err = plain().decode::<QueryStatus>(xml.as_bytes()).unwrap_err();
    assert_eq!(
        err.kind,
        DecodeErrorKind::Missing {
            element: "response"
        }
    );
}

#[test]
fn verified_payload_is_none_unless_the_signature_verified() {
    let reply = plain()
        .decode::<QueryStatus>(sample("003_reply_success.repaired.xml").as_bytes())
        .expect("decodes");
    assert_eq!(reply.signature, SignatureStatus::NotChecked);
    assert!(reply.payload.is_some());
    assert!(reply.verified_payload().is_none());
}

/// The same three cases as the intl family: success, failed, unknown.
#[test]
fn into_result_gives_the_payload_or_a_typed_fault() {
    let success = plain()
        .decode::<QueryStatus>(sample("003_reply_success.repaired.xml").as_bytes())
        .expect("decodes");
    let record = success.into_result().expect("success");
    assert_eq!(record.status, MerchantStatus::UnderReview);

    let failure = plain()
        .decode::<QueryStatus>(sample("003_reply_failure.verbatim.xml").as_bytes())
        .expect("decodes");
    let fault = Fault::new(ErrorCode::Business(
        query_status::BusinessError::DataNotExist,
    ));
    assert_eq!(failure.into_result(), Err(CallError::Failed(fault)));

    let retryable = plain()
        .decode::<OnlineMaintain>(
            sample("002_reply_business_failure.verbatim.xml")
                .replace("PARAM_ILLEGAL", "SYSTEM_ERROR")
                .as_bytes(),
        )
        .expect("decodes");
    let error = retryable.into_result().unwrap_err();
    assert!(error.is_retryable(), "{error}");
    assert!(matches!(error, CallError::Failed(_)));

    // A result_code the docs do not list: the outcome is unknown, query again.
    let processing = sample("000_reply_success.repaired.xml").replace(">SUCCESS<", ">PROCESSING<");
    let reply = plain()
        .decode::<OfflineMaintain>(processing.as_bytes())
        .expect("decodes");
    let fault = Fault::new(ErrorCode::Unknown("PROCESSING".to_owned()));
    assert_eq!(reply.into_outcome(), Outcome::Unknown(fault));
}
