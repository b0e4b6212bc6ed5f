//! The documented overseas request samples (seeds 000 and 003), verbatim and repaired
//! (`testdata/samples/overseas/NOTES.md`), against our encoding of the same values.

mod overseas_support;

use alipay_proto::charset::Charset;
use alipay_proto::overseas::DecodeLimits;
use alipay_proto::overseas::{
    DecodeErrorKind, PrepareError, RawReply, offline_maintain::OfflineMaintain, parse_query,
    query_status::QueryStatus,
};
use alipay_proto_tests::params::{Lines, compare_params};
use overseas_support::{
    DOC_PARTNER, DOC_TIMESTAMP, PARTNER, client, clock, query_request, sample, store_request,
    taxi_request, value,
};

fn documented(name: &str) -> Vec<(String, String)> {
    parse_query(&sample(name), Charset::Utf8).expect("documented URL decodes")
}

#[test]
fn verbatim_store_url_loses_timestamp_and_registration_params() {
    let params = documented("000_store_request.verbatim.txt");
    let names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    for lost in [
        "timestamp",
        "registration_no",
        "register_country",
        "register_address",
    ] {
        assert!(
            !names.contains(&lost),
            "{lost} should be eaten by the HTML entity"
        );
    }
    assert_eq!(value(&params, "sign_type"), "MD5×tamp=2019-09-04 00:00:12");
    assert_eq!(
        value(&params, "secondary_merchant_type"),
        "INDIVIDUAL®istration_no=1314520®ister_country=US\
         ®ister_address=3 Old Concord Rd, Burlington, MA 01803美国"
    );
    insta::assert_snapshot!("store_url_verbatim", Lines(&params).to_string());
}

#[test]
fn verbatim_taxi_url_has_the_same_defects() {
    let params = documented("000_taxi_request.verbatim.txt");
    assert_eq!(value(&params, "sign_type"), "MD5×tamp=2019-09-04 00:00:12");
    assert!(value(&params, "secondary_merchant_type").starts_with("INDIVIDUAL®istration_no="));
    // Its raw spaces and JSON decode as they stand; the repair only percent-encodes them.
    let repaired = documented("000_taxi_request.repaired.txt");
    assert_eq!(
        value(&params, "extend_params"),
        value(&repaired, "extend_params")
    );
}

#[test]
fn our_store_request_equals_the_repaired_documented_one() {
    let client = client(DOC_PARTNER, Charset::Utf8, "MD5");
    let prepared = client
        .prepare_unchecked::<OfflineMaintain>(&store_request(), clock(DOC_TIMESTAMP))
        .expect("prepares");
    let diff = compare_params(
        &documented("000_store_request.repaired.txt"),
        prepared.params(),
        &["sign"],
    );
    assert!(diff.is_empty(), "documented vs ours:\n{diff}");
    // Even the wire text agrees, in the documented order, up to the signature.
    let ours = prepared.get_url();
    let doc = sample("000_store_request.repaired.txt");
    assert_eq!(strip_sign(&ours), strip_sign(&doc));
}

#[test]
fn our_taxi_request_equals_the_repaired_documented_one() {
    let client = client(DOC_PARTNER, Charset::Utf8, "MD5");
    let prepared = client
        .prepare_unchecked::<OfflineMaintain>(&taxi_request(), clock(DOC_TIMESTAMP))
        .expect("prepares");
    let diff = compare_params(
        &documented("000_taxi_request.repaired.txt"),
        prepared.params(),
        &["sign"],
    );
    assert!(diff.is_empty(), "documented vs ours:\n{diff}");
    assert_eq!(
        strip_sign(&prepared.get_url()),
        strip_sign(&sample("000_taxi_request.repaired.txt"))
    );
}

