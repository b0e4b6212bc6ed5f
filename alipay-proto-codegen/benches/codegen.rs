//! Codegen over the whole spec, as `alipay-proto/build.rs` runs it: load every YAML file, check
//! it, and emit the formatted Rust of every service. Target: under 100 ms.
//!
//! Run: `cargo bench -p alipay-proto-codegen --bench codegen`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)
#![expect(
    missing_docs,
    reason = "criterion_group! generates an undocumented `pub fn benches`"
)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use alipay_proto_codegen::emit::{self, GeneratedFile};
use criterion::{Criterion, criterion_group, criterion_main};

/// Loads, checks and emits the spec in `dir`.
fn generate(dir: &Path) -> Vec<GeneratedFile> {
    let spec = alipay_proto_codegen::load_and_check(dir)
        .unwrap_or_else(|diags| panic!("the spec has errors:\n{diags}"));
    emit::emit(&spec).expect("the generated code parses")
}

fn codegen(c: &mut Criterion) {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../alipay-proto/spec");
    assert!(!generate(&spec).is_empty());

    let mut group = c.benchmark_group("codegen");
    // One run takes tens of milliseconds: fewer, longer samples.
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("whole_spec", |b| b.iter(|| generate(black_box(&spec))));
    group.finish();
}

criterion_group!(benches, codegen);
criterion_main!(benches);
