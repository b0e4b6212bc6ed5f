//! The `overseas_request` fuzz target: [`harness::run`] on every input (see `fuzz/harness/overseas_request.rs`,
//! which the normal suite also replays the corpus through). The only property asserted is the
//! absence of panics.
#![no_main]

#[path = "../harness/overseas_request.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    std::hint::black_box(harness::run(data));
});
