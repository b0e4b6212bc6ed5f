//! Spec model, loader, checker and emitter for alipay-proto: what a build script needs, and
//! nothing else (as prost-build is for protobuf).
//!
//! One entry point serves every driver: `alipay-proto/build.rs` and the `alipay-codegen` tool
//! (its own crate: check, summary, emit, drift) both call [`load_and_check`] and then the
//! emitter; [`Builder`] wraps the two for build scripts, including a downstream crate's that
//! generates bindings from its own copy of the spec against the same `alipay-proto` runtime
//! (see [`Builder`]).

mod builder;
pub mod check;
/// Value classes: the crate the runtime validates with, so spec and runtime agree.
pub use alipay_proto_classes as class;
pub mod diag;
pub mod emit;
pub mod ident;
pub mod index;
pub mod load;
pub mod model;

use std::path::Path;

pub use builder::{BuildError, Builder};
pub use diag::{Diagnostic, Diagnostics};
pub use load::Spec;

/// Load the spec in `dir` and check it; every problem of every file at once.
pub fn load_and_check(dir: &Path) -> Result<Spec, Diagnostics> {
    let (spec, mut diags) = load::load_dir(dir);
    diags.0.extend(check::check(&spec).0);
    if diags.is_empty() {
        Ok(spec)
    } else {
        Err(diags.sorted())
    }
}
