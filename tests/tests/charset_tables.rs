//! One table per charset, agreeing with the JDK (the gateway's) and Python for every code and
//! every char, over all 2-byte codes and the whole BMP, both ways; and GB2312 replies and
//! requests carrying `・` (A1A4) and `―` (A1AA), signed by Python's hashlib, verify.
//!
//! References: `testdata/charsets/java-{gbk,gb2312}.map`, the JDK's decoders
//! (`java scripts/JavaCharsets.java testdata/charsets`, which also checks the JDK's encoders are
//! their inverse), and `testdata/charsets/{gbk,gb2312}.bin`, Python's codecs
//! (`python3 scripts/gen-charset-tables.py`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use alipay_proto::charset::Charset;
use alipay_proto::overseas::gateway::Gateway;
use alipay_proto::overseas::query_status::QueryStatus;
use alipay_proto::overseas::{Client, Config, SignatureStatus};
use alipay_proto::sign::{KeyPair, Md5Key};
use alipay_proto_tests::charsets::Reference;
use alipay_proto_tests::files;
use encoding_rs::GBK;

const CHARSETS: [(Charset, &str); 2] = [(Charset::Gbk, "gbk"), (Charset::Gb2312, "gb2312")];

/// Every 2-byte code, lead `81..=FE`, trail `40..=FE`.
fn codes() -> impl Iterator<Item = [u8; 2]> {
    (0x81..=0xFEu8).flat_map(|lead| (0x40..=0xFEu8).map(move |trail| [lead, trail]))
}

/// The JDK's decoding of every 2-byte code, in [`codes`] order (`None`: refused).
fn java(name: &str) -> Vec<Option<char>> {
    let map = files::bytes(&format!("testdata/charsets/java-{name}.map"));
    assert_eq!(map.len(), 126 * 191 * 2);
    map.chunks_exact(2)
        .map(|pair| char::from_u32(u32::from(u16::from_be_bytes([pair[0], pair[1]]))))
        .map(|ch| ch.filter(|&ch| ch != '\0'))
        .collect()
}

/// Python's decoding of every 2-byte code: the inverse of its encoder (bijective there).
fn python(charset: Charset) -> Vec<Option<char>> {
    let mut by_code = vec![None; 0x1_0000];
    for (ch, bytes) in Reference::of(charset).chars() {
        if let Some(&[lead, trail]) = bytes {
            by_code[usize::from(u16::from_be_bytes([lead, trail]))] = Some(ch);
        }
    }
    codes()
        .map(|code| by_code[usize::from(u16::from_be_bytes(code))])
        .collect()
}

fn ours(charset: Charset, code: [u8; 2]) -> Option<char> {
    let text = charset.decode(&code).ok()?;
    let mut chars = text.chars();
    let ch = chars.next();
    assert!(chars.next().is_none(), "{code:x?} read as two chars");
    ch
}

#[test]
fn every_two_byte_code_reads_as_java_and_python_agree() {
    let mut disagree = Vec::new();
    for (charset, name) in CHARSETS {
        let (java, python) = (java(name), python(charset));
        let mut count = 0;
        for ((code, java), python) in codes().zip(java).zip(python) {
            let expected = if java == python { java } else { None };
            if java != python {
                count += 1;
            }
            assert_eq!(ours(charset, code), expected, "{charset} {code:02X?}");
        }
        disagree.push(count);
    }
    // GBK: the JDK maps A2E3 to € and 2,148 user-defined codes to the private-use area
    // (Python refuses them), and reads A892 as U+2641 where Python reads U+2295. GB2312: none.
    assert_eq!(disagree, [2150, 0]);
}

#[test]
fn every_bmp_char_is_sent_as_java_and_python_agree() {
    for (charset, name) in CHARSETS {
        let mut java_bytes = vec![None; 0x1_0000];
        for (code, ch) in codes().zip(java(name)) {
            if let Some(ch) = ch {
                java_bytes[ch as usize] = Some(code.to_vec());
            }
        }
        let mut sent = 0;
        for (ch, python) in Reference::of(charset).chars() {
            let python = python.map(<[u8]>::to_vec);
            let java = if ch.is_ascii() {
                Some(vec![ch as u8])
            } else {
                java_bytes[ch as usize].clone()
            };
            let expected = if java == python { java } else { None };
            let got = charset.encode(&ch.to_string()).ok().map(|b| b.into_owned());
            assert_eq!(got, expected, "{charset} U+{:04X}", ch as u32);
            sent += usize::from(got.is_some());
        }
        // ASCII plus the agreed 2-byte codes.
        let expected = if charset == Charset::Gbk {
            128 + 21790
        } else {
            128 + 7445
        };
        assert_eq!(sent, expected, "{charset}");
    }
}

