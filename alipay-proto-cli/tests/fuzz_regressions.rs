//! The `cli_input` fuzz target's inputs, replayed: its seeds (`fuzz/corpus/cli_input/seed-*`)
//! and every file under `tests/fuzz_regressions/cli_input/` (an input that once failed the
//! target, minimised), through the same commands with the target's first-byte modes. Each must
//! be answered with a report or a typed error, never a panic; a report renders as JSON.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use std::path::{Path, PathBuf};

use alipay_proto_cli::key::KeyText;
use alipay_proto_cli::search::Keys;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const MD5_KEY: &str = include_str!("../../testdata/keys/md5_test_key.txt");
const PRIVATE_KEY: &str = include_str!("../../testdata/keys/rsa_test_private_pkcs8.pem");
const PUBLIC_KEY: &str = include_str!("../../testdata/keys/rsa_test_public.pem");

fn inputs(target: &str) -> Vec<(bool, PathBuf)> {
    let mut files = Vec::new();
    for (seed, dir) in [
        (true, Path::new(ROOT).join("fuzz/corpus").join(target)),
        (
            false,
            Path::new(ROOT).join("tests/fuzz_regressions").join(target),
        ),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if !seed || name.starts_with("seed-") {
                files.push((seed, path));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn cli_input_inputs() {
    let md5 = KeyText::new(MD5_KEY.as_bytes().to_vec());
    let public = KeyText::new(PUBLIC_KEY.as_bytes().to_vec());
    let private = KeyText::new(PRIVATE_KEY.as_bytes().to_vec());
    let md5 = Keys {
        key: &md5,
        other: None,
        reply: false,
    };
    let rsa = Keys {
        key: &public,
        other: Some(&private),
        reply: false,
    };
    let inputs = inputs("cli_input");
    assert!(inputs.len() >= 10, "seeds missing");
    for (_, path) in inputs {
        let data = std::fs::read(&path).expect("read");
        let Some((&mode, rest)) = data.split_first() else {
            continue;
        };
        let text = std::str::from_utf8(rest);
        let report = match (mode & 0b111, text) {
            (0, Ok(url)) => alipay_proto_cli::overseas::explain(url, None, &md5, None),
            (1, Ok(text)) => {
                let (url, body) = text.split_once('\n').unwrap_or((text, ""));
                alipay_proto_cli::overseas::explain(url, Some(body), &md5, None)
            }
            (2, Ok(body)) => alipay_proto_cli::intl::explain(body, &rsa),
            (3, _) => alipay_proto_cli::overseas::verify_reply(rest, &Keys { reply: true, ..md5 }),
            (4, _) => {
                alipay_proto_cli::intl::verify_reply(rest, None, &Keys { reply: true, ..rsa })
            }
            _ => continue,
        };
        if let Ok(report) = report {
            assert!(
                report.to_json().unwrap().starts_with('{'),
                "{}",
                path.display()
            );
        }
    }
}
