//! One diagnosis of a signature that no mistake explains: the whole search runs (every
//! single mistake, every pair, every key mistake). The target is under 100 ms per diagnosis.
//! Inputs are catalogue cases (`tests/explain_catalogue`, made by
//! `scripts/explain-catalogue.py`) whose signature is replaced by one made over other bytes.
//!
//! Run: `cargo bench -p alipay-proto-cli --bench diagnose`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)
#![expect(
    missing_docs,
    reason = "criterion_group! generates an undocumented `pub fn benches`"
)]

use std::hint::black_box;

use alipay_proto_cli::key::KeyText;
use alipay_proto_cli::search::Keys;
use alipay_proto_cli::{intl, overseas};
use criterion::{Criterion, criterion_group, criterion_main};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/explain_catalogue");
const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/keys");

fn read(path: &str) -> String {
    std::fs::read_to_string(path).expect("catalogue file")
}

fn key(name: &str) -> KeyText {
    KeyText::new(std::fs::read(format!("{KEYS}/{name}")).expect("key"))
}

/// `url` with its `sign` value replaced by `sign`.
fn resigned(url: &str, sign: &str) -> String {
    let at = url.find("&sign=").expect("a sign param") + "&sign=".len();
    let end = url[at..].find('&').map_or(url.len(), |n| at + n);
    format!("{}{sign}{}", &url[..at], &url[end..])
}

fn diagnose(c: &mut Criterion) {
    let md5 = key("md5_test_key.txt");
    let public = key("rsa_test_public.pem");
    let keys = |key| Keys {
        key,
        other: None,
        reply: false,
    };
    // MD5, GBK: a signature over other bytes (MD5 of nothing).
    let gbk = read(&format!("{DIR}/002_correct_md5_get_GBK.url"));
    let gbk = resigned(gbk.trim(), "d41d8cd98f00b204e9800998ecf8427e");
    let md5_keys = keys(&md5);
    let report = overseas::explain(&gbk, None, &md5_keys, None).expect("diagnosis");
    assert!(!report.verifies && report.findings.is_empty());
    c.bench_function("explain: overseas MD5 GBK, no cause", |b| {
        b.iter(|| overseas::explain(black_box(&gbk), None, &md5_keys, None))
    });

    // RSA2, UTF-8: signed by a key the search is not given.
    let rsa = std::fs::read_dir(DIR)
        .expect("catalogue")
        .filter_map(Result::ok)
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .ends_with("signed_with_the_other_slots_key.url")
        })
        .expect("case");
    let rsa = read(&rsa.path().display().to_string());
    let rsa_keys = keys(&public);
    let report = overseas::explain(rsa.trim(), None, &rsa_keys, None).expect("diagnosis");
    assert!(!report.verifies && report.findings.is_empty());
    c.bench_function("explain: overseas RSA2 UTF-8, no cause", |b| {
        b.iter(|| overseas::explain(black_box(rsa.trim()), None, &rsa_keys, None))
    });

    // Intl: the request text changed after signing (a space added).
    let body = read(&format!("{DIR}/intl_correct.json")).replacen("\"body\"", " \"body\"", 1);
    let report = intl::explain(&body, &rsa_keys).expect("diagnosis");
    assert!(!report.verifies && report.findings.is_empty());
    c.bench_function("explain: intl RSA2, no cause", |b| {
        b.iter(|| intl::explain(black_box(&body), &rsa_keys))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = diagnose
}
criterion_main!(benches);
