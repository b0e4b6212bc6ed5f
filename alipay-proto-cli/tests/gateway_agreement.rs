//! `explain` and the library's gateway role read a request the same way: every MD5 request of
//! the explain catalogue (made by `scripts/explain-catalogue.py` with Python's hashlib, urllib
//! and codecs, GET and POST, `_input_charset` in the URL, in the body, missing, unknown, two
//! that disagree) is given to both. The gateway accepts a request exactly when `explain`
//! passes it, and when both read it they read the same charset and the same params.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use alipay_proto::http::Request;
use alipay_proto::overseas::gateway::Gateway;
use alipay_proto::sign::{KeyPair, Md5Key};
use alipay_proto::time::{Date, Month, OffsetDateTime, UtcOffset};
use alipay_proto_cli::key::KeyText;
use alipay_proto_cli::search::Keys;
use serde::Deserialize;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/explain_catalogue");
const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/keys");

#[derive(Deserialize)]
struct Case {
    name: String,
    args: Vec<String>,
}

/// The catalogue's requests: 2026-12-02 08:20:00 GMT+8, partner 2088021017666666.
fn now() -> OffsetDateTime {
    Date::from_calendar_date(2026, Month::December, 2)
        .unwrap()
        .with_hms(8, 20, 0)
        .unwrap()
        .assume_offset(UtcOffset::from_hms(8, 0, 0).unwrap())
}

/// The URL and the POST body of an `explain` case checked with the plain MD5 key file and no
/// other option but `--post-body`; `None` for every other case.
fn request_of(case: &Case) -> Option<(String, Option<String>)> {
    let args: Vec<String> = case.args.iter().map(|a| a.replace("{dir}", DIR)).collect();
    let (command, rest) = args.split_first()?;
    if command != "explain" {
        return None;
    }
    let mut body = None;
    let mut key = None;
    let mut target = None;
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--key-file" => key = it.next().cloned(),
            "--post-body" => body = it.next().cloned(),
            flag if flag.starts_with("--") => return None,
            path => target = Some(path.to_owned()),
        }
    }
    if key.as_deref() != Some("{keys}/md5_test_key.txt") {
        return None;
    }
    let target = target?;
    if !target.ends_with(".url") {
        return None;
    }
    let url = std::fs::read_to_string(&target).unwrap();
    let body = body.map(|path| std::fs::read_to_string(path).unwrap());
    Some((url, body))
}

#[test]
fn explain_and_the_gateway_read_every_request_alike() {
    let text = std::fs::read_to_string(format!("{DIR}/cases.json")).unwrap();
    let cases: Vec<Case> = serde_json::from_str(&text).unwrap();
    let secret = std::fs::read_to_string(format!("{KEYS}/md5_test_key.txt")).unwrap();
    let secret = secret.trim();
    let md5 = || Box::new(Md5Key::new(secret).unwrap());
    let gateway = Gateway::new("2088021017666666").with_keys(KeyPair::new(md5(), md5()).unwrap());
    let key = KeyText::new(secret.as_bytes().to_vec());
    let keys = Keys {
        key: &key,
        other: None,
        reply: false,
    };
    let (mut compared, mut accepted, mut placements) = (0, 0, 0);
    for case in &cases {
        let Some((url, body)) = request_of(case) else {
            continue;
        };
        compared += 1;
        placements += usize::from(case.name.contains("input_charset"));
        let url = url.trim();
        let request = match &body {
            Some(body) => Request::post(url).body(body.trim().as_bytes().to_vec()),
            None => Request::get(url).body(Vec::new()),
        }
        .unwrap();
        let opened = gateway.open(&request, now());
        let report = alipay_proto_cli::overseas::explain(url, body.as_deref(), &keys, None)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(
            opened.is_ok(),
            report.passes(),
            "{}: the gateway says {:?}, explain {:?} {:?}",
            case.name,
            opened.as_ref().err(),
            report.causes,
            report.notes
        );
        if let Ok(incoming) = opened {
            accepted += 1;
            assert_eq!(report.charset, incoming.charset().as_str(), "{}", case.name);
            assert_eq!(
                report.params.as_deref(),
                Some(incoming.params()),
                "{}",
                case.name
            );
        }
    }
    eprintln!(
        "gateway agreement: {compared} requests ({placements} placing _input_charset), {accepted} accepted by both, the rest refused by both"
    );
    assert!(
        compared >= 40 && placements >= 14 && accepted >= 10,
        "the catalogue lost cases"
    );
}
