//! The checker against small invalid specs: each case in `fixtures/broken/` replaces files of
//! the valid `fixtures/base/` spec (first line `# replaces: <family>/<file>`), and the exact
//! diagnostics (file:line:column: path: message) are pinned by a snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use alipay_proto_codegen::load_and_check;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Case name -> the fixture files that make it (`name.yaml`, `name.<extra>.yaml`).
fn cases() -> BTreeMap<String, Vec<PathBuf>> {
    let mut cases: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in fs::read_dir(fixtures().join("broken")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        let stem = name.split('.').next().unwrap().to_owned();
        cases.entry(stem).or_default().push(path);
    }
    cases
}

fn run_case(name: &str, files: &[PathBuf]) -> String {
    let dir = std::env::temp_dir().join(format!(
        "alipay-codegen-broken-{}-{name}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    copy_dir(&fixtures().join("base"), &dir);
    for file in files {
        let text = fs::read_to_string(file).unwrap();
        let (header, body) = text.split_once('\n').unwrap();
        let target = header
            .strip_prefix("# replaces: ")
            .expect("first line names the replaced file");
        fs::write(dir.join(target), body).unwrap();
    }
    let result = load_and_check(&dir);
    fs::remove_dir_all(&dir).unwrap();
    match result {
        Ok(_) => panic!("case {name} passed the checker"),
        Err(diags) => diags.iter().map(|d| format!("{d}\n")).collect(),
    }
}

#[test]
fn base_fixture_is_valid() {
    load_and_check(&fixtures().join("base")).unwrap();
}

#[test]
fn every_broken_case_reports_exact_diagnostics() {
    let cases = cases();
    assert!(cases.len() >= 15, "only {} cases", cases.len());
    let mut report = String::new();
    for (name, files) in &cases {
        let diags = run_case(name, files);
        insta::assert_snapshot!(name.as_str(), diags);
        report.push_str(name);
    }
    assert!(!report.is_empty());
}

/// A service file whose name is not UTF-8 cannot name a module: the loader says so, naming the
/// file, instead of generating a module from an empty or made-up name.
#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_an_error() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let dir = std::env::temp_dir().join(format!(
        "alipay-codegen-broken-{}-not-utf8",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    copy_dir(&fixtures().join("base"), &dir);
    let service = fs::read_dir(dir.join("overseas"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| !p.ends_with("common.yaml"))
        .unwrap();
    let renamed = dir
        .join("overseas")
        .join(OsStr::from_bytes(b"query_\xff.yaml"));
    fs::rename(&service, &renamed).unwrap();
    let result = load_and_check(&dir);
    fs::remove_dir_all(&dir).unwrap();
    let diags = result.map(|_| ()).unwrap_err().to_string();
    assert!(
        diags.contains("query_\u{fffd}.yaml") && diags.contains("the file name is not UTF-8"),
        "{diags}"
    );
}
