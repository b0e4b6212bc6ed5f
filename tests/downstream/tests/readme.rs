//! Runs every README snippet, compiled as a downstream crate compiles it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

#[test]
fn every_readme_snippet_compiles_and_runs() {
    let snippets = [
        alipay_proto_downstream::snippet_1 as fn() -> Result<(), Box<dyn std::error::Error>>,
        alipay_proto_downstream::snippet_2,
    ];
    // The two quickstarts (overseas, intl); a new ```rust block must be added here.
    assert_eq!(alipay_proto_downstream::SNIPPETS, snippets.len());
    for (i, snippet) in snippets.iter().enumerate() {
        if let Err(error) = snippet() {
            panic!("README snippet {}: {error}", i + 1);
        }
    }
}
