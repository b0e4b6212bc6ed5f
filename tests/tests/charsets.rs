//! The request charsets against independent references, over the whole BMP.
//!
//! The reference bytes are Python's `utf-8`, `gbk` and `gb2312` codecs, checked in as
//! `testdata/charsets/*.bin` (see [`Reference`]; `python3 scripts/gen-charset-tables.py` writes
//! them). For every char and charset, a value is either sent as exactly the reference bytes,
//! percent-escaped byte by byte, or refused with the field-named error; never anything else.
//! The percent-encoded form is also read back by the two kinds of decoder a gateway may use.

use alipay_proto::charset::Charset;
use alipay_proto::overseas::offline_maintain::{OfflineMaintain, Request};
use alipay_proto::overseas::{self, encode_pairs};
use alipay_proto::validate::{self, Reason, Violation};
use alipay_proto_tests::charsets::Reference;
use alipay_proto_tests::keys::md5_key;
use alipay_proto_tests::samples::{DOC_TIME, PARTNER, store_request};
use encoding_rs::Encoding;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// The only chars a reference codec encodes that we refuse: Python's `gbk` writes `⊕` U+2295
/// as A892, which the JDK (the gateway) reads as `♁` U+2641 (`testdata/charsets/java-gbk.map`);
/// a char the two ends read differently is not sent. GB2312: none.
fn not_sent(charset: Charset) -> &'static [char] {
    match charset {
        Charset::Gbk => &['⊕'],
        _ => &[],
    }
}

/// The field every sweep puts its char in.
const FIELD: &str = "store_name";

/// What stays bare in ASCII: `encodeURIComponent`'s set, the crate's documented choice.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Sweeps the BMP in `charset`; returns the chars refused although the reference encodes them.
fn sweep(charset: Charset) -> Vec<char> {
    let mut wrong = Vec::new();
    let mut refused_by_us_only = Vec::new();
    for (ch, expected) in Reference::of(charset).chars() {
        match (outcome(charset, ch), expected) {
            (Ok(Some(ours)), Some(theirs)) if ours == theirs => {}
            (Ok(None), Some(_)) => refused_by_us_only.push(ch),
            (Ok(None), None) => {}
            (got, _) => wrong.push(format!(
                "U+{:04X}: {got:?}, reference {expected:x?}",
                ch as u32
            )),
        }
    }
    assert!(
        wrong.is_empty(),
        "{charset}: {} chars neither sent as the reference bytes nor refused, e.g. {:#?}",
        wrong.len(),
        &wrong[..wrong.len().min(20)]
    );
    refused_by_us_only
}

/// What we do with `ch` alone in a value: `Some(bytes)` sent, `None` refused with the
/// field-named error; `Err` for any inconsistency between the ways of sending it.
fn outcome(charset: Charset, ch: char) -> Result<Option<Vec<u8>>, String> {
    let text = ch.to_string();
    let wire = encode_pairs(&[(FIELD, text.as_str())], charset);
    match charset.encode(&text) {
        Ok(bytes) => {
            let escaped = format!("{FIELD}={}", expected_escape(ch, &bytes));
            let counted = charset.byte_len(&text).map_err(|e| e.to_string())?;
            match wire {
                Ok(wire) if wire == escaped && counted == bytes.len() => Ok(Some(bytes.into())),
                wire => Err(format!(
                    "{bytes:x?}: wire {wire:?}, {counted} bytes counted"
                )),
            }
        }
        Err(error) => {
            let same = error.ch == ch && error.char_index == 0 && error.charset == charset;
            let counted = charset.byte_len(&text);
            let wire_same = wire.is_err_and(|e| e.field == FIELD && e.source == error);
            if same && counted == Err(error) && wire_same && refused_by_validation(charset, ch) {
                Ok(None)
            } else {
                Err(format!("refused inconsistently: {error:?}"))
            }
        }
    }
}

/// ASCII by the component set; every byte of a non-ASCII char escaped, uppercase hex.
fn expected_escape(ch: char, bytes: &[u8]) -> String {
    if ch.is_ascii() {
        utf8_percent_encode(&ch.to_string(), COMPONENT).to_string()
    } else {
        bytes.iter().map(|byte| format!("%{byte:02X}")).collect()
    }
}

/// Whether validation of the documented store with `ch` as its name reports exactly
/// `store_name: char '…' (U+….) cannot be sent in …`.
fn refused_by_validation(charset: Charset, ch: char) -> bool {
    let mut request = store_request();
    request.store_name = ch.to_string();
    let Err(report) = validate::validate(&request, charset) else {
        return false;
    };
    let expected = Violation {
        path: FIELD.to_owned(),
        reason: Reason::Unencodable { ch, charset },
    };
    let message = format!(
        "{FIELD}: char {ch:?} (U+{:04X}) cannot be sent in {charset}",
        ch as u32
    );
    // U+FFFE and U+FFFF are also chars no XML can carry.
    let control = Violation {
        path: FIELD.to_owned(),
        reason: Reason::ControlChar { ch },
    };
    let expected = if matches!(ch, '\u{FFFE}' | '\u{FFFF}') {
        vec![expected, control]
    } else {
        vec![expected]
    };
    report.errors == expected && report.errors[0].to_string() == message
}

#[test]
fn utf8_sends_every_bmp_char_as_python_does() {
    assert_eq!(sweep(Charset::Utf8), []);
}

#[test]
fn gbk_sends_python_gbk_bytes_or_refuses() {
    assert_eq!(sweep(Charset::Gbk), not_sent(Charset::Gbk));
}

