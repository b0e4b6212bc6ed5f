//! Arbitrary bytes into the intl (JSON envelope) reply decoder.
//!
//! Both services are decoded by a client holding the RSA2 test verifier, expecting the echo
//! of the documented samples (so the resigned samples in the corpus decode all the way). As a
//! mutated reply almost never verifies, the same bytes are also split with
//! `RawReply::parse` and typed with `decode_unverified`, so the head/body typing is fuzzed
//! too; a decoded reply is rendered (`Debug`) and turned into its outcome. The only property
//! asserted is the absence of panics: every outcome is `Ok` or a typed error, whose `Display`
//! and `Debug` must also not panic.
#![no_main]

use std::fmt::{Debug, Display};
use std::sync::LazyLock;

use alipay_proto::Service;
use alipay_proto::intl::archive::Archive;
use alipay_proto::intl::maintain::Maintain;
use alipay_proto::intl::{Client, Config, DEFAULT_MAX_REPLY_BYTES, Expected, RawReply, Reply};
use alipay_proto::service::Intl;
use alipay_proto::sign::{RsaSigner, RsaVerifier, SignAlgorithm};
use libfuzzer_sys::fuzz_target;

/// The RSA test keys (testdata/keys/README.md): test material only, never a real key. The
/// merchant's private key signs; replies (the seeds' re-signed samples) are Alipay's, checked
/// with the TEST Alipay public key.
const TEST_PRIVATE_KEY: &str = include_str!("../../testdata/keys/rsa_test_private_pkcs8.pem");
const TEST_ALIPAY_PUBLIC_KEY: &str = include_str!("../../testdata/keys/rsa_test_alipay_public.pem");

/// The echo of the documented samples 001 (maintain) and 004 (archive).
const MAINTAIN_CLIENT_ID: &str = "385XPU2C2Y0GBK03";
const MAINTAIN_MSG_ID: &str = "332111111111";
const ARCHIVE_CLIENT_ID: &str = "2014000014442";
const ARCHIVE_MSG_ID: &str = "1234567asdfasdf1123fda";

fn client(client_id: &str) -> Client {
    let signer = RsaSigner::from_any(TEST_PRIVATE_KEY, SignAlgorithm::Rsa2).expect("test key");
    let verifier = RsaVerifier::from_any(TEST_ALIPAY_PUBLIC_KEY, SignAlgorithm::Rsa2).expect("test key");
    Client::new(Config::new(client_id), Box::new(signer), Box::new(verifier)).expect("valid config")
}

static MAINTAIN: LazyLock<(Client, Expected)> = LazyLock::new(|| {
    let expected = Expected::new(<Maintain as Service>::NAME, MAINTAIN_MSG_ID);
    (client(MAINTAIN_CLIENT_ID), expected)
});
static ARCHIVE: LazyLock<(Client, Expected)> = LazyLock::new(|| {
    let expected = Expected::new(<Archive as Service>::NAME, ARCHIVE_MSG_ID);
    (client(ARCHIVE_CLIENT_ID), expected)
});

/// A typed error must render without panicking.
fn render(error: &(impl Display + Debug)) {
    std::hint::black_box(error.to_string());
    std::hint::black_box(format!("{error:?}"));
}

/// A decoded reply must render and give its outcome without panicking.
fn use_reply<S: Service<Family = Intl>>(reply: Reply<S>)
where
    Reply<S>: Debug,
{
    std::hint::black_box(format!("{reply:?}"));
    std::hint::black_box(reply.into_result().map_err(|e| e.is_retryable()).is_ok());
}

fn decode<S: Service<Family = Intl>>(client: &Client, expected: &Expected, data: &[u8])
where
    Reply<S>: Debug,
{
    match client.decode::<S>(data, expected) {
        Ok(reply) => use_reply(reply),
        Err(error) => render(&error),
    }
}

fn unverified<S: Service<Family = Intl>>(raw: &RawReply)
where
    Reply<S>: Debug,
{
    match raw.decode_unverified::<S>() {
        Ok(reply) => use_reply(reply),
        Err(error) => render(&error),
    }
}

fuzz_target!(|data: &[u8]| {
    let (maintain, maintain_expected) = &*MAINTAIN;
    let (archive, archive_expected) = &*ARCHIVE;
    decode::<Maintain>(maintain, maintain_expected, data);
    decode::<Archive>(archive, archive_expected, data);
    match RawReply::parse(data, DEFAULT_MAX_REPLY_BYTES) {
        Ok(raw) => {
            unverified::<Maintain>(&raw);
            unverified::<Archive>(&raw);
        }
        Err(error) => render(&error),
    }
});
