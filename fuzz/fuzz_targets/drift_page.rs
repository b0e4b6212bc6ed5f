//! Arbitrary text into the drift page reader (`alipay_codegen::drift`): a vendor doc
//! page as copied from a browser, read into parameter and code rows
//! (`drift::page::parse`) and compared with the real spec (`drift::drift`), whose report is
//! rendered. The only property asserted is the absence of panics.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use alipay_codegen::drift;
use alipay_proto_codegen::load::Spec;
use libfuzzer_sys::fuzz_target;

/// The checked-in spec, as `alipay-codegen drift` reads it.
static SPEC: LazyLock<Spec> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../alipay-proto/spec");
    alipay_proto_codegen::load_and_check(&dir).expect("the checked-in spec loads")
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let page = drift::page::parse(text);
    std::hint::black_box(format!("{page:?}"));
    match drift::drift(text, &SPEC) {
        Ok(report) => {
            std::hint::black_box(report.to_string());
        }
        Err(error) => {
            std::hint::black_box(error.to_string());
        }
    }
});
