//! Arbitrary bytes into the overseas (gateway.do, XML) reply decoder.
//!
//! Every service is decoded without reply verification (so the typing path runs) and with the
//! MD5 test key (so the signature policy runs); a decoded reply is rendered (`Debug`, which
//! redacts personal fields) and turned into its outcome. The reply is then re-signed with the
//! test key and checked again, so the verifying path is reached for inputs whose own `sign` is
//! wrong. The only property asserted is the absence of panics: every outcome is either `Ok` or
//! a typed `DecodeError`, whose `Display` and `Debug` must also not panic.
#![no_main]

use std::sync::LazyLock;

use alipay_proto::Service;
use alipay_proto::charset::Charset;
use alipay_proto::overseas::offline_maintain::OfflineMaintain;
use alipay_proto::overseas::online_maintain::OnlineMaintain;
use alipay_proto::overseas::query_status::QueryStatus;
use alipay_proto::overseas::{
    Client, Config, DecodeError, DecodeLimits, RawReply, Reply, check_reply, reply_presign,
};
use alipay_proto::service::Overseas;
use alipay_proto::sign::{Md5Key, Signer};
use libfuzzer_sys::fuzz_target;

/// The MD5 test key (testdata/keys/README.md): test material only.
const MD5_TEST_KEY: &str = include_str!("../../testdata/keys/md5_test_key.txt");
const PARTNER: &str = "2088101142878662";

fn md5_key() -> Md5Key {
    Md5Key::new(MD5_TEST_KEY).expect("the MD5 test key loads")
}

fn config() -> Config {
    Config::new(PARTNER, Charset::Utf8)
}

/// Without reply verification, then verifying with the MD5 test key.
static CLIENTS: LazyLock<[Client; 2]> = LazyLock::new(|| {
    [
        Client::without_reply_verification(config(), Box::new(md5_key())),
        Client::new(config(), Box::new(md5_key()), Box::new(md5_key())).expect("config"),
    ]
});

static KEY: LazyLock<Md5Key> = LazyLock::new(md5_key);

/// A typed error must render without panicking.
fn render(error: &DecodeError) {
    std::hint::black_box(error.to_string());
    std::hint::black_box(format!("{error:?}"));
}

fn decode<S: Service<Family = Overseas>>(client: &Client, data: &[u8])
where
    Reply<S>: std::fmt::Debug,
{
    match client.decode::<S>(data) {
        Ok(reply) => {
            std::hint::black_box(format!("{reply:?}"));
            std::hint::black_box(reply.into_result().map_err(|e| e.is_retryable()).is_ok());
        }
        Err(error) => render(&error),
    }
}

/// The raw reply re-signed with the test key, checked with the same key.
fn resign_and_check(raw: &RawReply) {
    let key: &Md5Key = &KEY;
    let presign = reply_presign(raw);
    let Ok(bytes) = raw.charset().encode(&presign) else {
        return;
    };
    let Ok(sign) = key.sign(&bytes) else {
        return;
    };
    let resigned = raw.clone().with_sign(&sign, "MD5");
    match check_reply(&resigned, Some(key)) {
        Ok(status) => {
            std::hint::black_box(status);
        }
        Err(error) => render(&error),
    }
}

fuzz_target!(|data: &[u8]| {
    for client in &*CLIENTS {
        decode::<OfflineMaintain>(client, data);
        decode::<OnlineMaintain>(client, data);
        decode::<QueryStatus>(client, data);
    }
    // Tight limits reach the size and depth checks with small inputs.
    let tight = DecodeLimits {
        max_bytes: 512,
        max_depth: 3,
    };
    if let Err(error) = RawReply::parse(data, tight) {
        render(&error);
    }
    match RawReply::parse(data, DecodeLimits::default()) {
        Ok(raw) => resign_and_check(&raw),
        Err(error) => render(&error),
    }
});
