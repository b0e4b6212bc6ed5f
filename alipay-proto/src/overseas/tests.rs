//! Unit tests of reply parsing and the reply-signature policy.

use super::*;
use crate::charset::Charset;
use crate::sign::{Md5Key, SignAlgorithm, SignError, Signer, Verifier};

const SUCCESS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<alipay>
<is_success>T</is_success>
<request>
<param name="service">alipay.overseas.secmerchant.maintain.queryStatus</param>
<param name="contact_no">186xxxx0000 </param>
<param name="_input_charset ">gbk</param>
<param name="_input_charset ">gbk</param>
</request>
<response>
<alipay>
<status>UNDER_REVIEW</status>
<store_id>STORE&amp;1</store_id>
<extra><inner>x</inner></extra>
<empty></empty>
</alipay>
</response>
<sign>SIG</sign>
<sign_type>MD5</sign_type>
</alipay>"#;

fn parse(text: &[u8]) -> Result<RawReply, DecodeError> {
    RawReply::parse(text, DecodeLimits::default())
}

fn kind(text: &[u8]) -> (usize, DecodeErrorKind) {
    let err = parse(text).unwrap_err();
    (err.offset, err.kind)
}

fn key() -> Md5Key {
    Md5Key::new("tst0md5key0not0secret0k3y0abc123").unwrap()
}

/// `reply` with its `<sign>` replaced by a fresh signature from `signer`.
fn resign(reply: &str, signer: &dyn Signer) -> String {
    let raw = parse(reply.as_bytes()).unwrap();
    let text = reply_presign(&raw);
    let sign = signer.sign(&raw.charset().encode(&text).unwrap()).unwrap();
    reply.replace("<sign>SIG</sign>", &format!("<sign>{sign}</sign>"))
}

#[test]
fn parses_every_part_of_a_reply() {
    let raw = parse(SUCCESS.as_bytes()).unwrap();
    assert!(raw.succeeded());
    assert_eq!(raw.charset(), Charset::Utf8);
    let request: Vec<_> = raw.request().collect();
    assert_eq!(request.len(), 4);
    assert_eq!(request[1], ("contact_no", "186xxxx0000 "));
    assert_eq!(request[2].0, "_input_charset ");
    let leaves = [
        ("status", "UNDER_REVIEW"),
        ("store_id", "STORE&1"),
        ("empty", ""),
    ];
    assert!(raw.response().eq(leaves));
    assert!(raw.nested().eq(["extra"]));
    assert_eq!(raw.sign(), Some("SIG"));
    assert_eq!(raw.sign_type(), Some("MD5"));
}

#[test]
fn reply_presign_uses_leaves_only() {
    let raw = parse(SUCCESS.as_bytes()).unwrap();
    assert_eq!(reply_presign(&raw), "status=UNDER_REVIEW&store_id=STORE&1");
}

#[test]
fn reply_presign_without_response_uses_is_success_and_error() {
    let xml = "<alipay><is_success>F</is_success><error>PARAM_ILLEGAL</error>\
               <sign>s</sign><sign_type>MD5</sign_type></alipay>";
    let raw = parse(xml.as_bytes()).unwrap();
    assert_eq!(reply_presign(&raw), "error=PARAM_ILLEGAL&is_success=F");
}

#[test]
fn gbk_declaration_is_honoured() {
    let xml = "<?xml version=\"1.0\" encoding=\"GBK\"?><alipay><is_success>T</is_success>\
               <response><alipay><store_name>咖啡店</store_name></alipay></response></alipay>";
    let bytes = Charset::Gbk.encode(xml).unwrap().into_owned();
    let raw = parse(&bytes).unwrap();
    assert_eq!(raw.charset(), Charset::Gbk);
    assert!(raw.response().eq([("store_name", "咖啡店")]));
}

#[test]
fn malformed_bytes_report_their_input_offset() {
    let mut bytes = b"<?xml version=\"1.0\" encoding=\"gbk\"?><alipay><is_success>".to_vec();
    let at = bytes.len() + 1;
    bytes.extend_from_slice(b"T\x81\x20</is_success></alipay>");
    assert_eq!(
        kind(&bytes),
        (
            at,
            DecodeErrorKind::Malformed {
                charset: Charset::Gbk
            }
        )
    );
    let utf8 = b"<alipay><is_success>\xff</is_success></alipay>";
    assert_eq!(kind(utf8).0, 20);
}

