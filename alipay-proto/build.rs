//! Generates the typed API from the YAML spec into `OUT_DIR`, on every build where a spec
//! file changed. The spec lives in this package (`spec/`), so git and crates.io users build the
//! same code. Downstream crates generate from their own copy with the same
//! [`alipay_proto_codegen::Builder`], minus `with_common`.

use std::path::PathBuf;

fn main() {
    // Cargo always sets it; without it, `spec` would be looked for wherever the script runs.
    let Some(manifest) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        println!("cargo::error=CARGO_MANIFEST_DIR is not set: run this build script through cargo");
        std::process::exit(1);
    };
    let built = alipay_proto_codegen::Builder::new(PathBuf::from(manifest).join("spec"))
        .with_common()
        .compile();
    if let Err(e) = built {
        for line in e.to_string().lines() {
            println!("cargo::error={line}");
        }
        std::process::exit(1);
    }
}
