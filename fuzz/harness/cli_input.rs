//! Arbitrary input into the `alipay-proto` CLI's readers (the `alipay_proto_cli` library):
//! what a user pastes or points it at. The fuzz target and the normal suite's replay
//! (`alipay-proto-cli/tests/fuzz_regressions.rs`) both run [`run`]. The first byte chooses
//! the command:
//!
//! - 0: `explain URL` (an overseas GET URL);
//! - 1: `explain --post-body FORM URL` (the URL, a newline, then the form body);
//! - 2: `explain intl-body.json`;
//! - 3: `verify-reply reply.xml`;
//! - 4: `verify-reply reply.json`;
//!
//! and bit 3 adds `--sent-at` (a fixed time) to an overseas explain. Overseas commands get the
//! TEST MD5 key and intl ones the TEST RSA public key, with the private key as `--other-key`,
//! so the mistake searches run too. Every report is rendered as JSON.

use std::sync::LazyLock;

use alipay_proto_cli::key::KeyText;
use alipay_proto_cli::search::Keys;
use alipay_proto_cli::timestamp::SentAt;
use alipay_proto_cli::{intl, overseas};

/// The TEST keys (testdata/keys/README.md): test material only, never a real key.
const MD5_KEY: &str = include_str!("../../testdata/keys/md5_test_key.txt");
const TEST_PRIVATE_KEY: &str = include_str!("../../testdata/keys/rsa_test_private_pkcs8.pem");
const TEST_PUBLIC_KEY: &str = include_str!("../../testdata/keys/rsa_test_public.pem");

static MD5: LazyLock<KeyText> = LazyLock::new(|| KeyText::new(MD5_KEY.as_bytes().to_vec()));
static PUBLIC: LazyLock<KeyText> =
    LazyLock::new(|| KeyText::new(TEST_PUBLIC_KEY.as_bytes().to_vec()));
static PRIVATE: LazyLock<KeyText> =
    LazyLock::new(|| KeyText::new(TEST_PRIVATE_KEY.as_bytes().to_vec()));
static SENT_AT: LazyLock<SentAt> =
    LazyLock::new(|| SentAt::parse("2018-10-09T08:30:00Z").expect("an RFC 3339 time"));

/// Runs one input: `None` when its mode names no command (or a text command gets bytes that
/// are not UTF-8), else the report rendered as JSON, or the typed error's text.
pub fn run(data: &[u8]) -> Option<Result<String, String>> {
    let (&mode, rest) = data.split_first()?;
    let md5 = Keys {
        key: &MD5,
        other: None,
        reply: false,
    };
    let rsa = Keys {
        key: &PUBLIC,
        other: Some(&PRIVATE),
        reply: false,
    };
    let sent_at = (mode & 0b1000 != 0).then_some(&*SENT_AT);
    let text = std::str::from_utf8(rest);
    let report = match (mode & 0b111, text) {
        (0, Ok(url)) => overseas::explain(url, None, &md5, sent_at),
        (1, Ok(text)) => {
            let (url, body) = text.split_once('\n').unwrap_or((text, ""));
            overseas::explain(url, Some(body), &md5, sent_at)
        }
        (2, Ok(body)) => intl::explain(body, &rsa),
        (3, _) => overseas::verify_reply(rest, &Keys { reply: true, ..md5 }),
        (4, _) => intl::verify_reply(rest, None, &Keys { reply: true, ..rsa }),
        _ => return None,
    };
    Some(match report {
        Ok(report) => {
            std::hint::black_box(report.passes());
            // A report that does not serialize is the CLI's error too (it exits 2).
            report.to_json().map_err(|error| error.to_string())
        }
        Err(error) => Err(error.to_string()),
    })
}
