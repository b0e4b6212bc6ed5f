//! Generates the typed API from the YAML spec into `OUT_DIR`, on every build where a spec
//! file changed. The spec lives in this package (`spec/`), so git and crates.io users build the
//! same code. Downstream crates generate from their own copy with the same
//! [`alipay_proto_codegen::Builder`], minus `with_common`.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let built = alipay_proto_codegen::Builder::new(manifest.join("spec"))
        .with_common()
        .compile();
    if let Err(e) = built {
        for line in e.to_string().lines() {
            println!("cargo::error={line}");
        }
        std::process::exit(1);
    }
}
