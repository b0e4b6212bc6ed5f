//! The sandbox says why: the log (captured here as JSON lines) has one line per request with
//! method, service, outcome and latency, and for each refusal its reason: the expected
//! pre-sign string and `explain`'s cause for ILLEGAL_SIGN, the clock difference for
//! SESSION_TIMEOUT, each field and rule for PARAM_ILLEGAL. `GET /admin/requests` gives the
//! same, newest first, bounded. No personal value reaches either.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use alipay_proto::charset::Charset;
use alipay_proto::overseas::offline_maintain::OfflineMaintain;
use alipay_proto::overseas::query_status::QueryStatus;
use alipay_proto::overseas::{self};
use alipay_proto::sign::{Md5Key, SignAlgorithm};
use alipay_sandbox::{Sandbox, Settings};
use common::*;
use serde_json::Value;
use time::{Duration, OffsetDateTime};

/// The log lines written so far (one global subscriber for this test binary).
fn log() -> &'static Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = Capture(Arc::clone(&buffer));
        tracing_subscriber::fmt()
            .json()
            .with_writer(move || writer.clone())
            .with_max_level(tracing::Level::INFO)
            .init();
        buffer
    })
}

/// Held by each test that reads the shared log, so another test's requests never interleave
/// with the lines it counts.
static SERIAL: Mutex<()> = Mutex::new(());

#[derive(Clone)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The request lines logged for merchant `id` (its id is in no line: matched by order).
fn lines() -> Vec<Value> {
    let text = String::from_utf8(log().lock().unwrap().clone()).unwrap();
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line"))
        .filter(|l| l["target"] == "alipay_sandbox::request")
        .collect()
}

/// A client signing with the MD5 key plus a trailing newline (a key file read untrimmed, as a
/// client without the library's key-text rule does).
fn newline_key_client(sandbox: &Sandbox) -> overseas::Client {
    let key = format!("{}\n", sandbox.settings().md5_key);
    let config = overseas::Config::new(&sandbox.settings().partner, Charset::Utf8)
        .with_gateway(sandbox.gateway_url());
    overseas::Client::new(
        config,
        Box::new(Md5Key::from_exact_bytes(key.as_bytes()).unwrap()),
        Box::new(Md5Key::from_exact_bytes(key.as_bytes()).unwrap()),
    )
    .expect("config")
}

