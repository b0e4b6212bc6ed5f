//! The catalogue: one request or reply broken in each of the usual ways, built with
//! independent code (tests/support), each diagnosed by the real binary with exactly its cause.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod support;

use support::{
    Digest, MD5_KEY, causes, gbk, join, key, md5_sign, presign, query, rsa_sign, run_json,
    temp_file, utf8,
};

const GATEWAY: &str = "https://mapi.alipaydev.com/gateway.do";

/// A queryStatus request with a space, a `+`-free id, a Chinese value and an empty value.
fn params(charset: &'static str, sign_type: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "service",
            "alipay.overseas.secmerchant.maintain.queryStatus",
        ),
        ("partner", "2088021017666666"),
        ("_input_charset", charset),
        ("sign_type", sign_type),
        ("timestamp", "2026-12-02 08:20:00"),
        ("secondary_merchant_id", "mika coffee 1"),
        ("store_name", "咖啡"),
        ("memo", ""),
    ]
}

/// The GET URL of `pairs` plus `sign`.
fn url(pairs: &[(&str, &str)], sign: &str, bytes_of: fn(&str) -> Vec<u8>) -> String {
    let mut all = pairs.to_vec();
    all.push(("sign", sign));
    format!("{GATEWAY}?{}", query(&all, bytes_of))
}

/// Diagnoses with `--json`, asserts the message verifies and passes (exit 0), returns the report.
fn assert_verifies(args: &[&str]) -> serde_json::Value {
    let (code, report) = run_json(args);
    assert_eq!(report["verifies"], true, "{report:#}");
    assert_eq!(causes(&report), Vec::<String>::new());
    assert_eq!(code, 0, "{report:#}");
    report
}

/// Diagnoses with `--json` and asserts it does not pass with exactly `cause`.
fn assert_cause(args: &[&str], cause: &str) {
    let (code, report) = run_json(args);
    assert_eq!(causes(&report), [cause], "{report:#}");
    assert_eq!(code, 1, "{report:#}");
}

fn md5_key_args() -> [String; 2] {
    ["--key-file".to_owned(), key("md5_test_key.txt")]
}

