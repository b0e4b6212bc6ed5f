//! Arbitrary bytes into the intl gateway's envelope reader (`intl::gateway::Gateway::open`),
//! as the sandbox's intl paths receive them.
//!
//! The first byte chooses how the rest is sent:
//!
//! - bit 0: as the whole body, or **re-signed**: the rest is the `request` text, signed with
//!   the TEST key into an envelope (`sign_envelope`; RSA when the head's `signType` is `RSA`,
//!   RSA2 otherwise), so that mutations reach past the signature check into the head rules and
//!   the typing of each service's body;
//! - bit 1: to the maintain or the archive path;
//! - bit 2: to a gateway for the maintain sample's client ID or the archive sample's.
//!
//! Every request the gateway opens is decoded as both services, and every reply is built
//! (`reply`, `refuse`). The only property asserted is the absence of panics.
#![no_main]

use std::sync::LazyLock;

use alipay_proto::Service;
use alipay_proto::intl::archive::Archive;
use alipay_proto::intl::gateway::{Gateway, Incoming, result_info};
use alipay_proto::intl::maintain::Maintain;
use alipay_proto::intl::{ResultCode, sign_envelope};
use alipay_proto::service::Intl;
use alipay_proto::sign::{KeyPair, RsaSigner, RsaVerifier, SignAlgorithm};
use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;

/// The TEST keys (testdata/keys/README.md): test material only, never a real key.
const TEST_PRIVATE_KEY: &str = include_str!("../../testdata/keys/rsa_test_private_pkcs8.pem");
const TEST_PUBLIC_KEY: &str = include_str!("../../testdata/keys/rsa_test_public.pem");

const PATHS: [&str; 2] = [
    "/api/alipay/intl/merchant/common/indirectMerchant/maintain.htm",
    "/api/alipay/intl/merchant/common/indirectMerchant/archive.htm",
];

fn gateway(client_id: &str) -> Gateway {
    let mut gateway = Gateway::new(client_id);
    for algorithm in [SignAlgorithm::Rsa, SignAlgorithm::Rsa2] {
        let verifier = RsaVerifier::from_any(TEST_PUBLIC_KEY, algorithm).expect("test key");
        let signer = RsaSigner::from_any(TEST_PRIVATE_KEY, algorithm).expect("test key");
        let pair = KeyPair::new(Box::new(verifier), Box::new(signer)).expect("pair");
        gateway = gateway.with_keys(pair);
    }
    gateway
}

/// Gateways for the client IDs of the maintain (001) and archive (004) samples.
static GATEWAYS: LazyLock<[Gateway; 2]> =
    LazyLock::new(|| [gateway("385XPU2C2Y0GBK03"), gateway("2014000014442")]);

static SIGNERS: LazyLock<[RsaSigner; 2]> = LazyLock::new(|| {
    [SignAlgorithm::Rsa, SignAlgorithm::Rsa2]
        .map(|algorithm| RsaSigner::from_any(TEST_PRIVATE_KEY, algorithm).expect("test key"))
});

/// The signer for the head's `signType`: RSA when it says so, RSA2 otherwise.
fn signer_for(request_text: &str) -> &'static RsaSigner {
    let rsa = serde_json::from_str::<serde_json::Value>(request_text)
        .ok()
        .is_some_and(|v| v["head"]["signType"] == "RSA");
    &SIGNERS[usize::from(!rsa)]
}

fn decode<S: Service<Family = Intl>>(gateway: &Gateway, incoming: &Incoming, now: OffsetDateTime)
where
    S::Request: serde::de::DeserializeOwned + std::fmt::Debug,
{
    match incoming.decode::<S>() {
        Ok(decoded) => {
            std::hint::black_box(format!("{decoded:?}"));
            let body = serde_json::json!({ "resultInfo": result_info(&ResultCode::Success) });
            let body: S::Reply = serde_json::from_value(body).expect("a resultInfo-only reply");
            gateway
                .reply::<S>(incoming, &body, now)
                .expect("a reply with the TEST key");
        }
        Err(rejected) => {
            std::hint::black_box(rejected.refusal.to_string());
            gateway
                .refuse(incoming.function(), &rejected, now)
                .expect("a refusal with the TEST key");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let body = if mode & 1 == 0 {
        rest.to_vec()
    } else {
        let Ok(text) = std::str::from_utf8(rest) else {
            return;
        };
        match sign_envelope(text, signer_for(text)) {
            Ok((_, envelope)) => envelope.into_bytes(),
            Err(error) => {
                std::hint::black_box(error.to_string());
                return;
            }
        }
    };
    let path = PATHS[usize::from(mode >> 1) & 1];
    let gateway = &GATEWAYS[usize::from(mode >> 2) & 1];
    let Ok(request) = http::Request::post(path).body(body) else {
        return;
    };
    let now = OffsetDateTime::UNIX_EPOCH;
    match gateway.open(&request) {
        Err(rejected) => {
            std::hint::black_box((rejected.refusal.to_string(), rejected.refusal.code()));
            let function = Gateway::function_of(path).unwrap_or_default();
            gateway
                .refuse(function, &rejected, now)
                .expect("a refusal with the TEST key");
        }
        Ok(incoming) => {
            std::hint::black_box((
                incoming.head(),
                incoming.request_text(),
                incoming.algorithm(),
            ));
            decode::<Maintain>(gateway, &incoming, now);
            decode::<Archive>(gateway, &incoming, now);
        }
    }
});
