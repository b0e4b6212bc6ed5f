//! Intl messages: the JSON envelope, signed over the exact text of its `request` (or
//! `response`) value.

use std::io;

use alipay_proto::Family as _;
use alipay_proto::intl::{
    DEFAULT_MAX_REPLY_BYTES, RawReply, RawRequest, head_sign_type, sign_algorithm,
};
use alipay_proto::service::Intl;
use alipay_proto::sign::SignAlgorithm;
use serde_json::ser::Formatter;

use crate::cause::Cause;
use crate::error::InputError;
use crate::report::{Report, Subject};
use crate::search::{Keys, Variant, check};

/// Explains an intl request body `{"request":…,"signature":…}`.
///
/// The envelope is read by the library's [`RawRequest::parse`], as the gateway role reads it.
///
/// # Errors
/// [`InputError`] when the body is not such an envelope, or the key does not load.
pub fn explain(body: &str, keys: &Keys<'_>) -> Result<Report, InputError> {
    // The gateway role's reader, with the CLI's own size cap (a reply's).
    let envelope = RawRequest::parse(body.as_bytes(), DEFAULT_MAX_REPLY_BYTES)
        .map_err(|source| InputError::Envelope { source })?;
    let text = envelope.request_text();
    diagnose(
        "explain",
        text,
        algorithm_of(text)?,
        envelope.signature().map(str::to_owned),
        keys,
    )
}

/// Explains an intl reply `{"response":…,"signature":…}`, checked with `sign_type` (what the
/// client is configured with; replies do not name it) or else as [`explain`] decides.
///
/// # Errors
/// [`InputError`] when the reply is not such an envelope, or the key does not load.
pub fn verify_reply(
    bytes: &[u8],
    sign_type: Option<SignAlgorithm>,
    keys: &Keys<'_>,
) -> Result<Report, InputError> {
    let reply =
        RawReply::parse(bytes, DEFAULT_MAX_REPLY_BYTES).map_err(|error| InputError::Reply {
            message: error.to_string(),
        })?;
    let signature = reply.signature().map(str::to_owned);
    let algorithm = match sign_type {
        Some(algorithm) => algorithm,
        None => algorithm_of(reply.response_text())?,
    };
    diagnose(
        "verify-reply",
        reply.response_text(),
        algorithm,
        signature,
        keys,
    )
}

/// The algorithm: the head's `signType` if any (RSA or RSA2), else RSA2; the library's
/// reader of the head and its rule.
fn algorithm_of(text: &str) -> Result<SignAlgorithm, InputError> {
    let name = head_sign_type(text).map_err(|source| InputError::Head { source })?;
    sign_algorithm(name.as_deref())
        .ok_or_else(|| InputError::sign_type::<Intl>("signType", name.unwrap_or_default()))
}

fn diagnose(
    command: &'static str,
    text: &str,
    algorithm: SignAlgorithm,
    signature: Option<String>,
    keys: &Keys<'_>,
) -> Result<Report, InputError> {
    let bytes = text.as_bytes();
    let checked = check(algorithm, bytes, signature.as_deref(), keys, || {
        reserialized(text)
    })?;
    let unsigned = signature.is_none();
    let subject = Subject {
        command,
        family: Intl::NAME,
        method: None,
        algorithm,
        charset: alipay_proto::intl::CHARSET,
        params: None,
        signed_text: text.to_owned(),
        signed_bytes: bytes.to_vec(),
        signature,
    };
    let mut report = Report::new(subject, checked.loaded.as_ref(), checked.verifies)
        .with_findings(checked.findings);
    if unsigned {
        report
            .notes
            .push("the message carries no signature: nothing to verify".to_owned());
    }
    Ok(report)
}

/// The text as the usual JSON writers write it again ([`WRITERS`]), keys in their original
/// order and sorted (a parsed map written back); each distinct text is tried once.
fn reserialized(text: &str) -> Vec<Variant> {
    let sorted = serde_json::from_str::<serde_json::Value>(text).ok();
    let mut out: Vec<Variant> = Vec::new();
    for writer in &WRITERS {
        let kept = transcode(text, writer);
        let sorted = sorted.as_ref().and_then(|value| {
            let mut bytes = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(&mut bytes, writer.formatter());
            serde::Serialize::serialize(value, &mut ser).ok()?;
            Some(bytes)
        });
        for (bytes, order) in [(kept, ""), (sorted, ", keys sorted")] {
            let Some(bytes) = bytes else { continue };
            if bytes == text.as_bytes() || out.iter().any(|v| v.bytes == bytes) {
                continue;
            }
            let detail = format!(
                "signed the request as {}{order}, sent other text",
                writer.name
            );
            out.push(Variant::new(Cause::RequestReserialized, detail, bytes));
        }
    }
    out
}

