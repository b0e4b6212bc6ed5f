//! Arbitrary query and form bytes into the overseas gateway's request reader
//! (`overseas::gateway::Gateway::open`), as the sandbox's `/gateway.do` receives them.
//!
//! The first byte chooses how the rest is sent:
//!
//! - bit 0: GET (the rest is the query) or POST (the rest is the form body);
//! - bits 1-2: the `_input_charset` in a POST URL: none, `UTF-8`, `GBK` or `GB2312`;
//! - bit 3: sent as is, or **re-signed**: the rest is read as a form in its declared charset
//!   (UTF-8 when none), `timestamp` and `partner` (when present) are set to the gateway's clock and partner, `sign` is
//!   replaced by the MD5 signature of its pre-sign string with the TEST key, and the form is
//!   encoded again, so that mutations reach past the signature and expiry checks into typing
//!   and validation (`Incoming::decode` of each service) and the replies.
//!
//! A query that is not a valid URI is percent-escaped byte by byte. Every request the gateway
//! opens is decoded as each of the three services, and every reply is built (`reply`, `fail`,
//! `refuse`). The only property asserted is the absence of panics.
#![no_main]

use std::sync::LazyLock;

use alipay_proto::Service;
use alipay_proto::charset::Charset;
use alipay_proto::overseas::gateway::{Gateway, PARAM_ILLEGAL};
use alipay_proto::overseas::offline_maintain::OfflineMaintain;
use alipay_proto::overseas::online_maintain::OnlineMaintain;
use alipay_proto::overseas::query_status::{self, QueryStatus};
use alipay_proto::overseas::{AccessError, encode_pairs, parse_query, presign};
use alipay_proto::service::Overseas;
use alipay_proto::sign::{KeyPair, Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, Signer};

use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;

/// The TEST keys (testdata/keys/README.md): test material only, never a real key.
const MD5_KEY: &str = include_str!("../../testdata/keys/md5_test_key.txt");
const TEST_PRIVATE_KEY: &str = include_str!("../../testdata/keys/rsa_test_private_pkcs8.pem");
const TEST_PUBLIC_KEY: &str = include_str!("../../testdata/keys/rsa_test_public.pem");
/// The partner of the documented samples and the vectors.
const PARTNER: &str = "2088101142878662";

static GATEWAY: LazyLock<Gateway> = LazyLock::new(|| {
    let md5 = || Box::new(Md5Key::new(MD5_KEY).expect("test key"));
    let mut gateway = Gateway::new(PARTNER).with_keys(KeyPair::new(md5(), md5()).expect("pair"));
    for algorithm in [SignAlgorithm::Rsa, SignAlgorithm::Rsa2] {
        let verifier = RsaVerifier::from_any(TEST_PUBLIC_KEY, algorithm).expect("test key");
        let signer = RsaSigner::from_any(TEST_PRIVATE_KEY, algorithm).expect("test key");
        let pair = KeyPair::new(Box::new(verifier), Box::new(signer)).expect("pair");
        gateway = gateway.with_keys(pair);
    }
    gateway
});

/// The documented samples' time: the vectors' timestamps are in 2018, so requests are read
/// then (a request at another time is refused as expired before it is decoded).
static NOW: LazyLock<OffsetDateTime> = LazyLock::new(|| {
    OffsetDateTime::from_unix_timestamp(1_539_072_256).expect("2018-10-09 08:04:16 UTC")
});

const CHARSETS: [Option<&str>; 4] = [None, Some("UTF-8"), Some("GBK"), Some("GB2312")];

/// `bytes` as a URI query: as they are when valid, otherwise every byte escaped.
fn query_of(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes)
        && format!("/gateway.do?{text}").parse::<http::Uri>().is_ok()
    {
        return text.to_owned();
    }
    bytes.iter().map(|b| format!("%{b:02X}")).collect()
}

/// The form re-signed with the TEST MD5 key, or `None` when it does not read as a form.
fn resigned(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let charset = text
        .split('&')
        .find_map(|pair| pair.strip_prefix("_input_charset="))
        .and_then(Charset::from_label)
        .unwrap_or(Charset::Utf8);
    let mut params = parse_query(text, charset).ok()?;
    params.retain(|(name, _)| name != "sign" && name != "sign_type");
    // Sent then, to this gateway's partner: the vectors' time is the gateway's clock, and
    // some vectors carry the documented samples' placeholder partner.
    for (name, value) in &mut params {
        match name.as_str() {
            "timestamp" => "2018-10-09 16:04:16".clone_into(value),
            "partner" => "2088101142878662".clone_into(value),
            _ => {}
        }
    }
    let text = presign(&params);
    let bytes = charset.encode(&text).ok()?;
    let sign = Md5Key::new(MD5_KEY).ok()?.sign(&bytes).ok()?;
    params.push(("sign_type".to_owned(), "MD5".to_owned()));
    params.push(("sign".to_owned(), sign));
    Some(encode_pairs(&params, charset).ok()?.into_bytes())
}

fn serve(request: &http::Request<Vec<u8>>) {
    let gateway = &*GATEWAY;
    match gateway.open(request, *NOW) {
        Err(refusal) => {
            std::hint::black_box((refusal.to_string(), refusal.code(), refusal.access_error()));
            gateway
                .refuse(None, &refusal)
                .expect("an access failure is never signed");
        }
        Ok(incoming) => {
            std::hint::black_box((incoming.service(), incoming.charset(), incoming.params()));
            decode::<OfflineMaintain>(gateway, &incoming, Default::default());
            decode::<OnlineMaintain>(gateway, &incoming, Default::default());
            let status = query_status::ReplyRequired {
                status: query_status::MerchantStatus::UnderReview,
            };
            decode::<QueryStatus>(gateway, &incoming, query_status::Reply::new(status));
        }
    }
}

fn decode<S: Service<Family = Overseas>>(
    gateway: &Gateway,
    incoming: &alipay_proto::overseas::gateway::Incoming,
    reply: S::Reply,
) where
    S::Request: serde::de::DeserializeOwned + std::fmt::Debug,
    S::Reply: alipay_proto::validate::WireStruct,
{
    match incoming.decode::<S>() {
        Ok(decoded) => {
            std::hint::black_box(format!("{decoded:?}"));
            let _ = gateway.reply::<S>(incoming, &reply);
        }
        Err(refusal) => {
            std::hint::black_box(refusal.to_string());
            let _ = gateway.refuse(Some(incoming), &refusal);
            let _ = gateway.fail(incoming, &AccessError::IllegalArgument);
            std::hint::black_box(PARAM_ILLEGAL);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let body;
    let rest = if mode & 0b1000 != 0 {
        match resigned(rest) {
            Some(form) => {
                body = form;
                &body[..]
            }
            None => return,
        }
    } else {
        rest
    };
    let request = if mode & 1 == 0 {
        http::Request::get(format!("/gateway.do?{}", query_of(rest))).body(Vec::new())
    } else {
        let url = match CHARSETS[usize::from(mode >> 1) & 3] {
            Some(charset) => format!("/gateway.do?_input_charset={charset}"),
            None => "/gateway.do".to_owned(),
        };
        http::Request::post(url).body(rest.to_vec())
    };
    if let Ok(request) = request {
        serve(&request);
    }
});
