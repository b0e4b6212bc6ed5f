//! The crate is publishable and installs with `cargo install alipay-sandbox`: `cargo package`
//! accepts it, and its tarball holds the sources, the README and the TEST keys its defaults
//! embed (`testkeys/`, copies of the workspace's `testdata/keys/`), not the tests, which need
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
        "testkeys/rsa_test_alipay_private_pkcs8.pem",
        "testkeys/rsa_test_alipay_public.pem",
    ] {
        assert!(files.contains(&expected), "{expected} missing: {files:?}");
    }
    assert!(!files.iter().any(|f| f.starts_with("tests/")), "{files:?}");
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .expect("manifest");
    assert!(!manifest.contains("publish = false"));
}

/// Every copy of the TEST keys is byte-for-byte the workspace's: one set of keys, copied where a
/// crate needs them in its own folder (this crate's defaults, alipay-proto's doctests, the
/// downstream crate that compiles the README's snippets).
#[test]
fn packaged_test_keys_are_the_workspace_keys() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    for copy in [
        "alipay-sandbox/testkeys",
        "alipay-proto/testkeys",
        "tests/downstream/testkeys",
    ] {
        let dir = std::fs::read_dir(format!("{root}/{copy}")).expect("testkeys folder");
        let mut count = 0;
        for entry in dir {
            let name = entry.expect("entry").file_name();
            let name = name.to_str().expect("UTF-8 name");
            if name == "README.md" {
                continue; // each copy says why it is there
            }
            let ours = std::fs::read(format!("{root}/{copy}/{name}")).expect("read copy");
            let source = std::fs::read(format!("{root}/testdata/keys/{name}"))
                .unwrap_or_else(|e| panic!("{copy}/{name} has no source in testdata/keys: {e}"));
            assert!(
                ours == source,
                "{copy}/{name} differs from testdata/keys/{name}"
            );
            count += 1;
        }
        assert!(count >= 3, "{copy}: {count} files");
    }
}
