//! Hostile requests from the bad-input catalogue (tests/BAD_INPUT.md, "Requests" and "Charsets
//! and queries"), and protocol-level abuse, against a running sandbox: each is answered with
//! its documented error code, and the sandbox keeps serving.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod common;

use alipay_proto::charset::Charset;
use alipay_proto::intl::{self, maintain::Maintain};
use alipay_proto::overseas::offline_maintain::{
    OfflineMaintain, Request, TaxiDriver, TaxiDriverRequired,
};
use alipay_proto::sign::{RsaSigner, SignAlgorithm};
use alipay_proto_tests::samples;
use alipay_sandbox::{Sandbox, TEST_ALIPAY_PUBLIC_KEY_PEM, TEST_PRIVATE_KEY_PEM};
use common::*;
use time::OffsetDateTime;

/// The `<error>` of an overseas reply body.
fn error_of(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let start = text.find("<error>").map(|at| at + "<error>".len());
    let end = text.find("</error>");
    match (start, end) {
        (Some(start), Some(end)) => text[start..end].to_owned(),
        _ => panic!("no <error> in {text}"),
    }
}

/// Sends a raw request and returns the overseas error code it is answered with.
fn overseas_code(request: http::Request<Vec<u8>>) -> String {
    error_of(&body_of(request))
}

fn get(url: String) -> http::Request<Vec<u8>> {
    http::Request::get(url).body(Vec::new()).expect("request")
}

/// Catalogue request cases that the client refuses to prepare; sent signed anyway
/// (`prepare_unchecked`), the sandbox refuses each with PARAM_ILLEGAL.
fn invalid_requests() -> Vec<(&'static str, Charset, Request)> {
    let with = |edit: fn(&mut Request)| {
        let mut request = store("hostile");
        edit(&mut request);
        request
    };
    let drivers = |n: usize, same_id: bool| {
        (0..n)
            .map(|i| {
                let id = if same_id {
                    "7".to_owned()
                } else {
                    format!("d{i}")
                };
                TaxiDriver::new(TaxiDriverRequired {
                    operation_id: id,
                    contact_person: "Li".into(),
                })
            })
            .collect::<Vec<_>>()
    };
    vec![
        (
            "double_quote",
            Charset::Utf8,
            with(|r| r.secondary_merchant_name = "Mika \"the\" shop".into()),
        ),
        (
            "double_quote_in_driver",
            Charset::Utf8,
            with(|r| {
                r.store_industry = "4121".into();
                r.extend_params = Some(vec![TaxiDriver::new(TaxiDriverRequired {
                    operation_id: "1".into(),
                    contact_person: "Li \"Speedy\"".into(),
                })]);
            }),
        ),
        (
            "name_over_128_bytes",
            Charset::Utf8,
            with(|r| r.secondary_merchant_name = "a".repeat(129)),
        ),
        (
            "cjk_name_over_128_bytes_in_utf8",
            Charset::Utf8,
            with(|r| r.secondary_merchant_name = "咖".repeat(43)),
        ),
        (
            "store_name_over_256_bytes",
            Charset::Utf8,
            with(|r| r.store_name = "s".repeat(257)),
        ),
        (
            "empty_required_field",
            Charset::Gbk,
            with(|r| r.store_id = String::new()),
        ),
        (
            "bad_country",
            Charset::Gb2312,
            with(|r| r.register_country = "XX".into()),
        ),
        (
            "taxi_without_drivers",
            Charset::Utf8,
            with(|r| r.store_industry = "4121".into()),
        ),
        ("eleven_drivers", Charset::Utf8, {
            let mut r = with(|r| r.store_industry = "4121".into());
            r.extend_params = Some(drivers(11, false));
            r
        }),
        ("duplicate_operation_id", Charset::Utf8, {
            let mut r = with(|r| r.store_industry = "4121".into());
            r.extend_params = Some(drivers(2, true));
            r
        }),
        (
            "unknown_enum_value",
            Charset::Utf8,
            with(|r| {
                r.secondary_merchant_type =
                    alipay_proto::overseas::SecondaryMerchantType::from("PERSON");
            }),
        ),
    ]
}

