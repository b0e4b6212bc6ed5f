//! The sandbox reads its MD5 key as the library's key-text rule says, as `--md5-key FILE`
//! hands it over (the file's text as it is): a key file from `openssl rand -hex 16 > k`, or one
//! saved with a BOM and CRLF, works with a client reading the same key another way; a key the
//! rule refuses stops the sandbox with what was found.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod common;

use alipay_proto::charset::Charset;
use alipay_proto::overseas;
use alipay_proto::sign::{KeyTextError, Md5Key, SignError};
use alipay_sandbox::{Error, Sandbox, Settings};
use common::*;

fn key_file(name: &str) -> String {
    let path = format!(
        "{}/../testdata/keys/text/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("key file")
}

#[test]
fn key_files_as_written_by_tools_verify() {
    for (sandbox_file, client_file) in [
        ("md5_openssl_rand.txt", "md5_bom_crlf.txt"),
        ("md5_bom_crlf.txt", "md5_spaces.txt"),
        ("md5_spaces.txt", "md5_openssl_rand.txt"),
    ] {
        let mut settings = Settings::default();
        settings.md5_key = key_file(sandbox_file);
        let sandbox = Sandbox::start_with(settings).expect("sandbox");
        let key = || Md5Key::new(key_file(client_file)).expect("key");
        let client = overseas::Client::new(
            overseas::Config::new(&sandbox.settings().partner, Charset::Utf8)
                .with_gateway(sandbox.gateway_url()),
            Box::new(key()),
            Box::new(key()),
        )
        .expect("config");
        let reply = register(&client, &store("keytext"), false);
        assert!(
            reply.is_success(),
            "{sandbox_file} / {client_file}: {:?}",
            reply.error
        );
    }
}

#[test]
fn a_refused_key_stops_the_sandbox_with_what_was_found() {
    let mut settings = Settings::default();
    settings.md5_key = key_file("md5_inner_space.txt");
    let Err(Error::Key(error)) = Sandbox::start_with(settings) else {
        panic!("a key with a space inside must not start");
    };
    assert_eq!(error.which, "md5-key");
    assert_eq!(
        error.source,
        SignError::KeyText(KeyTextError::Whitespace {
            offset: 16,
            byte: b' '
        })
    );
}
