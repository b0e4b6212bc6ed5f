//! `alipay-codegen drift` against the vendor pages the spec was written from
//! (`testdata/pages/`, see `spec/NOTES.md`): each page compared with today's spec reports no drift,
//! only the differences the spec records; edited copies report exactly their edit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use std::path::{Path, PathBuf};

use alipay_codegen::drift::{ChangeKind, Report, drift};
use alipay_proto_codegen::{Spec, load_and_check};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
}

fn spec() -> Spec {
    load_and_check(&root().join("../alipay-proto/spec")).unwrap_or_else(|d| panic!("{d}"))
}

fn page(name: &str) -> String {
    let path = root().join("../testdata/pages").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The page with one edit; the edited text must occur exactly once.
fn edited(name: &str, from: &str, to: &str) -> String {
    let text = page(name);
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {name}");
    text.replacen(from, to, 1)
}

fn report(text: &str) -> Report {
    drift(text, &spec()).expect("the page is readable")
}

const PAGES: [&str; 6] = [
    "000_offline_maintain.txt",
    "001_intl_maintain.txt",
    "002_online_maintain.txt",
    "003_query_status.txt",
    "004_intl_archive.txt",
    "005_intl_query.txt",
];

#[test]
fn every_page_matches_todays_spec() {
    for name in PAGES {
        let r = report(&page(name));
        assert!(r.drift.is_empty(), "{name}:\n{r}");
        assert!(r.params_on_page > 0, "{name}: no rows read");
        insta::assert_snapshot!(name.trim_end_matches(".txt"), r.to_string());
    }
}

/// The number of rows read from each page, counted by hand in the page text.
#[test]
fn every_row_of_every_page_is_read() {
    let counts: Vec<(usize, usize)> = PAGES
        .iter()
        .map(|n| report(&page(n)))
        .map(|r| (r.params_on_page, r.codes_on_page))
        .collect();
    insta::assert_debug_snapshot!(counts);
}

fn kinds(r: &Report) -> Vec<(ChangeKind, &str)> {
    r.drift.iter().map(|c| (c.kind, c.name.as_str())).collect()
}

#[test]
fn a_raised_limit_is_drift() {
    let r = report(&edited(
        "003_query_status.txt",
        "secondary_merchant_id String(64) Required",
        "secondary_merchant_id String(128) Required",
    ));
    assert_eq!(kinds(&r), [(ChangeKind::Limit, "secondary_merchant_id")]);
    insta::assert_snapshot!(r.to_string());
}

#[test]
fn an_added_field_is_drift() {
    let r = report(&edited(
        "001_intl_maintain.txt",
        "customerServiceEmail\n",
        "merchantLogoUrl\n\nString(256)\n\nURL of the merchant's logo \n\nExample:https://www.alipay.com/logo.png\n\ncustomerServiceEmail\n",
    ));
    assert_eq!(kinds(&r), [(ChangeKind::Added, "merchantLogoUrl")]);
    insta::assert_snapshot!(r.to_string());
}

#[test]
fn a_removed_code_is_drift() {
    let r = report(&edited(
        "000_offline_maintain.txt",
        "| MCC_TYPE_ILLEGAL | The MCC is invalid. Action: Modify the MCC type and then try again. |\n",
        "",
    ));
    assert_eq!(kinds(&r), [(ChangeKind::CodeRemoved, "MCC_TYPE_ILLEGAL")]);
    insta::assert_snapshot!(r.to_string());
}

#[test]
fn an_added_enum_value_is_drift() {
    let r = report(&edited(
        "002_online_maintain.txt",
        "只能是WEB或者APP",
        "只能是WEB、APP或者MINIPROGRAM",
    ));
    assert_eq!(kinds(&r), [(ChangeKind::EnumValues, "site_type")]);
    insta::assert_snapshot!(r.to_string());
}

#[test]
fn a_renamed_field_and_a_changed_result_code_are_drift() {
    let text = edited("004_intl_archive.txt", "storeId\n", "storeID\n");
    let from = "00000030\n\nSIGN_TYPE_INVALID";
    assert_eq!(text.matches(from).count(), 1);
    let text = text.replacen(from, "00000031\n\nSIGN_TYPE_INVALID", 1);
    let r = report(&text);
    let mut found = kinds(&r);
    found.sort();
    assert_eq!(
        found,
        [
            (ChangeKind::Renamed, "storeId -> storeID"),
            (ChangeKind::CodeChanged, "SIGN_TYPE_INVALID"),
        ]
    );
}

#[test]
fn a_page_of_no_service_is_an_error() {
    let err = drift("Some other page\n| a String | b |\n", &spec()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the page names no service of the spec (e.g. alipay.overseas...)"
    );
}

#[test]
fn json_report_names_kinds_in_snake_case() {
    let r = report(&edited(
        "003_query_status.txt",
        "secondary_merchant_id String(64) Required",
        "secondary_merchant_id String(128) Required",
    ));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["drift"][0]["kind"], "limit");
    assert_eq!(json["drift"][0]["page"], "(128)");
    assert_eq!(json["drift"][0]["spec"], "(64)");
}

/// One case of `testdata/drift_catalogue.json` (made by `scripts/drift-catalogue.py`).
#[derive(serde::Deserialize)]
struct Case {
    id: usize,
    what: String,
    page: String,
    edits: Vec<Vec<String>>,
    expect: Vec<(ChangeKind, String)>,
}

/// Real edits of the page copies, each with the drift it must produce, written by an
/// independent script from what the edit means. Every case is counted: right (exactly the
/// expected drift), hidden (an expected change reported as recorded in the spec) or wrong.
#[test]
fn the_edit_catalogue_is_reported_right() {
    let text = std::fs::read_to_string(root().join("../testdata/drift_catalogue.json")).unwrap();
    let cases: Vec<Case> = serde_json::from_str(&text).unwrap();
    let spec = spec();
    let (mut right, mut hidden, mut wrong) = (0, Vec::new(), Vec::new());
    for case in &cases {
        let mut text = page(&case.page);
        for edit in &case.edits {
            let (from, to) = (&edit[0], &edit[1]);
            if edit.len() == 3 {
                text = text.replace(from.as_str(), to);
            } else {
                assert_eq!(text.matches(from.as_str()).count(), 1, "case {}", case.id);
                text = text.replacen(from.as_str(), to, 1);
            }
        }
        let r = drift(&text, &spec).expect("the edited page is readable");
        let mut found: Vec<(ChangeKind, String)> =
            r.drift.iter().map(|c| (c.kind, c.name.clone())).collect();
        found.sort();
        let mut expect = case.expect.clone();
        expect.sort();
        let label = format!("{} {} ({})", case.id, case.what, case.page);
        if found == expect {
            right += 1;
        } else if expect.iter().any(|(k, n)| {
            r.recorded
                .iter()
                .any(|rec| rec.change.kind == *k && &rec.change.name == n)
        }) {
            hidden.push(format!("{label}: {r}"));
        } else {
            wrong.push(format!("{label}: expected {expect:?}\n{r}"));
        }
    }
    eprintln!(
        "drift catalogue: {} cases, {right} right, {} hidden, {} wrong",
        cases.len(),
        hidden.len(),
        wrong.len()
    );
    assert!(
        hidden.is_empty() && wrong.is_empty(),
        "hidden:\n{}\nwrong:\n{}",
        hidden.join("\n"),
        wrong.join("\n")
    );
    assert!(cases.len() >= 50, "the catalogue lost cases");
}