#[test]
fn every_request_is_logged_with_why_it_was_refused() {
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let _ = log();
    let mut settings = Settings::default();
    settings.requests_kept = 3;
    let sandbox = Sandbox::start_with(settings).expect("sandbox");
    let before = lines().len();
    let client = overseas_client(&sandbox, Charset::Utf8, SignAlgorithm::Md5);

    // 1. A correct query of an unknown merchant: DATA_NOT_EXIST, no refusal.
    let prepared = client
        .prepare::<QueryStatus>(&query("journal_1"), OffsetDateTime::now_utc())
        .unwrap();
    body_of(prepared.get_request().unwrap());

    // 2. ILLEGAL_SIGN: a registration signed with the key and a newline.
    let bad = newline_key_client(&sandbox);
    let mut request = store("journal_2");
    request.secondary_merchant_name = "Mika Legal Name Ltd".to_owned();
    let prepared = bad
        .prepare::<OfflineMaintain>(&request, OffsetDateTime::now_utc())
        .unwrap();
    body_of(prepared.post_request());

    // 3. SESSION_TIMEOUT: signed 47 minutes ago.
    let stale = OffsetDateTime::now_utc() - Duration::minutes(47);
    let prepared = client
        .prepare::<QueryStatus>(&query("journal_3"), stale)
        .unwrap();
    body_of(prepared.get_request().unwrap());

    // 4. PARAM_ILLEGAL: a country that is no ISO 3166 code and an over-long legal name.
    let mut request = store("journal_4");
    request.register_country = "XX".to_owned();
    request.secondary_merchant_name = "M".repeat(200);
    let prepared = client
        .prepare_unchecked::<OfflineMaintain>(&request, OffsetDateTime::now_utc())
        .unwrap();
    body_of(prepared.post_request());

    let lines = lines();
    let ours = &lines[before..];
    assert_eq!(ours.len(), 4, "{ours:#?}");
    for line in ours {
        let fields = &line["fields"];
        assert!(fields["latency_ms"].as_f64().is_some(), "{line}");
        assert_eq!(fields["family"], "overseas");
    }
    let fields = |i: usize| &ours[i]["fields"];
    assert_eq!(fields(0)["method"], "GET");
    assert_eq!(
        fields(0)["service"],
        "alipay.overseas.secmerchant.maintain.queryStatus"
    );
    assert_eq!(fields(0)["outcome"], "DATA_NOT_EXIST");

    assert_eq!(fields(1)["method"], "POST");
    assert_eq!(fields(1)["outcome"], "ILLEGAL_SIGN");
    let diagnosis: Value = serde_json::from_str(fields(1)["diagnosis"].as_str().unwrap()).unwrap();
    assert_eq!(diagnosis["kind"], "illegal_sign");
    assert_eq!(
        diagnosis["causes"][0]["code"], "key_whitespace",
        "{diagnosis:#}"
    );
    let expected = diagnosis["expected"].as_str().unwrap();
    assert!(expected.starts_with("_input_charset=UTF-8&"), "{expected}");
    // The legal name (personal) shows as its length only.
    assert!(
        expected.contains("secondary_merchant_name=<19 bytes>"),
        "{expected}"
    );

    assert_eq!(fields(2)["outcome"], "SESSION_TIMEOUT");
    let diagnosis: Value = serde_json::from_str(fields(2)["diagnosis"].as_str().unwrap()).unwrap();
    assert_eq!(diagnosis["kind"], "session_timeout");
    let seconds = diagnosis["difference_seconds"].as_i64().unwrap();
    assert!((47 * 60..48 * 60).contains(&seconds), "{diagnosis:#}");
    let explanation = diagnosis["explanation"].as_str().unwrap();
    assert!(
        explanation.starts_with("sent 47 minutes after its timestamp; the gateway allows 30"),
        "{explanation}"
    );

    assert_eq!(fields(3)["outcome"], "PARAM_ILLEGAL");
    let diagnosis: Value = serde_json::from_str(fields(3)["diagnosis"].as_str().unwrap()).unwrap();
    let violations: Vec<&str> = diagnosis["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["field"].as_str().unwrap())
        .collect();
    assert!(violations.contains(&"register_country"), "{diagnosis:#}");
    assert!(
        violations.contains(&"secondary_merchant_name"),
        "{diagnosis:#}"
    );

    // No personal value in any line.
    let text = serde_json::to_string(ours).unwrap();
    for personal in [
        "Mika Legal Name Ltd",
        "Mika Li",
        "G1234567",
        &"M".repeat(200),
    ] {
        assert!(!text.contains(personal), "{personal} in the log: {text}");
    }

    // The admin view: the last 3 kept, newest first; limit=1 gives the newest.
    let (status, body) = admin(&sandbox, "GET", "/admin/requests", "");
    assert_eq!(status, 200);
    let kept: Vec<Value> = serde_json::from_str(&body).unwrap();
    let outcomes: Vec<&str> = kept
        .iter()
        .map(|e| e["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        ["PARAM_ILLEGAL", "SESSION_TIMEOUT", "ILLEGAL_SIGN"]
    );
    assert_eq!(kept[2]["diagnosis"]["causes"][0]["code"], "key_whitespace");
    let (_, body) = admin(&sandbox, "GET", "/admin/requests?limit=1", "");
    let newest: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(newest.len(), 1);
    assert_eq!(newest[0]["outcome"], "PARAM_ILLEGAL");
    let (status, _) = admin(&sandbox, "GET", "/admin/requests?limit=x", "");
    assert_eq!(status, 400);
}

/// An intl request whose signature covers the request written again with sorted keys (a
/// parsed map serialized back), while the text sent is the original: INVALID_SIGNATURE, and
/// `GET /admin/requests` names `request_reserialized` (the cause `alipay-proto explain` finds).
#[test]
fn an_intl_signature_over_other_text_is_diagnosed() {
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    use alipay_proto::intl::archive::Archive;
    use alipay_proto::sign::{RsaSigner, Signer as _};
    use alipay_proto_tests::samples;

    let sandbox = Sandbox::start().expect("sandbox");
    let client = intl_client(&sandbox, SignAlgorithm::Rsa2);
    let prepared = client
        .prepare::<Archive>(
            &samples::archive_request(),
            OffsetDateTime::now_utc(),
            "journal-intl-1",
        )
        .unwrap();
    let text = prepared.body_text();
    let envelope: Value = serde_json::from_str(text).unwrap();
    // serde_json's map is sorted: this is the request with its keys sorted.
    let sorted = serde_json::to_string(&envelope["request"]).unwrap();
    let signer =
        RsaSigner::from_any(alipay_sandbox::TEST_PRIVATE_KEY_PEM, SignAlgorithm::Rsa2).unwrap();
    let signature = signer.sign(sorted.as_bytes()).unwrap();
    let original = envelope["signature"].as_str().unwrap();
    let body = text.replace(original, &signature);
    let mut http = prepared.http_request().clone();
    *http.body_mut() = body.into_bytes();
    let (status, _) = send(http).expect("exchange");
    assert_eq!(status, 200);
    let (_, kept) = admin(&sandbox, "GET", "/admin/requests", "");
    let kept: Vec<Value> = serde_json::from_str(&kept).unwrap();
    assert_eq!(kept.len(), 1, "{kept:#?}");
    assert_eq!(kept[0]["family"], "intl");
    assert_eq!(kept[0]["outcome"], "INVALID_SIGNATURE");
    assert_eq!(kept[0]["diagnosis"]["kind"], "illegal_sign");
    assert_eq!(
        kept[0]["diagnosis"]["causes"][0]["code"], "request_reserialized",
        "{:#}",
        kept[0]
    );
}

/// The binary with `--log-format json`: each request is one JSON line on stderr, with the
/// outcome and the reason of a refusal.
#[test]
fn the_binary_logs_one_json_line_per_request() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let (mut child, base) = spawn_binary(
        &["--db", ":memory:", "--log-format", "json"],
        Stdio::piped(),
    );
    // An `_input_charset` the gateway does not know: ILLEGAL_CHARSET.
    let request = http::Request::get(format!("{base}/gateway.do?service=x&_input_charset=BIG5"))
        .body(Vec::new())
        .unwrap();
    let (status, _) = send(request).unwrap();
    assert_eq!(status, 200);
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let json: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    assert_eq!(json["target"], "alipay_sandbox::request", "{json}");
    assert_eq!(json["fields"]["method"], "GET");
    assert_eq!(json["fields"]["outcome"], "ILLEGAL_CHARSET");
    assert!(
        json["fields"]["reason"]
            .as_str()
            .unwrap()
            .contains("_input_charset"),
        "{json}"
    );
}

/// A request envelope that is not JSON: PARAM_ILLEGAL, and the reason names the request that
/// was read (never "reply", the word of the client's reader of the same envelope checks).
#[test]
fn a_broken_intl_envelope_is_named_a_request() {
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    use alipay_proto::intl::FunctionId;

    let sandbox = Sandbox::start().expect("sandbox");
    let url = format!(
        "{}{}",
        sandbox.base_url(),
        alipay_sandbox::intl_prefix() + &FunctionId::Maintain.path()
    );
    let request = http::Request::post(url)
        .body(b"{\"request\":{,}}".to_vec())
        .unwrap();
    let (status, _) = send(request).expect("exchange");
    assert_eq!(status, 200);
    let (_, kept) = admin(&sandbox, "GET", "/admin/requests", "");
    let kept: Vec<Value> = serde_json::from_str(&kept).unwrap();
    assert_eq!(kept.len(), 1, "{kept:#?}");
    assert_eq!(kept[0]["outcome"], "PARAM_ILLEGAL");
    assert_eq!(
        kept[0]["reason"],
        "envelope: malformed request at byte 13: key must be a string"
    );
}

/// The diagnosis picks its key by `sign_type` as the gateway reads it (decoded): a GET signed
/// with the MD5 key and a newline, its `sign_type` sent percent-encoded (`%4D%445` is `MD5`),
/// is ILLEGAL_SIGN with the cause `key_whitespace`, found with the MD5 key.
#[test]
fn the_diagnosis_reads_sign_type_as_the_gateway_does() {
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let sandbox = Sandbox::start().expect("sandbox");
    let prepared = newline_key_client(&sandbox)
        .prepare::<QueryStatus>(&query("journal_escaped"), OffsetDateTime::now_utc())
        .unwrap();
    let mut request = prepared.get_request().unwrap();
    let uri = request.uri().to_string();
    assert!(uri.contains("sign_type=MD5"), "{uri}");
    *request.uri_mut() = uri
        .replace("sign_type=MD5", "sign_type=%4D%445")
        .parse()
        .unwrap();
    let (status, _) = send(request).expect("exchange");
    assert_eq!(status, 200);
    let (_, kept) = admin(&sandbox, "GET", "/admin/requests", "");
    let kept: Vec<Value> = serde_json::from_str(&kept).unwrap();
    assert_eq!(kept[0]["outcome"], "ILLEGAL_SIGN", "{:#}", kept[0]);
    assert_eq!(kept[0]["diagnosis"]["kind"], "illegal_sign");
    assert_eq!(
        kept[0]["diagnosis"]["causes"][0]["code"], "key_whitespace",
        "{:#}",
        kept[0]
    );
}
