//! What a reply body is, when it is not the XML or JSON a family expects: an empty body, an
//! HTML error page, a plain-text `503`, JSON where XML was expected (or XML where JSON was).
//! Decoders check this first, so the error says what arrived, with a short redacted preview,
//! instead of a parser's complaint about byte 0.

use std::fmt;

use crate::redact;

/// The most chars of a body an error shows.
const PREVIEW_CHARS: usize = 48;

/// What kind of body arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyKind {
    /// Nothing, or only whitespace.
    Empty,
    /// An HTML page (`<!DOCTYPE html`, `<html`): a proxy's or load balancer's error page.
    Html,
    /// A JSON object or array.
    Json,
    /// XML (or any other markup that is not HTML).
    Xml,
    /// Text that is neither: `Service Unavailable`, a stack trace, ...
    PlainText,
    /// Bytes that are not text.
    Binary,
}

impl BodyKind {
    /// Sorts `bytes` by their first non-whitespace bytes (after a UTF-8 byte-order mark); text
    /// with markup or a JSON object later in it counts as XML or JSON, so that the parser
    /// names the stray text precisely.
    pub fn of(bytes: &[u8]) -> Self {
        let start = bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(bytes)
            .trim_ascii_start();
        let head = start.get(..start.len().min(16)).unwrap_or_default();
        let lower = head.to_ascii_lowercase();
        match start.first() {
            None => Self::Empty,
            Some(b'<') if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") => {
                Self::Html
            }
            Some(b'<') => Self::Xml,
            Some(b'{' | b'[') => Self::Json,
            // Text before markup: the parser says exactly what is wrong with it.
            Some(_) if start.contains(&b'<') => Self::Xml,
            Some(_) if start.contains(&b'{') => Self::Json,
            Some(_) if is_text(start) => Self::PlainText,
            Some(_) => Self::Binary,
        }
    }
}

/// Whether the first bytes look like text: UTF-8 (or GBK) without control bytes other than
/// whitespace.
fn is_text(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(64)).unwrap_or_default();
    !head
        .iter()
        .any(|&byte| byte.is_ascii_control() && !byte.is_ascii_whitespace())
}

impl fmt::Display for BodyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "an empty body",
            Self::Html => "an HTML page",
            Self::Json => "JSON",
            Self::Xml => "XML",
            Self::PlainText => "plain text",
            Self::Binary => "binary data",
        })
    }
}

/// The first [`PREVIEW_CHARS`] chars of `bytes` as text (invalid UTF-8 shown as U+FFFD),
/// with every double-quoted value replaced by its length and every digit by `#` (a reply may
/// carry personal data and IDs), whitespace runs as one space.
pub(crate) fn preview(bytes: &[u8]) -> String {
    let head = bytes
        .get(..bytes.len().min(4 * PREVIEW_CHARS))
        .unwrap_or_default();
    let masked: String = String::from_utf8_lossy(head)
        .chars()
        .map(|ch| if ch.is_ascii_digit() { '#' } else { ch })
        .collect();
    let text = redact::serde_message(&masked);
    let mut out = String::new();
    let mut last_space = false;
    for ch in text.chars() {
        let ch = match ch {
            c if c.is_whitespace() => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        };
        if ch == ' ' && last_space {
            continue;
        }
        last_space = ch == ' ';
        out.push(ch);
    }
    let out = out.trim();
    match out.char_indices().nth(PREVIEW_CHARS) {
        Some((at, _)) => format!("{}…", &out[..at]),
        None => out.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_what_gateways_and_proxies_send() {
        let cases: [(&[u8], BodyKind); 9] = [
            (b"", BodyKind::Empty),
            (b" \r\n", BodyKind::Empty),
            (
                b"<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">",
                BodyKind::Html,
            ),
            (
                b"\n<html><head><title>502 Bad Gateway</title>",
                BodyKind::Html,
            ),
            (b"<?xml version=\"1.0\"?><alipay/>", BodyKind::Xml),
            (b"{\"response\":{}}", BodyKind::Json),
            (b"Service Unavailable", BodyKind::PlainText),
            (b"\xEF\xBB\xBF<alipay/>", BodyKind::Xml),
            (b"\x00\x01\x02", BodyKind::Binary),
        ];
        for (bytes, kind) in cases {
            assert_eq!(BodyKind::of(bytes), kind, "{bytes:?}");
        }
    }

    #[test]
    fn the_preview_is_short_and_redacted() {
        let json = preview(b"{\"name\":\"Mika Li\",\"id\":\"G1234567\"}");
        assert!(
            json.starts_with("{<4 bytes redacted>:<7 bytes redacted>"),
            "{json}"
        );
        assert!(!json.contains("Mika") && !json.contains("123"), "{json}");
        assert_eq!(
            preview(b"503 Service\n\n  Unavailable"),
            "### Service Unavailable"
        );
        assert!(preview(&[b'a'; 1000]).chars().count() <= 49);
    }
}
