//! The `drift_page` fuzz target: [`harness::run`] on every input (see `fuzz/harness/drift_page.rs`,
//! which the normal suite also replays the corpus through). The only property asserted is the
//! absence of panics.
#![no_main]

#[path = "../harness/drift_page.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    std::hint::black_box(harness::run(data));
});
