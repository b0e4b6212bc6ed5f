//! Requests written by the common form encoders (Java `URLEncoder`, PHP `urlencode` and
//! `rawurlencode`, Python `urlencode` and `quote`, JS `URLSearchParams` and
//! `encodeURIComponent`, `curl --data-urlencode`) and signed by Python (hashlib MD5,
//! `cryptography` RSA2), each accepted by a running sandbox over HTTP as GET and as POST.
//!
//! The vectors and the commands that made them are in `testdata/vectors/forms/` (README.md
//! there); the sandbox's clock is set to their `timestamp`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod common;

use std::path::{Path, PathBuf};

use alipay_proto::charset::Charset;
use alipay_proto::overseas::SignatureStatus;
use alipay_proto::overseas::offline_maintain::OfflineMaintain;
use alipay_proto::sign::SignAlgorithm;
use alipay_sandbox::{Sandbox, Settings};
use common::*;
use time::macros::datetime;

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/vectors/forms")
}

/// The `_input_charset` and `sign_type` of a case, from its `params.tsv`.
fn case_params(dir: &Path) -> (Charset, SignAlgorithm) {
    let text = std::fs::read_to_string(dir.join("params.tsv")).expect("params.tsv");
    let value = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix('\t'))
            .expect("param present")
    };
    (
        Charset::from_label(value("_input_charset")).expect("charset"),
        SignAlgorithm::from_wire(value("sign_type")).expect("sign type"),
    )
}

/// Every `(case dir, encoder name, encoded form)`.
fn encoded_forms() -> Vec<(PathBuf, String, String)> {
    let mut out = Vec::new();
    let mut cases: Vec<_> = std::fs::read_dir(vectors())
        .expect("vectors")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    for dir in cases {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("case")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
            .collect();
        files.sort();
        for file in files {
            let encoder = file
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            let form = std::fs::read_to_string(&file).expect("form");
            out.push((dir.clone(), encoder, form));
        }
    }
    out
}

#[test]
fn every_encoder_is_accepted_over_get_and_post() {
    let forms = encoded_forms();
    let encoders: std::collections::BTreeSet<&str> = forms
        .iter()
        .map(|(_, encoder, _)| encoder.as_str())
        .collect();
    assert_eq!(encoders.len(), 8, "{encoders:?}");
    assert_eq!(forms.len(), 28); // JS encodes UTF-8 only: 8 encoders for UTF-8, 6 for GBK
    // The vectors exercise the rule: most encoders write the timestamp's space as `+`.
    let plus = forms
        .iter()
        .filter(|(_, _, f)| f.contains("timestamp=2026-12-01+10"))
        .count();
    assert_eq!(plus, 18);
    for (dir, encoder, form) in &forms {
        let (charset, algorithm) = case_params(dir);
        let case = dir.file_name().expect("name").to_string_lossy();
        for post in [false, true] {
            let mut settings = Settings::default();
            settings.clock = Some(datetime!(2026-12-01 10:05:00 +8));
            let sandbox = Sandbox::start_with(settings).expect("sandbox");
            let request = if post {
                http::Request::post(format!(
                    "{}?_input_charset={charset}",
                    sandbox.gateway_url()
                ))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form.as_bytes().to_vec())
            } else {
                http::Request::get(format!("{}?{form}", sandbox.gateway_url())).body(Vec::new())
            }
            .expect("request");
            let body = body_of(request);
            let client = overseas_client(&sandbox, charset, algorithm);
            let reply = client
                .decode::<OfflineMaintain>(&body)
                .expect("reply decodes");
            let method = if post { "POST" } else { "GET" };
            assert!(
                reply.is_success(),
                "{case} {encoder} {method}: {:?}",
                reply.error
            );
            assert_eq!(reply.signature, SignatureStatus::Verified(algorithm));
        }
    }
}

/// A value with a control char (sent unchecked, as another client might) is refused with a
/// signed, well-formed `PARAM_ILLEGAL`, never stored, so no later reply can carry it.
#[test]
fn control_chars_are_refused_and_replies_stay_well_formed() {
    use alipay_proto::outcome::Code as _;
    let sandbox = Sandbox::start().expect("sandbox");
    let client = overseas_client(&sandbox, Charset::Utf8, SignAlgorithm::Md5);
    for (i, bad) in ["Mika\u{1}", "Mika\u{1b}[31m", "Mika\u{FFFF}"]
        .into_iter()
        .enumerate()
    {
        let id = format!("ctl{i}");
        let mut request = store(&id);
        request.store_name = bad.to_owned();
        let prepared = client
            .prepare_unchecked::<OfflineMaintain>(&request, time::OffsetDateTime::now_utc())
            .expect("prepare unchecked");
        let body = body_of(prepared.get_request().expect("GET"));
        let reply = client
            .decode::<OfflineMaintain>(&body)
            .expect("well-formed, signed");
        assert_eq!(
            reply.signature,
            SignatureStatus::Verified(SignAlgorithm::Md5)
        );
        assert_eq!(
            reply.error.as_ref().map(|e| e.code()),
            Some("PARAM_ILLEGAL"),
            "{bad:?}"
        );
        let reply = query_status(&client, &id);
        assert_eq!(
            reply.error.as_ref().map(|e| e.code()),
            Some("DATA_NOT_EXIST")
        );
    }
}
