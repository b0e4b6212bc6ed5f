//! What the sandbox tests share: clients pointed at a sandbox, HTTP over ureq, and requests.

#![allow(dead_code, reason = "each test file uses its own part of this module")]

use alipay_proto::charset::Charset;
use alipay_proto::intl;
use alipay_proto::overseas::offline_maintain::{self, OfflineMaintain};
use alipay_proto::overseas::query_status::{self, QueryStatus};
use alipay_proto::overseas::{self, Reply};
use alipay_proto::sign::{Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, Signer, Verifier};
use alipay_proto_tests::samples;
use alipay_sandbox::{Sandbox, TEST_ALIPAY_PUBLIC_KEY_PEM, TEST_PRIVATE_KEY_PEM};
use time::OffsetDateTime;

/// An HTTP agent that hands back 4xx/5xx replies instead of failing on them.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Sends `request` and reads the whole reply: status and body.
pub fn send(request: http::Request<Vec<u8>>) -> Result<(u16, Vec<u8>), ureq::Error> {
    let agent = agent();
    let mut response = if request.method() == http::Method::GET {
        agent.get(request.uri().to_string()).call()?
    } else {
        agent.run(request)?
    };
    let status = response.status().as_u16();
    Ok((status, response.body_mut().read_to_vec()?))
}

/// Sends `request` and expects a 200 reply.
pub fn body_of(request: http::Request<Vec<u8>>) -> Vec<u8> {
    let (status, body) = send(request).expect("HTTP exchange");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    body
}

/// The TEST signer and verifier of `algorithm` with the sandbox's keys: the merchant's private
/// key signs, Alipay's TEST public key verifies the sandbox's replies.
pub fn keys(
    sandbox: &Sandbox,
    algorithm: SignAlgorithm,
) -> (
    Box<dyn Signer + Send + Sync>,
    Box<dyn Verifier + Send + Sync>,
) {
    match algorithm {
        SignAlgorithm::Md5 => {
            let key = || Md5Key::new(&sandbox.settings().md5_key).expect("md5 key");
            (Box::new(key()), Box::new(key()))
        }
        rsa => (
            Box::new(RsaSigner::from_any(TEST_PRIVATE_KEY_PEM, rsa).expect("private key")),
            Box::new(RsaVerifier::from_any(TEST_ALIPAY_PUBLIC_KEY_PEM, rsa).expect("public key")),
        ),
    }
}

/// An overseas client of the sandbox's partner, pointed at its gateway.
pub fn overseas_client(
    sandbox: &Sandbox,
    charset: Charset,
    algorithm: SignAlgorithm,
) -> overseas::Client {
    let (signer, verifier) = keys(sandbox, algorithm);
    let config = overseas::Config::new(&sandbox.settings().partner, charset)
        .with_gateway(sandbox.gateway_url());
    overseas::Client::new(config, signer, verifier).expect("overseas config")
}

/// An intl client of the sandbox's client ID, pointed at its endpoint.
pub fn intl_client(sandbox: &Sandbox, algorithm: SignAlgorithm) -> intl::Client {
    let (signer, verifier) = keys(sandbox, algorithm);
    let config =
        intl::Config::new(&sandbox.settings().client_id).with_endpoint(sandbox.intl_endpoint());
    intl::Client::new(config, signer, verifier).expect("intl config")
}

/// The documented store registration as merchant `id`, with the representative the review
/// requires of an INDIVIDUAL merchant and without the ENTERPRISE-only shareholder fields, so
/// its review succeeds.
pub fn store(id: &str) -> offline_maintain::Request {
    let mut request = samples::store_request()
        .with_representative_name("Mika Li")
        .with_representative_id("G1234567");
    request.secondary_merchant_id = id.to_owned();
    request.shareholder_name = None;
    request.shareholder_id = None;
    request
}

/// queryStatus of merchant `id`'s documented store.
pub fn query(id: &str) -> query_status::Request {
    let mut request = samples::query_request();
    request.secondary_merchant_id = id.to_owned();
    request
}

/// Registers `request` over GET (or POST) and decodes the reply.
pub fn register(
    client: &overseas::Client,
    request: &offline_maintain::Request,
    post: bool,
) -> Reply<OfflineMaintain> {
    let prepared = client
        .prepare::<OfflineMaintain>(request, OffsetDateTime::now_utc())
        .expect("prepare");
    let http = if post {
        prepared.post_request()
    } else {
        prepared.get_request().expect("GET URL")
    };
    client
        .decode::<OfflineMaintain>(&body_of(http))
        .expect("reply decodes")
}

/// Queries merchant `id`'s store and decodes the reply.
pub fn query_status(client: &overseas::Client, id: &str) -> Reply<QueryStatus> {
    let prepared = client
        .prepare::<QueryStatus>(&query(id), OffsetDateTime::now_utc())
        .expect("prepare");
    client
        .decode::<QueryStatus>(&body_of(prepared.get_request().expect("GET URL")))
        .expect("reply decodes")
}

/// The review status queryStatus reports for merchant `id`.
pub fn status_of(client: &overseas::Client, id: &str) -> String {
    let reply = query_status(client, id);
    let payload = reply.payload.expect("a query reply carries a payload");
    alipay_proto::validate::WireEnum::as_str(&payload.status).to_owned()
}

/// The sandbox's admin route `path` with a JSON body (POST or PUT), or GET without one.
pub fn admin(sandbox: &Sandbox, method: &str, path: &str, json: &str) -> (u16, String) {
    let request = http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", sandbox.base_url()))
        .header("content-type", "application/json")
        .body(json.as_bytes().to_vec())
        .expect("admin request");
    let (status, body) = send(request).expect("admin exchange");
    (
        status,
        String::from_utf8(body).expect("admin replies are UTF-8"),
    )
}

/// The rows of one page of `GET /admin/registrations`.
pub fn rows(page: &str) -> Vec<serde_json::Value> {
    let page: serde_json::Value = serde_json::from_str(page).expect("JSON");
    page["registrations"]
        .as_array()
        .unwrap_or_else(|| panic!("no registrations in {page}"))
        .clone()
}

/// Every row of `GET <base>/admin/registrations`, following `next` page by page.
pub fn all_rows(base: &str) -> Vec<serde_json::Value> {
    let mut all = Vec::new();
    let mut url = format!("{base}/admin/registrations?limit=1000");
    loop {
        let mut response = agent().get(&url).call().expect("list");
        assert_eq!(response.status().as_u16(), 200);
        let page: serde_json::Value =
            serde_json::from_slice(&response.body_mut().read_to_vec().expect("body"))
                .expect("JSON");
        all.extend(
            page["registrations"]
                .as_array()
                .expect("rows")
                .iter()
                .cloned(),
        );
        match page["next"].as_str() {
            Some(next) => url = format!("{base}/admin/registrations?limit=1000&after={next}"),
            None => return all,
        }
    }
}

/// The `alipay-sandbox` binary on a free loopback port with `args` (after `--listen`), its
/// stderr sent to `stderr`: the child and its base URL, read from the banner. The rest of its
/// stdout is drained, so the server never writes into a closed pipe.
pub fn spawn_binary<S: AsRef<std::ffi::OsStr>>(
    args: &[S],
    stderr: std::process::Stdio,
) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_alipay-sandbox"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("the binary starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("first line");
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let url = first
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .to_owned();
    (child, url)
}
