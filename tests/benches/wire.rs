//! The wire operations, each measured beside its own physical limit in the same criterion
//! group: `<group>/ours` is the crate's call, `<group>/bare` the least work any implementation
//! must do for the same bytes. `scripts/bench-ratios.py` prints the ratios as a table.
//!
//! | group | ours | bare |
//! |---|---|---|
//! | `overseas_prepare_md5` | `overseas::Client::prepare`, seed 000 store, MD5 | MD5(pre-sign ++ key) and the percent-encoded form |
//! | `overseas_prepare_rsa2` | the same with RSA2 | the backend's SHA256withRSA over the pre-sign bytes |
//! | `overseas_decode_md5` | `overseas::Client::decode`, seed 003 reply re-signed with MD5 | a quick-xml event scan of the reply |
//! | `overseas_decode_rsa2` | the same reply re-signed with RSA2 | the backend's SHA256withRSA verify of the reply-signature text |
//! | `intl_prepare_rsa2` | `intl::Client::prepare`, seed 001 maintain ADD with sites | the backend's SHA256withRSA over the request text |
//! | `intl_decode_rsa2` | `intl::Client::decode`, seed 001 reply re-signed with RSA2 | the backend's SHA256withRSA verify of the response text |
//! | `rsa2_sign` | `RsaSigner::sign` of the seed 000 pre-sign bytes | the backend's own API, same bytes |
//!
//! "The backend" is the bare public API of the crypto library the crate is built with
//! (aws-lc-rs by default; the `rsa` crate with `--no-default-features --features rust-crypto`),
//! so each RSA2 group compares the crate with the fastest it could possibly be.
//!
//! Every setup first checks that the bare work yields the very bytes the crate sends or
//! checks, so both sides do the same job. The keys are the TEST keys in `testdata/keys/`.
//!
//! Run: `cargo bench -p alipay-proto-tests --bench wire`.

#![expect(
    missing_docs,
    reason = "criterion_group! generates an undocumented `pub fn benches`"
)]

use std::fmt::Write as _;
use std::hint::black_box;

use alipay_proto::Service;
use alipay_proto::charset::Charset;
use alipay_proto::intl::{self, maintain::Maintain};
use alipay_proto::overseas::offline_maintain::OfflineMaintain;
use alipay_proto::overseas::query_status::QueryStatus;
use alipay_proto::overseas::{self, DecodeLimits, RawReply, SignatureStatus, reply_presign};
use alipay_proto::sign::{RsaSigner, RsaVerifier, SignAlgorithm, Signer, Verifier};
use alipay_proto_tests::{files, keys, samples};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use criterion::{Criterion, criterion_group, criterion_main};
use md5::{Digest as _, Md5};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_encode};
use quick_xml::Reader;
use quick_xml::events::Event;

#[cfg(feature = "aws-lc-rs")]
use bare_aws_lc as bare_rsa;
#[cfg(not(feature = "aws-lc-rs"))]
use bare_rust_crypto as bare_rsa;

/// The aws-lc-rs API itself: SHA256withRSA sign and verify, keys parsed once.
#[cfg(feature = "aws-lc-rs")]
mod bare_aws_lc {
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::rsa::KeyPair;
    use aws_lc_rs::signature::{self, ParsedPublicKey};

    pub struct PrivateKey(KeyPair, SystemRandom);
    pub struct PublicKey(ParsedPublicKey);

    pub fn private_key(pkcs8_der: &[u8]) -> PrivateKey {
        PrivateKey(
            KeyPair::from_pkcs8(pkcs8_der).expect("RSA test key"),
            SystemRandom::new(),
        )
    }

    pub fn public_key(spki_der: &[u8]) -> PublicKey {
        PublicKey(
            ParsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, spki_der)
                .expect("RSA test public key"),
        )
    }

    pub fn sign(key: &PrivateKey, message: &[u8]) -> Vec<u8> {
        let mut signature = vec![0; key.0.public_modulus_len()];
        key.0
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &key.1,
                message,
                &mut signature,
            )
            .expect("RSA signs");
        signature
    }

    pub fn verify(key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
        key.0.verify_sig(message, signature).is_ok()
    }
}

