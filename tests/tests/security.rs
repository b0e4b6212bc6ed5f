//! Secrets are redacted and wiped: no `Debug` or `Display` output of a key,
//! signer, client, config or of any error made from a bad key contains key material, in any
//! representation a leak would take; the key types wipe their secrets on drop.
//!
//! The constant-time MD5 comparison is pinned next to its code
//! (`alipay-proto/src/sign/md5_key.rs`, `verify_compares_in_constant_time`).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use alipay_proto::charset::Charset;
use alipay_proto::overseas::query_status::QueryStatus;
use alipay_proto::sign::{Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, Signer, Verifier};
use alipay_proto::{intl, overseas};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use md5::{Digest, Md5};
use rsa::RsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PrivateKeyParts;
use zeroize::{Zeroize, ZeroizeOnDrop};

const MD5_KEY: &str = "tst0md5key0not0secret0k3y0abc123";
const PKCS8_PEM: &str = include_str!("../../testdata/keys/rsa_test_private_pkcs8.pem");
const PKCS1_PEM: &str = include_str!("../../testdata/keys/rsa_test_private_pkcs1.pem");
const PKCS8_DER: &[u8] = include_bytes!("../../testdata/keys/rsa_test_private_pkcs8.der");
const PUBLIC_PEM: &str = include_str!("../../testdata/keys/rsa_test_public.pem");
/// Alipay's TEST public key: what a client verifies replies with (a pair distinct from the
/// merchant's; the merchant's own public key there is refused).
const ALIPAY_PUBLIC_PEM: &str = include_str!("../../testdata/keys/rsa_test_alipay_public.pem");
const SMALL_PEM: &str = include_str!("../../testdata/keys/rsa_test_private_1024.pem");

/// Compiles only if the type does not implement `Display`: with a `Display` impl, the path
/// below would be ambiguous between the two blanket impls.
macro_rules! assert_not_display {
    ($ty:ty) => {{
        trait AmbiguousIfDisplay<A> {
            fn check() {}
        }
        impl<T: ?Sized> AmbiguousIfDisplay<()> for T {}
        struct IsDisplay;
        impl<T: ?Sized + std::fmt::Display> AmbiguousIfDisplay<IsDisplay> for T {}
        <$ty as AmbiguousIfDisplay<_>>::check();
    }};
}
// ---------------------------------------------------------------------------------------------
// What a leak would look like.

/// Substrings that must never appear in any output: windows of every text form of a key.
struct Secrets {
    /// Needles by their length in chars.
    needles: BTreeMap<usize, HashSet<String>>,
}

impl Secrets {
    fn new() -> Self {
        Self {
            needles: BTreeMap::new(),
        }
    }

    fn push(&mut self, needle: String) {
        let len = needle.chars().count();
        self.needles.entry(len).or_default().insert(needle);
    }

    /// Every `width`-char window of `text`.
    fn windows(&mut self, text: &str, width: usize) -> &mut Self {
        let chars: Vec<char> = text.chars().collect();
        for window in chars.windows(width.min(chars.len())) {
            self.push(window.iter().collect());
        }
        self
    }

    /// The MD5 key: the key itself and every 12-char window.
    fn md5(&mut self, key: &str) -> &mut Self {
        self.windows(key, 12)
    }

