//! Property tests (robustness), 10,000 cases each:
//!
//! - sign -> verify round trips for MD5, RSA and RSA2 over text in UTF-8, GBK and GB2312, and
//!   a one-byte tamper of the message or of the signature always fails;
//! - a typed overseas request -> `Client::prepare` -> GET URL / POST body -> parsed params gives
//!   back `prepared.params()` and the typed values, and the wire alone verifies;
//! - the validator accepts a value of a byte-limited field exactly when it is encodable, within
//!   its limit and free of `"`, reports exactly why otherwise, and never panics.
//!
//! The oracles do not use `alipay_proto::charset`: which chars GBK and GB2312 carry and their
//! bytes come from Python's codecs (the checked-in reference tables), percent-decoding and the pre-sign string are
//! re-implemented here in a few lines, and the MD5 signature is recomputed with `md-5`.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::LazyLock;

use alipay_proto::charset::Charset;
use alipay_proto::overseas::offline_maintain::{
    OfflineMaintain, Request, RequestRequired, TaxiDriver, TaxiDriverRequired,
};
use alipay_proto::overseas::{Client, Config, SecondaryMerchantType, parse_query};
use alipay_proto::sign::{
    Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, SignError, Signer, Verifier,
};
use alipay_proto::validate::{Reason, Violation, validate};
use alipay_proto_tests::charsets::Reference;
use md5::{Digest, Md5};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use time::macros::{format_description, offset};
use time::{Duration, OffsetDateTime};

/// Cases per property (at least 10,000).
const CASES: u32 = 10_000;

/// 10,000 cases, drawn with the XorShift generator: ChaCha, the default, costs more than the
/// properties themselves in an unoptimised test build.
fn config() -> ProptestConfig {
    ProptestConfig {
        rng_algorithm: proptest::test_runner::RngAlgorithm::XorShift,
        ..ProptestConfig::with_cases(CASES)
    }
}

const PARTNER: &str = "2088101142878662";
const MD5_KEY: &[u8] = include_bytes!("../../testdata/keys/md5_test_key.txt");
const RSA_PRIVATE: &str = include_str!("../../testdata/keys/rsa_test_private_pkcs8.pem");
const RSA_PUBLIC: &str = include_str!("../../testdata/keys/rsa_test_public.pem");

// ---------------------------------------------------------------------------------------------
// The charset oracle: Python's codecs (checked-in tables) and encoding_rs's decoder, never
// alipay_proto::charset.

/// The bytes `c` takes in `charset`, or `None` if the charset cannot carry it: Python's codec
/// of that name ([`Reference`], the BMP) or Rust's UTF-8 for UTF-8; for GBK and GB2312 only
/// where the JDK reads those bytes as `c` too (`testdata/charsets/java-*.map`): a char the two
/// ends read differently is not sent.
fn char_bytes(charset: Charset, c: char) -> Option<Vec<u8>> {
    if charset == Charset::Utf8 {
        return Some(c.to_string().into_bytes());
    }
    let bytes = Reference::of(charset).get(c)?;
    let java_agrees = match bytes {
        [lead, trail] => java_char(charset, *lead, *trail) == Some(c),
        _ => true,
    };
    java_agrees.then(|| bytes.to_vec())
}

/// The JDK's char for a 2-byte code (`testdata/charsets/java-{gbk,gb2312}.map`).
fn java_char(charset: Charset, lead: u8, trail: u8) -> Option<char> {
    static GBK_MAP: LazyLock<Vec<u8>> =
        LazyLock::new(|| alipay_proto_tests::files::bytes("testdata/charsets/java-gbk.map"));
    static GB2312_MAP: LazyLock<Vec<u8>> =
        LazyLock::new(|| alipay_proto_tests::files::bytes("testdata/charsets/java-gb2312.map"));
    let map = if charset == Charset::Gb2312 {
        &GB2312_MAP
    } else {
        &GBK_MAP
    };
    if !(0x81..=0xFE).contains(&lead) || !(0x40..=0xFE).contains(&trail) {
        return None;
    }
    let at = (usize::from(lead - 0x81) * 191 + usize::from(trail - 0x40)) * 2;
    let cp = u16::from_be_bytes([map[at], map[at + 1]]);
    char::from_u32(u32::from(cp)).filter(|&c| c != '\0')
}

/// The bytes of `text` in `charset`; `Err` with the first char it cannot carry.
fn oracle_encode(charset: Charset, text: &str) -> Result<Vec<u8>, char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        out.extend(char_bytes(charset, c).ok_or(c)?);
    }
    Ok(out)
}

