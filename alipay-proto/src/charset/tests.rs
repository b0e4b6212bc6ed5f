use super::*;

const ADDRESS: &str = "3 Old Concord Rd, Burlington, MA 01803美国";

#[test]
fn labels_round_trip_and_ignore_case() {
    for charset in Charset::ALL {
        assert_eq!(Charset::from_label(charset.as_str()), Some(charset));
        assert_eq!(charset.to_string(), charset.as_str());
    }
    assert_eq!(Charset::from_label("utf8"), Some(Charset::Utf8));
    assert_eq!(Charset::from_label("Gbk"), Some(Charset::Gbk));
    assert_eq!(Charset::from_label("gb2312"), Some(Charset::Gb2312));
    assert_eq!(Charset::from_label("gb18030"), None);
    assert_eq!(Charset::from_label(""), None);
}

#[test]
fn byte_lengths_of_chinese_text() {
    assert_eq!(Charset::Utf8.byte_len("美国").unwrap(), 6);
    assert_eq!(Charset::Gbk.byte_len("美国").unwrap(), 4);
    assert_eq!(Charset::Gb2312.byte_len("美国").unwrap(), 4);
    // Python: len('米卡的咖啡店(波士顿)'.encode(...)) == 29 / 20 / 20
    let name = "米卡的咖啡店(波士顿)";
    assert_eq!(Charset::Utf8.byte_len(name).unwrap(), 29);
    assert_eq!(Charset::Gbk.byte_len(name).unwrap(), 20);
    assert_eq!(Charset::Gb2312.byte_len(name).unwrap(), 20);
}

#[test]
fn byte_len_matches_encode_across_chunks() {
    let long = "美国a".repeat(700);
    for charset in Charset::ALL {
        let encoded = charset.encode(&long).unwrap();
        assert_eq!(charset.byte_len(&long).unwrap(), encoded.len());
    }
    assert_eq!(Charset::Gbk.byte_len(&long).unwrap(), 3500);
}

#[test]
fn ascii_and_utf8_borrow() {
    assert!(matches!(
        Charset::Gbk.encode("abc"),
        Ok(Cow::Borrowed(b"abc"))
    ));
    assert!(matches!(Charset::Utf8.encode("美"), Ok(Cow::Borrowed(_))));
    assert!(matches!(
        Charset::Gbk.decode(b"abc"),
        Ok(Cow::Borrowed("abc"))
    ));
    assert_eq!(Charset::Gbk.encode("").unwrap().len(), 0);
}

#[test]
fn gbk_bytes_match_python() {
    // Python: '美国'.encode('gbk') == b'\xc3\xc0\xb9\xfa'
    assert_eq!(&*Charset::Gbk.encode("美国").unwrap(), b"\xc3\xc0\xb9\xfa");
    assert_eq!(
        &*Charset::Gb2312.encode("美国").unwrap(),
        b"\xc3\xc0\xb9\xfa"
    );
    // Python: '丟'.encode('gbk') == b'\x81\x47', '鍾'.encode('gbk') == b'\xe6\x52'
    assert_eq!(&*Charset::Gbk.encode("丟鍾").unwrap(), b"\x81\x47\xe6\x52");
}

#[test]
fn gbk_only_chars_are_unencodable_in_gb2312() {
    // '丟' (lead 0x81) and '鍾' (trail 0x52) are GBK but outside GB2312; Python's gb2312
    // codec rejects both.
    let error = Charset::Gb2312.encode("ab丟").unwrap_err();
    assert_eq!((error.ch, error.char_index), ('丟', 2));
    assert_eq!(error.charset, Charset::Gb2312);
    let error = Charset::Gb2312.byte_len("美国鍾").unwrap_err();
    assert_eq!((error.ch, error.char_index), ('鍾', 2));
    let message = error.to_string();
    assert!(
        message.contains('鍾') && message.contains("GB2312"),
        "{message}"
    );
    assert!(message.contains("U+937E"), "{message}");
}

#[test]
fn whatwg_only_gbk_chars_are_refused() {
    // encoding_rs (WHATWG GBK) writes these; Python's gbk codec refuses each:
    // '€'.encode('gbk'), 'ǹ'..., '\u2e81'..., '\u3447'..., '\ue000'... -> UnicodeEncodeError.
    for ch in ['€', 'ǹ', '⺁', '\u{3447}', '\u{E000}'] {
        for charset in [Charset::Gbk, Charset::Gb2312] {
            let error = charset.encode(&format!("美{ch}")).unwrap_err();
            assert_eq!(
                (error.ch, error.char_index, error.charset),
                (ch, 1, charset)
            );
            assert_eq!(charset.byte_len(&format!("美{ch}")).unwrap_err(), error);
        }
    }
}

#[test]
fn emoji_is_unencodable_in_gbk_and_gb2312() {
    for charset in [Charset::Gbk, Charset::Gb2312] {
        let error = charset.encode("美国😀!").unwrap_err();
        assert_eq!(
            (error.ch, error.char_index, error.charset),
            ('😀', 2, charset)
        );
        assert_eq!(charset.byte_len("美国😀!").unwrap_err(), error);
        assert!(error.to_string().contains('😀'));
        assert!(error.to_string().contains(charset.as_str()));
    }
    assert_eq!(Charset::Utf8.byte_len("😀").unwrap(), 4);
}

