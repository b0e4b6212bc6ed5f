//! Arbitrary text into the drift page reader (`alipay_codegen::drift`): a vendor doc page as
//! copied from a browser, read into parameter and code rows (`drift::page::parse`) and
//! compared with the real spec (`drift::drift`), whose report is rendered. The fuzz target and
//! the normal suite's replay (`tests/tests/fuzz_regressions.rs`) both run [`run`].

use std::path::Path;
use std::sync::LazyLock;

use alipay_codegen::drift;
use alipay_proto_codegen::load::Spec;

/// The checked-in spec, as `alipay-codegen drift` reads it (both users of this file sit one
/// folder below the workspace root).
static SPEC: LazyLock<Spec> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../alipay-proto/spec");
    alipay_proto_codegen::load_and_check(&dir).expect("the checked-in spec loads")
});

/// Runs one input: `None` when it is not UTF-8, else the number of parameter rows the page
/// has, or the error's text.
pub fn run(data: &[u8]) -> Option<Result<usize, String>> {
    let text = std::str::from_utf8(data).ok()?;
    std::hint::black_box(format!("{:?}", drift::page::parse(text)));
    Some(match drift::drift(text, &SPEC) {
        Ok(report) => {
            std::hint::black_box(report.to_string());
            Ok(report.params_on_page)
        }
        Err(error) => Err(error.to_string()),
    })
}