/// Strict decoding: UTF-8 by std; GBK and GB2312 code by code, a code read only where the JDK
/// and Python read the same char (the JDK's map and Python's reference).
fn oracle_decode(charset: Charset, bytes: &[u8]) -> Option<String> {
    if charset == Charset::Utf8 {
        return String::from_utf8(bytes.to_vec()).ok();
    }
    let mut out = String::new();
    let mut rest = bytes;
    while let Some((&lead, tail)) = rest.split_first() {
        if lead.is_ascii() {
            out.push(char::from(lead));
            rest = tail;
            continue;
        }
        let &trail = tail.first()?;
        let c = java_char(charset, lead, trail)?;
        (Reference::of(charset).get(c)? == [lead, trail]).then_some(())?;
        out.push(c);
        rest = &tail[1..];
    }
    Some(out)
}

/// Every non-ASCII char a double-byte charset carries: each lead/trail pair decoded by the
/// oracle, kept when the char encodes back to the same pair.
fn double_byte_chars(charset: Charset) -> Vec<char> {
    let (leads, trails) = match charset {
        Charset::Gb2312 => (0xA1..=0xF7u8, 0xA1..=0xFEu8),
        _ => (0x81..=0xFEu8, 0x40..=0xFEu8),
    };
    let mut chars = Vec::new();
    for lead in leads {
        for trail in trails.clone() {
            let pair = [lead, trail];
            let Some(text) = oracle_decode(charset, &pair) else {
                continue;
            };
            let mut it = text.chars();
            if let (Some(c), None) = (it.next(), it.next())
                && char_bytes(charset, c).as_deref() == Some(&pair[..])
            {
                chars.push(c);
            }
        }
    }
    chars
}

static GBK_CHARS: LazyLock<Vec<char>> = LazyLock::new(|| double_byte_chars(Charset::Gbk));
static GB2312_CHARS: LazyLock<Vec<char>> = LazyLock::new(|| double_byte_chars(Charset::Gb2312));
/// The GB2312 CJK ideographs: carried by all three charsets.
static CJK: LazyLock<Vec<char>> = LazyLock::new(|| {
    let cjk = GB2312_CHARS.iter().copied();
    cjk.filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .collect()
});

#[test]
fn the_oracle_tables_have_the_expected_sizes() {
    // Python: sum(1 for c in map(chr, range(0x80, 0x10000)) if encodes(c, 'gbk')) == 21_791,
    // less '⊕' (A892, which the JDK reads as '♁'); gb2312: 7,445, all read alike.
    assert_eq!(GBK_CHARS.len(), 21_790);
    assert_eq!(GB2312_CHARS.len(), 7_445);
    assert_eq!(CJK.len(), 6_763);
    let gbk: HashSet<char> = GBK_CHARS.iter().copied().collect();
    // GB 2312's '・' (A1A4) is not in GBK, whose A1A4 is '·'; '―' is, at A844.
    let not_in_gbk: Vec<char> = GB2312_CHARS
        .iter()
        .copied()
        .filter(|c| !gbk.contains(c))
        .collect();
    assert_eq!(not_in_gbk, ['・']);
}

// ---------------------------------------------------------------------------------------------
// Strategies.

/// A charset and a value of `strategy` for it. The three strategies are built once, not per
/// case as `prop_flat_map` would.
fn per_charset<S: Strategy + 'static>(
    strategy: impl Fn(Charset) -> S,
) -> impl Strategy<Value = (Charset, S::Value)> {
    let for_charset = |charset| (Just(charset), strategy(charset));
    prop_oneof![
        for_charset(Charset::Utf8),
        for_charset(Charset::Gbk),
        for_charset(Charset::Gb2312),
    ]
}

fn charset() -> impl Strategy<Value = Charset> {
    select(Charset::ALL.to_vec())
}

/// Printable ASCII except `"` (which the overseas family forbids).
fn ascii() -> impl Strategy<Value = char> {
    (0x20u8..=0x7E)
        .prop_filter("no \"", |&b| b != b'"')
        .prop_map(char::from)
}

fn cjk() -> impl Strategy<Value = char> {
    select(&CJK[..])
}

/// Any char `charset` carries (ASCII controls included), `"` included.
fn carried(charset: Charset) -> BoxedStrategy<char> {
    let ascii_any = (0u8..0x80).prop_map(char::from);
    match charset {
        Charset::Utf8 => prop_oneof![ascii_any, cjk(), any::<char>()].boxed(),
        Charset::Gbk => prop_oneof![ascii_any, select(&GBK_CHARS[..])].boxed(),
        Charset::Gb2312 => prop_oneof![ascii_any, select(&GB2312_CHARS[..])].boxed(),
    }
}

/// A char `charset` carries that may appear in an overseas value: no `"`, no ASCII control,
/// nothing XML cannot carry (U+FFFE and U+FFFF are refused by the validator, [`not_xml`]).
fn value_char(charset: Charset) -> BoxedStrategy<char> {
    let wide = match charset {
        Charset::Utf8 => any::<char>()
            .prop_filter("no \", control or non-XML char", |c| {
                *c != '"' && !c.is_ascii_control() && !not_xml(*c)
            })
            .boxed(),
        Charset::Gbk => select(&GBK_CHARS[..]).boxed(),
        Charset::Gb2312 => select(&GB2312_CHARS[..]).boxed(),
    };
    prop_oneof![3 => ascii(), 2 => cjk(), 1 => wide].boxed()
}

