//! The documented intl samples (seeds 001 and 004), verbatim and repaired (see
//! `testdata/samples/intl/NOTES.md`): our requests for the same typed values equal them, and their
//! replies decode to the expected typed values.

mod intl_support;

use std::fs;

use alipay_proto::intl::{
    Client, Config, DecodeError, Expected, PrepareError, RawReply, RawReplyError, archive, maintain,
};
use alipay_proto::sign::{SignAlgorithm, SignError, Verifier};
use alipay_proto::validate::Reason;
use intl_support::*;
use serde_json::Value;

const SAMPLES: [&str; 4] = ["001_request", "001_reply", "004_request", "004_reply"];

/// Each sample file is a byte-exact excerpt of its page, as kept in `testdata/pages/`
/// (the copies the spec was written from).
#[test]
fn samples_are_verbatim_excerpts_of_the_pages() {
    let pages = path("testdata/pages");
    let pages: Vec<(String, String)> = fs::read_dir(&pages)
        .unwrap_or_else(|e| panic!("{}: {e}", pages.display()))
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, fs::read_to_string(entry.path()).unwrap_or_default())
        })
        .collect();
    assert_eq!(pages.len(), 6);
    for name in SAMPLES {
        let id = &name[..3];
        let (_, text) = pages
            .iter()
            .find(|(file, _)| file.starts_with(id))
            .unwrap_or_else(|| panic!("page {id}"));
        assert!(
            text.contains(&sample(name)),
            "{name} is not verbatim in page {id}"
        );
    }
}

/// The documented request as JSON, and our request text as JSON.
fn documented_and_ours(name: &str, ours: &str) -> (Value, Value) {
    let documented = sample_json(name)["request"].clone();
    let ours: Value = serde_json::from_str(ours).expect("our request text is JSON");
    (documented, ours)
}

fn prepared_maintain() -> alipay_proto::intl::Prepared {
    client(MAINTAIN_CLIENT_ID, SignAlgorithm::Rsa2)
        .prepare::<maintain::Maintain>(&maintain_request(), MAINTAIN_TIME, MAINTAIN_MSG_ID)
        .expect("prepares")
}

fn prepared_archive() -> alipay_proto::intl::Prepared {
    client(ARCHIVE_CLIENT_ID, SignAlgorithm::Rsa2)
        .prepare::<archive::Archive>(&archive_request(), ARCHIVE_TIME, ARCHIVE_MSG_ID)
        .expect("prepares")
}

#[test]
fn maintain_request_equals_the_documented_head_and_body() {
    let prepared = prepared_maintain();
    let (mut documented, mut ours) = documented_and_ours("001_request", prepared.request_text());
    // The documented merchantId is the template placeholder `$!{merchantId}`.
    assert_eq!(documented["body"]["merchantId"], "$!{merchantId}");
    documented["body"]["merchantId"] = Value::Null;
    ours["body"]["merchantId"] = Value::Null;
    assert_eq!(ours, documented);
    let (repaired, ours) = {
        let repaired = sample_json("001_request.repaired")["request"].clone();
        (
            repaired,
            serde_json::from_str::<Value>(prepared.request_text()).expect("JSON"),
        )
    };
    assert_eq!(ours, repaired);
    assert!(prepared.warnings().is_empty(), "{:?}", prepared.warnings());
}

#[test]
fn archive_request_equals_the_documented_head_and_body() {
    let prepared = prepared_archive();
    let (documented, ours) = documented_and_ours("004_request", prepared.request_text());
    assert_eq!(ours, documented);
    // The sample sends storeId with paymentScene ONLINE: the docs say storeId is only for
    // OFFLINE, so it is reported as a warning, not rejected.
    let paths: Vec<&str> = prepared
        .warnings()
        .iter()
        .map(|w| w.path.as_str())
        .collect();
    assert_eq!(paths, ["storeId"]);
    assert!(matches!(
        prepared.warnings()[0].reason,
        Reason::OnlyIf { .. }
    ));
}

#[test]
fn prepared_http_request() {
    let prepared = prepared_maintain();
    let http = prepared.http_request();
    assert_eq!(http.method(), "POST");
    assert_eq!(
        http.uri(),
        "https://open-sea.alipay.com/api/alipay/intl/merchant/common/indirectMerchant/maintain.htm"
    );
    assert_eq!(
        http.headers()["content-type"],
        "application/json; charset=UTF-8"
    );
    assert_eq!(
        member_text(prepared.body_text(), "request"),
        prepared.request_text()
    );
    let envelope: Value = serde_json::from_str(prepared.body_text()).expect("JSON");
    assert_eq!(envelope["signature"], prepared.signature());
    let archive = prepared_archive();
    assert_eq!(
        archive.http_request().uri(),
        "https://open-sea.alipay.com/api/alipay/intl/merchant/common/indirectMerchant/archive.htm"
    );
}