#[test]
fn hostile_overseas_requests_get_documented_errors_and_the_sandbox_keeps_serving() {
    let sandbox = Sandbox::start().expect("sandbox");
    let now = OffsetDateTime::now_utc();
    for (case, charset, request) in invalid_requests() {
        let client = overseas_client(&sandbox, charset, SignAlgorithm::Md5);
        let prepared = client
            .prepare_unchecked::<OfflineMaintain>(&request, now)
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(
            overseas_code(prepared.post_request()),
            "PARAM_ILLEGAL",
            "{case}"
        );
    }

    let client = overseas_client(&sandbox, Charset::Gbk, SignAlgorithm::Md5);
    let prepared = client
        .prepare::<OfflineMaintain>(&store("ok"), now)
        .expect("prepare");
    let url = prepared.get_url();
    let gbk_name = "Mika's%20coffee%20shop";
    let cases: Vec<(&str, http::Request<Vec<u8>>, &str)> = vec![
        // The GBK request with a UTF-8 emoji's bytes (the client refuses to encode it): they
        // read as two GBK chars (F09F, 9880), which the merchant did not sign.
        (
            "gbk_unencodable_char",
            get(url.replacen(gbk_name, "Mika%F0%9F%98%80", 1)),
            "ILLEGAL_SIGN",
        ),
        // A lone GBK lead byte does not decode at all.
        (
            "gbk_lone_lead_byte",
            get(url.replacen(gbk_name, "Mika%81", 1)),
            "INVALID_CHARACTER_SET",
        ),
        (
            "query_bad_escape",
            get(format!("{url}&b=%zz")),
            "INVALID_CHARACTER_SET",
        ),
        (
            "query_truncated_escape",
            get(format!("{url}&a=%4")),
            "INVALID_CHARACTER_SET",
        ),
        (
            "query_invalid_gbk",
            get(format!("{url}&a=%81%20")),
            "INVALID_CHARACTER_SET",
        ),
        (
            "query_overlong_utf8",
            get(format!("{url}&a=%C0%AF").replace("_input_charset=GBK", "_input_charset=UTF-8")),
            "INVALID_CHARACTER_SET",
        ),
        (
            "masked_partner",
            get(url.replace(samples::PARTNER, samples::DOC_PARTNER)),
            "ILLEGAL_PARTNER",
        ),
        // No `_input_charset` is read as GBK, the gateway's default: the request decodes, but
        // the merchant signed `_input_charset=GBK` too.
        (
            "no_charset",
            get(url.replace("_input_charset=GBK&", "")),
            "ILLEGAL_SIGN",
        ),
        (
            "two_charsets_that_disagree",
            get(format!("{url}&_input_charset=UTF-8")),
            "ILLEGAL_CHARSET",
        ),
        (
            "unknown_charset",
            get(url.replace("_input_charset=GBK", "_input_charset=BIG5")),
            "ILLEGAL_CHARSET",
        ),
        (
            "duplicate_param",
            get(format!("{url}&store_id=1")),
            "ILLEGAL_ARGUMENT",
        ),
        (
            "unknown_service",
            get(url.replace("offline.maintain", "offline.remove")),
            "ILLEGAL_SERVICE",
        ),
        (
            "no_sign",
            get(url.split("&sign=").next().expect("url").to_owned()),
            "ILLEGAL_SIGN",
        ),
        (
            "sign_type_lowercase",
            get(url.replace("sign_type=MD5", "sign_type=md5")),
            "ILLEGAL_SIGN_TYPE",
        ),
        (
            "form_over_64_kib",
            http::Request::post(prepared.post_url())
                .body(format!("{}&x={}", prepared.post_body(), "a".repeat(70_000)).into_bytes())
                .expect("request"),
            "ILLEGAL_ARGUMENT",
        ),
        (
            "put_method",
            http::Request::put(url.clone())
                .body(Vec::new())
                .expect("request"),
            "ILLEGAL_ARGUMENT",
        ),
        (
            "form_not_text",
            http::Request::post(prepared.post_url())
                .body(vec![b'a', b'=', 0xFF])
                .expect("request"),
            "INVALID_CHARACTER_SET",
        ),
    ];
    for (case, request, code) in cases {
        assert_eq!(overseas_code(request), code, "{case}");
    }
    // One refusal for every body over the limit, in the family's shape: over 64 KiB (above)
    // and over 1 MiB alike.
    for size in [100 << 10, 2 << 20] {
        let oversized = http::Request::post(prepared.post_url())
            .body(vec![b'a'; size])
            .expect("request");
        assert_eq!(overseas_code(oversized), "ILLEGAL_ARGUMENT", "{size} bytes");
    }

    assert!(
        register(&client, &store("ok"), false).is_success(),
        "still serving"
    );
}

