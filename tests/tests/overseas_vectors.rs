//! Staged overseas vectors (`testdata/vectors/overseas/<case>/`, made by `generate.py` with Python and
//! openssl, see COMMANDS.md): each stage is checked on its own, so a failure names the stage.
//!
//! 1. params: the typed request, prepared with the case's clock and partner, sends exactly
//!    `params.txt` (empty values left out) plus `sign`;
//! 2. presign: `presign(params.txt)` is `presign.txt`;
//! 3. signature: the test key over `presign.txt` in the charset gives `sign.md5`/`sign.rsa2`;
//! 4. wire: `encode_pairs` of the signed params gives `get_url.txt`, and the prepared request's
//!    GET URL, POST URL and POST body are `get_url.txt`, `post_url.txt`, `post_body.txt`.

mod overseas_support;

use alipay_proto::Service;
use alipay_proto::charset::Charset;
use alipay_proto::overseas::{
    PRODUCTION_GATEWAY, Prepared, encode_pairs, offline_maintain::OfflineMaintain,
    online_maintain::OnlineMaintain, presign, query_status::QueryStatus,
};
use alipay_proto::service::Overseas;
use overseas_support::{DOC_PARTNER, client, clock, pairs, signer, text, value};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The case's stage files.
struct Case {
    name: &'static str,
    params: Vec<(String, String)>,
}

impl Case {
    fn load(name: &'static str) -> Self {
        let params = pairs(&text(&format!(
            "testdata/vectors/overseas/{name}/params.txt"
        )));
        Self { name, params }
    }

    fn file(&self, stage: &str) -> String {
        text(&format!("testdata/vectors/overseas/{}/{stage}", self.name))
    }

    fn get(&self, name: &str) -> &str {
        value(&self.params, name)
    }

    fn charset(&self) -> Charset {
        Charset::from_label(self.get("_input_charset")).expect("charset")
    }

    fn sign_file(&self) -> String {
        self.file(&format!("sign.{}", self.get("sign_type").to_lowercase()))
    }

    /// The params that travel: empty values are neither sent nor signed.
    fn sent(&self) -> Vec<(String, String)> {
        let mut sent: Vec<_> = self
            .params
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .cloned()
            .collect();
        sent.push(("sign".into(), self.sign_file()));
        sent
    }
}

const CASES: [&str; 8] = [
    "offline_store_md5",
    "offline_taxi_md5",
    "offline_taxi_rsa2",
    "online_gbk_md5",
    "online_gbk_trail_bytes_md5",
    "online_gb2312_rsa2",
    "offline_empty_optional_md5",
    "query_status_rsa2",
];

const BASIC: [&str; 5] = [
    "service",
    "partner",
    "_input_charset",
    "sign_type",
    "timestamp",
];
const JSON_TEXT: [&str; 2] = ["extend_params", "site_infos"];

/// The typed request of a case, read from its business params through serde (JSON-text
/// params as JSON values, an empty value as `Some("")`).
fn typed<S: Service>(case: &Case) -> S::Request
where
    S::Request: DeserializeOwned,
{
    let mut object = Map::new();
    for (k, v) in case
        .params
        .iter()
        .filter(|(k, _)| !BASIC.contains(&k.as_str()))
    {
        let value = if JSON_TEXT.contains(&k.as_str()) {
            serde_json::from_str(v).expect("JSON text param")
        } else {
            Value::String(v.clone())
        };
        object.insert(k.clone(), value);
    }
    serde_json::from_value(Value::Object(object)).expect("typed request")
}

fn prepare<S: Service<Family = Overseas>>(case: &Case) -> Prepared
where
    S::Request: DeserializeOwned,
{
    let request = typed::<S>(case);
    let partner = case.get("partner");
    let client = client(partner, case.charset(), case.get("sign_type"));
    let now = clock(case.get("timestamp"));
    // The documented samples mask the partner: they cannot pass validation (pinned in
    // overseas_samples.rs), so they take the unvalidated path.
    let prepared = if partner == DOC_PARTNER {
        client.prepare_unchecked::<S>(&request, now)
    } else {
        client.prepare::<S>(&request, now)
    };
    prepared.unwrap_or_else(|e| panic!("{}: {e}", case.name))
}

fn prepare_case(case: &Case) -> Prepared {
    match case.get("service") {
        OfflineMaintain::NAME => prepare::<OfflineMaintain>(case),
        OnlineMaintain::NAME => prepare::<OnlineMaintain>(case),
        QueryStatus::NAME => prepare::<QueryStatus>(case),
        other => panic!("unknown service {other}"),
    }
}

