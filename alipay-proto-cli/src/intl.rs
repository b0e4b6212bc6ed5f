//! Intl messages: the JSON envelope, signed over the exact text of its `request` (or
//! `response`) value.

use std::io;

use alipay_proto::Family as _;
use alipay_proto::charset::Charset;
use alipay_proto::intl::{DEFAULT_MAX_REPLY_BYTES, DEFAULT_SIGN_ALGORITHM, RawReply};
use alipay_proto::service::Intl;
use alipay_proto::sign::SignAlgorithm;
use serde::Deserialize;
use serde_json::ser::Formatter;
use serde_json::value::RawValue;

use crate::cause::Cause;
use crate::error::InputError;
use crate::report::{Report, Subject};
use crate::search::{Keys, Variant, check};

/// A request envelope, borrowing the exact request text.
#[derive(Deserialize)]
struct RequestEnvelope<'a> {
    #[serde(borrow)]
    request: &'a RawValue,
    signature: Option<String>,
}

/// Explains an intl request body `{"request":…,"signature":…}`.
///
/// # Errors
/// [`InputError`] when the body is not such an envelope, or the key does not load.
pub fn explain(body: &str, keys: &Keys<'_>) -> Result<Report, InputError> {
    let envelope: RequestEnvelope<'_> = serde_json::from_str(body).map_err(json_error)?;
    let text = envelope.request.get();
    diagnose(
        "explain",
        text,
        algorithm_of(text)?,
        envelope.signature,
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

fn json_error(error: serde_json::Error) -> InputError {
    InputError::Json {
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    }
}

/// The algorithm: the head's `signType` if any (RSA or RSA2), else RSA2.
fn algorithm_of(text: &str) -> Result<SignAlgorithm, InputError> {
    #[derive(Deserialize)]
    struct Message {
        head: Option<Head>,
    }
    #[derive(Deserialize)]
    struct Head {
        #[serde(rename = "signType")]
        sign_type: Option<String>,
    }
    let message: Message = serde_json::from_str(text).map_err(json_error)?;
    match message.head.and_then(|head| head.sign_type) {
        None => Ok(DEFAULT_SIGN_ALGORITHM),
        Some(name) => SignAlgorithm::from_wire(&name)
            .filter(|algorithm| Intl::allows(*algorithm))
            .ok_or(InputError::SignType { found: name }),
    }
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
        charset: Charset::Utf8,
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

/// The text as the usual re-serializations write it: compact or pretty in the original key
/// order, Python's `json.dumps` default, and compact with the keys sorted (a parsed map
/// written back).
fn reserialized(text: &str) -> Vec<Variant> {
    let mut out = Vec::new();
    let mut add = |detail: &str, written: Option<Vec<u8>>| {
        if let Some(bytes) = written.filter(|bytes| bytes != text.as_bytes()) {
            out.push(Variant::new(Cause::RequestReserialized, detail, bytes));
        }
    };
    let compact = transcode(text, |out| serde_json::Serializer::new(out));
    add("signed compact JSON, sent other text", compact);
    let pretty = transcode(text, |out| serde_json::Serializer::pretty(out));
    add("signed pretty-printed JSON, sent other text", pretty);
    let python = transcode(text, |out| {
        serde_json::Serializer::with_formatter(out, PythonDumps)
    });
    add(
        "signed Python json.dumps text (\\u escapes, \", \" and \": \"), sent other text",
        python,
    );
    let sorted = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|value| serde_json::to_vec(&value).ok());
    add("signed a re-serialized copy with sorted keys", sorted);
    out
}

/// `text` written again by the serializer `make` builds, keys in their original order.
fn transcode<F: Formatter>(
    text: &str,
    make: impl FnOnce(&mut Vec<u8>) -> serde_json::Serializer<&mut Vec<u8>, F>,
) -> Option<Vec<u8>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let mut out = Vec::new();
    serde_transcode::transcode(&mut deserializer, &mut make(&mut out)).ok()?;
    Some(out)
}

/// What Python's `json.dumps(value)` writes by default: `", "` and `": "` separators, every
/// non-ASCII char as lowercase `\uXXXX` escapes (UTF-16 units).
struct PythonDumps;

impl Formatter for PythonDumps {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.begin_array_value(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        for ch in fragment.chars() {
            if ch.is_ascii() {
                writer.write_all(&[ch as u8])?;
            } else {
                for unit in ch.encode_utf16(&mut [0; 2]) {
                    write!(writer, "\\u{unit:04x}")?;
                }
            }
        }
        Ok(())
    }
}
