//! Every staged vector of the repository (`testdata/vectors/`, made by Python's hashlib and
//! openssl, see their COMMANDS.md) verifies in the binary: the GET URL, the POST URL with its
//! body, the intl envelope and reply; and the text the binary says is signed is the vector's
//! own pre-sign string.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use support::{causes, run_json};

fn vectors(family: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/vectors")
        .join(family);
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .expect("testdata/vectors")
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn text(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The repository's test keys (`testdata/keys`): the vectors were signed with them.
fn test_key(name: &str) -> String {
    format!("{}/../testdata/keys/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn assert_passes(args: &[&str], case: &Path) -> serde_json::Value {
    let (code, report) = run_json(args);
    let case = case.display();
    assert_eq!(report["verifies"], true, "{case}: {report:#}");
    assert_eq!(causes(&report), Vec::<String>::new(), "{case}");
    assert_eq!(code, 0, "{case}");
    report
}

#[test]
fn overseas_vectors_verify_as_get_and_post() {
    let cases = vectors("overseas");
    assert!(cases.len() >= 8, "{cases:?}");
    for case in cases {
        let (sign_file, key) = if case.join("sign.md5").exists() {
            ("sign.md5", test_key("md5_test_key.txt"))
        } else {
            ("sign.rsa2", test_key("rsa_test_public.pem"))
        };
        let get_url = text(&case.join("get_url.txt"));
        let report = assert_passes(&["explain", "--key-file", &key, &get_url], &case);
        assert_eq!(
            report["signed_text"],
            text(&case.join("presign.txt")),
            "{case:?}"
        );
        assert_eq!(
            report["given_signature"],
            text(&case.join(sign_file)),
            "{case:?}"
        );
        let post_url = text(&case.join("post_url.txt"));
        let body = case.join("post_body.txt").display().to_string();
        let args = [
            "explain",
            "--key-file",
            &key,
            "--post-body",
            &body,
            &post_url,
        ];
        let report = assert_passes(&args, &case);
        assert_eq!(report["method"], "POST");
        assert_eq!(
            report["signed_text"],
            text(&case.join("presign.txt")),
            "{case:?}"
        );
    }
}

#[test]
fn intl_vectors_verify_as_request_and_reply() {
    let cases = vectors("intl");
    assert!(cases.len() >= 3, "{cases:?}");
    let key = test_key("rsa_test_public.pem");
    for case in cases {
        let algorithm = text(&case.join("ALGORITHM"));
        let envelope = case.join("envelope.json").display().to_string();
        let report = assert_passes(&["explain", "--key-file", &key, &envelope], &case);
        assert_eq!(
            report["signed_text"],
            text(&case.join("request.json")),
            "{case:?}"
        );
        assert_eq!(report["sign_type"], algorithm.trim(), "{case:?}");
        let reply = case.join("reply.json").display().to_string();
        // Replies do not name their algorithm: the client says which it verifies with. They
        // are signed with the TEST Alipay key, as Alipay signs with its own.
        let alipay_key = test_key("rsa_test_alipay_public.pem");
        let args = [
            "verify-reply",
            "--key-file",
            &alipay_key,
            "--sign-type",
            algorithm.trim(),
            &reply,
        ];
        let report = assert_passes(&args, &case);
        assert_eq!(
            report["signed_text"],
            text(&case.join("response.json")),
            "{case:?}"
        );
    }
}

/// The form vectors (`testdata/vectors/forms/`: eight encoders, signed by Python) verify in the
/// binary as GET URLs and as POST bodies: it reads `+` as a space, as the gateway does.
#[test]
fn form_vectors_of_every_encoder_verify() {
    let mut checked = 0;
    for case in vectors("forms") {
        let tsv = text(&case.join("params.tsv"));
        let key = if tsv.contains("sign_type\tMD5") {
            test_key("md5_test_key.txt")
        } else {
            test_key("rsa_test_public.pem")
        };
        let charset = if tsv.contains("_input_charset\tGBK") {
            "GBK"
        } else {
            "UTF-8"
        };
        let mut forms: Vec<PathBuf> = fs::read_dir(&case)
            .expect("case")
            .map(|entry| entry.expect("dir entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
            .collect();
        forms.sort();
        for form in forms {
            let query = text(&form);
            let get_url = format!("https://mapi.alipaydev.com/gateway.do?{query}");
            assert_passes(&["explain", "--key-file", &key, &get_url], &form);
            let post_url =
                format!("https://mapi.alipaydev.com/gateway.do?_input_charset={charset}");
            let body = form.to_string_lossy();
            let args = [
                "explain",
                "--key-file",
                &key,
                "--post-body",
                &body,
                &post_url,
            ];
            assert_passes(&args, &form);
            checked += 1;
        }
    }
    assert_eq!(checked, 28);
}

/// `explain` of an `indirectMerchant.query` envelope (`testdata/vectors/intl/query_*`, signed by
/// openssl): it verifies, the signed text is the exact `request` text, and the same envelope
/// with one body byte changed does not verify.
#[test]
fn explain_of_the_intl_query_envelope() {
    let key = test_key("rsa_test_public.pem");
    let cases: Vec<PathBuf> = vectors("intl")
        .into_iter()
        .filter(|case| case.ends_with("query_offline") || case.ends_with("query_online"))
        .collect();
    assert_eq!(cases.len(), 2, "{cases:?}");
    for case in cases {
        let path = case.join("envelope.json");
        let report = assert_passes(
            &["explain", "--key-file", &key, &path.display().to_string()],
            &case,
        );
        assert_eq!(report["family"], "intl");
        assert_eq!(report["sign_type"], "RSA2");
        let request = text(&case.join("request.json"));
        assert!(
            request.contains("\"function\":\"alipay.intl.merchant.common.indirectMerchant.query\"")
        );
        assert_eq!(report["signed_text"], request, "{case:?}");
        let tampered = text(&path).replacen("21020000001", "21020000002", 1);
        let file = support::temp_file("query_tampered.json", tampered.as_bytes());
        let (code, report) = run_json(&["explain", "--key-file", &key, &file]);
        assert_eq!(report["verifies"], false, "{report:#}");
        assert_ne!(code, 0);
    }
}
