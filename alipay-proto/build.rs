//! Generates the typed API from the YAML spec into `OUT_DIR`, on every build where a spec
//! file changed. The spec ships inside the package (`spec/` is a link to the workspace's
//! `spec/`), so git and crates.io users build the same code.

use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let spec = manifest.join("spec");
    println!("cargo::rerun-if-changed={}", spec.display());
    rerun_on_files(&spec);

    let spec_model = match alipay_proto_codegen::load_and_check(&spec) {
        Ok(s) => s,
        Err(diags) => fail(&format!(
            "the spec in {} has errors:\n{diags}",
            spec.display()
        )),
    };
    let files = alipay_proto_codegen::emit::emit(&spec_model).unwrap_or_else(|e| {
        fail(&format!(
            "generated code does not parse (a codegen bug): {e}"
        ))
    });
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    for f in files {
        let path = out.join(&f.name);
        if let Err(e) = std::fs::write(&path, f.source) {
            fail(&format!("{}: {e}", path.display()));
        }
    }
}

/// Cargo tracks a directory only by its own mtime; name every spec file so an edit reruns us.
fn rerun_on_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rerun_on_files(&path);
        } else {
            println!("cargo::rerun-if-changed={}", path.display());
        }
    }
}

fn fail(message: &str) -> ! {
    for line in message.lines() {
        println!("cargo::error={line}");
    }
    std::process::exit(1)
}