/// How many 2-byte codes read differently from before, when both charsets were read by
/// encoding_rs's (WHATWG) GBK decoder: a changed char, or refused now.
#[test]
fn codes_read_differently_than_before() {
    let mut counts = Vec::new();
    for (charset, _) in CHARSETS {
        let (mut changed, mut refused) = (0, 0);
        for code in codes() {
            let before = GBK
                .decode_without_bom_handling_and_without_replacement(&code)
                .and_then(|text| text.chars().next());
            match (before, ours(charset, code)) {
                (Some(a), Some(b)) if a != b => changed += 1,
                (Some(_), None) => refused += 1,
                (None, Some(_)) => panic!("{code:x?} read now, refused before"),
                _ => {}
            }
        }
        counts.push((changed, refused));
    }
    // GBK: A2E3 (WHATWG U+E76C) and the user-defined codes WHATWG maps are refused now.
    // GB2312: A1A4 and A1AA read ・ and ― (were · and —); the GBK codes outside GB 2312 are
    // refused now.
    assert_eq!(counts, [(0, 2150), (2, 16495)]);
}

const MD5_KEY: &str = "tst0md5key0not0secret0k3y0abc123";

/// A GB2312 reply carrying `山田・太郎―店`, signed by Python:
/// `python3 -c "import hashlib; print(hashlib.md5('result_code=SUCCESS&secondary_merchant_id=M1&status=SUCCESS&store_name=山田・太郎―店'.encode('gb2312') + open('testdata/keys/md5_test_key.txt','rb').read()).hexdigest())"`
#[test]
fn a_gb2312_reply_with_nakaguro_and_horizontal_bar_verifies() {
    let mut xml = b"<?xml version=\"1.0\" encoding=\"GB2312\"?><alipay><is_success>T</is_success><response><alipay><result_code>SUCCESS</result_code><secondary_merchant_id>M1</secondary_merchant_id><status>SUCCESS</status><store_name>".to_vec();
    xml.extend_from_slice(b"\xc9\xbd\xcc\xef\xa1\xa4\xcc\xab\xc0\xc9\xa1\xaa\xb5\xea");
    xml.extend_from_slice(b"</store_name></alipay></response><sign>013c24df8ff9837bfa6c3d7e86c78e10</sign><sign_type>MD5</sign_type></alipay>");
    let key = || Box::new(Md5Key::new(MD5_KEY).expect("key"));
    let client = Client::new(
        Config::new("2088101142878662", Charset::Gb2312),
        key(),
        key(),
    )
    .expect("config");
    let reply = client.decode::<QueryStatus>(&xml).expect("verifies");
    assert_eq!(
        reply.signature,
        SignatureStatus::Verified(alipay_proto::sign::SignAlgorithm::Md5)
    );
    assert_eq!(reply.payload.expect("payload").store_id, None);
    let text = Charset::Gb2312.decode(b"\xa1\xa4\xa1\xaa").expect("GB2312");
    assert_eq!(text, "・―");
}

/// A GB2312 request carrying `・` and `―`, as Python's `urlencode(..., encoding='gb2312')`
/// writes it, signed by Python's hashlib (the command: testdata/charsets/README.md).
#[test]
fn a_gb2312_request_with_nakaguro_and_horizontal_bar_verifies() {
    let query = "service=alipay.overseas.secmerchant.maintain.queryStatus&partner=2088101142878662&_input_charset=GB2312&sign_type=MD5&timestamp=2026-12-01+10%3A00%3A00&secondary_merchant_id=M1&store_id=%C9%BD%CC%EF%A1%A4%CC%AB%C0%C9%A1%AA%B5%EA&payment_method=INSTORE_PAYMENT&sign=b43d41980668ed3884f70e44a81d67bf";
    let key = || Box::new(Md5Key::new(MD5_KEY).expect("key"));
    let gateway =
        Gateway::new("2088101142878662").with_keys(KeyPair::new(key(), key()).expect("pair"));
    let request = http::Request::get(format!("https://h/gateway.do?{query}"))
        .body(Vec::new())
        .expect("request");
    let now = time::macros::datetime!(2026-12-01 10:00:00 +8);
    let incoming = gateway.open(&request, now).expect("verifies");
    assert_eq!(incoming.param("store_id"), Some("山田・太郎―店"));
}
