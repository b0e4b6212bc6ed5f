//! Arbitrary text into the spec loader, then the semantic checker.
//!
//! The bytes (when UTF-8, as `load_dir` reads files with `read_to_string`) are parsed by
//! `load::parse` as a service file and as a `common.yaml`. Whatever parses is put into a
//! two-file family spec beside the real `common.yaml` (or the real services) of its family
//! and run through `check::check`, as `load_and_check` does after reading the directory.
//! The only property asserted is the absence of panics: every outcome is `Ok` or a typed
//! `Diagnostic`/`Diagnostics`, which must also render without panicking.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use alipay_proto_codegen::check;
use alipay_proto_codegen::load::{self, FamilySpec, Loaded, Spec};
use alipay_proto_codegen::model::{CommonSpec, Family, ServiceSpec};
use libfuzzer_sys::fuzz_target;

const OVERSEAS_COMMON: &str = include_str!("../../alipay-proto/spec/overseas/common.yaml");
const INTL_COMMON: &str = include_str!("../../alipay-proto/spec/intl/common.yaml");
const OVERSEAS_SERVICE: &str = include_str!("../../alipay-proto/spec/overseas/query_status.yaml");
const INTL_SERVICE: &str = include_str!("../../alipay-proto/spec/intl/archive.yaml");

fn real_common(rel: &str, text: &str) -> Loaded<CommonSpec> {
    load::parse(Path::new(rel), text).expect("the checked-in spec parses")
}

fn real_service(rel: &str, text: &str) -> Loaded<ServiceSpec> {
    load::parse(Path::new(rel), text).expect("the checked-in spec parses")
}

/// The real common file and one real service of each family.
static REAL: LazyLock<[(Loaded<CommonSpec>, Loaded<ServiceSpec>); 2]> = LazyLock::new(|| {
    [
        (
            real_common("overseas/common.yaml", OVERSEAS_COMMON),
            real_service("overseas/query_status.yaml", OVERSEAS_SERVICE),
        ),
        (
            real_common("intl/common.yaml", INTL_COMMON),
            real_service("intl/archive.yaml", INTL_SERVICE),
        ),
    ]
});

fn real_of(family: Family) -> &'static (Loaded<CommonSpec>, Loaded<ServiceSpec>) {
    match family {
        Family::Overseas => &REAL[0],
        Family::Intl => &REAL[1],
    }
}

fn check_family(family: Family, common: Loaded<CommonSpec>, services: Vec<Loaded<ServiceSpec>>) {
    let spec = Spec {
        families: vec![FamilySpec {
            family,
            common,
            services,
        }],
    };
    let diags = check::check(&spec);
    std::hint::black_box(diags.to_string());
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match load::parse::<ServiceSpec>(Path::new("fuzz/service.yaml"), text) {
        Ok(service) => {
            let family = service.value.family;
            let dir = Path::new(family.dir());
            let mut service = service;
            service.file = dir.join("service.yaml");
            // Also ask the index for positions, as diagnostics do.
            std::hint::black_box(
                service
                    .diag("request[0].rules[0].when", "probe")
                    .to_string(),
            );
            check_family(family, real_of(family).0.clone(), vec![service]);
        }
        Err(diag) => {
            std::hint::black_box(diag.to_string());
        }
    }
    match load::parse::<CommonSpec>(Path::new("fuzz/common.yaml"), text) {
        Ok(common) => {
            let family = common.value.family;
            let mut common = common;
            common.file = Path::new(family.dir()).join("common.yaml");
            check_family(family, common, vec![real_of(family).1.clone()]);
        }
        Err(diag) => {
            std::hint::black_box(diag.to_string());
        }
    }
});
