//! Independent signing code for the catalogue: each broken message is built here with the
//! RustCrypto crates (md-5, sha1, sha2, rsa) and a pre-sign join written for the tests, never
//! with alipay-proto, then diagnosed by the real binary.

#![allow(dead_code)] // each test file uses its own subset

use std::path::PathBuf;
use std::process::{Command, Output};

use base64::Engine as _;
use md5::{Digest as _, Md5};
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey as _;
use rsa::signature::{SignatureEncoding as _, Signer as _};
use serde_json::Value;

/// The MD5 test key (`keys/md5_test_key.txt`).
pub const MD5_KEY: &[u8] = b"tst0md5key0not0secret0k3y0abc123";

/// A test key file's path.
pub fn key(name: &str) -> String {
    format!("{}/../testdata/keys/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Writes `contents` to a fresh file under the test tmp dir.
pub fn temp_file(name: &str, contents: &[u8]) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).expect("write temp file");
    path.display().to_string()
}

/// `k=v` pairs without `skip`, without empty values unless `keep_empty`, sorted by key bytes,
/// joined with `&` (the pre-sign rule, and its broken forms).
pub fn join(pairs: &[(&str, &str)], skip: &[&str], keep_empty: bool) -> String {
    let mut kept: Vec<_> = pairs
        .iter()
        .filter(|(k, v)| !skip.contains(k) && (keep_empty || !v.is_empty()))
        .collect();
    kept.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let texts: Vec<String> = kept.iter().map(|(k, v)| format!("{k}={v}")).collect();
    texts.join("&")
}

/// The correct pre-sign string.
pub fn presign(pairs: &[(&str, &str)]) -> String {
    join(pairs, &["sign", "sign_type"], false)
}

/// Lowercase hex MD5(bytes ++ key).
pub fn md5_sign(bytes: &[u8], key: &[u8]) -> String {
    let digest = Md5::new().chain_update(bytes).chain_update(key).finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The RSA digest to sign with.
#[derive(Clone, Copy)]
pub enum Digest {
    Sha1,
    Sha256,
}

/// Base64 PKCS#1 v1.5 signature with a PKCS#8 PEM private key, by the `rsa` crate.
pub fn rsa_sign(bytes: &[u8], digest: Digest, key_file: &str) -> String {
    let pem = std::fs::read_to_string(key(key_file)).expect("key file");
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(&pem).expect("PKCS#8 key");
    let signature = match digest {
        Digest::Sha1 => SigningKey::<sha1::Sha1>::new(key).sign(bytes).to_vec(),
        Digest::Sha256 => SigningKey::<sha2::Sha256>::new(key).sign(bytes).to_vec(),
    };
    base64::engine::general_purpose::STANDARD.encode(signature)
}

/// GBK bytes of the few non-ASCII chars the catalogue uses.
/// `python3 -c "print('咖啡'.encode('gbk').hex())"` -> `bfa7b7c8`.
pub fn gbk(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for ch in text.chars() {
        match ch {
            '咖' => out.extend([0xbf, 0xa7]),
            '啡' => out.extend([0xb7, 0xc8]),
            ascii if ascii.is_ascii() => out.push(ascii as u8),
            other => panic!("no GBK bytes for {other:?} in the test table"),
        }
    }
    out
}

/// Percent-encodes every byte but `A-Z a-z 0-9 - _ . ~` (Python's `quote(s, safe='')`).
pub fn quote(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A query `k=v&…` of `pairs` in the given order, values' bytes from `bytes_of`.
pub fn query(pairs: &[(&str, &str)], bytes_of: fn(&str) -> Vec<u8>) -> String {
    let texts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", quote(k.as_bytes()), quote(&bytes_of(v))))
        .collect();
    texts.join("&")
}

/// UTF-8 bytes.
pub fn utf8(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

/// Runs the real binary.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_alipay-proto"))
        .args(args)
        .output()
        .expect("run alipay-proto")
}

/// Runs the binary with `--json` and returns (exit code, parsed output).
pub fn run_json(args: &[&str]) -> (i32, Value) {
    let mut all = args.to_vec();
    all.insert(1, "--json");
    let output = run(&all);
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\nstderr: {stderr}"));
    (output.status.code().expect("exit code"), json)
}

/// The `causes` of a JSON report.
pub fn causes(report: &Value) -> Vec<String> {
    report["causes"]
        .as_array()
        .expect("causes")
        .iter()
        .map(|c| c.as_str().expect("code").to_owned())
        .collect()
}