fn explain_md5(url: &str) -> Vec<String> {
    let [flag, file] = md5_key_args();
    vec!["explain".into(), flag, file, url.to_owned()]
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

#[test]
fn correct_md5_request_verifies() {
    let p = params("UTF-8", "MD5");
    let sign = md5_sign(presign(&p).as_bytes(), MD5_KEY);
    let report = assert_verifies(&strs(&explain_md5(&url(&p, &sign, utf8))));
    assert_eq!(report["expected_signature"], sign.as_str());
}

#[test]
fn sign_type_signed() {
    let p = params("UTF-8", "MD5");
    let sign = md5_sign(join(&p, &["sign"], false).as_bytes(), MD5_KEY);
    assert_cause(
        &strs(&explain_md5(&url(&p, &sign, utf8))),
        "sign_type_signed",
    );
}

#[test]
fn empty_value_signed() {
    let p = params("UTF-8", "MD5");
    let sign = md5_sign(join(&p, &["sign", "sign_type"], true).as_bytes(), MD5_KEY);
    assert_cause(
        &strs(&explain_md5(&url(&p, &sign, utf8))),
        "empty_value_signed",
    );
}

#[test]
fn values_encoded_before_signing() {
    let p = params("UTF-8", "MD5");
    let encoded: Vec<(String, String)> = p
        .iter()
        .map(|(k, v)| ((*k).to_owned(), support::quote(v.as_bytes())))
        .collect();
    let borrowed: Vec<(&str, &str)> = encoded.iter().map(|(k, v)| (&**k, &**v)).collect();
    let sign = md5_sign(presign(&borrowed).as_bytes(), MD5_KEY);
    let args = explain_md5(&url(&p, &sign, utf8));
    assert_cause(&strs(&args), "values_encoded_before_signing");
}

#[test]
fn plus_written_for_space_verifies() {
    // The form was written with `+` for each space (Java URLEncoder, PHP urlencode, Python
    // urlencode) over the signed value `mika coffee 1`: the gateway reads `+` as a space.
    let p = params("UTF-8", "MD5");
    let sign = md5_sign(presign(&p).as_bytes(), MD5_KEY);
    let wire = url(&p, &sign, utf8).replace("mika%20coffee%201", "mika+coffee+1");
    assert!(wire.contains("mika+coffee+1"));
    assert_verifies(&strs(&explain_md5(&wire)));
}

#[test]
fn plus_for_space() {
    // The signed value is `mika+coffee+1`, but its `+`s were sent unescaped: the gateway
    // (a Java servlet) reads `mika coffee 1`, and the signature does not verify there.
    let mut p = params("UTF-8", "MD5");
    p[5].1 = "mika+coffee+1";
    let sign = md5_sign(presign(&p).as_bytes(), MD5_KEY);
    let wire = url(&p, &sign, utf8).replace("mika%2Bcoffee%2B1", "mika+coffee+1");
    assert!(wire.contains("mika+coffee+1"));
    assert_cause(&strs(&explain_md5(&wire)), "plus_for_space");
}

#[test]
fn wrong_charset() {
    // A GBK request (values sent as GBK bytes) whose signature covers the UTF-8 bytes.
    let p = params("GBK", "MD5");
    let sign = md5_sign(presign(&p).as_bytes(), MD5_KEY);
    assert_cause(&strs(&explain_md5(&url(&p, &sign, gbk))), "wrong_charset");
}

#[test]
fn gbk_request_signed_in_gbk_verifies() {
    let p = params("GBK", "MD5");
    let sign = md5_sign(&gbk(&presign(&p)), MD5_KEY);
    assert_verifies(&strs(&explain_md5(&url(&p, &sign, gbk))));
}

#[test]
fn key_whitespace() {
    let p = params("UTF-8", "MD5");
    let padded = [MD5_KEY, b"\n"].concat();
    let sign = md5_sign(presign(&p).as_bytes(), &padded);
    assert_cause(&strs(&explain_md5(&url(&p, &sign, utf8))), "key_whitespace");
}

#[test]
fn charset_missing_from_post_url() {
    // POST with the charset in the body only: the body is UTF-8, the gateway reads it as GBK.
    let p = params("UTF-8", "MD5");
    let sign = md5_sign(presign(&p).as_bytes(), MD5_KEY);
    let mut all = p.clone();
    all.push(("sign", &sign));
    let body = temp_file("post_body_utf8.txt", query(&all, utf8).as_bytes());
    let [flag, file] = md5_key_args();
    let args = ["explain", &flag, &file, "--post-body", &body, GATEWAY];
    assert_cause(&args, "charset_missing_from_post_url");
    // The same body with `_input_charset` in the URL verifies.
    let with_charset = format!("{GATEWAY}?_input_charset=UTF-8");
    assert_verifies(&["explain", &flag, &file, "--post-body", &body, &with_charset]);
}

#[test]
fn timestamp_not_gmt8() {
    // Signed correctly, but the timestamp is UTC wall-clock time.
    let mut p = params("UTF-8", "MD5");
    p[4] = ("timestamp", "2026-12-02 00:20:00");
    let sign = md5_sign(presign(&p).as_bytes(), MD5_KEY);
    let mut args = explain_md5(&url(&p, &sign, utf8));
    args.splice(
        1..1,
        ["--sent-at".to_owned(), "2026-12-02T00:21:30Z".to_owned()],
    );
    let (code, report) = run_json(&strs(&args));
    assert_eq!(report["verifies"], true, "{report:#}");
    assert_eq!(causes(&report), ["timestamp_not_gmt8"]);
    assert_eq!(code, 1);
}

fn explain_rsa(key_file: &str, url: &str) -> Vec<String> {
    vec![
        "explain".into(),
        "--key-file".into(),
        key(key_file),
        url.to_owned(),
    ]
}

/// An RSA2 GET request signed by the merchant's key with `digest`, and its signature.
fn rsa2_url(digest: Digest) -> (String, String) {
    let p = params("UTF-8", "RSA2");
    let sign = rsa_sign(presign(&p).as_bytes(), digest, "rsa_test_private_pkcs8.pem");
    (url(&p, &sign, utf8), sign)
}

#[test]
fn correct_rsa2_request_verifies_with_public_or_private_key() {
    let (wire, sign) = rsa2_url(Digest::Sha256);
    let report = assert_verifies(&strs(&explain_rsa("rsa_test_public.pem", &wire)));
    assert_eq!(report["key"]["kind"], "rsa_public");
    let report = assert_verifies(&strs(&explain_rsa("rsa_test_private_pkcs8.pem", &wire)));
    assert_eq!(report["key"]["kind"], "rsa_private");
    assert_eq!(report["expected_signature"], sign.as_str());
}

#[test]
fn wrong_digest() {
    // sign_type says RSA2, the signer used SHA1withRSA.
    let (wire, _) = rsa2_url(Digest::Sha1);
    let args = explain_rsa("rsa_test_public.pem", &wire);
    assert_cause(&strs(&args), "wrong_digest");
}

#[test]
fn wrong_key_format() {
    // A correct signature; the key file holds a PKCS#8 body under a PKCS#1 label.
    let (wire, _) = rsa2_url(Digest::Sha256);
    let args = explain_rsa("rsa_test_private_pkcs8_labelled_pkcs1.pem", &wire);
    assert_cause(&strs(&args), "wrong_key_format");
}

#[test]
fn own_public_key_as_alipay_key_in_a_request() {
    // Signed by the merchant; checked with Alipay's public key in the merchant's slot.
    let (wire, _) = rsa2_url(Digest::Sha256);
    let mut args = explain_rsa("rsa_test_alipay_public.pem", &wire);
    args.splice(1..1, ["--other-key".to_owned(), key("rsa_test_public.pem")]);
    assert_cause(&strs(&args), "own_public_key_as_alipay_key");
}

/// An intl request text as a person writes it (pretty, keys in wire order).
const INTL_REQUEST: &str = r#"{
  "head": {
    "version": "2.0.4",
    "function": "alipay.intl.merchant.common.indirectMerchant.archive",
    "clientId": "211020000000000000",
    "reqTime": "2026-12-02T08:20:00+08:00",
    "reqMsgId": "archive-0001",
    "reserve": "{}"
  },
  "body": {
    "merchantId": "mika-coffee",
    "storeId": "咖啡-1"
  }
}"#;

