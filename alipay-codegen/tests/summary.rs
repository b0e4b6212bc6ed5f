//! `alipay-codegen summary` over the real spec in `alipay-proto/spec/`: the table is pinned, so
//! a spec change that adds or drops a parameter, reply field or code shows up as a reviewable
//! diff.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use std::path::Path;

use alipay_codegen::summary;
use alipay_proto_codegen::load_and_check;

#[test]
fn summary_table() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../alipay-proto/spec");
    let spec = load_and_check(&dir).unwrap_or_else(|d| panic!("{d}"));
    insta::assert_snapshot!(summary::summary(&spec));
}