fn string_of(
    chars: BoxedStrategy<char>,
    len: std::ops::RangeInclusive<usize>,
) -> BoxedStrategy<String> {
    vec(chars, len)
        .prop_map(|chars| chars.into_iter().collect())
        .boxed()
}

/// Text for the sign round trips: arbitrary chars of the charset, or mixed ASCII and CJK.
fn sign_text(charset: Charset, max: usize) -> BoxedStrategy<String> {
    let mixed = prop_oneof![(0u8..0x80).prop_map(char::from), cjk()].boxed();
    prop_oneof![
        string_of(carried(charset), 0..=max),
        string_of(mixed, 0..=max)
    ]
    .boxed()
}

/// `bytes` with the byte at `at` XORed with `flip` (non-zero); an empty message gains a byte.
fn tamper(bytes: &[u8], at: Index, flip: u8) -> Vec<u8> {
    let mut out = bytes.to_vec();
    if out.is_empty() {
        out.push(flip);
    } else {
        out[at.index(bytes.len())] ^= flip;
    }
    out
}

/// `text` with the char at `at` (among the first `len` chars) replaced by another from
/// `alphabet`.
fn tamper_text(text: &str, len: usize, at: Index, alphabet: &str) -> String {
    let i = at.index(len);
    let mut bytes = text.as_bytes().to_vec();
    let old = bytes[i];
    let alphabet = alphabet.as_bytes();
    let pos = alphabet.iter().position(|&b| b == old).unwrap_or(0);
    bytes[i] = alphabet[(pos + 1 + at.index(alphabet.len() - 1)) % alphabet.len()];
    assert_ne!(bytes[i], old);
    String::from_utf8(bytes).expect("ASCII")
}

const HEX: &str = "0123456789abcdef";
const BASE64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn lower_hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

struct RsaKeys {
    signer: RsaSigner,
    verifier: RsaVerifier,
    /// The same public key for the other algorithm.
    other: RsaVerifier,
}

fn rsa_keys(algorithm: SignAlgorithm, other: SignAlgorithm) -> RsaKeys {
    RsaKeys {
        signer: RsaSigner::from_any(RSA_PRIVATE, algorithm).expect("test key"),
        verifier: RsaVerifier::from_any(RSA_PUBLIC, algorithm).expect("test key"),
        other: RsaVerifier::from_any(RSA_PUBLIC, other).expect("test key"),
    }
}

static RSA: LazyLock<RsaKeys> = LazyLock::new(|| rsa_keys(SignAlgorithm::Rsa, SignAlgorithm::Rsa2));
static RSA2: LazyLock<RsaKeys> =
    LazyLock::new(|| rsa_keys(SignAlgorithm::Rsa2, SignAlgorithm::Rsa));

// ---------------------------------------------------------------------------------------------
// (a) sign -> verify.

