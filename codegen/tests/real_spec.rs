//! The real spec in `spec/`: it checks clean, its summary and its generated source are pinned,
//! so any spec or generator change shows up as a reviewable diff.

use std::path::{Path, PathBuf};

use alipay_proto_codegen::{Spec, emit, load_and_check, summary};

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn spec() -> Spec {
    load_and_check(&spec_dir()).unwrap_or_else(|d| panic!("{d}"))
}

#[test]
fn real_spec_checks_clean() {
    let spec = spec();
    assert_eq!(spec.services().count(), 5);
}

#[test]
fn summary_table() {
    insta::assert_snapshot!(summary::summary(&spec()));
}

#[test]
fn generated_source_per_service() {
    let spec = spec();
    for fam in &spec.families {
        let common = emit::emit_common(fam).unwrap();
        insta::assert_snapshot!(format!("{}_common", fam.family.dir()), common);
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
