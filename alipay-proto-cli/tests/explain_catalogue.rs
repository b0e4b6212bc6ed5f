//! The explain catalogue: requests and replies made by independent code (Python hashlib and
//! `cryptography`, urllib, PHP, node and Java encoders, Python/node/PHP JSON writers; see
//! `scripts/explain-catalogue.py`, which wrote `tests/explain_catalogue/`), each broken by one
//! usual mistake or correct, diagnosed by the real binary. Every case is counted: right,
//! wrong cause (a cause named that is not the mistake: the worst outcome) or no cause.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod support;

use serde::Deserialize;
use support::{causes, run_json};

#[derive(Deserialize)]
struct Case {
    name: String,
    args: Vec<String>,
    expect: Expect,
}

#[derive(Deserialize)]
struct Expect {
    verifies: bool,
    causes: Vec<String>,
    refused: bool,
}

#[test]
fn every_case_is_diagnosed_right_and_no_cause_is_wrong() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/explain_catalogue");
    let keys = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/keys");
    let text = std::fs::read_to_string(format!("{dir}/cases.json")).expect("cases.json");
    let cases: Vec<Case> = serde_json::from_str(&text).expect("cases");
    let (mut right, mut wrong, mut missed) = (0, Vec::new(), Vec::new());
    for case in &cases {
        let args: Vec<String> = case
            .args
            .iter()
            .map(|a| a.replace("{dir}", dir).replace("{keys}", keys))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, report) = run_json(&args);
        let mut found = causes(&report);
        found.sort();
        let refused = report["refusals"].as_array().is_some_and(|r| !r.is_empty());
        let passes = case.expect.verifies && case.expect.causes.is_empty() && !case.expect.refused;
        let ok = found == case.expect.causes
            && report["verifies"] == case.expect.verifies
            && refused == case.expect.refused
            && (code == 0) == passes;
        let line = format!(
            "{}: expected {:?} verifies={} refused={}, got {found:?} verifies={} refused={refused} exit {code}",
            case.name,
            case.expect.causes,
            case.expect.verifies,
            case.expect.refused,
            report["verifies"]
        );
        if ok {
            right += 1;
        } else if found.iter().any(|c| !case.expect.causes.contains(c)) {
            wrong.push(line);
        } else {
            missed.push(line);
        }
    }
    eprintln!(
        "explain catalogue: {} cases, {right} right, {} wrong cause, {} no cause (or other miss)",
        cases.len(),
        wrong.len(),
        missed.len()
    );
    assert!(
        wrong.is_empty() && missed.is_empty(),
        "wrong cause:\n{}\nmissed:\n{}",
        wrong.join("\n"),
        missed.join("\n")
    );
    assert!(cases.len() >= 80, "the catalogue lost cases");
}