#[test]
fn unknown_encoding_is_refused() {
    let xml = b"<?xml version=\"1.0\" encoding=\"Big5\"?><alipay/>";
    assert_eq!(
        kind(xml).1,
        DecodeErrorKind::UnsupportedEncoding("Big5".into())
    );
}

#[test]
fn doctype_and_entities_are_refused() {
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">\
                  <!ENTITY lol2 \"&lol;&lol;&lol;\">]><alipay><is_success>&lol2;</is_success></alipay>";
    assert_eq!(kind(laughs.as_bytes()), (21, DecodeErrorKind::Doctype));
    let entity = b"<alipay><is_success>&lol;</is_success></alipay>";
    assert!(matches!(kind(entity), (20, DecodeErrorKind::Entity(_))));
    let attr = b"<alipay><request><param name=\"&x;\">1</param></request></alipay>";
    assert!(matches!(kind(attr).1, DecodeErrorKind::Entity(_)));
    let char_ref = b"<alipay><is_success>&#84;</is_success></alipay>";
    assert_eq!(parse(char_ref).unwrap().is_success(), "T");
}

#[test]
fn size_and_depth_are_capped() {
    let limits = DecodeLimits {
        max_bytes: 10,
        max_depth: 16,
    };
    let err = RawReply::parse(b"<alipay>0123456789</alipay>", limits).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::TooLarge { limit: 10 });
    let deep = format!("<alipay>{}", "<a>".repeat(100_000));
    assert_eq!(
        kind(deep.as_bytes()),
        (8 + 15 * 3, DecodeErrorKind::TooDeep { limit: 16 })
    );
}

#[test]
fn truncated_and_trailing_input_is_refused() {
    let (at, kind) = kind(b"<alipay><is_success>T</is_suc");
    assert_eq!(at, 21);
    assert!(matches!(kind, DecodeErrorKind::Syntax(_)));
}

#[test]
fn structural_errors() {
    assert!(matches!(
        kind(b"<alipay><is_success>T</is_success>"),
        (_, DecodeErrorKind::Truncated)
    ));
    assert_eq!(
        kind(b""),
        (
            0,
            DecodeErrorKind::NotXml {
                found: crate::body::BodyKind::Empty,
                preview: String::new()
            }
        )
    );
    let trailing = b"<alipay><is_success>T</is_success></alipay>Request fails";
    assert!(matches!(
        kind(trailing),
        (_, DecodeErrorKind::TrailingContent)
    ));
    let two_roots = b"<alipay><is_success>T</is_success></alipay><alipay/>";
    assert_eq!(kind(two_roots), (43, DecodeErrorKind::TrailingContent));
    assert_eq!(
        kind(b"<html/>"),
        (
            0,
            DecodeErrorKind::NotXml {
                found: crate::body::BodyKind::Html,
                preview: "<html/>".into()
            }
        )
    );
    assert_eq!(
        kind(b"<alipayx/>"),
        (
            0,
            DecodeErrorKind::UnexpectedRoot {
                name: "alipayx".into()
            }
        )
    );
    assert_eq!(
        kind(b"<alipay/>"),
        (
            0,
            DecodeErrorKind::Missing {
                element: "is_success"
            }
        )
    );
    let twice = b"<alipay><is_success>T</is_success><is_success>F</is_success></alipay>";
    assert_eq!(
        kind(twice),
        (
            34,
            DecodeErrorKind::Duplicate {
                element: "is_success".into()
            }
        )
    );
    let mismatched = b"<alipay><is_success>T</sign></alipay>";
    assert!(matches!(kind(mismatched), (_, DecodeErrorKind::Syntax(_))));
    let curly = "<alipay><is_success>T</is_success><request><param name=\u{201c}x\u{201d}>1</param></request></alipay>";
    assert!(matches!(
        kind(curly.as_bytes()),
        (_, DecodeErrorKind::Syntax(_))
    ));
}

#[test]
fn arbitrary_prefixes_never_panic() {
    let bytes = SUCCESS.as_bytes();
    for end in 0..bytes.len() {
        let _ = parse(&bytes[..end]);
    }
}

