//! The README's Rust snippets, verbatim, as functions of a crate whose only dependency is
//! `alipay-proto` (see `build.rs`); `tests/readme.rs` runs each.

// The snippets read the test keys from `$CARGO_MANIFEST_DIR/testkeys`: copies of
// `testdata/keys/` (alipay-sandbox/tests/packaging.rs keeps every copy identical).
include!(concat!(env!("OUT_DIR"), "/readme_snippets.rs"));
