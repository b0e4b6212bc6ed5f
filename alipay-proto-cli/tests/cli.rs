//! The binary's human output, exit codes and secrecy.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod support;

use support::{MD5_KEY, join, key, md5_sign, query, run, temp_file, utf8};

/// A small MD5 GET request whose signature covers `sign_type` (the README's example).
fn sign_type_signed_url() -> String {
    let pairs = [
        (
            "service",
            "alipay.overseas.secmerchant.maintain.queryStatus",
        ),
        ("partner", "2088021017666666"),
        ("_input_charset", "UTF-8"),
        ("sign_type", "MD5"),
        ("timestamp", "2026-12-02 08:20:00"),
        ("secondary_merchant_id", "mika-coffee-1"),
        ("store_name", "咖啡"),
    ];
    let sign = md5_sign(join(&pairs, &["sign"], false).as_bytes(), MD5_KEY);
    let mut all = pairs.to_vec();
    all.push(("sign", &sign));
    format!(
        "https://mapi.alipaydev.com/gateway.do?{}",
        query(&all, utf8)
    )
}

#[test]
fn human_output_of_a_diagnosis() {
    let output = run(&[
        "explain",
        "--key-file",
        &key("md5_test_key.txt"),
        &sign_type_signed_url(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    insta::assert_snapshot!(stdout);
}

#[test]
fn the_key_is_never_printed() {
    let md5 = std::str::from_utf8(MD5_KEY).unwrap();
    for json in [false, true] {
        let mut args = vec!["explain", "--key", md5, "--other-key"];
        let private = key("rsa_test_private_pkcs8.pem");
        args.push(&private);
        if json {
            args.push("--json");
        }
        let url = sign_type_signed_url();
        args.push(&url);
        let output = run(&args);
        let all = [output.stdout, output.stderr].concat();
        let all = String::from_utf8(all).unwrap();
        assert!(!all.contains(md5), "{all}");
        assert!(!all.contains(&md5[..12]), "{all}");
    }
    // An RSA private key: no line of its PEM body appears, in any output.
    let pem = std::fs::read_to_string(key("rsa_test_private_pkcs8.pem")).unwrap();
    let url = sign_type_signed_url().replace("sign_type=MD5", "sign_type=RSA2");
    let private = key("rsa_test_private_pkcs8.pem");
    for json in [&[][..], &["--json"][..]] {
        let mut args = vec!["explain", "--key-file", &private];
        args.extend(json);
        args.push(&url);
        let output = run(&args);
        let all = String::from_utf8([output.stdout, output.stderr].concat()).unwrap();
        for line in pem.lines().filter(|line| !line.starts_with("-----")) {
            assert!(!all.contains(&line[..20]), "key line printed: {all}");
        }
    }
}

#[test]
fn exit_code_2_for_input_errors_with_the_reason() {
    let md5 = key("md5_test_key.txt");
    let garbage_key = temp_file(
        "garbage_key.pem",
        b"-----BEGIN PUBLIC KEY-----\nnot a key\n",
    );
    let rsa_url = sign_type_signed_url().replace("sign_type=MD5", "sign_type=RSA2");
    let reply = temp_file("reply.xml", b"<alipay><is_success>F</is_success></alipay>");
    let cases: [(&[&str], &str); 7] = [
        (
            &[
                "explain",
                "--key-file",
                "/nonexistent/key",
                "https://h/g?a=1",
            ],
            "cannot read",
        ),
        (
            &[
                "explain",
                "--key-file",
                &md5,
                "https://h/g?sign_type=MD5&a=%zz",
            ],
            "query",
        ),
        (
            &["explain", "--key-file", &md5, "https://h/g?a=1"],
            "no `sign_type`",
        ),
        (
            &["explain", "--key-file", &md5, "https://h/g?sign_type=SHA1"],
            "sign_type `SHA1` is none of MD5, RSA, RSA2",
        ),
        (&["explain", "--key-file", &garbage_key, &rsa_url], "key:"),
        (&["verify-reply", "--key-file", &md5, &md5], "reply:"),
        (
            &[
                "verify-reply",
                "--key-file",
                &md5,
                "--sign-type",
                "RSA",
                &reply,
            ],
            "--sign-type is for intl",
        ),
    ];
    for (args, reason) in cases {
        let output = run(args);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["explain", "https://h/g"][..],
        &["explain", "--key", "k", "--key-file", "f", "https://h/g"],
        &["frobnicate"],
    ] {
        assert_eq!(run(args).status.code(), Some(2), "{args:?}");
    }
}

/// `--sign-type` takes what an intl head's `signType` may name (the library's rule) and says
/// which those are.
#[test]
fn sign_type_option_follows_the_intl_rule() {
    let reply = temp_file(
        "sign_type_option.json",
        b"{\"response\":{},\"signature\":\"c2ln\"}",
    );
    let md5 = key("md5_test_key.txt");
    let output = run(&[
        "verify-reply",
        "--key-file",
        &md5,
        "--sign-type",
        "MD5",
        &reply,
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("`MD5` is none of RSA, RSA2"), "{stderr}");
}

/// The README's "When Alipay says ILLEGAL_SIGN" shows what the binary prints today.
#[test]
fn readme_shows_real_output() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    let command = "$ alipay-proto explain --key-file testdata/keys/md5_test_key.txt \\\n";
    let (_, after) = readme
        .split_once(command)
        .expect("the README's explain example");
    let (url_line, rest) = after.split_once('\n').expect("the URL line");
    let url = url_line.trim().trim_matches('\'');
    let (shown, _) = rest.split_once("```").expect("the end of the example");
    let output = run(&["explain", "--key-file", &key("md5_test_key.txt"), url]);
    assert_eq!(String::from_utf8(output.stdout).unwrap(), shown);
}

/// `--key-file` reads key files by the library's key-text rule (`testdata/keys/text/`): one
/// written by `openssl rand -hex 16 > k`, or saved with a BOM and CRLF, verifies a request
/// signed with the key (Python's hashlib over the stripped key, as the README there shows);
/// a key with a space inside is refused with what was found, exit 2, and never printed.
#[test]
fn key_files_follow_the_key_text_rule() {
    let dir = format!("{}/../testdata/keys/text", env!("CARGO_MANIFEST_DIR"));
    let secret = std::fs::read_to_string(format!("{dir}/md5_openssl_rand.txt")).unwrap();
    let pairs = [
        (
            "service",
            "alipay.overseas.secmerchant.maintain.queryStatus",
        ),
        ("partner", "2088021017666666"),
        ("_input_charset", "UTF-8"),
        ("sign_type", "MD5"),
        ("secondary_merchant_id", "mika-coffee-1"),
    ];
    let sign = md5_sign(
        join(&pairs, &["sign", "sign_type"], false).as_bytes(),
        secret.trim().as_bytes(),
    );
    let mut all = pairs.to_vec();
    all.push(("sign", &sign));
    let url = format!(
        "https://mapi.alipaydev.com/gateway.do?{}",
        query(&all, utf8)
    );
    for name in ["md5_openssl_rand.txt", "md5_bom_crlf.txt", "md5_spaces.txt"] {
        let output = run(&["explain", "--key-file", &format!("{dir}/{name}"), &url]);
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(output.status.code(), Some(0), "{name}: {stdout}");
        assert!(stdout.contains("verifies    yes"), "{name}: {stdout}");
    }
    let output = run(&[
        "explain",
        "--key-file",
        &format!("{dir}/md5_inner_space.txt"),
        &url,
    ]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("whitespace") && stderr.contains("at byte 16"),
        "{stderr}"
    );
    assert!(!stderr.contains(&secret.trim()[..16]), "{stderr}");
}

/// A broken intl envelope is named as what was read: a request for `explain`, a reply for
/// `verify-reply` (the library's reader is shared, its message is not); a head whose
/// `signType` is no string is the library's head reader's error.
#[test]
fn a_broken_envelope_names_request_or_reply() {
    let public = key("rsa_test_public.pem");
    let request = temp_file("broken_request.json", b"{\"request\":{,}}");
    let reply = temp_file("broken_reply.json", b"{\"response\":{,}}");
    let head = temp_file(
        "number_sign_type.json",
        b"{\"request\":{\"head\":{\"signType\":1},\"body\":{}},\"signature\":\"c2ln\"}",
    );
    let md5 = temp_file(
        "md5_sign_type.json",
        b"{\"request\":{\"head\":{\"signType\":\"MD5\"},\"body\":{}},\"signature\":\"c2ln\"}",
    );
    let cases: [(&[&str], &str); 4] = [
        (
            &["explain", "--key-file", &public, &request],
            "error: intl request body: the request envelope is malformed: \
             malformed request at byte 13: key must be a string\n",
        ),
        (
            &["verify-reply", "--key-file", &public, &reply],
            "error: reply: malformed reply at byte 14: key must be a string\n",
        ),
        (
            &["explain", "--key-file", &public, &head],
            "error: intl head: cannot read the head's signType at byte 21 of the message: \
             invalid type: integer `1`, expected a string\n",
        ),
        (
            &["explain", "--key-file", &public, &md5],
            "error: signType `MD5` is none of RSA, RSA2\n",
        ),
    ];
    for (args, expected) in cases {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8(output.stderr).unwrap(), expected);
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

/// An `_input_charset` the gateway does not know is `charset_unreadable`, in the library's
/// words (which name the charsets the gateway reads), then the charset the CLI read it in.
#[test]
fn an_unknown_charset_is_reported_in_the_library_s_words() {
    let url = sign_type_signed_url().replace("_input_charset=UTF-8", "_input_charset=BIG5");
    let (code, report) =
        support::run_json(&["explain", "--key-file", &key("md5_test_key.txt"), &url]);
    assert_eq!(code, 1, "{report:#}");
    let findings = report["findings"].as_array().unwrap();
    let finding = findings
        .iter()
        .find(|f| f["code"] == "charset_unreadable")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(
        finding["detail"],
        "_input_charset \"BIG5\" is not UTF-8, GBK or GB2312, or disagrees with another; \
         the request was read as UTF-8"
    );
}