#[test]
fn signed_reply_verifies_and_tampering_fails() {
    let key = key();
    let signed = resign(SUCCESS, &key);
    let raw = parse(signed.as_bytes()).unwrap();
    assert_eq!(
        check_reply(&raw, Some(&key)),
        Ok(SignatureStatus::Verified(SignAlgorithm::Md5))
    );
    let tampered = signed.replace("UNDER_REVIEW", "SUCCESS");
    let raw = parse(tampered.as_bytes()).unwrap();
    let err = check_reply(&raw, Some(&key)).unwrap_err();
    assert!(matches!(
        err.kind,
        DecodeErrorKind::BadSignature {
            source: SignError::Mismatch,
            ..
        }
    ));
    // Nested content is outside the signed text: changing it keeps the signature valid.
    let nested = signed.replace("<inner>x</inner>", "<inner>y</inner>");
    let raw = parse(nested.as_bytes()).unwrap();
    assert!(check_reply(&raw, Some(&key)).is_ok());
}

#[test]
fn the_first_repeated_leaf_is_reported_in_few_and_many_leaves() {
    for count in [3, 40] {
        let mut leaves: String = (0..count).map(|i| format!("<l{i}>x</l{i}>")).collect();
        leaves.push_str("<l1>y</l1><l0>z</l0>");
        let xml = format!(
            "<alipay><is_success>T</is_success><response><alipay>{leaves}</alipay></response></alipay>"
        );
        let at = xml.find("<l1>y").unwrap();
        let element = "l1".to_owned();
        assert_eq!(
            kind(xml.as_bytes()),
            (at, DecodeErrorKind::Duplicate { element }),
            "{count}"
        );
    }
}

#[test]
fn with_sign_replaces_only_the_signature() {
    let key = key();
    let raw = parse(SUCCESS.as_bytes()).unwrap();
    let sign = key.sign(reply_presign(&raw).as_bytes()).unwrap();
    let resigned = raw.clone().with_sign(&sign, "MD5");
    assert_eq!(
        (resigned.sign(), resigned.sign_type()),
        (Some(&*sign), Some("MD5"))
    );
    assert!(resigned.response().eq(raw.response()) && resigned.request().eq(raw.request()));
    assert_eq!(
        check_reply(&resigned, Some(&key)),
        Ok(SignatureStatus::Verified(SignAlgorithm::Md5))
    );
    assert!(check_reply(&raw, Some(&key)).is_err());
}

#[test]
fn signature_policy() {
    let key = key();
    let verifier: &dyn Verifier = &key;
    let raw = parse(
        SUCCESS
            .replace("MD5</sign_type>", "RSA2</sign_type>")
            .as_bytes(),
    )
    .unwrap();
    let err = check_reply(&raw, Some(verifier)).unwrap_err();
    assert_eq!(
        err.kind,
        DecodeErrorKind::SignTypeMismatch {
            expected: SignAlgorithm::Md5,
            found: Some("RSA2".into())
        }
    );
    let unsigned_ok = b"<alipay><is_success>T</is_success></alipay>";
    let raw = parse(unsigned_ok).unwrap();
    assert_eq!(
        check_reply(&raw, Some(verifier)).unwrap_err().kind,
        DecodeErrorKind::MissingSignature
    );
    assert_eq!(check_reply(&raw, None), Ok(SignatureStatus::NotChecked));
    let unsigned_fail = b"<alipay><is_success>F</is_success><error>ILLEGAL_SIGN</error></alipay>";
    let raw = parse(unsigned_fail).unwrap();
    assert_eq!(
        check_reply(&raw, Some(verifier)),
        Ok(SignatureStatus::Unsigned)
    );
}

#[test]
fn gmt8_timestamps_are_written_as_the_time_crate_writes_them() {
    use time::macros::{format_description, offset};
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    // From year -1 to the last second GMT+8 can express, every ~116 days at a varying time of
    // day, and the documented instant.
    let (first, last) = (-62_198_755_200_i64, 253_402_271_999_i64);
    let instants = (first..=last)
        .step_by(9_999_991)
        .chain([1_356_081_076, last]);
    for seconds in instants {
        let now = time::OffsetDateTime::from_unix_timestamp(seconds).unwrap();
        let expected = now.to_offset(offset!(+8)).format(format).unwrap();
        assert_eq!(gmt8_timestamp(now).unwrap(), expected, "{seconds}");
    }
}