/// The `rsa` crate's API itself, blinded as the crate signs.
#[cfg(not(feature = "aws-lc-rs"))]
mod bare_rust_crypto {
    use rand_core::OsRng;
    use rsa::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _};
    use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
    use sha2::{Digest as _, Sha256};

    pub type PrivateKey = RsaPrivateKey;
    pub type PublicKey = RsaPublicKey;

    pub fn private_key(pkcs8_der: &[u8]) -> PrivateKey {
        RsaPrivateKey::from_pkcs8_der(pkcs8_der).expect("RSA test key")
    }

    pub fn public_key(spki_der: &[u8]) -> PublicKey {
        RsaPublicKey::from_public_key_der(spki_der).expect("RSA test public key")
    }

    pub fn sign(key: &PrivateKey, message: &[u8]) -> Vec<u8> {
        let digest = Sha256::digest(message);
        key.sign_with_rng(&mut OsRng, Pkcs1v15Sign::new::<Sha256>(), &digest)
            .expect("RSA signs")
    }

    pub fn verify(key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
        let digest = Sha256::digest(message);
        key.verify(Pkcs1v15Sign::new::<Sha256>(), &digest, signature)
            .is_ok()
    }
}

/// `encodeURIComponent`'s set, as the overseas form uses it.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// A file of the workspace.
fn read(relative: &str) -> Vec<u8> {
    files::bytes(relative)
}

fn md5_key_bytes() -> Vec<u8> {
    read("testdata/keys/md5_test_key.txt")
}

fn rsa2_signer() -> RsaSigner {
    keys::rsa_signer(SignAlgorithm::Rsa2)
}

/// Alipay's TEST reply signer (a pair distinct from the merchant's).
fn alipay_rsa2_signer() -> RsaSigner {
    keys::alipay_rsa_signer(SignAlgorithm::Rsa2)
}

/// What a client verifies replies with: Alipay's TEST public key (the merchant's own is refused).
fn alipay_rsa2_verifier() -> RsaVerifier {
    keys::alipay_rsa_verifier(SignAlgorithm::Rsa2)
}

fn bare_private_key() -> bare_rsa::PrivateKey {
    bare_rsa::private_key(&read("testdata/keys/rsa_test_private_pkcs8.der"))
}

/// Alipay's TEST public key for the bare reference: the SPKI DER inside its PEM.
fn bare_alipay_public_key() -> bare_rsa::PublicKey {
    let pem = String::from_utf8(read("testdata/keys/rsa_test_alipay_public.pem")).expect("PEM");
    let body: String = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    bare_rsa::public_key(&STANDARD.decode(body).expect("base64"))
}

fn overseas_client(
    signer: Box<dyn Signer + Send + Sync>,
    verifier: Box<dyn Verifier + Send + Sync>,
) -> overseas::Client {
    overseas::Client::new(
        overseas::Config::new(samples::PARTNER, Charset::Utf8),
        signer,
        verifier,
    )
    .expect("config")
}

fn intl_client() -> intl::Client {
    let config = intl::Config::new(samples::MAINTAIN_CLIENT_ID);
    intl::Client::new(
        config,
        Box::new(rsa2_signer()),
        Box::new(alipay_rsa2_verifier()),
    )
    .expect("valid intl config")
}

/// The bare MD5 signature: lowercase hex of MD5(message ++ key).
fn bare_md5(message: &[u8], key: &[u8]) -> String {
    let digest = Md5::new()
        .chain_update(message)
        .chain_update(key)
        .finalize();
    let mut hex = String::with_capacity(32);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The bare form body: `k=v&…` percent-encoded with the `encodeURIComponent` set.
fn bare_form(params: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(percent_encode(k.as_bytes(), COMPONENT));
        out.push('=');
        out.extend(percent_encode(v.as_bytes(), COMPONENT));
    }
    out
}

/// Counts the events of a plain quick-xml pass over `bytes`.
fn bare_xml_scan(bytes: &[u8]) -> usize {
    let mut reader = Reader::from_reader(bytes);
    let mut events = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return events,
            Ok(_) => events += 1,
            Err(error) => panic!("the reply is well-formed: {error}"),
        }
    }
}