proptest! {
    #![proptest_config(config())]

    /// The charsets agree with the oracle: encode, byte_len, decode and percent-encoding round
    /// trips, for text each charset carries.
    #[test]
    fn charset_round_trips(
        (charset, text) in per_charset(|c| sign_text(c, 40)),
    ) {
        let expected = oracle_encode(charset, &text).expect("generated text is carried");
        let encoded = charset.encode(&text).expect("encodes");
        prop_assert_eq!(&*encoded, &expected[..]);
        prop_assert_eq!(charset.byte_len(&text), Ok(expected.len()));
        prop_assert_eq!(charset.decode(&encoded).expect("decodes"), text.as_str());
        let escaped = charset.percent_encode(&text).expect("encodes");
        prop_assert!(is_escaped_component(&escaped), "{}", escaped);
        prop_assert_eq!(&escaped, &oracle_escape(charset, &text));
        prop_assert_eq!(unescape(&escaped), expected);
        prop_assert_eq!(charset.percent_decode(&escaped).expect("decodes"), text);
    }

    /// MD5: the signature is lowercase hex of MD5(bytes ++ key), it verifies, and a message or
    /// signature changed in one place never does.
    #[test]
    fn md5_sign_verify_round_trip(
        (charset, text) in per_charset(|c| sign_text(c, 64)),
        // Keys by the key-text rule: visible ASCII.
        key in vec(0x21u8..=0x7E, 1..48),
        at in any::<Index>(),
        flip in 1..=255u8,
        sig_at in any::<Index>(),
    ) {
        let bytes = oracle_encode(charset, &text).expect("generated text is carried");
        let md5 = Md5Key::new(&key).expect("non-empty key");
        let signature = md5.sign(&bytes).expect("MD5 signs");
        let digest = Md5::new().chain_update(&bytes).chain_update(&key).finalize();
        prop_assert_eq!(&signature, &lower_hex(&digest));
        prop_assert_eq!(md5.verify(&bytes, &signature), Ok(()));
        prop_assert_eq!(
            md5.verify(&tamper(&bytes, at, flip), &signature),
            Err(SignError::Mismatch)
        );
        let bad = tamper_text(&signature, signature.len(), sig_at, HEX);
        prop_assert_eq!(md5.verify(&bytes, &bad), Err(SignError::Mismatch));
    }

    /// RSA (SHA1withRSA) and RSA2 (SHA256withRSA): what the private key signs, the public key
    /// verifies; a changed message, a changed signature or the other digest never verifies.
    /// Messages are short (an RSA signature costs the same for any length) to keep 10,000
    /// private-key operations affordable.
    #[test]
    fn rsa_sign_verify_round_trip(
        rsa2 in any::<bool>(),
        (charset, text) in per_charset(|c| sign_text(c, 16)),
        at in any::<Index>(),
        flip in 1..=255u8,
        sig_at in any::<Index>(),
    ) {
        let keys: &RsaKeys = if rsa2 { &RSA2 } else { &RSA };
        let bytes = oracle_encode(charset, &text).expect("generated text is carried");
        let signature = keys.signer.sign(&bytes).expect("RSA signs");
        prop_assert_eq!(signature.len(), 344); // 256 bytes of standard padded base64
        prop_assert_eq!(keys.verifier.verify(&bytes, &signature), Ok(()));
        prop_assert_eq!(
            keys.verifier.verify(&tamper(&bytes, at, flip), &signature),
            Err(SignError::Mismatch)
        );
        // Any char but the last group's changes the signature's bytes, not its length.
        let bad = tamper_text(&signature, signature.len() - 4, sig_at, BASE64);
        prop_assert_eq!(keys.verifier.verify(&bytes, &bad), Err(SignError::Mismatch));
        prop_assert_eq!(keys.other.verify(&bytes, &signature), Err(SignError::Mismatch));
    }
}

// ---------------------------------------------------------------------------------------------
// (b) typed request -> wire -> parsed params.

const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const ALNUM_UNDERSCORE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const LOWER_DIGITS: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
/// Strings of `len` chars from `alphabet` (cheaper than a regex strategy, which is parsed
/// again for every case).
fn from(alphabet: &str, len: std::ops::RangeInclusive<usize>) -> BoxedStrategy<String> {
    string_of(select(alphabet.chars().collect::<Vec<_>>()).boxed(), len)
}

/// The concatenation of the parts.
fn joined<const N: usize>(parts: [BoxedStrategy<String>; N]) -> BoxedStrategy<String> {
    parts.prop_map(|parts| parts.concat()).boxed()
}

/// `{scheme}{host}{tld}{path}{ext}` with a lowercase host and an `[a-z0-9_]` path.
fn url(scheme: &str, tld: &str, ext: &str) -> BoxedStrategy<String> {
    let lit = |text: &str| Just(text.to_owned()).boxed();
    joined([
        lit(scheme),
        from(LOWER, 1..=12),
        lit(tld),
        from("abcdefghijklmnopqrstuvwxyz0123456789_", 0..=16),
        lit(ext),
    ])
}

const COUNTRIES: &[&str] = &[
    "US", "CN", "HK", "JP", "GB", "SG", "DE", "FR", "AU", "KR", "MO",
];
const INDUSTRIES: &[&str] = &["5499", "5812", "4121", "7011", "5411", "4111"];

fn text(charset: Charset, max_chars: usize) -> BoxedStrategy<String> {
    string_of(value_char(charset), 1..=max_chars)
}

fn new_driver(operation_id: String, contact_person: String) -> TaxiDriver {
    TaxiDriver::new(TaxiDriverRequired {
        operation_id,
        contact_person,
    })
}

fn drivers(charset: Charset) -> impl Strategy<Value = Vec<TaxiDriver>> {
    let driver = (text(charset, 16), option::of(from("0123456789+ -", 1..=40)));
    (from(ALNUM, 1..=40), vec(driver, 1..=10)).prop_map(|(prefix, drivers)| {
        let drivers = drivers.into_iter().enumerate();
        drivers
            .map(|(i, (person, phone))| {
                // Unique operation IDs, as the rules require.
                let driver = new_driver(format!("{prefix}{i}"), person);
                match phone {
                    Some(phone) => driver.with_contact_way(phone),
                    None => driver,
                }
            })
            .collect()
    })
}