    /// An RSA private key in every form a leak would take: 24-char windows of its PEM bodies
    /// (PKCS#8 and PKCS#1) and of its DER in hex; its private exponent, primes and CRT values
    /// in decimal and in hex (32-char windows), and their 64-bit limbs in decimal, as a derived
    /// `Debug` of a big integer prints them.
    fn rsa(&mut self, key: &RsaPrivateKey) -> &mut Self {
        use rsa::pkcs1::EncodeRsaPrivateKey;
        use rsa::pkcs8::EncodePrivateKey;
        let pkcs8 = key.to_pkcs8_der().expect("encodes");
        let pkcs1 = key.to_pkcs1_der().expect("encodes");
        for der in [pkcs8.as_bytes(), pkcs1.as_bytes()] {
            self.windows(&STANDARD.encode(der), 24);
            self.windows(&hex(der), 32);
            self.windows(&hex(der).to_uppercase(), 32);
        }
        let mut parts = vec![key.d().clone()];
        parts.extend(key.primes().iter().cloned());
        parts.extend(key.dp().cloned());
        parts.extend(key.dq().cloned());
        for part in parts {
            self.windows(&part.to_str_radix(10), 24);
            self.windows(&part.to_str_radix(16), 32);
            self.windows(&part.to_str_radix(16).to_uppercase(), 32);
            for limb in part.to_bytes_le().chunks(8) {
                let mut bytes = [0u8; 8];
                bytes[..limb.len()].copy_from_slice(limb);
                let limb = u64::from_le_bytes(bytes);
                if limb > 1 << 40 {
                    self.push(limb.to_string());
                }
            }
        }
        self
    }

    /// The base64 body of a PEM text (which may be a corrupted key): 24-char windows.
    fn pem_body(&mut self, pem: &str) -> &mut Self {
        let body: String = pem
            .lines()
            .filter(|line| !line.starts_with("-----"))
            .collect();
        self.windows(&body, 24)
    }

    /// Fails if `output` contains any needle.
    fn assert_absent(&self, what: &str, output: &str) {
        if let Some(leak) = self.find(output) {
            panic!("{what} leaks key material {leak:?}:\n{output}");
        }
    }

