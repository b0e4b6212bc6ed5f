//! The fuzz targets' inputs, replayed in the normal suite (`cli_input`'s in
//! `alipay-proto-cli/tests/fuzz_regressions.rs`, whose crate this one does not build): every file under
//! `tests/fuzz_regressions/<target>/` (an input that once failed the target, minimised; see
//! the README there and `fuzz/run.sh`) and the targets' seeds (`fuzz/corpus/<target>/seed-*`),
//! through the entry points each target fuzzes, with the target's first-byte modes.
//!
//! Every input must be handled without a panic. The seeds are the documented samples and the
//! staged vectors, so they are held to more: a re-signed overseas vector opens (its signature
//! verifies, its partner and time are accepted) and is decoded as its service without a panic;
//! a re-signed intl request is not refused for its signature; each doc page reads as a drift
//! report with rows.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use std::path::{Path, PathBuf};

use alipay_proto::charset::Charset;
use alipay_proto::intl::archive::Archive;
use alipay_proto::intl::maintain::Maintain;
use alipay_proto::overseas::offline_maintain::OfflineMaintain;
use alipay_proto::overseas::online_maintain::OnlineMaintain;
use alipay_proto::overseas::query_status::QueryStatus;
use alipay_proto::overseas::{encode_pairs, parse_query, presign};
use alipay_proto::sign::{KeyPair, Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, Signer};
use alipay_proto::{intl, overseas};
use time::OffsetDateTime;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const MD5_KEY: &str = include_str!("../../testdata/keys/md5_test_key.txt");
const PRIVATE_KEY: &str = include_str!("../../testdata/keys/rsa_test_private_pkcs8.pem");
const PUBLIC_KEY: &str = include_str!("../../testdata/keys/rsa_test_public.pem");

/// Seeds (`true`) and regressions (`false`) of `target`, each with its file name.
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

fn pair(algorithm: SignAlgorithm) -> KeyPair {
    let verifier = RsaVerifier::from_any(PUBLIC_KEY, algorithm).expect("test key");
    let signer = RsaSigner::from_any(PRIVATE_KEY, algorithm).expect("test key");
    KeyPair::new(Box::new(verifier), Box::new(signer)).expect("pair")
}

/// The overseas target: whether the gateway opens the request as the target builds it (its
/// decoding, run too, may refuse it).
fn overseas_request(data: &[u8]) -> Option<Result<String, String>> {
    let (&mode, rest) = data.split_first()?;
    let md5 = || Box::new(Md5Key::new(MD5_KEY).expect("test key"));
    let gateway = overseas::gateway::Gateway::new("2088101142878662")
        .with_keys(KeyPair::new(md5(), md5()).expect("pair"))
        .with_keys(pair(SignAlgorithm::Rsa))
        .with_keys(pair(SignAlgorithm::Rsa2));
    let resigned;
    let rest = if mode & 0b1000 != 0 {
        let text = std::str::from_utf8(rest).ok()?;
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
        let presigned = presign(&params);
        let sign = md5().sign(&charset.encode(&presigned).ok()?).ok()?;
        params.push(("sign_type".to_owned(), "MD5".to_owned()));
        params.push(("sign".to_owned(), sign));
        resigned = encode_pairs(&params, charset).ok()?.into_bytes();
        &resigned[..]
    } else {
        rest
    };
    let request = if mode & 1 == 0 {
        let text = std::str::from_utf8(rest).ok()?;
        http::Request::get(format!("/gateway.do?{text}")).body(Vec::new())
    } else {
        let charset =
            [None, Some("UTF-8"), Some("GBK"), Some("GB2312")][usize::from(mode >> 1) & 3];
        let url = charset.map_or("/gateway.do".to_owned(), |c| {
            format!("/gateway.do?_input_charset={c}")
        });
        http::Request::post(url).body(rest.to_vec())
    }
    .ok()?;
    // The vectors' timestamps: 2018-10-09 16:04:16 GMT+8.
    let now = OffsetDateTime::from_unix_timestamp(1_539_072_256).expect("time");
    Some(match gateway.open(&request, now) {
        Err(refusal) => {
            gateway.refuse(None, &refusal).expect("unsigned");
            Err(refusal.to_string())
        }
        Ok(incoming) => {
            let decoded = match incoming.service() {
                "alipay.overseas.secmerchant.offline.maintain" => {
                    incoming.decode::<OfflineMaintain>().map(|_| ())
                }
                "alipay.overseas.secmerchant.online.maintain" => {
                    incoming.decode::<OnlineMaintain>().map(|_| ())
                }
                _ => incoming.decode::<QueryStatus>().map(|_| ()),
            };
            // Opened: the decoding (which validation may refuse) must only not panic.
            let _ = decoded.map_err(|refusal| gateway.refuse(Some(&incoming), &refusal));
            Ok(incoming.service().to_owned())
        }
    })
}

