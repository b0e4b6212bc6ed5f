//! The sandbox routes every service of the library's generated registries, over loopback HTTP:
//! each intl function's path answers with a signed reply for that function, each overseas
//! service reaches signature checking (so it is known), and nothing else is served.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod common;

use alipay_proto::intl::{self, FunctionId};
use alipay_proto::overseas::ServiceId;
use alipay_proto::sign::{RsaVerifier, SignAlgorithm};
use alipay_sandbox::{Sandbox, TEST_ALIPAY_PUBLIC_KEY_PEM};
use common::*;

/// `POST` `body` to `path` of the sandbox: the HTTP status and body.
fn post(sandbox: &Sandbox, path: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let request = http::Request::post(format!("{}{path}", sandbox.base_url()))
        .body(body.to_vec())
        .expect("request");
    send(request).expect("HTTP exchange")
}

#[test]
fn every_intl_function_of_the_registry_has_its_path() {
    let sandbox = Sandbox::start().expect("sandbox");
    let verifier =
        RsaVerifier::from_any(TEST_ALIPAY_PUBLIC_KEY_PEM, SignAlgorithm::Rsa2).expect("key");
    let paths = alipay_sandbox::intl_paths();
    assert_eq!(paths.len(), FunctionId::ALL.len());
    for function in FunctionId::ALL {
        // The documented URL: the endpoint's `/api/`, the function with '.' as '/', `.htm`.
        let path = format!("/api/{}.htm", function.name().replace('.', "/"));
        assert!(paths.contains(&path), "{path} not in {paths:?}");
        let (status, body) = post(&sandbox, &path, b"{}");
        assert_eq!(status, 200, "{path}");
        let raw = intl::RawReply::parse(&body, 1 << 20).expect("an intl envelope");
        raw.verify(&verifier).expect("signed");
        let text = raw.response_text();
        assert!(
            text.contains(&format!("\"function\":\"{}\"", function.name())),
            "{text}"
        );
        assert!(text.contains("PARAM_ILLEGAL"), "{text}");
    }
    for path in [
        "/api/alipay/intl/merchant/common/indirectMerchant/notDocumented.htm",
        "/alipay/intl/merchant/common/indirectMerchant/maintain.htm",
    ] {
        assert_eq!(post(&sandbox, path, b"{}").0, 404, "{path}");
    }
}

#[test]
fn every_overseas_service_of_the_registry_is_served_at_gateway_do() {
    let sandbox = Sandbox::start().expect("sandbox");
    let partner = &sandbox.settings().partner;
    let code = |service: &str| {
        let url = format!(
            "{}?_input_charset=UTF-8&partner={partner}&service={service}&sign_type=MD5&sign=00",
            sandbox.gateway_url()
        );
        let body = body_of(http::Request::get(url).body(Vec::new()).expect("request"));
        let text = String::from_utf8(body).expect("UTF-8 XML");
        let error = text
            .split("<error>")
            .nth(1)
            .and_then(|t| t.split("</error>").next());
        error.unwrap_or_default().to_owned()
    };
    for service in ServiceId::ALL {
        // Known: the sandbox goes on to check the signature.
        assert_eq!(code(service.name()), "ILLEGAL_SIGN", "{service}");
    }
    assert_eq!(
        code("alipay.overseas.secmerchant.notDocumented"),
        "ILLEGAL_SERVICE"
    );
}

/// Each family's replies carry the library's content type: intl JSON in UTF-8
/// (`intl::CONTENT_TYPE_JSON`), overseas XML in UTF-8 (`overseas::gateway::REPLY_CONTENT_TYPE`).
#[test]
fn replies_carry_the_library_s_content_types() {
    let sandbox = Sandbox::start().expect("sandbox");
    let cases = [
        (
            alipay_sandbox::intl_prefix() + &FunctionId::Maintain.path(),
            "application/json; charset=UTF-8",
        ),
        ("/gateway.do".to_owned(), "text/xml; charset=UTF-8"),
    ];
    assert_eq!(cases[0].1, intl::CONTENT_TYPE_JSON);
    assert_eq!(
        cases[1].1,
        alipay_proto::overseas::gateway::REPLY_CONTENT_TYPE
    );
    for (path, content_type) in cases {
        let response = agent()
            .post(format!("{}{path}", sandbox.base_url()))
            .send(&b"{}"[..])
            .expect("HTTP exchange");
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let header = response.headers().get("content-type").expect(&path);
        assert_eq!(header.to_str().unwrap(), content_type, "{path}");
    }
}

/// `--help` lists the routes from the registries: every overseas service and every intl
/// function's path (the query function included), none written by hand.
#[test]
fn help_lists_every_route_of_the_registries() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_alipay-sandbox"))
        .arg("--help")
        .output()
        .expect("run --help");
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for id in ServiceId::ALL {
        assert!(help.contains(id.name()), "{} missing: {help}", id.name());
    }
    for path in alipay_sandbox::intl_paths() {
        assert!(
            help.contains(&format!("POST {path}")),
            "{path} missing: {help}"
        );
    }
    assert!(help.contains("/api/alipay/intl/merchant/common/indirectMerchant/query.htm"));
}