#[test]
fn unencodable_char_index_counts_chars_across_chunks() {
    let text = format!("{}😀", "美".repeat(600));
    let error = Charset::Gbk.byte_len(&text).unwrap_err();
    assert_eq!((error.ch, error.char_index), ('😀', 600));
    let text = format!("{}丟", "美".repeat(600));
    let error = Charset::Gb2312.encode(&text).unwrap_err();
    assert_eq!((error.ch, error.char_index), ('丟', 600));
}

#[test]
fn percent_encodes_documented_samples() {
    for charset in Charset::ALL {
        assert_eq!(
            charset.percent_encode("Mika's coffee shop").unwrap(),
            "Mika's%20coffee%20shop"
        );
    }
    assert_eq!(
        Charset::Utf8.percent_encode(ADDRESS).unwrap(),
        "3%20Old%20Concord%20Rd%2C%20Burlington%2C%20MA%2001803%E7%BE%8E%E5%9B%BD"
    );
    // Python: quote('...'.encode('gbk'), safe="-_.!~*'()")
    assert_eq!(
        Charset::Gbk.percent_encode(ADDRESS).unwrap(),
        "3%20Old%20Concord%20Rd%2C%20Burlington%2C%20MA%2001803%C3%C0%B9%FA"
    );
    assert_eq!(
        Charset::Gb2312.percent_encode(ADDRESS).unwrap(),
        Charset::Gbk.percent_encode(ADDRESS).unwrap()
    );
}

#[test]
fn percent_encode_leaves_exactly_the_component_set() {
    assert_eq!(
        Charset::Utf8
            .percent_encode("http://a.b/c?d=e+f,g:h")
            .unwrap(),
        "http%3A%2F%2Fa.b%2Fc%3Fd%3De%2Bf%2Cg%3Ah"
    );
    assert_eq!(
        Charset::Utf8.percent_encode("AZaz09-_.!~*'()").unwrap(),
        "AZaz09-_.!~*'()"
    );
    assert_eq!(
        Charset::Utf8.percent_encode("\"#$&;<>@[]^`{|}%").unwrap(),
        "%22%23%24%26%3B%3C%3E%40%5B%5D%5E%60%7B%7C%7D%25"
    );
    let error = Charset::Gb2312.percent_encode("丟").unwrap_err();
    assert_eq!(error.ch, '丟');
}

#[test]
fn percent_decode_round_trips() {
    for charset in Charset::ALL {
        let encoded = charset.percent_encode(ADDRESS).unwrap();
        assert_eq!(charset.percent_decode(&encoded).unwrap(), ADDRESS);
    }
    assert_eq!(Charset::Utf8.percent_decode("a+b%2b").unwrap(), "a+b+");
}

#[test]
fn percent_decode_is_strict() {
    assert_eq!(
        Charset::Utf8.percent_decode("ab%4"),
        Err(PercentDecodeError::BadEscape { offset: 2 })
    );
    assert_eq!(
        Charset::Utf8.percent_decode("%41%zz"),
        Err(PercentDecodeError::BadEscape { offset: 3 })
    );
    let error = Charset::Gbk.percent_decode("ab%FF%41").unwrap_err();
    assert_eq!(
        error,
        PercentDecodeError::Malformed(Malformed {
            byte_offset: 2,
            charset: Charset::Gbk
        })
    );
    let error = Charset::Utf8.percent_decode("%E7%BE").unwrap_err();
    assert!(matches!(
        error,
        PercentDecodeError::Malformed(Malformed { byte_offset: 0, .. })
    ));
}

#[test]
fn decode_round_trips() {
    for charset in Charset::ALL {
        let bytes = charset.encode(ADDRESS).unwrap();
        assert_eq!(charset.decode(&bytes).unwrap(), ADDRESS);
    }
}

#[test]
fn strict_gbk_decode_reports_byte_offset() {
    let cases: [(&[u8], usize); 5] = [
        (b"ab\xff\x41", 2),           // 0xFF is never a lead byte
        (b"ab\xc3", 2),               // lead byte cut off at the end
        (b"a\x81\x20b", 1),           // ASCII where a trail byte belongs
        (b"\xc3\xc0\xb9\xfa\xa1", 4), // '美国' then a lone lead
        (b"\xc3\xc0\x80", 2),         // '美', then 0x80 (WHATWG's single-byte €: not GBK)
    ];
    for (bytes, offset) in cases {
        for charset in [Charset::Gbk, Charset::Gb2312] {
            let error = charset.decode(bytes).unwrap_err();
            assert_eq!(error.byte_offset, offset, "{bytes:x?}");
            assert_eq!(error.charset, charset);
        }
    }
    let long = [b"\xc3\xc0".repeat(1000), b"\xff".to_vec()].concat();
    assert_eq!(Charset::Gbk.decode(&long).unwrap_err().byte_offset, 2000);
}