/// The same request compact, keys in the same order (what a serializer writes).
const INTL_REQUEST_COMPACT: &str = r#"{"head":{"version":"2.0.4","function":"alipay.intl.merchant.common.indirectMerchant.archive","clientId":"211020000000000000","reqTime":"2026-12-02T08:20:00+08:00","reqMsgId":"archive-0001","reserve":"{}"},"body":{"merchantId":"mika-coffee","storeId":"咖啡-1"}}"#;

/// What Python sends after `json.loads` of the same text:
/// `python3 -c 'import json,sys; print(json.dumps(json.loads(sys.stdin.read())))'` on
/// `INTL_REQUEST`.
const INTL_REQUEST_PYTHON: &str = r#"{"head": {"version": "2.0.4", "function": "alipay.intl.merchant.common.indirectMerchant.archive", "clientId": "211020000000000000", "reqTime": "2026-12-02T08:20:00+08:00", "reqMsgId": "archive-0001", "reserve": "{}"}, "body": {"merchantId": "mika-coffee", "storeId": "\u5496\u5561-1"}}"#;

/// A file holding `INTL_REQUEST` as sent, with the merchant's RSA2 signature over `signed`.
fn intl_request_file(name: &str, signed: &str) -> String {
    let sign = rsa_sign(
        signed.as_bytes(),
        Digest::Sha256,
        "rsa_test_private_pkcs8.pem",
    );
    let body = format!("{{\"request\":{INTL_REQUEST},\"signature\":\"{sign}\"}}");
    temp_file(name, body.as_bytes())
}

#[test]
fn correct_intl_request_verifies() {
    let body = intl_request_file("intl_ok.json", INTL_REQUEST);
    let report = assert_verifies(&["explain", "--key-file", &key("rsa_test_public.pem"), &body]);
    assert_eq!(report["family"], "intl");
}

#[test]
fn request_reserialized() {
    // Signed over a re-serialization (a serializer's compact text, Python's json.dumps),
    // sent as the original pretty text.
    for (signed, named) in [
        (INTL_REQUEST_COMPACT, "compact"),
        (INTL_REQUEST_PYTHON, "Python"),
    ] {
        let body = intl_request_file(&format!("intl_{named}.json"), signed);
        let args = ["explain", "--key-file", &key("rsa_test_public.pem"), &body];
        assert_cause(&args, "request_reserialized");
        let (_, report) = run_json(&args);
        let detail = report["findings"][0]["detail"].as_str().unwrap();
        assert!(detail.contains(named), "{detail}");
    }
}

/// The leaves of an overseas queryStatus reply, and the reply around them.
fn overseas_reply(declared: &str, sign: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"{declared}\"?>\n<alipay><is_success>T</is_success>\
         <request><param name=\"service\">alipay.overseas.secmerchant.maintain.queryStatus</param></request>\
         <response><alipay><result_code>SUCCESS</result_code><status>UNDER_REVIEW</status>\
         <store_name>咖啡</store_name></alipay></response>\
         <sign>{sign}</sign><sign_type>MD5</sign_type></alipay>"
    )
}

const REPLY_LEAVES: [(&str, &str); 3] = [
    ("result_code", "SUCCESS"),
    ("status", "UNDER_REVIEW"),
    ("store_name", "咖啡"),
];

