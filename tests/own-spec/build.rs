//! What a downstream build script does with its own copy of the spec. A real crate keeps the
//! copy in its repository; this one derives it from the workspace's `spec/` with one edit, a
//! field Alipay documented before alipay-proto knows it, so the copy cannot go stale.

use std::path::{Path, PathBuf};

/// The field the page now documents, inserted at the end of the online.maintain request.
const NEW_FIELD: &str = r#"
  - name: merchant_logo_url
    type: string
    limit: {max: 256, unit: bytes}
    presence: optional
    class: http_url
    example: "https://www.alipay.com/logo.png"
    doc: "URL of the secondary merchant's logo (documented after this alipay-proto release)."
    source:
      seed: "002"
      section: "请求参数 / 业务参数 / merchant_logo_url"
"#;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let ours = out.join("spec");
    copy_dir(&manifest.join("../../alipay-proto/spec"), &ours);
    let service = ours.join("overseas/online_maintain.yaml");
    let text = std::fs::read_to_string(&service).unwrap_or_default();
    let edited = text.replacen("\nreply: []", &format!("{NEW_FIELD}\nreply: []"), 1);
    assert_ne!(
        text, edited,
        "online_maintain.yaml no longer ends its request before `reply: []`"
    );
    write(&service, &edited);

    if let Err(e) = alipay_proto_codegen::Builder::new(&ours).compile() {
        for line in e.to_string().lines() {
            println!("cargo::error={line}");
        }
        std::process::exit(1);
    }
    // The copy lives in OUT_DIR: rerun when the workspace's spec changes.
    println!(
        "cargo::rerun-if-changed={}",
        manifest.join("../../alipay-proto/spec").display()
    );
    println!("cargo::rerun-if-changed=build.rs");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries.flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else if let Ok(text) = std::fs::read_to_string(entry.path()) {
            write(&target, &text);
        }
    }
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
