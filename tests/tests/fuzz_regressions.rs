//! The fuzz targets' inputs, replayed in the normal suite (`cli_input`'s in
//! `alipay-proto-cli/tests/fuzz_regressions.rs`, whose crate this one does not build): every file under
//! `tests/fuzz_regressions/<target>/` (an input that once failed the target, minimised; see
//! the README there and `fuzz/run.sh`) and the targets' seeds (`fuzz/corpus/<target>/seed-*`),
//! through the code each target runs: its harness (`fuzz/harness/<target>.rs`, included here
//! as a module), so the replay cannot drift from the target.
//!
//! Every input must be handled without a panic. The seeds are the documented samples and the
//! staged vectors, so they are held to more: a re-signed overseas vector opens (its signature
//! verifies, its partner and time are accepted) and is decoded as its service without a panic;
//! a re-signed intl request is not refused for its signature; each doc page reads as a drift
//! report with rows.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use std::path::Path;

use alipay_proto::intl::archive::Archive;
use alipay_proto::intl::maintain::Maintain;
use alipay_proto::{intl, overseas};

#[path = "../../fuzz/harness/corpus.rs"]
mod corpus;
#[path = "../../fuzz/harness/drift_page.rs"]
mod drift_page;
#[path = "../../fuzz/harness/intl_request.rs"]
mod intl_request;
#[path = "../../fuzz/harness/overseas_request.rs"]
mod overseas_request;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn inputs(target: &str) -> Vec<(bool, std::path::PathBuf)> {
    corpus::inputs(Path::new(ROOT), target)
}

#[test]
fn overseas_request_inputs() {
    let inputs = inputs("overseas_request");
    assert!(inputs.len() >= 8, "seeds missing");
    for (seed, path) in inputs {
        let data = std::fs::read(&path).expect("read");
        let outcome = overseas_request::run(&data);
        let name = path.display();
        if seed && name.to_string().ends_with(".resigned") {
            let opened = outcome.unwrap_or_else(|| panic!("{name}: not a form"));
            assert!(opened.is_ok(), "{name}: {opened:?}");
        }
    }
}

#[test]
fn intl_request_inputs() {
    let inputs = inputs("intl_request");
    assert!(inputs.len() >= 4, "seeds missing");
    for (seed, path) in inputs {
        let data = std::fs::read(&path).expect("read");
        let outcome = intl_request::run(&data);
        let name = path.display();
        if seed && name.to_string().ends_with(".resigned") {
            // Re-signed, the request opens (the head is valid and the signature verifies) at
            // the path of the function its head names, and decodes as that function.
            let opened = outcome.unwrap_or_else(|| panic!("{name}: not UTF-8"));
            assert!(opened.is_ok(), "{name}: {opened:?}");
        }
    }
}

#[test]
fn drift_page_inputs() {
    let inputs = inputs("drift_page");
    assert!(inputs.len() >= 5, "seeds missing");
    for (seed, path) in inputs {
        let data = std::fs::read(&path).expect("read");
        let outcome = drift_page::run(&data);
        if seed {
            let rows = outcome.unwrap_or_else(|| panic!("{}: not UTF-8", path.display()));
            let rows = rows.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(rows > 0, "{}", path.display());
        }
    }
}

#[test]
fn reply_and_spec_inputs() {
    for (_, path) in inputs("overseas_reply") {
        let data = std::fs::read(&path).expect("read");
        if let Ok(raw) = overseas::RawReply::parse(&data, overseas::DecodeLimits::default()) {
            let _ = format!("{raw:?}");
        }
    }
    for (_, path) in inputs("intl_reply") {
        let data = std::fs::read(&path).expect("read");
        if let Ok(raw) = intl::RawReply::parse(&data, intl::DEFAULT_MAX_REPLY_BYTES) {
            let _ = raw.decode_unverified::<Maintain>();
            let _ = raw.decode_unverified::<Archive>();
        }
    }
    for (_, path) in inputs("spec_loader") {
        let data = std::fs::read(&path).expect("read");
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        use alipay_proto_codegen::load;
        use alipay_proto_codegen::model::{CommonSpec, ServiceSpec};
        let _ = load::parse::<ServiceSpec>(Path::new("fuzz/service.yaml"), text);
        let _ = load::parse::<CommonSpec>(Path::new("fuzz/common.yaml"), text);
    }
}