fn overseas_prepare_md5(c: &mut Criterion) {
    let client = overseas_client(Box::new(keys::md5_key()), Box::new(keys::md5_key()));
    let request = samples::store_request();
    let prepared = client
        .prepare::<OfflineMaintain>(&request, samples::DOC_TIME)
        .expect("the store registration prepares");
    let signed = prepared.signed_bytes().to_vec();
    let params = prepared.params().to_vec();
    let key = md5_key_bytes();
    assert_eq!(bare_md5(&signed, &key), prepared.sign());
    assert_eq!(bare_form(&params), prepared.post_body());

    let mut group = c.benchmark_group("overseas_prepare_md5");
    group.bench_function("ours", |b| {
        b.iter(|| client.prepare::<OfflineMaintain>(black_box(&request), samples::DOC_TIME))
    });
    group.bench_function("bare", |b| {
        b.iter(|| {
            let sign = bare_md5(black_box(&signed), &key);
            (sign, bare_form(black_box(&params)))
        })
    });
    group.finish();
}

fn overseas_prepare_rsa2(c: &mut Criterion) {
    let client = overseas_client(Box::new(rsa2_signer()), Box::new(alipay_rsa2_verifier()));
    let request = samples::store_request();
    let prepared = client
        .prepare::<OfflineMaintain>(&request, samples::DOC_TIME)
        .expect("the store registration prepares");
    let signed = prepared.signed_bytes().to_vec();
    let key = bare_private_key();
    assert_eq!(
        STANDARD.encode(bare_rsa::sign(&key, &signed)),
        prepared.sign()
    );

    let mut group = c.benchmark_group("overseas_prepare_rsa2");
    group.bench_function("ours", |b| {
        b.iter(|| client.prepare::<OfflineMaintain>(black_box(&request), samples::DOC_TIME))
    });
    group.bench_function("bare", |b| {
        b.iter(|| bare_rsa::sign(&key, black_box(&signed)))
    });
    group.finish();
}

/// Seed 003's success reply (repaired) signed anew by `signer` over its reply-signature text,
/// `<sign_type>` naming the signer's algorithm.
fn resigned_query_reply(signer: &dyn Signer) -> Vec<u8> {
    let xml = String::from_utf8(read(
        "testdata/samples/overseas/003_reply_success.repaired.xml",
    ))
    .expect("the sample is UTF-8");
    let raw = RawReply::parse(xml.as_bytes(), DecodeLimits::default()).expect("parses");
    let signature = signer
        .sign(reply_presign(&raw).as_bytes())
        .expect("the test key signs");
    let old = raw.sign().expect("the sample has a sign");
    xml.replace(
        &format!("<sign>{old}</sign>"),
        &format!("<sign>{signature}</sign>"),
    )
    .replace(
        "<sign_type>MD5</sign_type>",
        &format!("<sign_type>{}</sign_type>", signer.algorithm().as_str()),
    )
    .into_bytes()
}

fn overseas_decode_md5(c: &mut Criterion) {
    let client = overseas_client(Box::new(keys::md5_key()), Box::new(keys::md5_key()));
    let reply = resigned_query_reply(&keys::md5_key());
    let decoded = client
        .decode::<QueryStatus>(&reply)
        .expect("the re-signed reply decodes");
    assert_eq!(
        decoded.signature,
        SignatureStatus::Verified(SignAlgorithm::Md5)
    );
    assert!(bare_xml_scan(&reply) > 0);

    let mut group = c.benchmark_group("overseas_decode_md5");
    group.bench_function("ours", |b| {
        b.iter(|| client.decode::<QueryStatus>(black_box(&reply)))
    });
    group.bench_function("bare", |b| b.iter(|| bare_xml_scan(black_box(&reply))));
    group.finish();
}

