//! Untrusted input never panics: arbitrary and mutated URLs, POST bodies, intl bodies, replies
//! and key bytes go through the diagnosis functions the binary calls; each gives a report or a
//! typed input error.

use alipay_proto_cli::key::KeyText;
use alipay_proto_cli::search::Keys;
use alipay_proto_cli::timestamp::SentAt;
use alipay_proto_cli::{intl, overseas};
use proptest::collection::vec;
use proptest::prelude::*;

/// A signed GET URL (MD5, seed-like values) to mutate.
const URL: &str = "https://mapi.alipaydev.com/gateway.do?service=alipay.overseas.secmerchant.maintain.queryStatus&partner=2088021017666666&_input_charset=GBK&sign_type=MD5&timestamp=2026-12-02%2008%3A20%3A00&store_name=%BF%A7%B7%C8&memo=&sign=52b904b4cefe4847853f6a5a213defac";

/// An intl request body to mutate.
const INTL: &str = r#"{"request":{"head":{"version":"2.0.4","signType":"RSA2","reqMsgId":"1"},"body":{"storeId":"咖啡"}},"signature":"AAAA%2B%3D"}"#;

/// An overseas reply to mutate.
const XML: &str = "<?xml version=\"1.0\" encoding=\"GBK\"?><alipay><is_success>T</is_success><response><alipay><a>1</a><b></b></alipay></response><sign>00</sign><sign_type>RSA</sign_type></alipay>";

/// Any text: mostly what URLs and JSON are made of, plus any char.
fn text(max: usize) -> impl Strategy<Value = String> {
    let symbol = prop::sample::select(vec![
        '%', '&', '=', '?', '+', ' ', '{', '}', '"', '<', '>', '/',
    ]);
    let ch = prop_oneof![any::<char>(), (0x20u8..0x7f).prop_map(char::from), symbol];
    vec(ch, 0..max).prop_map(|chars| chars.into_iter().collect())
}

/// `base` with `insert` spliced in at `at` (a char boundary) after cutting `cut` chars.
fn mutate(base: &str, at: usize, cut: usize, insert: &str) -> String {
    let chars: Vec<char> = base.chars().collect();
    let at = at % (chars.len() + 1);
    let end = (at + cut).min(chars.len());
    chars[..at]
        .iter()
        .chain(insert.chars().collect::<Vec<_>>().iter())
        .chain(&chars[end..])
        .collect()
}

/// Key bytes: arbitrary, or the test keys cut or mixed with arbitrary bytes.
fn key_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pem = include_str!("../../testdata/keys/rsa_test_public.pem")
        .as_bytes()
        .to_vec();
    let private = include_str!("../../testdata/keys/rsa_test_private_pkcs8.pem")
        .as_bytes()
        .to_vec();
    prop_oneof![
        vec(any::<u8>(), 0..64),
        (0..pem.len()).prop_map(move |cut| pem[..cut].to_vec()),
        (0..private.len(), any::<u8>()).prop_map(move |(at, byte)| {
            let mut key = private.clone();
            key[at] = byte;
            key
        }),
        Just(b"tst0md5key0not0secret0k3y0abc123\n".to_vec()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn overseas_requests_never_panic(
        at in any::<usize>(), cut in 0usize..8, insert in text(12),
        body in proptest::option::of(text(64)), key in key_bytes(), other in key_bytes(),
    ) {
        let url = mutate(URL, at, cut, &insert);
        let (key, other) = (KeyText::new(key), KeyText::new(other));
        let keys = Keys { key: &key, other: Some(&other), reply: false };
        let sent_at = SentAt::parse("2026-12-02T00:20:00Z").ok();
        let _ = overseas::explain(&url, body.as_deref(), &keys, sent_at.as_ref());
        let _ = overseas::explain(&body.unwrap_or_default(), Some(&url), &keys, None);
    }

    #[test]
    fn intl_bodies_and_replies_never_panic(
        at in any::<usize>(), cut in 0usize..8, insert in text(12), key in key_bytes(),
    ) {
        let key = KeyText::new(key);
        let keys = Keys { key: &key, other: None, reply: false };
        let body = mutate(INTL, at, cut, &insert);
        let _ = intl::explain(&body, &keys);
        let reply = body.replacen("\"request\"", "\"response\"", 1);
        let _ = intl::verify_reply(reply.as_bytes(), None, &keys);
    }

    #[test]
    fn overseas_replies_never_panic(
        at in any::<usize>(), cut in 0usize..8, insert in text(12), key in key_bytes(),
        raw in vec(any::<u8>(), 0..128),
    ) {
        let key = KeyText::new(key);
        let keys = Keys { key: &key, other: None, reply: false };
        let _ = overseas::verify_reply(mutate(XML, at, cut, &insert).as_bytes(), &keys);
        let _ = overseas::verify_reply(&raw, &keys);
    }
}