/// A valid `offline.maintain` request for `charset`. Char counts keep every value within its
/// byte limit in any charset (at most 4 bytes a char): 16 chars for 64 bytes, and so on.
fn offline_request(charset: Charset) -> impl Strategy<Value = Request> {
    let required = (
        text(charset, 16),
        from(ALNUM_UNDERSCORE, 1..=64),
        text(charset, 16),
        text(charset, 40),
        select(COUNTRIES),
        text(charset, 40),
        select(INDUSTRIES),
        prop_oneof![
            Just(SecondaryMerchantType::Individual),
            Just(SecondaryMerchantType::Enterprise)
        ],
        select(COUNTRIES),
        text(charset, 64),
    );
    let optional = (
        option::of(text(charset, 32)),
        option::of(text(charset, 16)),
        option::of(text(charset, 32)),
        option::of(text(charset, 16)),
        option::of(text(charset, 32)),
        option::of(from(ALNUM, 1..=64)),
        option::of(from("0123456789+()-", 1..=64)),
        option::of(joined([
            from(LOWER_DIGITS, 1..=12),
            from("@", 1..=1),
            from(LOWER, 1..=12),
            from(".", 1..=1),
            from(LOWER, 2..=3),
        ])),
        option::of(url("https://", ".com/", ".jpg")),
        option::of(url("http://", ".hk/", ".png")),
    );
    (required, optional, option::of(drivers(charset))).prop_map(
        |(
            (
                name,
                id,
                store_id,
                store_name,
                store_country,
                store_address,
                industry,
                kind,
                register_country,
                register_address,
            ),
            (
                registration_no,
                shareholder_name,
                shareholder_id,
                representative_name,
                representative_id,
                settlement_no,
                contact_no,
                contact_email,
                inside,
                outside,
            ),
            drivers,
        )| {
            let mut request = Request::new(RequestRequired {
                secondary_merchant_name: name,
                secondary_merchant_id: id,
                store_id,
                store_name,
                store_country: store_country.into(),
                store_address,
                store_industry: industry.into(),
                secondary_merchant_type: kind,
                register_country: register_country.into(),
                register_address,
            });
            request.registration_no = registration_no;
            request.shareholder_name = shareholder_name;
            request.shareholder_id = shareholder_id;
            request.representative_name = representative_name;
            request.representative_id = representative_id;
            request.settlement_no = settlement_no;
            request.contact_no = contact_no;
            request.contact_email = contact_email;
            request.internal_store_photo = inside;
            request.external_storefront_photo = outside;
            request.extend_params = drivers;
            if request.store_industry == "4121" && request.extend_params.is_none() {
                // Taxi stores must register their drivers.
                request.extend_params = Some(vec![new_driver("d1".into(), "Li".into())]);
            }
            request
        },
    )
}

/// The business params a request must travel as, in field order, from its typed values
/// (`extend_params` is compared as parsed JSON instead).
fn typed_params(request: &Request) -> Vec<(&'static str, String)> {
    let optional = |name, value: &Option<String>| value.clone().map(|v| (name, v));
    let mut params = vec![
        (
            "secondary_merchant_name",
            request.secondary_merchant_name.clone(),
        ),
        (
            "secondary_merchant_id",
            request.secondary_merchant_id.clone(),
        ),
        ("store_id", request.store_id.clone()),
        ("store_name", request.store_name.clone()),
        ("store_country", request.store_country.clone()),
        ("store_address", request.store_address.clone()),
        ("store_industry", request.store_industry.clone()),
    ];
    params.extend(optional(
        "internal_store_photo",
        &request.internal_store_photo,
    ));
    params.extend(optional(
        "external_storefront_photo",
        &request.external_storefront_photo,
    ));
    let kind = match request.secondary_merchant_type {
        SecondaryMerchantType::Individual => "INDIVIDUAL",
        SecondaryMerchantType::Enterprise => "ENTERPRISE",
        ref other => unreachable!("not generated: {other:?}"),
    };
    params.push(("secondary_merchant_type", kind.to_owned()));
    params.extend(optional("registration_no", &request.registration_no));
    params.push(("register_country", request.register_country.clone()));
    params.push(("register_address", request.register_address.clone()));
    for (name, value) in [
        ("shareholder_name", &request.shareholder_name),
        ("shareholder_id", &request.shareholder_id),
        ("representative_name", &request.representative_name),
        ("representative_id", &request.representative_id),
        ("settlement_no", &request.settlement_no),
        ("contact_no", &request.contact_no),
        ("contact_email", &request.contact_email),
    ] {
        params.extend(optional(name, value));
    }
    params
}

/// Whether `text` holds only what `encodeURIComponent` leaves (`A-Z a-z 0-9 - _ . ! ~ * ' ( )`)
/// and `%XX` escapes with uppercase hex.
fn is_escaped_component(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = |b: Option<&u8>| {
                    b.is_some_and(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b))
                };
                if !(hex(bytes.get(i + 1)) && hex(bytes.get(i + 2))) {
                    return false;
                }
                i += 3;
            }
            b if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) => i += 1,
            _ => return false,
        }
    }
    true
}