/// The intl target: the outcome of opening the request.
fn intl_request(data: &[u8]) -> Option<Result<String, String>> {
    let (&mode, rest) = data.split_first()?;
    let body = if mode & 1 == 0 {
        rest.to_vec()
    } else {
        let text = std::str::from_utf8(rest).ok()?;
        let rsa = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .is_some_and(|v| v["head"]["signType"] == "RSA");
        let algorithm = if rsa {
            SignAlgorithm::Rsa
        } else {
            SignAlgorithm::Rsa2
        };
        let signer = RsaSigner::from_any(PRIVATE_KEY, algorithm).expect("test key");
        intl::sign_envelope(text, &signer).ok()?.1.into_bytes()
    };
    let path = [
        "/api/alipay/intl/merchant/common/indirectMerchant/maintain.htm",
        "/api/alipay/intl/merchant/common/indirectMerchant/archive.htm",
    ][usize::from(mode >> 1) & 1];
    let client_id = ["385XPU2C2Y0GBK03", "2014000014442"][usize::from(mode >> 2) & 1];
    let gateway = intl::gateway::Gateway::new(client_id)
        .with_keys(pair(SignAlgorithm::Rsa))
        .with_keys(pair(SignAlgorithm::Rsa2));
    let request = http::Request::post(path).body(body).ok()?;
    Some(match gateway.open(&request) {
        Err(rejected) => Err(rejected.refusal.to_string()),
        Ok(incoming) => {
            let maintain = incoming.decode::<Maintain>().map(|_| ());
            let archive = incoming.decode::<Archive>().map(|_| ());
            maintain
                .or(archive)
                .map(|()| incoming.function().to_owned())
                .map_err(|rejected| rejected.refusal.to_string())
        }
    })
}

#[test]
fn overseas_request_inputs() {
    let inputs = inputs("overseas_request");
    assert!(inputs.len() >= 8, "seeds missing");
    for (seed, path) in inputs {
        let data = std::fs::read(&path).expect("read");
        let outcome = overseas_request(&data);
        let name = path.display();
        if seed && name.to_string().ends_with(".resigned") {
            let opened = outcome.unwrap_or_else(|| panic!("{name}: not a form"));
            assert!(opened.is_ok(), "{name}: {opened:?}");
        }
    }
}

#[test]
fn intl_request_inputs() {
    let inputs = inputs("intl_request");
    assert!(inputs.len() >= 4, "seeds missing");
    for (seed, path) in inputs {
        let data = std::fs::read(&path).expect("read");
        let outcome = intl_request(&data);
        let name = path.display();
        if seed && name.to_string().ends_with(".resigned") {
            // Re-signed, the request opens (the head is valid and the signature verifies);
            // the repaired sample also decodes.
            let opened = outcome.unwrap_or_else(|| panic!("{name}: not UTF-8"));
            assert!(
                opened.is_ok() || !opened.as_ref().unwrap_err().contains("signature"),
                "{name}: {opened:?}"
            );
        }
    }
}

#[test]
fn drift_page_inputs() {
    let spec = alipay_proto_codegen::load_and_check(&Path::new(ROOT).join("alipay-proto/spec"))
        .expect("the spec loads");
    let inputs = inputs("drift_page");
    assert!(inputs.len() >= 5, "seeds missing");
    for (seed, path) in inputs {
        let data = std::fs::read(&path).expect("read");
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let _ = alipay_codegen::drift::page::parse(text);
        let report = alipay_codegen::drift::drift(text, &spec);
        if seed {
            let report = report.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(report.params_on_page > 0, "{}", path.display());
        }
    }
}

#[test]
fn reply_and_spec_inputs() {
    for (_, path) in inputs("overseas_reply") {
        let data = std::fs::read(&path).expect("read");
        if let Ok(raw) = overseas::RawReply::parse(&data, overseas::DecodeLimits::default()) {
            let _ = format!("{raw:?}");
        }
    }
    for (_, path) in inputs("intl_reply") {
        let data = std::fs::read(&path).expect("read");
        if let Ok(raw) = intl::RawReply::parse(&data, intl::DEFAULT_MAX_REPLY_BYTES) {
            let _ = raw.decode_unverified::<Maintain>();
            let _ = raw.decode_unverified::<Archive>();
        }
    }
    for (_, path) in inputs("spec_loader") {
        let data = std::fs::read(&path).expect("read");
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        use alipay_proto_codegen::load;
        use alipay_proto_codegen::model::{CommonSpec, ServiceSpec};
        let _ = load::parse::<ServiceSpec>(Path::new("fuzz/service.yaml"), text);
        let _ = load::parse::<CommonSpec>(Path::new("fuzz/common.yaml"), text);
    }
}
