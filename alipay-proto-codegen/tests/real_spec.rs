//! The real spec in `alipay-proto/spec/`: it checks clean and its generated source is pinned,
//! so any spec or generator change shows up as a reviewable diff.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use std::path::{Path, PathBuf};

use alipay_proto_codegen::{Spec, emit, load_and_check};

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../alipay-proto/spec")
}

fn spec() -> Spec {
    load_and_check(&spec_dir()).unwrap_or_else(|d| panic!("{d}"))
}

#[test]
fn real_spec_checks_clean() {
    let spec = spec();
    assert_eq!(spec.services().count(), 6);
}

#[test]
fn generated_source_per_service() {
    let spec = spec();
    for fam in &spec.families {
        let common = emit::emit_common(fam).unwrap();
        insta::assert_snapshot!(format!("{}_common", fam.family.dir()), common);
        let registry = emit::emit_registry(fam).unwrap();
        insta::assert_snapshot!(format!("{}_registry", fam.family.dir()), registry);
        for svc in &fam.services {
            let stem = svc.file.file_stem().unwrap().to_str().unwrap();
            let source = emit::emit_service(fam, svc).unwrap();
            insta::assert_snapshot!(format!("{}_{stem}", fam.family.dir()), source);
        }
    }
}

#[test]
fn generation_is_deterministic() {
    let a = emit::emit(&spec()).unwrap();
    let b = emit::emit(&spec()).unwrap();
    assert_eq!(a, b);
}

/// The generated rustdoc ships on docs.rs, where the team's design notes and seed copies do
/// not: it cites the vendor documents by name, never a file outside the package.
#[test]
fn generated_docs_cite_vendor_documents_only() {
    for file in emit::emit(&spec()).unwrap() {
        for banned in ["design.md", "shared/seeds", "../shared", "seed 00"] {
            assert!(
                !file.source.contains(banned),
                "{} mentions `{banned}`",
                file.name
            );
        }
        let sources: Vec<&str> = file
            .source
            .lines()
            .filter_map(|l| l.split_once("Source: ").map(|(_, s)| s))
            .collect();
        assert!(
            sources.len() > 50,
            "{}: {} sources",
            file.name,
            sources.len()
        );
        for s in sources {
            assert!(
                s.starts_with("Alipay ") || s.starts_with("alipay-sdk-java-all "),
                "{}: source not cited by document name: {s}",
                file.name
            );
        }
    }
}