/// The percent-encoding the crate documents: ASCII by the `encodeURIComponent` set, every byte
/// of a non-ASCII char escaped (as Java's `URLEncoder` does), uppercase hex.
fn oracle_escape(charset: Charset, text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c) {
            out.push(c);
        } else {
            for byte in char_bytes(charset, c).expect("carried") {
                write!(out, "%{byte:02X}").expect("writing to a String");
            }
        }
    }
    out
}

/// Percent-unescaping of well-formed `%XX` escapes.
fn unescape(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ASCII");
            out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// A form-encoded query as `(name, value)` pairs, every part checked and decoded in `charset`.
fn wire_pairs(query: &str, charset: Charset) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for pair in query.split('&') {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("no `=` in {pair:?}"))?;
        let mut decoded = [name, value].into_iter().map(|part| {
            if !is_escaped_component(part) {
                return Err(format!("not an escaped component: {part:?}"));
            }
            oracle_decode(charset, &unescape(part))
                .ok_or_else(|| format!("not {charset}: {part:?}"))
        });
        let name = decoded.next().ok_or("name")??;
        let value = decoded.next().ok_or("value")??;
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// design.md §3.1: every pair but `sign` and `sign_type`, non-empty values, sorted by name in
/// byte order (stable), joined as `name=value` with `&`.
fn oracle_presign(pairs: &[(String, String)]) -> String {
    let mut kept: Vec<&(String, String)> = pairs
        .iter()
        .filter(|(k, v)| k != "sign" && k != "sign_type" && !v.is_empty())
        .collect();
    kept.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let kept: Vec<String> = kept.iter().map(|(k, v)| format!("{k}={v}")).collect();
    kept.join("&")
}

fn md5_client(charset: Charset) -> Client {
    let key = || Box::new(Md5Key::new(MD5_KEY).expect("MD5 test key"));
    Client::new(Config::new(PARTNER, charset), key(), key()).expect("config")
}

fn gmt8(now: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    now.to_offset(offset!(+8)).format(format).expect("formats")
}

/// Any second between 2000 and 2099.
fn instant() -> impl Strategy<Value = OffsetDateTime> {
    (946_684_800i64..4_102_444_800)
        .prop_map(|seconds| OffsetDateTime::UNIX_EPOCH + Duration::seconds(seconds))
}

proptest! {
    #![proptest_config(config())]

    /// typed request -> prepare -> GET URL and POST body -> parsed params: the same params as
    /// `prepared.params()`, carrying the typed values; the pre-sign string rebuilt from the
    /// wire alone is the one signed, and its MD5 signature verifies.
    #[test]
    fn offline_request_round_trips_through_the_wire(
        (charset, request) in per_charset(offline_request),
        now in instant(),
    ) {
        let prepared = md5_client(charset)
            .prepare::<OfflineMaintain>(&request, now)
            .map_err(|e| TestCaseError::fail(format!("valid request rejected: {e}")))?;
        let url = prepared.get_url();
        let (gateway, query) = url.split_once('?').expect("a query");
        prop_assert_eq!(gateway, alipay_proto::overseas::PRODUCTION_GATEWAY);
        let from_get = wire_pairs(query, charset).map_err(TestCaseError::fail)?;
        prop_assert_eq!(&from_get[..], prepared.params());
        let from_post = wire_pairs(prepared.post_body(), charset).map_err(TestCaseError::fail)?;
        prop_assert_eq!(&from_post, &from_get);
        // The crate's own query parser agrees.
        prop_assert_eq!(parse_query(&url, charset).expect("parses"), from_get.clone());

        // The basic params, then the typed values in field order, then `sign`.
        let value = |name: &str| {
            from_get.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
        };
        let names: Vec<&str> = from_get.iter().map(|(k, _)| k.as_str()).collect();
        let basic = ["service", "partner", "_input_charset", "sign_type", "timestamp"];
        prop_assert_eq!(&names[..5], &basic);
        prop_assert_eq!(names.last(), Some(&"sign"));
        prop_assert_eq!(value("service"), Some("alipay.overseas.secmerchant.offline.maintain"));
        prop_assert_eq!(value("partner"), Some(PARTNER));
        prop_assert_eq!(value("_input_charset"), Some(charset.as_str()));
        prop_assert_eq!(value("sign_type"), Some("MD5"));
        let timestamp = gmt8(now);
        prop_assert_eq!(value("timestamp"), Some(timestamp.as_str()));
        let business: Vec<(&str, String)> = from_get[5..from_get.len() - 1]
            .iter()
            .filter(|(k, _)| k != "extend_params")
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        prop_assert_eq!(business, typed_params(&request));
        let drivers = value("extend_params")
            .map(|json| serde_json::from_str::<Vec<TaxiDriver>>(json).expect("JSON list"));
        prop_assert_eq!(drivers, request.extend_params.clone());

        // What the wire carries is what was signed, and it verifies.
        let presign = oracle_presign(&from_get);
        prop_assert_eq!(presign.as_str(), prepared.presign());
        let signed = oracle_encode(charset, &presign).expect("encodes");
        prop_assert_eq!(&signed[..], prepared.signed_bytes());
        let key = Md5Key::new(MD5_KEY).expect("MD5 test key");
        prop_assert_eq!(key.verify(&signed, value("sign").unwrap_or_default()), Ok(()));
    }
}

// ---------------------------------------------------------------------------------------------
// (c) the validator and byte limits.

/// A byte-limited field of `offline.maintain`, set to a probe value.
#[derive(Debug, Clone, Copy)]
enum Field {
    SecondaryMerchantName,
    StoreId,
    RegistrationNo,
    RegisterAddress,
    DriverContactPerson,
}

impl Field {
    const ALL: [Field; 5] = [
        Field::SecondaryMerchantName,
        Field::StoreId,
        Field::RegistrationNo,
        Field::RegisterAddress,
        Field::DriverContactPerson,
    ];

    fn path(self) -> &'static str {
        match self {
            Self::SecondaryMerchantName => "secondary_merchant_name",
            Self::StoreId => "store_id",
            Self::RegistrationNo => "registration_no",
            Self::RegisterAddress => "register_address",
            Self::DriverContactPerson => "extend_params[0].contact_person",
        }
    }

    fn limit(self) -> usize {
        match self {
            Self::SecondaryMerchantName | Self::RegistrationNo => 128,
            Self::RegisterAddress => 256,
            _ => 64,
        }
    }

    fn required(self) -> bool {
        !matches!(self, Self::RegistrationNo)
    }

    /// A valid taxi-store registration with this field set to `value`.
    fn request_with(self, value: &str) -> Request {
        let mut request = Request::new(RequestRequired {
            secondary_merchant_name: "Mika's drive".into(),
            secondary_merchant_id: "m_1314520".into(),
            store_id: "3344".into(),
            store_name: "Mika's drive".into(),
            store_country: "US".into(),
            store_address: "3 Old Concord Rd".into(),
            store_industry: "4121".into(),
            secondary_merchant_type: SecondaryMerchantType::Enterprise,
            register_country: "US".into(),
            register_address: "3 Old Concord Rd".into(),
        })
        .with_extend_params(vec![
            new_driver("1000332".into(), "Driver Li".into()).with_contact_way("138000001232"),
        ]);
        let value = value.to_owned();
        match self {
            Self::SecondaryMerchantName => request.secondary_merchant_name = value,
            Self::StoreId => request.store_id = value,
            Self::RegistrationNo => request.registration_no = Some(value),
            Self::RegisterAddress => request.register_address = value,
            Self::DriverContactPerson => {
                if let Some(drivers) = request.extend_params.as_mut() {
                    drivers[0].contact_person = value;
                }
            }
        }
        request
    }
}