#[test]
fn our_query_request_adds_only_the_timestamp_the_sample_omits() {
    let client = client(DOC_PARTNER, Charset::Utf8, "MD5");
    let prepared = client
        .prepare_unchecked::<QueryStatus>(&query_request(), clock("2012-12-21 17:11:16"))
        .expect("prepares");
    let diff = compare_params(
        &documented("003_query_request.verbatim.txt"),
        prepared.params(),
        &["sign"],
    );
    assert!(
        diff.only_left.is_empty() && diff.differ.is_empty(),
        "{diff}"
    );
    assert_eq!(
        diff.only_right,
        [("timestamp".to_owned(), "2012-12-21 17:11:16".to_owned())]
    );
}

#[test]
fn documented_masked_values_fail_validation() {
    let client = client(DOC_PARTNER, Charset::Utf8, "MD5");
    let Err(PrepareError::Invalid(report)) =
        client.prepare::<OfflineMaintain>(&taxi_request(), clock(DOC_TIMESTAMP))
    else {
        panic!("masked values must not validate");
    };
    let lines: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("taxi_masked_errors", lines.join("\n"));
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("taxi_masked_warnings", warnings.join("\n"));
}

#[test]
fn valid_partner_makes_the_store_request_validate() {
    let client = client(PARTNER, Charset::Utf8, "MD5");
    let prepared = client
        .prepare::<OfflineMaintain>(&store_request(), clock(DOC_TIMESTAMP))
        .expect("validates");
    // The sample sends shareholder fields for an INDIVIDUAL and no representative: warnings.
    assert!(!prepared.warnings().is_empty());
}

#[test]
fn verbatim_replies_with_curly_quotes_do_not_parse() {
    for name in [
        "000_reply_success.verbatim.xml",
        "002_reply_success.verbatim.xml",
    ] {
        let text = sample(name);
        let err = RawReply::parse(text.as_bytes(), DecodeLimits::default()).unwrap_err();
        let tag = text
            .find("<param name=“representative_name”>")
            .expect("curly tag");
        assert!(
            matches!(err.kind, DecodeErrorKind::Syntax(_)),
            "{name}: {err}"
        );
        assert!(
            (tag..tag + 50).contains(&err.offset),
            "{name}: offset {}",
            err.offset
        );
    }
}

#[test]
fn verbatim_003_reply_keeps_its_stray_spaces_and_duplicate() {
    let raw = RawReply::parse(
        sample("003_reply_success.verbatim.xml").as_bytes(),
        DecodeLimits::default(),
    )
    .expect("parses");
    let names: Vec<&str> = raw.request().map(|(k, _)| k).collect();
    assert_eq!(names.iter().filter(|n| **n == "_input_charset ").count(), 2);
    assert!(names.contains(&"timestamp "));
    let repaired = RawReply::parse(
        sample("003_reply_success.repaired.xml").as_bytes(),
        DecodeLimits::default(),
    )
    .expect("parses");
    assert_eq!(repaired.request().len(), raw.request().len() - 1);
    assert!(repaired.response().eq(raw.response()));
}

#[test]
fn the_seed_text_after_the_000_reply_is_trailing_content() {
    let glued = format!(
        "{}Request fails or the access data is incorrect:",
        sample("000_reply_success.repaired.xml")
    );
    let err = RawReply::parse(glued.as_bytes(), DecodeLimits::default()).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::TrailingContent);
}

fn strip_sign(url: &str) -> &str {
    url.rsplit_once("&sign=").map_or(url, |(head, _)| head)
}

#[test]
fn a_char_the_charset_cannot_carry_is_an_error_naming_the_field() {
    let client = client(PARTNER, Charset::Gbk, "MD5");
    let mut request = store_request();
    request.store_name = "Mika's ☕ shop".into();
    request.store_address = "3 Old Concord Rd".into();
    request.register_address = "3 Old Concord Rd".into();
    request.shareholder_id = None;
    match client.prepare::<OfflineMaintain>(&request, clock(DOC_TIMESTAMP)) {
        Err(PrepareError::Encode(error)) => {
            assert_eq!(error.field, "store_name");
            assert_eq!(error.source.ch, '☕');
        }
        Err(PrepareError::Invalid(report)) => {
            assert!(
                report.errors.iter().any(|v| v.path == "store_name"),
                "{report}"
            );
        }
        other => panic!("expected an error naming store_name, got {other:?}"),
    }
}