#[test]
fn stage1_typed_request_sends_params() {
    for name in CASES {
        let case = Case::load(name);
        let prepared = prepare_case(&case);
        assert_eq!(
            prepared.params(),
            case.sent().as_slice(),
            "{name}: params stage"
        );
    }
}

#[test]
fn stage2_presign() {
    for name in CASES {
        let case = Case::load(name);
        assert_eq!(
            presign(&case.params),
            case.file("presign.txt"),
            "{name}: presign stage"
        );
    }
}

#[test]
fn stage3_signature() {
    for name in CASES {
        let case = Case::load(name);
        let bytes = case
            .charset()
            .encode(&case.file("presign.txt"))
            .expect("encodes")
            .into_owned();
        let signature = signer(case.get("sign_type")).sign(&bytes).expect("signs");
        assert_eq!(signature, case.sign_file(), "{name}: signature stage");
    }
}

#[test]
fn stage4_wire_from_pairs() {
    for name in CASES {
        let case = Case::load(name);
        let query = encode_pairs(&case.sent(), case.charset()).expect("encodes");
        let url = format!("{PRODUCTION_GATEWAY}?{query}");
        assert_eq!(url, case.file("get_url.txt"), "{name}: GET URL stage");
        assert_eq!(query, case.file("post_body.txt"), "{name}: POST body stage");
    }
}

#[test]
fn end_to_end_prepared_request() {
    for name in CASES {
        let case = Case::load(name);
        let prepared = prepare_case(&case);
        assert_eq!(prepared.presign(), case.file("presign.txt"), "{name}");
        let signed = case
            .charset()
            .encode(prepared.presign())
            .expect("encodes")
            .into_owned();
        assert_eq!(prepared.signed_bytes(), signed.as_slice(), "{name}");
        assert_eq!(prepared.sign(), case.sign_file(), "{name}");
        assert_eq!(prepared.get_url(), case.file("get_url.txt"), "{name}");
        assert_eq!(prepared.post_url(), case.file("post_url.txt"), "{name}");
        assert_eq!(prepared.post_body(), case.file("post_body.txt"), "{name}");
    }
}

#[test]
fn http_requests_carry_the_wire_text() {
    let case = Case::load("online_gbk_md5");
    let prepared = prepare_case(&case);
    let get = prepared
        .get_request()
        .expect("the GET URL is short enough for http");
    assert_eq!(get.method(), http::Method::GET);
    assert_eq!(get.uri().to_string(), case.file("get_url.txt"));
    assert!(get.body().is_empty());
    let post = prepared.post_request();
    assert_eq!(post.method(), http::Method::POST);
    assert_eq!(post.uri().to_string(), case.file("post_url.txt"));
    assert_eq!(post.body(), case.file("post_body.txt").as_bytes());
    assert_eq!(
        post.headers()[http::header::CONTENT_TYPE],
        "application/x-www-form-urlencoded; charset=GBK"
    );
}

/// `http::Uri` takes at most 65,534 bytes; a longer GET URL is an error of the GET alone.
#[test]
fn a_get_url_too_long_for_http_fails_the_get_and_the_post_still_goes() {
    use alipay_proto::overseas::PrepareError;
    use alipay_proto::overseas::query_status::{PaymentMethod, Request, RequestRequired};
    // 10,000 × 咖 is 90,000 bytes once percent-encoded in UTF-8 (`%E5%92%96` each).
    let long = "咖".repeat(10_000);
    let request = Request::new(RequestRequired {
        secondary_merchant_id: "MERCHANT_ID".into(),
        payment_method: PaymentMethod::InstorePayment,
    })
    .with_store_id(long);
    let client = client(DOC_PARTNER, Charset::Utf8, "MD5");
    let prepared = client
        .prepare_unchecked::<QueryStatus>(&request, clock("2019-09-04 00:00:12"))
        .expect("prepares: only the GET has a length limit");
    let error = prepared.get_request().expect_err("too long for http::Uri");
    assert!(matches!(error, PrepareError::Url { .. }), "{error:?}");
    assert!(prepared.get_url().len() > 90_000);
    let post = prepared.post_request();
    assert_eq!(post.body(), prepared.post_body().as_bytes());
    assert!(prepared.post_body().contains(&"%E5%92%96".repeat(10_000)));
}
