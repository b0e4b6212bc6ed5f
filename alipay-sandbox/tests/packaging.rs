//! The crate is publishable and installs with `cargo install alipay-sandbox`: `cargo package`
//! accepts it, and its tarball holds the sources, the README and the TEST keys its defaults
//! embed (`testkeys/`, a link to `testdata/keys/` packaged as files), not the tests, which need
//! the workspace's test-only crates. CI (`.ci/run`) builds the library and the binary from the
//! tarball.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use std::process::Command;

#[test]
fn the_tarball_holds_what_cargo_install_builds() {
    let output = Command::new(env!("CARGO"))
        .args([
            "package",
            "--list",
            "--allow-dirty",
            "--offline",
            "-p",
            "alipay-sandbox",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let listed = String::from_utf8(output.stdout).expect("UTF-8");
    let files: Vec<&str> = listed.lines().collect();
    for expected in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "src/lib.rs",
        "src/main.rs",
        "testkeys/md5_test_key.txt",
        "testkeys/rsa_test_private_pkcs8.pem",
        "testkeys/rsa_test_public.pem",
    ] {
        assert!(files.contains(&expected), "{expected} missing: {files:?}");
    }
    assert!(!files.iter().any(|f| f.starts_with("tests/")), "{files:?}");
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .expect("manifest");
    assert!(!manifest.contains("publish = false"));
}
