//! Arbitrary query and form bytes into the overseas gateway's request reader
//! (`overseas::gateway::Gateway::open`), as the sandbox's `/gateway.do` receives them. The
//! fuzz target and the normal suite's replay (`tests/tests/fuzz_regressions.rs`) both run
//! [`run`].
//!
//! The first byte chooses how the rest is sent:
//!
//! - bit 0: GET (the rest is the query) or POST (the rest is the form body);
//! - bits 1-2: the `_input_charset` in a POST URL: none, `UTF-8`, `GBK` or `GB2312`;
//! - bit 3: sent as is, or **re-signed**: the rest is read as a form in its declared charset
//!   (UTF-8 when none), `timestamp` and `partner` (when present) are set to the gateway's
//!   clock and partner, `sign` is replaced by the MD5 signature of its pre-sign string with
//!   the TEST key, and the form is encoded again, so that mutations reach past the signature
//!   and expiry checks into typing and validation and the replies.
//!
//! A query that is not a valid URI is percent-escaped byte by byte. A request the gateway
//! opens is decoded as the service it names (through the registry, [`ServiceId`]), and every
//! reply is built (`reply`, `fail`, `refuse`).

use std::sync::LazyLock;

use alipay_proto::charset::Charset;
use alipay_proto::overseas::gateway::{Gateway, Incoming};
use alipay_proto::overseas::{AccessError, ServiceId, encode_pairs, parse_query, presign};
use alipay_proto::service::Overseas;
use alipay_proto::sign::{KeyPair, Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, Signer};
use alipay_proto::{Service, Visitor};
use time::OffsetDateTime;

/// The TEST keys (testdata/keys/README.md): test material only, never a real key.
const MD5_KEY: &str = include_str!("../../testdata/keys/md5_test_key.txt");
const TEST_PRIVATE_KEY: &str = include_str!("../../testdata/keys/rsa_test_private_pkcs8.pem");
const TEST_PUBLIC_KEY: &str = include_str!("../../testdata/keys/rsa_test_public.pem");
/// The partner of the documented samples and the vectors.
const PARTNER: &str = "2088101142878662";
/// The vectors' time (2018-10-09 16:04:16 GMT+8): the gateway's clock, so that a vector is
/// not refused as expired before it is decoded.
const SENT: &str = "2018-10-09 16:04:16";
const NOW_UNIX: i64 = 1_539_072_256;

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

const CHARSETS: [Option<&str>; 4] = [None, Some("UTF-8"), Some("GBK"), Some("GB2312")];

/// Runs one input: `None` when it is skipped (a re-signed input that is not a form), else
/// the service the gateway opened the request as, or its refusal.
pub fn run(data: &[u8]) -> Option<Result<String, String>> {
    let (&mode, rest) = data.split_first()?;
    let resigned;
    let rest = if mode & 0b1000 != 0 {
        resigned = resign(rest)?;
        &resigned[..]
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
    Some(serve(&request.ok()?))
}

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
fn resign(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let charset = text
        .split('&')
        .find_map(|pair| pair.strip_prefix("_input_charset="))
        .and_then(Charset::from_label)
        .unwrap_or(Charset::Utf8);
    let mut params = parse_query(text, charset).ok()?;
    params.retain(|(name, _)| name != "sign" && name != "sign_type");
    // Sent then, to this gateway's partner: some vectors carry the documented samples'
    // placeholder partner.
    for (name, value) in &mut params {
        match name.as_str() {
            "timestamp" => SENT.clone_into(value),
            "partner" => PARTNER.clone_into(value),
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

fn serve(request: &http::Request<Vec<u8>>) -> Result<String, String> {
    let gateway = &*GATEWAY;
    let now = OffsetDateTime::from_unix_timestamp(NOW_UNIX).expect("a valid time");
    let incoming = match gateway.open(request, now) {
        Ok(incoming) => incoming,
        Err(refusal) => {
            std::hint::black_box((refusal.code(), refusal.access_error()));
            gateway
                .refuse(None, &refusal)
                .expect("an access failure is never signed");
            return Err(refusal.to_string());
        }
    };
    std::hint::black_box((incoming.charset(), incoming.params()));
    // `open` refuses every service the registry does not hold.
    let id = ServiceId::from_wire(incoming.service()).expect("an opened request's service");
    id.visit(Decode {
        gateway,
        incoming: &incoming,
    });
    Ok(incoming.service().to_owned())
}

/// Decodes an opened request as its service and builds each reply to it.
struct Decode<'a> {
    gateway: &'a Gateway,
    incoming: &'a Incoming,
}

impl Visitor<Overseas> for Decode<'_> {
    type Output = ();

    fn visit<S: Service<Family = Overseas>>(self) {
        let Decode { gateway, incoming } = self;
        match incoming.decode::<S>() {
            Ok(decoded) => {
                std::hint::black_box(serde_json::to_string(&decoded.request).ok());
                // A reply of every documented field a query reply needs (the others have
                // none), as the sandbox builds it: from JSON.
                let fields = serde_json::json!({ "status": "UNDER_REVIEW" });
                if let Ok(reply) = serde_json::from_value::<S::Reply>(fields) {
                    let _ = gateway.reply::<S>(incoming, &reply);
                }
            }
            Err(refusal) => {
                std::hint::black_box(refusal.to_string());
                let _ = gateway.refuse(Some(incoming), &refusal);
                let _ = gateway.fail(incoming, &AccessError::IllegalArgument);
            }
        }
    }
}