#[test]
fn gb2312_sends_python_gb2312_bytes_or_refuses() {
    // `・` and `―` included: A1A4 and A1AA, as Python and the JDK read them.
    assert_eq!(sweep(Charset::Gb2312), not_sent(Charset::Gb2312));
}

#[test]
fn the_documented_refusals() {
    let message = |charset, text: &str| {
        let mut request = store_request();
        request.store_name = text.to_owned();
        validate::validate(&request, charset)
            .unwrap_err()
            .to_string()
    };
    assert!(
        message(Charset::Gbk, "Mika €")
            .contains("store_name: char '€' (U+20AC) cannot be sent in GBK")
    );
    assert!(
        message(Charset::Gb2312, "ⅰ")
            .contains("store_name: char 'ⅰ' (U+2170) cannot be sent in GB2312")
    );
    assert!(
        message(Charset::Gbk, "⊕").contains("store_name: char '⊕' (U+2295) cannot be sent in GBK")
    );
}

/// A reference decoder: encoding_rs for UTF-8 and GBK (WHATWG GBK reads every char we send
/// in GBK as Python does); for GB2312 the JDK's table (`testdata/charsets/java-gb2312.map`), since
/// WHATWG has no GB2312 and reads A1A4 and A1AA as GBK does. Malformed input is U+FFFD.
fn reference_decode(charset: Charset, bytes: &[u8]) -> String {
    if charset != Charset::Gb2312 {
        let encoding = Encoding::for_label(charset.as_str().as_bytes()).expect("known label");
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    static MAP: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
        alipay_proto_tests::files::bytes("testdata/charsets/java-gb2312.map")
    });
    let mut out = String::new();
    let mut rest = bytes;
    while let Some((&lead, tail)) = rest.split_first() {
        if lead.is_ascii() {
            out.push(char::from(lead));
            rest = tail;
            continue;
        }
        let trail = tail.first().copied().unwrap_or_default();
        let ch = ((0x81..=0xFE).contains(&lead) && (0x40..=0xFE).contains(&trail))
            .then(|| (usize::from(lead - 0x81) * 191 + usize::from(trail - 0x40)) * 2)
            .map(|at| u32::from(u16::from_be_bytes([MAP[at], MAP[at + 1]])))
            .and_then(char::from_u32)
            .filter(|&ch| ch != '\0');
        out.push(ch.unwrap_or('\u{FFFD}'));
        rest = tail.get(usize::from(ch.is_some())..).unwrap_or_default();
    }
    out
}

/// Java's `URLDecoder.decode(s, charset)`: each run of `%XX` is unescaped and decoded as a
/// whole in the charset (malformed bytes become U+FFFD); other chars stand for themselves.
fn decode_runs(text: &str, charset: Charset) -> String {
    let mut out = String::new();
    let mut run = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let escape = rest.strip_prefix('%').and_then(|tail| tail.get(..2));
        if let Some(byte) = escape.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
            run.push(byte);
            rest = &rest[3..];
            continue;
        }
        out.push_str(&reference_decode(charset, &run));
        run.clear();
        let ch = rest.chars().next().expect("not empty");
        out.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    out.push_str(&reference_decode(charset, &run));
    out
}

/// Unescapes every `%XX` to a byte, then decodes all the bytes at once.
fn decode_bytes(text: &str, charset: Charset) -> String {
    let bytes: Vec<u8> = percent_decode_str(text).collect();
    reference_decode(charset, &bytes)
}

/// Every char the charset sends, between and beside ASCII letters and next to itself, reads
/// back exactly with both decoders.
fn both_decoders_read_back(charset: Charset) {
    let mut wrong = Vec::new();
    let reference = Reference::of(charset).chars();
    let sent =
        |&(ch, bytes): &(char, Option<&[u8]>)| bytes.is_some() && !not_sent(charset).contains(&ch);
    for (ch, _) in reference.filter(sent) {
        let value = format!("F{ch}T{ch}{ch}");
        let wire = encode_pairs(&[(FIELD, value.as_str())], charset).expect("sent");
        let escaped = wire.strip_prefix("store_name=").expect("one pair");
        if decode_runs(escaped, charset) != value || decode_bytes(escaped, charset) != value {
            wrong.push(format!("U+{:04X} as {escaped}", ch as u32));
        }
    }
    assert!(
        wrong.is_empty(),
        "{charset}: {} chars, e.g. {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(10)]
    );
}

#[test]
fn every_gbk_char_reads_back_with_run_and_byte_decoders() {
    both_decoders_read_back(Charset::Gbk);
}

#[test]
fn every_gb2312_and_utf8_char_reads_back_with_run_and_byte_decoders() {
    both_decoders_read_back(Charset::Gb2312);
    both_decoders_read_back(Charset::Utf8);
}

#[test]
fn get_url_and_post_form_escape_every_byte_of_a_gbk_char() {
    // Python: '門市'.encode('gbk').hex() == 'e954cad0'
    let client = overseas::Client::new(
        overseas::Config::new(PARTNER, Charset::Gbk),
        Box::new(md5_key()),
        Box::new(md5_key()),
    )
    .expect("config");
    let mut request: Request = store_request();
    request.store_name = "門市".to_owned();
    let prepared = client
        .prepare::<OfflineMaintain>(&request, DOC_TIME)
        .expect("valid");
    let has_field = |text: &str| {
        text.split(['?', '&'])
            .any(|pair| pair == "store_name=%E9%54%CA%D0")
    };
    assert!(has_field(&prepared.get_url()), "{}", prepared.get_url());
    assert!(has_field(prepared.post_body()), "{}", prepared.post_body());
}
