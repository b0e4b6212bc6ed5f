//! The gateway.do parameter rules (the Alipay cross-border "Pre-sign string" page and the
//! services' pages): the pre-sign string, and the percent-encoded query or form text in the
//! request charset.
//!
//! These functions work on plain `(name, value)` pairs so they can be checked on their own
//! (the staged conformance vectors do exactly that) and reused for reply signatures.

use std::borrow::Cow;

use crate::charset::{Charset, PercentDecodeError, Unencodable};

/// The parameter that carries the signature; never part of the pre-sign string.
pub const SIGN: &str = "sign";
/// The parameter that names the signature algorithm; never part of the pre-sign string.
pub const SIGN_TYPE: &str = "sign_type";
/// The charset parameter, which a POST request also carries in its URL.
pub const INPUT_CHARSET: &str = "_input_charset";
/// The basic param that names the service; its value is the service's wire name.
pub const SERVICE: &str = "service";
/// The basic param that carries the request time (GMT+8, [`parse_gmt8_timestamp`]).
///
/// [`parse_gmt8_timestamp`]: super::parse_gmt8_timestamp
pub const TIMESTAMP: &str = "timestamp";

/// Whether `name` is a signature param ([`SIGN`], [`SIGN_TYPE`]): one the pre-sign string never
/// covers, whose value a signer must leave as it is.
///
/// ```
/// use alipay_proto::overseas::is_signature_param;
///
/// assert!(is_signature_param("sign") && is_signature_param("sign_type"));
/// assert!(!is_signature_param("_input_charset"));
/// ```
pub fn is_signature_param(name: &str) -> bool {
    name == SIGN || name == SIGN_TYPE
}

/// Builds the pre-sign string (the Alipay cross-border "Pre-sign string" page): every pair
/// except `sign` and `sign_type`, dropping empty values, sorted by key in byte order (so
/// `_input_charset` sorts first), joined as `key=value` with `&`. Values are raw, not
/// URL-encoded. Pairs with equal keys keep their relative order.
pub fn presign<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    presign_text(params, None)
}

/// One of the exclusions of the pre-sign string ([`presign`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Exclusion {
    /// `sign_type` is left out.
    SignType,
    /// Params with empty values are left out.
    EmptyValues,
}

/// The pre-sign string with one of its exclusions lifted: `sign_type` kept in its sorted
/// place, or empty values kept as `name=`; otherwise [`presign`]'s rule. It is the text a
/// signer who made that mistake signed: `alipay-proto explain` names the mistake when it
/// reproduces a signature.
///
/// ```
/// use alipay_proto::overseas::{Exclusion, presign_keeping};
///
/// let params = [("sign_type", "MD5"), ("b", ""), ("a", "1"), ("sign", "x")];
/// assert_eq!(presign_keeping(&params, Exclusion::SignType), "a=1&sign_type=MD5");
/// assert_eq!(presign_keeping(&params, Exclusion::EmptyValues), "a=1&b=");
/// ```
pub fn presign_keeping<K: AsRef<str>, V: AsRef<str>>(
    params: &[(K, V)],
    lifted: Exclusion,
) -> String {
    presign_text(params, Some(lifted))
}