/// Strings around `limit` bytes: arbitrary Unicode, mixed ASCII/CJK/GBK-only/emoji, ASCII and
/// CJK runs sized to straddle the limit in every charset.
fn probe(limit: usize) -> BoxedStrategy<String> {
    let mixed = prop_oneof![
        4 => (0x20u8..=0x7E).prop_map(char::from),
        3 => cjk(),
        1 => select(&GBK_CHARS[..]),
        1 => Just('😀'),
        1 => Just('€'),
        1 => any::<char>(),
    ]
    .boxed();
    let ascii = (0x20u8..=0x7E).prop_map(char::from).boxed();
    prop_oneof![
        string_of(any::<char>().boxed(), 0..=limit / 2 + 8),
        string_of(mixed, 0..=limit + 8),
        string_of(ascii, limit - 8..=limit + 8),
        string_of(cjk().boxed(), limit / 3 - 4..=limit / 2 + 4),
    ]
    .boxed()
}

/// A field, a charset and a probe value, each combination's strategy built once.
fn field_probes() -> impl Strategy<Value = (Field, Charset, String)> {
    let mut options = Vec::new();
    for field in Field::ALL {
        for charset in Charset::ALL {
            options.push((Just(field), Just(charset), probe(field.limit())).boxed());
        }
    }
    proptest::strategy::Union::new(options)
}

/// What the validator must say about `value` in `field`, per the oracle: nothing, or the
/// byte problem (unencodable char, or over the limit), then `"` if present.
fn expected_reasons(field: Field, value: &str, charset: Charset) -> Vec<Reason> {
    if value.is_empty() {
        return if field.required() {
            vec![Reason::Missing]
        } else {
            Vec::new()
        };
    }
    let mut reasons = Vec::new();
    match oracle_encode(charset, value) {
        Err(ch) => reasons.push(Reason::Unencodable { ch, charset }),
        Ok(bytes) if bytes.len() > field.limit() => reasons.push(Reason::MaxBytes {
            max: field.limit(),
            actual: bytes.len(),
            charset,
        }),
        Ok(_) => {}
    }
    if value.contains('"') {
        reasons.push(Reason::ForbiddenChar { ch: '"' });
    }
    if let Some(ch) = value.chars().find(|&ch| not_xml(ch)) {
        reasons.push(Reason::ControlChar { ch });
    }
    reasons
}