#[test]
fn strict_utf8_decode_reports_byte_offset() {
    let error = Charset::Utf8.decode(b"\xe7\xbe\x8e\xe5\x9b").unwrap_err();
    assert_eq!(error.byte_offset, 3);
    assert_eq!(error.to_string(), "malformed UTF-8 input at byte offset 3");
}

#[test]
fn gb2312_is_a_repertoire_not_a_byte_range() {
    // GBK bytes inside the GB2312 byte range, but not GB 2312 chars: Python's gb2312 codec
    // refuses each ('ⅰ'.encode('gb2312') -> UnicodeEncodeError), GBK carries them.
    for ch in ['ⅰ', 'ⅹ', 'ń', 'ň', 'ɑ', 'ɡ', '︱', '﹄', '·', '—'] {
        let error = Charset::Gb2312.encode(&format!("a{ch}")).unwrap_err();
        assert_eq!((error.ch, error.char_index), (ch, 1));
        assert!(Charset::Gbk.encode(&ch.to_string()).is_ok());
    }
    // In GB 2312 at the bytes GBK gives to '·' and '—': Python and the JDK both write
    // '・'.encode('gb2312') == b'\xa1\xa4' and '―' as b'\xa1\xaa', and read them back.
    for (ch, bytes) in [('・', b"\xa1\xa4"), ('―', b"\xa1\xaa")] {
        assert_eq!(
            Charset::Gb2312.encode(&ch.to_string()).unwrap().as_ref(),
            bytes
        );
        assert_eq!(Charset::Gb2312.decode(bytes).unwrap(), ch.to_string());
        assert_ne!(Charset::Gbk.decode(bytes).unwrap(), ch.to_string());
    }
}

#[test]
fn percent_encoding_escapes_every_byte_of_a_gbk_char() {
    // Python: '镕門'.encode('gbk') == b'\xe9F\xe9T'; the ASCII-valued trail bytes are escaped.
    assert_eq!(Charset::Gbk.percent_encode("镕門").unwrap(), "%E9%46%E9%54");
    assert_eq!(
        Charset::Gbk.percent_encode("a門b c").unwrap(),
        "a%E9%54b%20c"
    );
    assert_eq!(Charset::Gbk.percent_decode("a%E9%54b").unwrap(), "a門b");
    // Python: quote('門'.encode('utf-8')) == '%E9%96%80'
    assert_eq!(Charset::Utf8.percent_encode("門").unwrap(), "%E9%96%80");
}

/// Java's `URLDecoder.decode(s, charset)` gives each of these outputs (OpenJDK 17:
/// `testdata/vectors/forms/DecodeCheck.java`, its output in `decode-check.txt` beside it).
#[test]
fn form_decode_reads_as_java_url_decoder() {
    let cases: [(Charset, &str, &str); 8] = [
        (Charset::Utf8, "a+b", "a b"),
        (Charset::Utf8, "a%2Bb%2bc", "a+b+c"),
        (
            Charset::Utf8,
            "2019-09-04+00%3a00%3A12",
            "2019-09-04 00:00:12",
        ),
        (Charset::Utf8, "%e5%92%96+%E5%95%A1", "咖 啡"),
        (Charset::Gbk, "%BF%A7%B7%C8+%2B", "咖啡 +"),
        (Charset::Gbk, "a%E9%54b", "a門b"),
        // Raw text stands for itself, in any charset.
        (Charset::Gbk, "咖啡/~*'()", "咖啡/~*'()"),
        (Charset::Utf8, "", ""),
    ];
    for (charset, text, expected) in cases {
        assert_eq!(charset.form_decode(text).unwrap(), expected, "{text}");
    }
    assert!(matches!(
        Charset::Utf8.form_decode("plain"),
        Ok(std::borrow::Cow::Borrowed("plain"))
    ));
}

#[test]
fn form_decode_is_strict() {
    assert_eq!(
        Charset::Utf8.form_decode("a+%4"),
        Err(PercentDecodeError::BadEscape { offset: 2 })
    );
    // Java decodes `%E9` alone here (the run ends at `T`) and reads U+FFFD: a lone lead byte.
    assert_eq!(
        Charset::Gbk.form_decode("ab%E9T"),
        Err(PercentDecodeError::Malformed(Malformed {
            byte_offset: 2,
            charset: Charset::Gbk
        }))
    );
    // The offset is the bad byte's `%` in the encoded text.
    assert_eq!(
        Charset::Utf8.form_decode("x%41%FF"),
        Err(PercentDecodeError::Malformed(Malformed {
            byte_offset: 4,
            charset: Charset::Utf8
        }))
    );
}

#[test]
fn our_encoding_reads_the_same_as_a_form_and_percent_decoded() {
    for charset in Charset::ALL {
        let text = format!("{ADDRESS} a+b 100%");
        let encoded = charset.percent_encode(&text).unwrap();
        assert_eq!(charset.form_decode(&encoded).unwrap(), text);
        assert_eq!(charset.percent_decode(&encoded).unwrap(), text);
    }
}