/// `text` written again by `writer`, keys in their original order.
fn transcode(text: &str, writer: &Writer) -> Option<Vec<u8>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, writer.formatter());
    serde_transcode::transcode(&mut deserializer, &mut ser).ok()?;
    Some(out)
}

/// Non-ASCII chars written as `\uXXXX` (UTF-16 units).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ascii {
    /// Written as they are.
    No,
    /// `\u00e9` (Python, PHP).
    Lower,
    /// `\u00E9` (Jackson's ESCAPE_NON_ASCII).
    Upper,
}

/// How a JSON library writes a value: indent, separators, escapes.
struct Writer {
    name: &'static str,
    indent: &'static [u8],
    item: &'static [u8],
    key: &'static [u8],
    ascii: Ascii,
    escape_slash: bool,
}

/// The usual writers (each as its library's defaults or documented options produce).
const WRITERS: [Writer; 11] = [
    Writer {
        name: "compact JSON (serde_json, JSON.stringify, Gson, Jackson)",
        indent: b"",
        item: b",",
        key: b":",
        ascii: Ascii::No,
        escape_slash: false,
    },
    Writer {
        name: "compact JSON with \\u escapes (Python json.dumps(separators=(',', ':')))",
        indent: b"",
        item: b",",
        key: b":",
        ascii: Ascii::Lower,
        escape_slash: false,
    },
    Writer {
        name: "Python json.dumps (', ' and ': ', \\u escapes)",
        indent: b"",
        item: b", ",
        key: b": ",
        ascii: Ascii::Lower,
        escape_slash: false,
    },
    Writer {
        name: "Python json.dumps(ensure_ascii=False)",
        indent: b"",
        item: b", ",
        key: b": ",
        ascii: Ascii::No,
        escape_slash: false,
    },
    Writer {
        name: "JSON indented by 2 (JSON.stringify(v, null, 2), serde_json pretty)",
        indent: b"  ",
        item: b",",
        key: b": ",
        ascii: Ascii::No,
        escape_slash: false,
    },
    Writer {
        name: "JSON indented by 4 (JSON.stringify(v, null, 4))",
        indent: b"    ",
        item: b",",
        key: b": ",
        ascii: Ascii::No,
        escape_slash: false,
    },
    Writer {
        name: "Python json.dumps(indent=2)",
        indent: b"  ",
        item: b",",
        key: b": ",
        ascii: Ascii::Lower,
        escape_slash: false,
    },
    Writer {
        name: "Python json.dumps(indent=4)",
        indent: b"    ",
        item: b",",
        key: b": ",
        ascii: Ascii::Lower,
        escape_slash: false,
    },
    Writer {
        name: "PHP json_encode (\\u escapes, \\/)",
        indent: b"",
        item: b",",
        key: b":",
        ascii: Ascii::Lower,
        escape_slash: true,
    },
    Writer {
        name: "PHP json_encode(JSON_PRETTY_PRINT)",
        indent: b"    ",
        item: b",",
        key: b": ",
        ascii: Ascii::Lower,
        escape_slash: true,
    },
    Writer {
        name: "compact JSON with upper-case \\u escapes (Jackson ESCAPE_NON_ASCII)",
        indent: b"",
        item: b",",
        key: b":",
        ascii: Ascii::Upper,
        escape_slash: false,
    },
];

impl Writer {
    fn formatter(&self) -> Style<'_> {
        Style {
            writer: self,
            depth: 0,
            has_value: false,
        }
    }
}

/// A [`Writer`] as a serde_json formatter.
struct Style<'a> {
    writer: &'a Writer,
    depth: usize,
    has_value: bool,
}

impl Style<'_> {
    fn newline<W: ?Sized + io::Write>(&self, out: &mut W) -> io::Result<()> {
        if self.writer.indent.is_empty() {
            return Ok(());
        }
        out.write_all(b"\n")?;
        for _ in 0..self.depth {
            out.write_all(self.writer.indent)?;
        }
        Ok(())
    }

    fn open<W: ?Sized + io::Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + io::Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(out)?;
        }
        out.write_all(bracket)
    }

    fn item<W: ?Sized + io::Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        if !first {
            out.write_all(self.writer.item)?;
        }
        self.newline(out)
    }
}

impl Formatter for Style<'_> {
    fn begin_array<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(out, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(out, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(self.writer.key)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        for ch in fragment.chars() {
            if ch == '/' && self.writer.escape_slash {
                out.write_all(b"\\/")?;
            } else if ch.is_ascii() || self.writer.ascii == Ascii::No {
                out.write_all(ch.encode_utf8(&mut [0; 4]).as_bytes())?;
            } else {
                for unit in ch.encode_utf16(&mut [0; 2]) {
                    match self.writer.ascii {
                        Ascii::Upper => write!(out, "\\u{unit:04X}")?,
                        _ => write!(out, "\\u{unit:04x}")?,
                    }
                }
            }
        }
        Ok(())
    }
}