fn overseas_decode_rsa2(c: &mut Criterion) {
    let client = overseas_client(Box::new(rsa2_signer()), Box::new(alipay_rsa2_verifier()));
    let reply = resigned_query_reply(&alipay_rsa2_signer());
    let decoded = client
        .decode::<QueryStatus>(&reply)
        .expect("the re-signed reply decodes");
    assert_eq!(
        decoded.signature,
        SignatureStatus::Verified(SignAlgorithm::Rsa2)
    );
    let raw = RawReply::parse(&reply, DecodeLimits::default()).expect("parses");
    let text = reply_presign(&raw).into_bytes();
    let signature = STANDARD
        .decode(raw.sign().expect("signed"))
        .expect("base64");
    let key = bare_alipay_public_key();
    assert!(bare_rsa::verify(&key, &text, &signature));

    let mut group = c.benchmark_group("overseas_decode_rsa2");
    group.bench_function("ours", |b| {
        b.iter(|| client.decode::<QueryStatus>(black_box(&reply)))
    });
    group.bench_function("bare", |b| {
        b.iter(|| bare_rsa::verify(&key, black_box(&text), &signature))
    });
    group.finish();
}

fn intl_prepare_rsa2(c: &mut Criterion) {
    let client = intl_client();
    let request = samples::maintain_request();
    let prepared = client
        .prepare::<Maintain>(&request, samples::MAINTAIN_TIME, samples::MAINTAIN_MSG_ID)
        .expect("the maintain request prepares");
    let text = prepared.request_text().as_bytes().to_vec();
    let key = bare_private_key();
    assert_eq!(
        STANDARD.encode(bare_rsa::sign(&key, &text)),
        prepared.signature()
    );

    let mut group = c.benchmark_group("intl_prepare_rsa2");
    group.bench_function("ours", |b| {
        b.iter(|| {
            client.prepare::<Maintain>(
                black_box(&request),
                samples::MAINTAIN_TIME,
                samples::MAINTAIN_MSG_ID,
            )
        })
    });
    group.bench_function("bare", |b| {
        b.iter(|| bare_rsa::sign(&key, black_box(&text)))
    });
    group.finish();
}

fn intl_decode_rsa2(c: &mut Criterion) {
    let client = intl_client();
    let reply = read("testdata/samples/intl/001_reply.resigned.json");
    let expected = intl::Expected::new(Maintain::NAME, samples::MAINTAIN_MSG_ID);
    let decoded = client
        .decode::<Maintain>(&reply, &expected)
        .expect("the re-signed reply decodes");
    assert!(decoded.is_success());
    let raw = intl::RawReply::parse(&reply, intl::DEFAULT_MAX_REPLY_BYTES).expect("parses");
    let text = raw.response_text().as_bytes().to_vec();
    let signature = STANDARD
        .decode(raw.signature().expect("signed"))
        .expect("base64");
    let key = bare_alipay_public_key();
    assert!(bare_rsa::verify(&key, &text, &signature));

    let mut group = c.benchmark_group("intl_decode_rsa2");
    group.bench_function("ours", |b| {
        b.iter(|| client.decode::<Maintain>(black_box(&reply), &expected))
    });
    group.bench_function("bare", |b| {
        b.iter(|| bare_rsa::verify(&key, black_box(&text), &signature))
    });
    group.finish();
}

/// The crate's RSA2 signer alone against the backend's API, over the seed 000 pre-sign bytes.
fn rsa2_sign(c: &mut Criterion) {
    let client = overseas_client(Box::new(keys::md5_key()), Box::new(keys::md5_key()));
    let prepared = client
        .prepare::<OfflineMaintain>(&samples::store_request(), samples::DOC_TIME)
        .expect("the store registration prepares");
    let signed = prepared.signed_bytes().to_vec();
    let (signer, key) = (rsa2_signer(), bare_private_key());
    assert_eq!(
        STANDARD.encode(bare_rsa::sign(&key, &signed)),
        signer.sign(&signed).expect("signs")
    );

    let mut group = c.benchmark_group("rsa2_sign");
    group.bench_function("ours", |b| b.iter(|| signer.sign(black_box(&signed))));
    group.bench_function("bare", |b| {
        b.iter(|| bare_rsa::sign(&key, black_box(&signed)))
    });
    group.finish();
}

criterion_group!(
    benches,
    rsa2_sign,
    overseas_prepare_md5,
    overseas_prepare_rsa2,
    overseas_decode_md5,
    overseas_decode_rsa2,
    intl_prepare_rsa2,
    intl_decode_rsa2
);
criterion_main!(benches);