/// The intl result code a raw request is answered with; the reply is signed by the sandbox.
fn intl_code(sandbox: &Sandbox, body: Vec<u8>) -> String {
    let url = format!(
        "{}{}",
        sandbox.base_url(),
        alipay_sandbox::intl_prefix() + &intl::FunctionId::Maintain.path()
    );
    let request = http::Request::post(url).body(body).expect("request");
    let raw = intl::RawReply::parse(&body_of(request), 1 << 20).expect("envelope");
    let verifier =
        alipay_proto::sign::RsaVerifier::from_any(TEST_ALIPAY_PUBLIC_KEY_PEM, SignAlgorithm::Rsa2)
            .expect("key");
    raw.verify(&verifier).expect("every reply is signed");
    raw.decode_unverified::<Maintain>()
        .expect("typed")
        .result_info
        .result_code
}

#[test]
fn hostile_intl_requests_get_documented_errors_and_the_sandbox_keeps_serving() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = intl_client(&sandbox, SignAlgorithm::Rsa2);
    let prepared = client
        .prepare::<Maintain>(
            &samples::maintain_request(),
            OffsetDateTime::now_utc(),
            "h1",
        )
        .expect("prepare");
    let good = prepared.body_text().to_owned();
    let signer = RsaSigner::from_any(TEST_PRIVATE_KEY_PEM, SignAlgorithm::Rsa2).expect("key");
    let resigned = |request_text: String| {
        intl::sign_envelope(&request_text, &signer)
            .expect("sign")
            .1
            .into_bytes()
    };
    let empty_merchant = prepared
        .request_text()
        .replace(samples::MAINTAIN_MERCHANT_ID, "");
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "intl_req_msg_id_over_64_bytes",
            good.replace("\"h1\"", &format!("\"{}\"", "m".repeat(65)))
                .into_bytes(),
            "PARAM_ILLEGAL",
        ),
        (
            "intl_reserve_not_json_object",
            good.replace(r#""reserve":"{}""#, r#""reserve":"[1]""#)
                .into_bytes(),
            "PARAM_ILLEGAL",
        ),
        (
            "intl_empty_merchant_id",
            resigned(empty_merchant),
            "PARAM_ILLEGAL",
        ),
        ("not_utf8", vec![b'{', 0xFF, b'}'], "PARAM_ILLEGAL"),
        ("invalid_json", b"{\"request\":".to_vec(), "PARAM_ILLEGAL"),
        (
            "duplicate_keys",
            good.replacen('{', r#"{"request":{},"#, 1).into_bytes(),
            "PARAM_ILLEGAL",
        ),
        (
            "deep_nesting",
            format!(r#"{{"request":{deep}}}"#).into_bytes(),
            "PARAM_ILLEGAL",
        ),
        (
            "huge_number",
            br#"{"request":1e999}"#.to_vec(),
            "PARAM_ILLEGAL",
        ),
        ("array", b"[1]".to_vec(), "PARAM_ILLEGAL"),
        (
            "tampered",
            good.replacen("Zhangsan", "Lisi", 1).into_bytes(),
            "INVALID_SIGNATURE",
        ),
        (
            "signature_not_base64",
            good.replace(prepared.signature(), "not base64!")
                .into_bytes(),
            "INVALID_SIGNATURE",
        ),
        (
            "sign_type_md5",
            resigned(prepared.request_text().replacen(
                r#""reserve""#,
                r#""signType":"MD5","reserve""#,
                1,
            )),
            "SIGN_TYPE_INVALID",
        ),
        ("over_64_kib", vec![b' '; 70_000], "PARAM_ILLEGAL"),
        ("over_1_mib", vec![b' '; 2 << 20], "PARAM_ILLEGAL"),
    ];
    for (case, body, code) in cases {
        assert_eq!(intl_code(&sandbox, body), code, "{case}");
    }
    let get = http::Request::get(format!(
        "{}{}",
        sandbox.base_url(),
        alipay_sandbox::intl_prefix() + &intl::FunctionId::Archive.path()
    ))
    .body(Vec::new())
    .expect("request");
    let raw = intl::RawReply::parse(&body_of(get), 1 << 20).expect("envelope");
    assert!(raw.response_text().contains("PARAM_ILLEGAL"));

    let reply = client
        .decode::<Maintain>(
            &body_of(prepared.http_request().clone()),
            prepared.expected(),
        )
        .expect("still serving");
    assert!(reply.is_success());
}