/// The documented request signatures are placeholders: not base64, so they cannot verify.
/// The repaired copies carry test-key signatures over the exact documented request text.
#[test]
fn documented_request_signatures_are_placeholders_and_repairs_verify() {
    let verifier = verifier(SignAlgorithm::Rsa2);
    for (name, placeholder) in [
        ("001_request", "testing_signature"),
        ("004_request", "signature string"),
    ] {
        let text = sample(name);
        assert_eq!(sample_json(name)["signature"], placeholder);
        let request = member_text(&text, "request");
        assert_eq!(
            verifier.verify(request.as_bytes(), placeholder),
            Err(SignError::BadSignatureEncoding),
            "{name}"
        );
        let repaired = sample(&format!("{name}.repaired"));
        let signature = sample_json(&format!("{name}.repaired"))["signature"].clone();
        let signature = signature.as_str().expect("string");
        let request = member_text(&repaired, "request");
        assert_eq!(
            verifier.verify(request.as_bytes(), signature),
            Ok(()),
            "{name}"
        );
    }
}

/// The documented `reserve` example `{"isvAccesstoken":123123123sdfsddsf}` is not JSON: a head
/// carrying it is rejected; the repair (the token as a string) is accepted.
#[test]
fn documented_reserve_example_is_rejected_and_its_repair_accepted() {
    let prepare = |reserve: String| {
        let config = Config::new(ARCHIVE_CLIENT_ID).with_reserve(Some(reserve));
        Client::new(
            config,
            Box::new(signer(SignAlgorithm::Rsa2)),
            Box::new(alipay_verifier(SignAlgorithm::Rsa2)),
        )
        .expect("config")
        .prepare::<archive::Archive>(&archive_request(), ARCHIVE_TIME, ARCHIVE_MSG_ID)
    };
    match prepare(text("testdata/samples/intl/reserve_example.txt")) {
        Err(PrepareError::InvalidHead(report)) => {
            let paths: Vec<&str> = report.errors.iter().map(|v| v.path.as_str()).collect();
            assert_eq!(paths, ["reserve"]);
        }
        other => panic!("{other:?}"),
    }
    let repaired = text("testdata/samples/intl/reserve_example.repaired.txt");
    let prepared = prepare(repaired.clone()).expect("repaired reserve is accepted");
    let ours: Value = serde_json::from_str(prepared.request_text()).expect("JSON");
    assert_eq!(ours["head"]["reserve"], repaired.as_str());
}

fn maintain_client() -> Client {
    client(MAINTAIN_CLIENT_ID, SignAlgorithm::Rsa2)
}

fn archive_client() -> Client {
    client(ARCHIVE_CLIENT_ID, SignAlgorithm::Rsa2)
}

fn maintain_expected() -> Expected {
    Expected::new(
        "alipay.intl.merchant.common.indirectMerchant.maintain",
        MAINTAIN_MSG_ID,
    )
}

fn archive_expected() -> Expected {
    Expected::new(
        "alipay.intl.merchant.common.indirectMerchant.archive",
        ARCHIVE_MSG_ID,
    )
}

/// Seed 001's reply carries a real-looking signature made with Alipay's key, not ours: it
/// parses and types, but decoding rejects it for its signature.
#[test]
fn documented_001_reply_decodes_but_fails_verification() {
    let bytes = sample("001_reply").into_bytes();
    let error = maintain_client()
        .decode::<maintain::Maintain>(&bytes, &maintain_expected())
        .expect_err("not signed with the test key");
    assert_eq!(error.signature_error(), Some(&SignError::Mismatch));
    let raw = RawReply::parse(&bytes, 4096).expect("well-formed");
    let reply = raw
        .decode_unverified::<maintain::Maintain>()
        .expect("types");
    assert!(reply.is_success());
    insta::assert_debug_snapshot!("001_reply_unverified", reply);
}

/// Seed 004's reply signature is the placeholder `signature string`.
#[test]
fn documented_004_reply_has_a_placeholder_signature() {
    let bytes = sample("004_reply").into_bytes();
    let error = archive_client()
        .decode::<archive::Archive>(&bytes, &archive_expected())
        .expect_err("placeholder");
    assert_eq!(
        error,
        DecodeError::Envelope(RawReplyError::Signature(SignError::BadSignatureEncoding))
    );
}

#[test]
fn resigned_001_reply_decodes() {
    let bytes = sample("001_reply.resigned").into_bytes();
    let reply = maintain_client()
        .decode::<maintain::Maintain>(&bytes, &maintain_expected())
        .expect("decodes");
    assert_eq!(
        reply.response_text,
        member_text(&sample("001_reply"), "response")
    );
    insta::assert_debug_snapshot!("001_reply_resigned", reply);
}

#[test]
fn resigned_004_reply_decodes() {
    let bytes = sample("004_reply.resigned").into_bytes();
    let reply = archive_client()
        .decode::<archive::Archive>(&bytes, &archive_expected())
        .expect("decodes");
    assert_eq!(
        reply.response_text,
        member_text(&sample("004_reply"), "response")
    );
    insta::assert_debug_snapshot!("004_reply_resigned", reply);
}

/// The verbatim replies differ from the re-signed ones only in `signature`.
#[test]
fn resigned_replies_keep_the_documented_text() {
    for name in ["001_reply", "004_reply"] {
        let mut documented = sample_json(name);
        let mut resigned = sample_json(&format!("{name}.resigned"));
        documented["signature"] = Value::Null;
        resigned["signature"] = Value::Null;
        assert_eq!(documented, resigned, "{name}");
    }
}
