//! The `cli_input` fuzz target's inputs, replayed: its seeds (`fuzz/corpus/cli_input/seed-*`)
//! and every file under `tests/fuzz_regressions/cli_input/` (an input that once failed the
//! target, minimised), through the same commands with the target's first-byte modes. Each must
//! be answered with a report or a typed error, never a panic; a report renders as JSON.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use std::path::Path;

#[path = "../../fuzz/harness/cli_input.rs"]
mod cli_input;
#[path = "../../fuzz/harness/corpus.rs"]
mod corpus;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

#[test]
fn cli_input_inputs() {
    let inputs = corpus::inputs(Path::new(ROOT), "cli_input");
    assert!(inputs.len() >= 10, "seeds missing");
    for (seed, path) in inputs {
        let data = std::fs::read(&path).expect("read");
        let outcome = cli_input::run(&data);
        // A seed is a documented request or reply: its command runs (no seed is skipped), and
        // a report renders as a JSON object. (Some samples are answered with a typed error:
        // an unsigned failure reply, a sample the docs print broken.)
        match outcome {
            None if seed => panic!("{}: skipped", path.display()),
            Some(Ok(json)) => assert!(json.starts_with('{'), "{}", path.display()),
            _ => {}
        }
    }
}