#[test]
fn correct_overseas_reply_verifies() {
    let sign = md5_sign(presign(&REPLY_LEAVES).as_bytes(), MD5_KEY);
    let reply = temp_file("reply_ok.xml", overseas_reply("UTF-8", &sign).as_bytes());
    let [flag, file] = md5_key_args();
    assert_verifies(&["verify-reply", &flag, &file, &reply]);
}

#[test]
fn reply_signed_in_the_wrong_charset() {
    // Declared GBK (and sent as GBK bytes), signed over the UTF-8 bytes.
    let sign = md5_sign(presign(&REPLY_LEAVES).as_bytes(), MD5_KEY);
    let reply = temp_file("reply_gbk.xml", &gbk(&overseas_reply("GBK", &sign)));
    let [flag, file] = md5_key_args();
    assert_cause(&["verify-reply", &flag, &file, &reply], "wrong_charset");
}

const INTL_RESPONSE: &str = r#"{"head":{"version":"2.0.4","function":"alipay.intl.merchant.common.indirectMerchant.archive","clientId":"211020000000000000","respTime":"2026-12-02T08:20:01+08:00","reqMsgId":"archive-0001"},"body":{"resultInfo":{"resultStatus":"S","resultCodeId":"00000000","resultCode":"SUCCESS","resultMsg":"success"}}}"#;

#[test]
fn own_public_key_as_alipay_key_in_a_reply() {
    // Alipay signed the reply; the key configured as Alipay's is the merchant's own public key.
    let sign = rsa_sign(
        INTL_RESPONSE.as_bytes(),
        Digest::Sha256,
        "rsa_test_alipay_private_pkcs8.pem",
    );
    let text = format!("{{\"response\":{INTL_RESPONSE},\"signature\":\"{sign}\"}}");
    let reply = temp_file("intl_reply.json", text.as_bytes());
    let good = [
        "verify-reply",
        "--key-file",
        &key("rsa_test_alipay_public.pem"),
        &reply,
    ];
    assert_verifies(&good);
    let swapped = [
        "verify-reply",
        "--key-file",
        &key("rsa_test_public.pem"),
        "--other-key",
        &key("rsa_test_private_pkcs8.pem"),
        &reply,
    ];
    assert_cause(&swapped, "own_public_key_as_alipay_key");
}

/// Diagnoses with `--json` and asserts it does not pass with exactly `expected` (sorted).
fn assert_causes(args: &[&str], expected: &[&str]) {
    let (code, report) = run_json(args);
    assert_eq!(causes(&report), expected, "{report:#}");
    assert_eq!(code, 1, "{report:#}");
}

#[test]
fn two_mistakes_in_the_message_are_both_named() {
    // A GBK request whose signature covers sign_type AND the UTF-8 bytes.
    let p = params("GBK", "MD5");
    let sign = md5_sign(join(&p, &["sign"], false).as_bytes(), MD5_KEY);
    assert_causes(
        &strs(&explain_md5(&url(&p, &sign, gbk))),
        &["sign_type_signed", "wrong_charset"],
    );
}

#[test]
fn a_message_mistake_with_a_key_mistake_is_named_as_both() {
    // Empty values signed, with the MD5 key read from a file with its trailing newline.
    let p = params("UTF-8", "MD5");
    let padded = [MD5_KEY, b"\n"].concat();
    let sign = md5_sign(join(&p, &["sign", "sign_type"], true).as_bytes(), &padded);
    assert_causes(
        &strs(&explain_md5(&url(&p, &sign, utf8))),
        &["empty_value_signed", "key_whitespace"],
    );
    // RSA2 declared, SHA1withRSA used, over the UTF-8 bytes of a GBK request.
    let p = params("GBK", "RSA2");
    let sign = rsa_sign(
        presign(&p).as_bytes(),
        Digest::Sha1,
        "rsa_test_private_pkcs8.pem",
    );
    assert_causes(
        &strs(&explain_rsa("rsa_test_public.pem", &url(&p, &sign, gbk))),
        &["wrong_charset", "wrong_digest"],
    );
}

#[test]
fn a_single_mistake_is_never_given_a_partner() {
    // sign_type signed in a GBK request signed in GBK: one cause, though the UTF-8 variant
    // of the same text is also searched as a pair.
    let p = params("GBK", "MD5");
    let sign = md5_sign(&gbk(&join(&p, &["sign"], false)), MD5_KEY);
    assert_cause(
        &strs(&explain_md5(&url(&p, &sign, gbk))),
        "sign_type_signed",
    );
}