    /// The first needle found in `output`.
    fn find(&self, output: &str) -> Option<String> {
        let chars: Vec<char> = output.chars().collect();
        self.needles.iter().find_map(|(&len, needles)| {
            chars
                .windows(len)
                .map(|window| window.iter().collect::<String>())
                .find(|window| needles.contains(window))
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

fn test_key() -> RsaPrivateKey {
    RsaPrivateKey::from_pkcs8_pem(PKCS8_PEM).expect("test key")
}

fn all_secrets() -> Secrets {
    let mut secrets = Secrets::new();
    secrets
        .md5(MD5_KEY)
        .rsa(&test_key())
        .rsa(&RsaPrivateKey::from_pkcs8_pem(SMALL_PEM).expect("1024-bit test key"))
        .pem_body(PKCS8_PEM)
        .pem_body(PKCS1_PEM)
        .pem_body(SMALL_PEM);
    secrets
}

/// `Debug` (plain and pretty) of `value`.
fn debug_forms(value: &impl std::fmt::Debug) -> [String; 2] {
    [format!("{value:?}"), format!("{value:#?}")]
}

// ---------------------------------------------------------------------------------------------
// Redaction.

#[test]
fn the_leak_detector_finds_leaks() {
    let secrets = all_secrets();
    let key = test_key();
    let leaks = [
        MD5_KEY.to_owned(),
        format!("{:?}", key.d()),
        key.d().to_string(),
        format!("{:x}", key.primes()[0]),
        format!("{key:?}"),
        PKCS8_PEM.to_owned(),
        hex(PKCS8_DER),
    ];
    for leak in leaks {
        let found = secrets.find(&leak);
        assert!(
            found.is_some(),
            "not caught: {}",
            &leak[..leak.len().min(80)]
        );
    }
}

#[test]
fn keys_and_signers_are_redacted() {
    let secrets = all_secrets();
    let md5 = Md5Key::new(MD5_KEY).expect("key");
    let rsa = RsaSigner::from_any(PKCS8_PEM, SignAlgorithm::Rsa).expect("key");
    let rsa2 = RsaSigner::from_pkcs1_pem(PKCS1_PEM, SignAlgorithm::Rsa2).expect("key");
    let verifier = RsaVerifier::from_any(PUBLIC_PEM, SignAlgorithm::Rsa2).expect("key");
    let outputs = [
        debug_forms(&md5),
        debug_forms(&md5.clone()),
        debug_forms(&rsa),
        debug_forms(&rsa2),
        debug_forms(&rsa2.clone()),
        debug_forms(&verifier),
        debug_forms(&rsa2.verifier()),
    ];
    for output in outputs.iter().flatten() {
        secrets.assert_absent("Debug", output);
    }
    assert_eq!(format!("{md5:?}"), "Md5Key(<redacted>)");
    assert!(format!("{rsa2:?}").contains("<redacted>"));
    assert!(format!("{rsa2:?}").contains("2048"));
    // Neither key type has a Display to leak through.
    assert_not_display!(Md5Key);
    assert_not_display!(RsaSigner);
}

#[test]
fn clients_and_configs_are_redacted() {
    let secrets = all_secrets();
    let md5 = || Box::new(Md5Key::new(MD5_KEY).expect("key"));
    let rsa2 = || Box::new(RsaSigner::from_any(PKCS8_PEM, SignAlgorithm::Rsa2).expect("key"));
    let public =
        || Box::new(RsaVerifier::from_any(ALIPAY_PUBLIC_PEM, SignAlgorithm::Rsa2).expect("key"));

    let config = overseas::Config::new("2088101142878662", Charset::Gbk);
    let md5_client = overseas::Client::new(config.clone(), md5(), md5()).expect("config");
    let rsa_client = overseas::Client::new(config.clone(), rsa2(), public()).expect("config");
    let intl_config = intl::Config::new("2014000014442");
    let intl_text = debug_forms(&intl_config);
    let intl_client = intl::Client::new(intl_config, rsa2(), public()).expect("valid config");
    let mut outputs = vec![
        debug_forms(&config),
        debug_forms(&md5_client),
        debug_forms(&rsa_client),
        intl_text,
        debug_forms(&intl_client),
        debug_forms(intl_client.config()),
    ];

    // What they prepare carries signatures, never keys.
    let request = alipay_proto_tests::samples::query_request();
    let now = time::macros::datetime!(2019-09-04 00:00:12 +8);
    for client in [&md5_client, &rsa_client] {
        let prepared = client
            .prepare::<QueryStatus>(&request, now)
            .expect("prepares");
        outputs.push(debug_forms(&prepared));
        outputs.push([prepared.get_url(), prepared.post_body().to_owned()]);
    }
    let archive = alipay_proto_tests::samples::archive_request();
    let prepared = intl_client
        .prepare::<intl::archive::Archive>(&archive, now, "msg1")
        .expect("prepares");
    outputs.push(debug_forms(&prepared));
    outputs.push([prepared.body_text().to_owned(), String::new()]);
    for output in outputs.iter().flatten() {
        secrets.assert_absent("client output", output);
    }
    // None of them has a Display to leak through either.
    assert_not_display!(overseas::Client);
    assert_not_display!(overseas::Config);
    assert_not_display!(intl::Client);
    assert_not_display!(intl::Config);
}

/// Bad or unusable key inputs made from the real test keys: each error's `Debug` and `Display`
/// hold no part of the key.
#[test]
fn errors_from_bad_keys_are_redacted() {
    let secrets = all_secrets();
    let body: String = PKCS8_PEM
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let mut flipped = PKCS8_DER.to_vec();
    flipped[300] ^= 0x01;
    let relabeled = PKCS8_PEM.replace("PRIVATE KEY", "CERTIFICATE");
    let encrypted = PKCS8_PEM.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY");
    let truncated_pem = &PKCS8_PEM[..PKCS8_PEM.len() / 2];
    let bad_char = body.replacen('A', "!", 1);
    let mut errors = vec![
        RsaSigner::from_any(&PKCS8_DER[..PKCS8_DER.len() - 7], SignAlgorithm::Rsa2).map(drop),
        RsaSigner::from_der(&flipped, SignAlgorithm::Rsa2).map(drop),
        RsaSigner::from_any(&relabeled, SignAlgorithm::Rsa2).map(drop),
        RsaSigner::from_any(&encrypted, SignAlgorithm::Rsa2).map(drop),
        RsaSigner::from_any(truncated_pem, SignAlgorithm::Rsa2).map(drop),
        RsaSigner::from_base64(&bad_char, SignAlgorithm::Rsa2).map(drop),
        RsaSigner::from_pkcs1_pem(PKCS8_PEM, SignAlgorithm::Rsa2).map(drop),
        RsaSigner::from_pkcs8_pem(PKCS1_PEM, SignAlgorithm::Rsa2).map(drop),
        RsaSigner::from_any(PKCS8_PEM, SignAlgorithm::Md5).map(drop),
        RsaSigner::from_any(SMALL_PEM, SignAlgorithm::Rsa2).map(drop),
        RsaVerifier::from_any(PKCS8_PEM, SignAlgorithm::Rsa2).map(drop),
        RsaVerifier::from_any(PKCS8_DER, SignAlgorithm::Rsa2).map(drop),
        RsaVerifier::from_base64(&body, SignAlgorithm::Rsa2).map(drop),
        Md5Key::new("").map(drop),
    ];
    // A reply whose MD5 signature does not verify keeps the unverified reply, not the key.
    let md5 = Md5Key::new(MD5_KEY).expect("key");
    let reply = format!(
        "<alipay><is_success>T</is_success><sign>{}</sign><sign_type>MD5</sign_type></alipay>",
        md5.sign(b"something else").expect("signs")
    );
    let client = overseas::Client::new(
        overseas::Config::new("2088101142878662", Charset::Utf8),
        Box::new(md5.clone()),
        Box::new(md5.clone()),
    )
    .expect("config");
    let decode_error = client
        .decode::<QueryStatus>(reply.as_bytes())
        .map(drop)
        .expect_err("signature fails");
    assert!(matches!(
        decode_error.kind,
        overseas::DecodeErrorKind::BadSignature { .. }
    ));
    let decode_text = [
        format!("{decode_error}"),
        format!("{decode_error:?}"),
        format!("{decode_error:#?}"),
    ];
    for text in &decode_text {
        secrets.assert_absent("overseas decode error", text);
    }
    // Every bad key is an error, and every error is clean.
    for (i, result) in errors.drain(..).enumerate() {
        let error = result.expect_err("bad key input must be rejected");
        for text in [
            format!("{error}"),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            secrets.assert_absent(&format!("error #{i}"), &text);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Personal data.

/// The personal values of seed 003's reply payload: the fields the spec marks `personal`
/// (legal names, ID, registration and bank account numbers, phone, e-mail, registered
/// address). The partner's own IDs, the store's name and address are not personal.
const PERSONAL: &[&str] = &[
    "Alipay (China) Network Technology Co., Ltd",
    "012345678",
    "No.278, Road YinCheng",
    "Jack Li",
    "G53453888",
    "Tom Wang",
    "3524674343326",
    "2600100000",
    "+86139xxxx7893",
    "tomli@gmail.com",
];

fn assert_no_personal_data(what: &str, texts: &[String]) {
    assert_none_of(PERSONAL, what, texts);
}

fn assert_none_of(values: &[&str], what: &str, texts: &[String]) {
    for text in texts {
        for value in values {
            assert!(!text.contains(value), "{what} shows {value:?}:\n{text}");
        }
    }
}

fn all_forms(error: &(impl std::fmt::Debug + std::fmt::Display)) -> Vec<String> {
    vec![
        format!("{error}"),
        format!("{error:?}"),
        format!("{error:#?}"),
    ]
}

#[test]
fn bad_signature_errors_show_no_personal_data_but_keep_the_reply() {
    let mut xml =
        alipay_proto_tests::files::text("testdata/samples/overseas/003_reply_success.repaired.xml");
    // The echo carries personal data too.
    xml = xml.replace(
        "</request>",
        "<param name=\"shareholder_name\">Jack Li</param></request>",
    );
    let md5 = || Box::new(Md5Key::new(MD5_KEY).expect("key"));
    let client = overseas::Client::new(
        overseas::Config::new("2088101142878662", Charset::Utf8),
        md5(),
        md5(),
    )
    .expect("config");
    // The documented signature was made with a key we do not have: it does not verify.
    let error = client
        .decode::<QueryStatus>(xml.as_bytes())
        .map(drop)
        .expect_err("signature fails");
    assert_no_personal_data("overseas bad-signature error", &all_forms(&error));
    let overseas::DecodeErrorKind::BadSignature { unverified, .. } = &error.kind else {
        panic!("{error}");
    };
    // Bounded: the leaf names and counts are there, the values only through the accessor.
    let debug = format!("{unverified:?}");
    assert!(
        debug.contains("\"shareholder_name\"") && debug.contains("echoed_params: 10"),
        "{debug}"
    );
    let reply = unverified.reply();
    assert_no_personal_data("overseas raw reply", &debug_forms(reply));
    let leaf = reply
        .response()
        .find(|&(name, _)| name == "shareholder_name");
    assert_eq!(leaf.map(|(_, text)| text), Some("Jack Li"));
}

/// A decoded reply prints its payload's personal fields as their length; the other fields, and
/// the payload itself through its fields, stay as received.
#[test]
fn decoded_replies_print_personal_fields_redacted() {
    let xml =
        alipay_proto_tests::files::text("testdata/samples/overseas/003_reply_success.repaired.xml");
    let client = overseas::Client::without_reply_verification(
        overseas::Config::new("2088101142878662", Charset::Utf8),
        Box::new(Md5Key::new(MD5_KEY).expect("key")),
    );
    let reply = client
        .decode::<QueryStatus>(xml.as_bytes())
        .expect("decodes");
    let texts = debug_forms(&reply);
    assert_no_personal_data("decoded 003 reply", &texts);
    for shown in [
        "shareholder_name: Some(<7 bytes redacted>)",
        "contact_email: Some(<15 bytes redacted>)",
        "store_name: Some(\"Storename\")",
        "status: UnderReview",
    ] {
        assert!(texts[0].contains(shown), "{shown} missing:\n{}", texts[0]);
    }
    let payload = reply.payload.expect("payload");
    assert_eq!(payload.shareholder_name.as_deref(), Some("Jack Li"));
}

/// The generated requests, their `...Required` parts and nested objects print their personal
/// fields as their length, in both families.
#[test]
fn requests_print_personal_fields_redacted() {
    use alipay_proto::overseas::offline_maintain::TaxiDriverRequired;
    use alipay_proto_tests::samples;

    let online = debug_forms(&samples::online_request());
    assert_none_of(
        &[
            "test1",
            "No.278, Road YinCheng",
            "012345678",
            "Tom Li",
            "123456789 Li",
            "2600100000",
            "+8613900007893",
            "tomli@gmail.com",
        ],
        "online_maintain request",
        &online,
    );
    assert!(online[0].contains("contact_email: Some(<15 bytes redacted>)"));
    assert!(online[0].contains("\"100510000031\""), "{}", online[0]);

    // The store name and address are the business's, not personal: the taxi sample's other
    // values are checked.
    let taxi = debug_forms(&samples::taxi_request_repaired());
    let taxi_personal = [
        "Mika's coffee shop",
        "mika",
        "+8618688888888",
        "3428000000000000",
        "Driver Li",
        "13800001232",
        "13888881232",
    ];
    assert_none_of(&taxi_personal, "offline_maintain taxi request", &taxi);
    assert!(taxi[0].contains("\"Mika's drive\""), "{}", taxi[0]);
    let driver = TaxiDriverRequired {
        operation_id: "1000332".into(),
        contact_person: "Driver Li".into(),
    };
    assert_none_of(&taxi_personal, "TaxiDriverRequired", &debug_forms(&driver));

    let intl = debug_forms(&samples::maintain_request());
    assert_none_of(
        &[
            "Alipay (China) Network Technology Co., Ltd",
            "Lujiazui, Pudong, Shanghai",
            "83720154037071",
            "Zhangsan",
            "69833444422",
            "1551263547569833",
            "086+13001720000",
            "086+13701720000",
            "test@alipay.com",
        ],
        "intl maintain request",
        &intl,
    );
    assert!(intl[0].contains("\"yoka_global_m1\""), "{}", intl[0]);
}

/// A decoded intl reply prints its typed parts, and its response text (which holds every value
/// as received, personal or unknown to the typed body) only as its length.
#[test]
fn intl_replies_print_the_response_text_as_its_length() {
    let result = r#"{"resultStatus":"S","resultCodeId":"00000000","resultCode":"SUCCESS","resultMsg":"Success"}"#;
    let response = format!(
        r#"{{"head":{{"version":"2.0.4","function":"f","clientId":"c","respTime":"t","reqMsgId":"m"}},"body":{{"resultInfo":{result},"contactEmail":"tomli@gmail.com"}}}}"#
    );
    let body = format!(r#"{{"response":{response},"signature":"x"}}"#);
    let raw =
        intl::RawReply::parse(body.as_bytes(), intl::DEFAULT_MAX_REPLY_BYTES).expect("parses");
    let reply = raw
        .decode_unverified::<intl::archive::Archive>()
        .expect("decodes");
    let texts = debug_forms(&reply);
    assert_no_personal_data("intl reply", &texts);
    let length = format!("response_text_bytes: {}", response.len());
    assert!(texts[0].contains(&length), "{length} in {}", texts[0]);
    assert!(texts[0].contains("\"SUCCESS\""), "{}", texts[0]);
    assert!(reply.response_text.contains("tomli@gmail.com"));
}

/// Prepared requests print the service, param names and counts, never a value: the params
/// and body carry personal data; the accessors still give the text.
#[test]
fn prepared_requests_print_no_personal_value() {
    use alipay_proto::overseas::online_maintain::OnlineMaintain;
    use alipay_proto_tests::samples;

    let now = time::macros::datetime!(2019-09-04 00:00:12 +8);
    let config = overseas::Config::new("2088101142878662", Charset::Utf8);
    let md5 = || Box::new(Md5Key::new(MD5_KEY).expect("key"));
    let client = overseas::Client::new(config, md5(), md5()).expect("config");
    let prepared = client
        .prepare::<OnlineMaintain>(&samples::online_request(), now)
        .expect("prepares");
    let shown = debug_forms(&prepared);
    assert_none_of(
        &["Tom Li", "tomli@gmail.com", "Road YinCheng"],
        "overseas Prepared",
        &shown,
    );
    for part in [
        "alipay.overseas.secmerchant.online.maintain",
        "\"MD5\"",
        "\"UTF-8\"",
        "\"contact_email\"",
    ] {
        assert!(shown[0].contains(part), "{part} in {}", shown[0]);
    }
    assert!(prepared.post_body().contains("tomli%40gmail.com"));

    let rsa2 = || Box::new(RsaSigner::from_any(PKCS8_PEM, SignAlgorithm::Rsa2).expect("key"));
    let public =
        || Box::new(RsaVerifier::from_any(ALIPAY_PUBLIC_PEM, SignAlgorithm::Rsa2).expect("key"));
    let intl_client =
        intl::Client::new(intl::Config::new("2014000014442"), rsa2(), public()).expect("config");
    let prepared = intl_client
        .prepare::<intl::maintain::Maintain>(&samples::maintain_request(), now, "msg1")
        .expect("prepares");
    let shown = debug_forms(&prepared);
    assert_none_of(
        &["Zhangsan", "test@alipay.com", "69833444422"],
        "intl Prepared",
        &shown,
    );
    assert!(shown[0].contains("\"msg1\""), "{}", shown[0]);
    assert!(prepared.body_text().contains("Zhangsan"));
}

/// A personal field's validation error says its length, never its text; a field that is not
/// personal keeps quoting its value.
#[test]
fn validation_errors_quote_no_personal_value() {
    use alipay_proto::validate::{self, Reason, Value};
    use alipay_proto_tests::samples;

    let mut request = samples::online_request();
    request.contact_email = Some("mika at coffee".into());
    request.secondary_merchant_industry = "59x5".into();
    let report = validate::validate(&request, Charset::Utf8).expect_err("two bad values");
    let texts = all_forms(&report);
    assert_none_of(&["mika at coffee"], "validation report", &texts);
    for violation in &report.errors {
        assert_none_of(&["mika at coffee"], "violation", &all_forms(violation));
    }
    assert!(
        texts[0].contains("contact_email: <14 bytes> is not an e-mail address"),
        "{}",
        texts[0]
    );
    assert!(texts[0].contains("\"59x5\" is not"), "{}", texts[0]);
    let email = report.errors.iter().find(|v| v.path == "contact_email");
    assert!(
        matches!(
            email.map(|v| &v.reason),
            Some(Reason::Class {
                value: Value::Personal { bytes: 14 },
                ..
            })
        ),
        "{email:?}"
    );
}

#[test]
fn serde_errors_on_replies_show_no_personal_data() {
    let response = r#"{"head":{"version":"2.0.4","function":"f","clientId":"c","respTime":"t","reqMsgId":"m"},"body":{"resultInfo":"Jack Li G53453888 tomli@gmail.com"}}"#;
    let body = format!(r#"{{"response":{response},"signature":"x"}}"#);
    let raw =
        intl::RawReply::parse(body.as_bytes(), intl::DEFAULT_MAX_REPLY_BYTES).expect("parses");
    let error = raw
        .decode_unverified::<intl::archive::Archive>()
        .expect_err("resultInfo is not an object");
    let texts = all_forms(&error);
    assert_no_personal_data("intl body error", &texts);
    // What is wrong, and where, is still said.
    assert!(
        texts[0].contains("invalid type: string <") && texts[0].contains("expected"),
        "{}",
        texts[0]
    );
}

// ---------------------------------------------------------------------------------------------
// Wiping.

fn zeroize_on_drop<T: ZeroizeOnDrop + ?Sized>() {}

#[test]
fn key_types_wipe_their_secrets_on_drop() {
    zeroize_on_drop::<Md5Key>();
    // The backend's key wipes itself: AWS-LC overwrites what it frees, and under `rust-crypto`
    // `rsa::RsaPrivateKey: ZeroizeOnDrop` is asserted at compile time in the library.
    zeroize_on_drop::<RsaSigner>();
}

/// `Zeroize` on an `Md5Key` overwrites the key bytes in place (the same call its `Drop` makes):
/// afterwards it signs with 32 zero bytes.
#[test]
fn zeroize_overwrites_the_md5_key_in_place() {
    let mut key = Md5Key::new(MD5_KEY).expect("key");
    let before = key.sign(b"m").expect("signs");
    key.zeroize();
    let after = key.sign(b"m").expect("signs");
    let zeros = Md5::new()
        .chain_update(b"m")
        .chain_update([0u8; 32])
        .finalize();
    assert_ne!(before, after);
    assert_eq!(after, hex(&zeros));
}

#[test]
fn verifiers_are_usable_after_all_this() {
    // Guards the fixtures: the keys above are the real test keys.
    let signer = RsaSigner::from_any(PKCS8_PEM, SignAlgorithm::Rsa2).expect("key");
    let verifier = RsaVerifier::from_any(PUBLIC_PEM, SignAlgorithm::Rsa2).expect("key");
    let signature = signer.sign(b"m").expect("signs");
    assert_eq!(verifier.verify(b"m", &signature), Ok(()));
}

/// Both clients can be shared across threads and async tasks (keys are `Send + Sync`).
#[test]
fn clients_are_send_and_sync() {
    fn shareable<T: Send + Sync>() {}
    shareable::<alipay_proto::overseas::Client>();
    shareable::<alipay_proto::intl::Client>();
}
