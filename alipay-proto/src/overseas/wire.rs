//! The gateway.do parameter rules (the Alipay cross-border "Pre-sign string" page and the
//! services' pages): the pre-sign string, and the percent-encoded query or form text in the
//! request charset.
//!
//! These functions work on plain `(name, value)` pairs so they can be checked on their own
//! (the staged conformance vectors do exactly that) and reused for reply signatures.

use std::fmt;

use super::error::ParamDiff;
use crate::charset::{Charset, PercentDecodeError, Unencodable};

/// The parameter that carries the signature; never part of the pre-sign string.
pub const SIGN: &str = "sign";
/// The parameter that names the signature algorithm; never part of the pre-sign string.
pub const SIGN_TYPE: &str = "sign_type";
/// The charset parameter, which a POST request also carries in its URL.
pub const INPUT_CHARSET: &str = "_input_charset";

/// Builds the pre-sign string (the Alipay cross-border "Pre-sign string" page): every pair
/// except `sign` and `sign_type`, dropping empty values, sorted by key in byte order (so
/// `_input_charset` sorts first), joined as `key=value` with `&`. Values are raw, not
/// URL-encoded. Pairs with equal keys keep their relative order.
pub fn presign<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut kept: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .filter(|&(k, v)| k != SIGN && k != SIGN_TYPE && !v.is_empty())
        .collect();
    // Byte order; an inline loop beats a `memcmp` call on these short names.
    kept.sort_by(|a, b| a.0.bytes().cmp(b.0.bytes()));
    let len = kept.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    let mut out = String::with_capacity(len);
    for (i, (k, v)) in kept.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
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
    // Room for the text as it stands plus the separators; escapes grow it from there.
    let len: usize = params
        .iter()
        .map(|(k, v)| k.as_ref().len() + v.as_ref().len() + 2)
        .sum();
    let mut out = String::with_capacity(len + len / 2);
    for (i, (k, v)) in params.iter().enumerate() {
        let (k, v) = (k.as_ref(), v.as_ref());
        let fail = |source| EncodeError {
            field: k.to_owned(),
            source,
        };
        if i > 0 {
            out.push('&');
        }
        charset.percent_encode_into(k, &mut out).map_err(fail)?;
        out.push('=');
        charset.percent_encode_into(v, &mut out).map_err(fail)?;
    }
    Ok(out)
}

/// Splits a query (or a whole URL: everything up to the first `?` is skipped) into
/// percent-decoded `(name, value)` pairs in `charset`, in order, keeping duplicates and
/// keeping `+` as `+`. A pair without `=` has an empty value. Raw non-ASCII text in the
/// query is taken as it stands, which is how the documented samples print some values.
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
                    .percent_decode(s)
                    .map_err(|source| QueryError { offset, source })
            };
            pairs.push((decode(k)?, decode(v)?));
        }
        offset += pair.len() + 1;
    }
    Ok(pairs)
}

/// Compares two parameter lists as multisets of `(name, value)` pairs, ignoring order and
/// ignoring every name in `skip` (e.g. `sign`). The diff is empty when they agree.
pub fn compare_params<K1, V1, K2, V2>(
    left: &[(K1, V1)],
    right: &[(K2, V2)],
    skip: &[&str],
) -> ParamDiff
where
    K1: AsRef<str>,
    V1: AsRef<str>,
    K2: AsRef<str>,
    V2: AsRef<str>,
{
    let left = sorted_pairs(left, skip);
    let mut right = sorted_pairs(right, skip);
    let mut diff = ParamDiff::default();
    for (k, v) in left {
        if let Some(at) = right.iter().position(|(rk, rv)| *rk == k && *rv == v) {
            right.remove(at);
        } else if let Some(at) = right.iter().position(|(rk, _)| *rk == k) {
            let (_, rv) = right.remove(at);
            diff.differ.push((k, v, rv));
        } else {
            diff.only_left.push((k, v));
        }
    }
    diff.only_right = right;
    diff
}

fn sorted_pairs<K: AsRef<str>, V: AsRef<str>>(
    pairs: &[(K, V)],
    skip: &[&str],
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_ref()))
        .map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned()))
        .collect();
    out.sort();
    out
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

/// Renders pairs one per line as `name=value`, for snapshots and debugging output.
pub struct Lines<'a, K, V>(pub &'a [(K, V)]);

impl<K: AsRef<str>, V: AsRef<str>> fmt::Display for Lines<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, v) in self.0 {
            writeln!(f, "{}={}", k.as_ref(), v.as_ref())?;
        }
        Ok(())
    }
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
    fn compare_params_ignores_order_and_skipped_names() {
        let left = [("a", "1"), ("b", "2"), ("sign", "x"), ("c", "3")];
        let right = [
            ("b", "2"),
            ("a", "1"),
            ("sign", "y"),
            ("c", "4"),
            ("d", "5"),
        ];
        let diff = compare_params(&left, &right, &["sign"]);
        assert_eq!(diff.differ, [("c".into(), "3".into(), "4".into())]);
        assert_eq!(diff.only_right, [("d".into(), "5".into())]);
        assert!(diff.only_left.is_empty());
        assert!(compare_params(&left, &left, &[]).is_empty());
    }

    #[test]
    fn parse_query_round_trips_and_reports_offsets() {
        let pairs = parse_query("https://h/g?a=%D6%D0&b=+&c", Charset::Gbk).unwrap();
        assert_eq!(
            pairs,
            [
                ("a".into(), "中".into()),
                ("b".into(), "+".into()),
                ("c".into(), String::new())
            ]
        );
        let err = parse_query("a=1&b=%zz", Charset::Utf8).unwrap_err();
        assert_eq!(err.offset, 4);
    }
}