fn presign_text<K: AsRef<str>, V: AsRef<str>>(
    params: &[(K, V)],
    lifted: Option<Exclusion>,
) -> String {
    let pairs = params.iter().map(|(k, v)| (k.as_ref(), v.as_ref()));
    let kept = presign_order(pairs, str::is_empty, lifted);
    let len = kept.iter().map(|(_, k, v)| k.len() + v.len() + 2).sum();
    let mut out = String::with_capacity(len);
    for (i, (_, k, v)) in kept.into_iter().enumerate() {
        out.push_str(if i > 0 { "&" } else { "" });
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// The pairs the pre-sign string keeps, in its order: `sign`, `sign_type` and empty values
/// dropped (but the `lifted` exclusion), then a stable sort by name in byte order. Each comes
/// as `(prefix, name, value)`, `prefix` being the sort's [`name_prefix`].
fn presign_order<'p, T>(
    pairs: impl Iterator<Item = (&'p str, T)>,
    is_empty: impl Fn(T) -> bool,
    lifted: Option<Exclusion>,
) -> Vec<(u64, &'p str, T)>
where
    T: Copy,
{
    let keep_sign_type = lifted == Some(Exclusion::SignType);
    let keep_empty = lifted == Some(Exclusion::EmptyValues);
    // A capacity hint only: an iterator with no upper bound starts empty and grows.
    let mut kept = Vec::with_capacity(pairs.size_hint().1.unwrap_or_default());
    kept.extend(
        pairs
            .filter(|&(k, v)| {
                k != SIGN && (keep_sign_type || k != SIGN_TYPE) && (keep_empty || !is_empty(v))
            })
            .map(|(k, v)| (name_prefix(k), k, v)),
    );
    // Most names differ in their first eight bytes: comparing those as one number first makes
    // the sort several times cheaper than comparing the names byte by byte.
    kept.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    kept
}

/// The first eight bytes of `name` as a big-endian number, zero-padded: names in byte order
/// have prefixes in the same (non-strict) order.
fn name_prefix(name: &str) -> u64 {
    let mut prefix = [0; 8];
    let len = name.len().min(8);
    prefix[..len].copy_from_slice(&name.as_bytes()[..len]);
    u64::from_be_bytes(prefix)
}

/// Percent-encodes pairs as `k=v&k=v` in `charset` ([`Charset::percent_encode`]: ASCII by the
/// encodeURIComponent set with `%20` for a space, every byte of a non-ASCII char escaped), in
/// the order given. Empty values are sent as `k=` (they are not signed).
///
/// # Errors
/// [`EncodeError`] naming the first parameter whose name or value the charset cannot carry.
pub fn encode_pairs<K: AsRef<str>, V: AsRef<str>>(
    params: &[(K, V)],
    charset: Charset,
) -> Result<String, EncodeError> {
    Ok(Encoded::new(params, charset)?.form())
}

/// Parameters with every name and value encoded in the request charset exactly once: the
/// pre-sign bytes and the percent-encoded form are both written from these bytes. Text that is
/// already its own bytes (UTF-8, or ASCII in any charset) is borrowed, not copied.
pub(crate) struct Encoded<'p> {
    charset: Charset,
    pairs: Vec<EncodedPair<'p>>,
}

/// One parameter: its name as text (the pre-sign order sorts by it) and in the charset, and its
/// value in the charset.
struct EncodedPair<'p> {
    name: &'p str,
    name_bytes: Cow<'p, [u8]>,
    value: Cow<'p, [u8]>,
}

impl<'p> EncodedPair<'p> {
    /// A name and its value in `charset`.
    ///
    /// # Errors
    /// [`EncodeError`] naming the parameter when the charset cannot carry the name or the value.
    fn new(name: &'p str, value: &'p str, charset: Charset) -> Result<Self, EncodeError> {
        let fail = |source| EncodeError {
            field: name.to_owned(),
            source,
        };
        Ok(Self {
            name,
            name_bytes: charset.encode(name).map_err(fail)?,
            value: charset.encode(value).map_err(fail)?,
        })
    }

    /// Appends it percent-encoded as `name=value`.
    fn push_to(&self, out: &mut String, charset: Charset) {
        charset.percent_encode_bytes_into(&self.name_bytes, out);
        out.push('=');
        charset.percent_encode_bytes_into(&self.value, out);
    }

    /// Its length as `k=v&`, before any escaping.
    fn len(&self) -> usize {
        self.name_bytes.len() + self.value.len() + 2
    }
}

impl<'p> Encoded<'p> {
    /// Encodes every pair, in order.
    ///
    /// # Errors
    /// [`EncodeError`] naming the first parameter whose name or value the charset cannot carry.
    pub(crate) fn new<K: AsRef<str>, V: AsRef<str>>(
        params: &'p [(K, V)],
        charset: Charset,
    ) -> Result<Self, EncodeError> {
        let pairs = params.iter().map(|(k, v)| (k.as_ref(), v.as_ref()));
        Self::from_pairs(pairs, charset)
    }

    /// Encodes every `(name, value)` pair, in order.
    ///
    /// # Errors
    /// As [`Encoded::new`].
    pub(crate) fn from_pairs(
        params: impl ExactSizeIterator<Item = (&'p str, &'p str)>,
        charset: Charset,
    ) -> Result<Self, EncodeError> {
        let mut pairs = Vec::with_capacity(params.len());
        for (k, v) in params {
            pairs.push(EncodedPair::new(k, v, charset)?);
        }
        Ok(Self { charset, pairs })
    }

    /// The pre-sign string ([`presign`]) in the charset: the bytes that are signed.
    pub(crate) fn presign(&self) -> Vec<u8> {
        let pairs = self.pairs.iter().map(|p| (p.name, p));
        let kept = presign_order(pairs, |p| p.value.is_empty(), None);
        let len = kept.iter().map(|(_, _, p)| p.len()).sum();
        let mut out = Vec::with_capacity(len);
        for (i, (_, _, pair)) in kept.into_iter().enumerate() {
            out.extend_from_slice(if i > 0 { b"&" } else { b"" });
            out.extend_from_slice(&pair.name_bytes);
            out.push(b'=');
            out.extend_from_slice(&pair.value);
        }
        out
    }

    /// Every pair percent-encoded as `k=v&k=v`, in order, with room for `extra` more bytes.
    pub(crate) fn form_with_room(&self, extra: usize) -> String {
        let len: usize = self.pairs.iter().map(EncodedPair::len).sum();
        // Escapes grow the text from there.
        let mut out = String::with_capacity(len + len / 2 + extra);
        for (i, pair) in self.pairs.iter().enumerate() {
            out.push_str(if i > 0 { "&" } else { "" });
            pair.push_to(&mut out, self.charset);
        }
        out
    }

    /// Every pair percent-encoded as `k=v&k=v`, in order.
    pub(crate) fn form(&self) -> String {
        self.form_with_room(0)
    }
}

/// Appends `name=value` percent-encoded in `charset`.
///
/// # Errors
/// [`EncodeError`] when the charset cannot carry the name or the value.
pub(crate) fn push_pair(
    out: &mut String,
    name: &str,
    value: &str,
    charset: Charset,
) -> Result<(), EncodeError> {
    EncodedPair::new(name, value, charset)?.push_to(out, charset);
    Ok(())
}

/// Splits a query or `application/x-www-form-urlencoded` body (or a whole URL: everything up
/// to the first `?` is skipped) into `(name, value)` pairs, in order, keeping duplicates, each
/// read by [`Charset::form_decode`] as the Java gateway reads a form: `+` is a space, runs of
/// `%XX` are bytes in `charset`, and other text (raw non-ASCII, as the documented samples
/// print some values) stands for itself. A pair without `=` has an empty value.
///
/// The gateway role ([`Gateway::open`](super::gateway::Gateway::open)), the sandbox and the
/// `alipay-proto` CLI all read requests with this function.
///
/// ```
/// use alipay_proto::charset::Charset;
/// use alipay_proto::overseas::parse_query;
///
/// // As Java's URLEncoder (or PHP's urlencode) writes it: spaces as `+`.
/// let pairs = parse_query("?timestamp=2019-09-04+00%3A00%3A12&memo=a%2Bb", Charset::Utf8)?;
/// assert_eq!(pairs[0], ("timestamp".into(), "2019-09-04 00:00:12".into()));
/// assert_eq!(pairs[1], ("memo".into(), "a+b".into()));
/// # Ok::<(), alipay_proto::overseas::QueryError>(())
/// ```
///
/// # Errors
/// [`QueryError`] with the byte offset of the pair that does not decode.
pub fn parse_query(text: &str, charset: Charset) -> Result<Vec<(String, String)>, QueryError> {
    let (start, query) = match text.find('?') {
        Some(at) => (at + 1, &text[at + 1..]),
        None => (0, text),
    };
    let mut pairs = Vec::new();
    let mut offset = start;
    for pair in query.split('&') {
        if !pair.is_empty() {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| {
                charset
                    .form_decode(s)
                    .map(Cow::into_owned)
                    .map_err(|source| QueryError { offset, source })
            };
            pairs.push((decode(k)?, decode(v)?));
        }
        offset += pair.len() + 1;
    }
    Ok(pairs)
}

/// A parameter whose name or value the request charset cannot carry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parameter `{field}`: {source}")]
#[non_exhaustive]
pub struct EncodeError {
    /// The wire name of the parameter.
    pub field: String,
    /// The char that cannot be encoded, and where.
    pub source: Unencodable,
}

/// A query pair that does not percent-decode in the charset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("query pair at byte offset {offset}: {source}")]
#[non_exhaustive]
pub struct QueryError {
    /// Byte offset of the pair in the text given to [`parse_query`].
    pub offset: usize,
    /// What went wrong inside the pair.
    pub source: PercentDecodeError,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presign_sorts_drops_empty_and_sign_fields() {
        let params = [
            ("service", "s"),
            ("sign", "x"),
            ("sign_type", "MD5"),
            ("_input_charset", "UTF-8"),
            ("b", ""),
            ("a", "1 2&3"),
        ];
        assert_eq!(presign(&params), "_input_charset=UTF-8&a=1 2&3&service=s");
    }

    #[test]
    fn presign_orders_names_sharing_long_prefixes_bytewise() {
        let names = [
            "secondary_merchant_name",
            "secondary_merchant_id",
            "secondary",
            "secondar",
            "secondarz",
            "second",
            "store_name",
            "_input_charset",
            "\u{e9}t\u{e9}",
            "Z",
        ];
        let params: Vec<(&str, &str)> = names.iter().map(|&n| (n, "v")).collect();
        let mut sorted = names.to_vec();
        sorted.sort_unstable();
        let expected: Vec<String> = sorted.iter().map(|n| format!("{n}=v")).collect();
        assert_eq!(presign(&params), expected.join("&"));
    }

    #[test]
    fn presign_of_nothing_is_empty() {
        assert_eq!(presign::<&str, &str>(&[]), "");
    }

    #[test]
    fn encode_pairs_uses_charset_and_names_the_field() {
        let text = encode_pairs(&[("a", "中 文"), ("b", "x,y")], Charset::Gbk).unwrap();
        assert_eq!(text, "a=%D6%D0%20%CE%C4&b=x%2Cy");
        let err = encode_pairs(&[("name", "😀")], Charset::Gbk).unwrap_err();
        assert_eq!(err.field, "name");
        assert_eq!(err.source.ch, '😀');
    }

    #[test]
    fn parse_query_round_trips_and_reports_offsets() {
        let pairs = parse_query("https://h/g?a=%D6%D0&b=+&c&d=%2B", Charset::Gbk).unwrap();
        assert_eq!(
            pairs,
            [
                ("a".into(), "中".into()),
                ("b".into(), " ".into()),
                ("c".into(), String::new()),
                ("d".into(), "+".into()),
            ]
        );
        let err = parse_query("a=1&b=%zz", Charset::Utf8).unwrap_err();
        assert_eq!(err.offset, 4);
    }
}