/// XML 1.0's `Char` production, negated, within what a `char` can hold: C0 controls other than
/// tab, LF and CR, and U+FFFE, U+FFFF.
fn not_xml(ch: char) -> bool {
    (ch < ' ' && !matches!(ch, '\t' | '\n' | '\r')) || ch == '\u{FFFE}' || ch == '\u{FFFF}'
}

proptest! {
    #![proptest_config(config())]

    /// A byte-limited field is accepted exactly when its value is encodable in the request
    /// charset, at most `limit` bytes there, and free of `"`; otherwise the report names the
    /// field and the reason with its numbers, and `prepare` refuses it too. Accepted values
    /// travel unchanged.
    #[test]
    fn validator_accepts_exactly_the_values_within_the_byte_limit(
        (field, charset, value) in field_probes(),
    ) {
        let request = field.request_with(&value);
        let expected = expected_reasons(field, &value, charset);
        let found = match validate(&request, charset) {
            Ok(_) => Vec::new(),
            Err(report) => report.errors,
        };
        let expected: Vec<Violation> = expected
            .into_iter()
            .map(|reason| Violation { path: field.path().to_owned(), reason })
            .collect();
        prop_assert_eq!(&found, &expected);
        let within_limit = oracle_encode(charset, &value)
            .is_ok_and(|bytes| bytes.len() <= field.limit());
        let accepted = found.is_empty();
        prop_assert_eq!(
            accepted,
            within_limit
                && !value.contains('"')
                && !value.chars().any(not_xml)
                && (!value.is_empty() || !field.required())
        );

        let prepared = md5_client(charset).prepare::<OfflineMaintain>(&request, instant_2019());
        prop_assert_eq!(prepared.is_ok(), accepted);
        let top_level = !matches!(field, Field::RegistrationNo | Field::DriverContactPerson);
        if let (Ok(prepared), true) = (prepared, top_level) {
            let sent = prepared.params().iter().find(|(k, _)| k == field.path());
            prop_assert_eq!(sent.map(|(_, v)| v.as_str()), Some(value.as_str()));
        }
    }

    /// Arbitrary text in every field, in any charset: validation and `prepare` return, never
    /// panic, and agree; the charset functions never panic on arbitrary bytes or text.
    #[test]
    fn validation_and_charsets_never_panic(
        charset in charset(),
        texts in vec(string_of(any::<char>().boxed(), 0..=40), 14),
        bytes in vec(any::<u8>(), 0..64),
        query in string_of((0x20u8..=0x7E).prop_map(char::from).boxed(), 0..=40),
    ) {
        let mut request = Request::new(RequestRequired {
            secondary_merchant_name: texts[0].clone(),
            secondary_merchant_id: texts[1].clone(),
            store_id: texts[2].clone(),
            store_name: texts[3].clone(),
            store_country: texts[4].clone(),
            store_address: texts[5].clone(),
            store_industry: texts[6].clone(),
            secondary_merchant_type: SecondaryMerchantType::Individual,
            register_country: texts[7].clone(),
            register_address: texts[8].clone(),
        })
        .with_registration_no(&texts[9])
        .with_contact_no(&texts[10])
        .with_contact_email(&texts[11])
        .with_extend_params(vec![new_driver(texts[12].clone(), texts[13].clone())]);
        request.internal_store_photo = Some(texts[13].clone());
        let valid = validate(&request, charset).is_ok();
        let prepared = md5_client(charset).prepare::<OfflineMaintain>(&request, instant_2019());
        prop_assert_eq!(prepared.is_ok(), valid);

        match charset.decode(&bytes) {
            Ok(text) => {
                let expected = oracle_decode(charset, &bytes);
                prop_assert_eq!(expected.as_deref(), Some(&*text));
            }
            Err(malformed) => {
                prop_assert!(malformed.byte_offset <= bytes.len());
                prop_assert_eq!(oracle_decode(charset, &bytes), None);
            }
        }
        let _ = charset.percent_decode(&query);
        let _ = parse_query(&query, charset);
        for text in &texts {
            let encoded = charset.encode(text);
            prop_assert_eq!(encoded.is_ok(), oracle_encode(charset, text).is_ok());
            prop_assert_eq!(charset.byte_len(text).ok(), encoded.ok().map(|b| b.len()));
        }
    }
}

fn instant_2019() -> OffsetDateTime {
    time::macros::datetime!(2019-09-04 00:00:12 +8)
}
