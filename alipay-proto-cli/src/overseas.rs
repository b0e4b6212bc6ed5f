//! Overseas messages: gateway.do requests (GET URL, or POST URL + form body) and XML replies.

use alipay_proto::Family as _;
use alipay_proto::charset::Charset;
use alipay_proto::http::Method;
use alipay_proto::overseas::{
    DEFAULT_CHARSET, DecodeLimits, Exclusion, RawReply, ReadError, SIGN, SIGN_TYPE, TIMESTAMP,
    is_signature_param, presign, presign_keeping, read_params, reply_signed_pairs, request_charset,
};
use alipay_proto::service::Overseas;
use alipay_proto::sign::SignAlgorithm;

use crate::cause::{Cause, Finding};
use crate::error::InputError;
use crate::report::{Report, Subject};
use crate::search::{Keys, Variant, check};
use crate::timestamp::{SentAt, Verdict};

/// A gateway.do request as the gateway reads it: by the library's rule
/// ([`request_charset`], [`read_params`]), the one the gateway role reads requests with.
struct Request {
    method: &'static str,
    charset: Charset,
    params: Vec<(String, String)>,
    /// Set when the params as the gateway reads them ([`DEFAULT_CHARSET`]) differ from
    /// `params`: a POST whose URL lacks `_input_charset`, with a body in another charset.
    gateway_misreads: bool,
    /// Set when the gateway cannot read the request's bytes at all: `_input_charset` missing
    /// and the bytes not GBK, or one naming no charset it knows (or two that disagree). The
    /// request was read in the charset its bytes decode in, for the signature check.
    unreadable: Option<String>,
    /// The params as read with each unescaped `+` kept as a `+`, when any was sent.
    plus_literal: Option<Vec<(String, String)>>,
    refusals: Vec<String>,
    notes: Vec<String>,
}

/// Explains an overseas request: `url` (GET), or `url` plus the form `body` (POST).
///
/// # Errors
/// [`InputError`] when the URL or body does not decode, or the key does not load.
pub fn explain(
    url: &str,
    body: Option<&str>,
    keys: &Keys<'_>,
    sent_at: Option<&SentAt>,
) -> Result<Report, InputError> {
    let request = read_request(url, body)?;
    let mut findings = Vec::new();
    let mut refusals = request.refusals.clone();
    match sent_at.and_then(|sent_at| sent_at.check(value(&request.params, TIMESTAMP))) {
        Some(Verdict::Finding(finding)) => findings.push(finding),
        Some(Verdict::Note(stale)) => refusals.push(stale),
        None => {}
    }
    let mut signed = Signed::from_params(&request.params, request.charset, "explain")?;
    signed.plus_literal = request.plus_literal.clone();
    let mut report = signed.diagnose(keys, Some(request.method))?;
    if request.gateway_misreads && report.verifies {
        report.verifies = false;
        findings.push(Finding {
            code: Cause::CharsetMissingFromPostUrl,
            detail: format!(
                "the body is {} but the URL has no _input_charset: the gateway reads it as {}",
                request.charset, DEFAULT_CHARSET
            ),
        });
    }
    if let Some(detail) = request.unreadable {
        report.verifies = false;
        findings.push(Finding {
            code: Cause::CharsetUnreadable,
            detail,
        });
    }
    report.notes.extend(request.notes);
    report.refusals.extend(refusals);
    Ok(report.with_findings(findings))
}

/// Explains an overseas XML reply.
///
/// # Errors
/// [`InputError`] when the XML does not parse as a reply, or the key does not load.
pub fn verify_reply(xml: &[u8], keys: &Keys<'_>) -> Result<Report, InputError> {
    let reply =
        RawReply::parse(xml, DecodeLimits::default()).map_err(|error| InputError::Reply {
            message: error.to_string(),
        })?;
    let owned = |(name, text): (&str, &str)| (name.to_owned(), text.to_owned());
    // The library's rule for what a reply signs; `sign` and `sign_type` are added for the
    // report (the pre-sign rule drops them again).
    let mut pairs: Vec<(String, String)> =
        reply_signed_pairs(&reply).into_iter().map(owned).collect();
    let mut notes = Vec::new();
    if reply.nested().len() > 0 {
        let nested: Vec<&str> = reply.nested().collect();
        notes.push(format!(
            "children holding elements are not signed: {}",
            nested.join(", ")
        ));
    }
    pairs.extend(reply.sign().map(|sign| owned((SIGN, sign))));
    pairs.extend(reply.sign_type().map(|t| owned((SIGN_TYPE, t))));
    let signed = Signed::from_params(&pairs, reply.charset(), "verify-reply")?;
    let mut report = signed.diagnose(keys, None)?;
    report.notes.extend(notes);
    Ok(report)
}

/// The parameters of a signed message, with what they say about their signature.
struct Signed<'a> {
    command: &'static str,
    params: &'a [(String, String)],
    charset: Charset,
    algorithm: SignAlgorithm,
    signature: Option<String>,
    text: String,
    bytes: Vec<u8>,
    /// The params with every `+` sent unescaped read as a `+` (not as the gateway's space):
    /// what a signer who sent them so signed. `None` when no `+` was sent unescaped.
    plus_literal: Option<Vec<(String, String)>>,
}

impl<'a> Signed<'a> {
    fn from_params(
        params: &'a [(String, String)],
        charset: Charset,
        command: &'static str,
    ) -> Result<Self, InputError> {
        let sign_type = value(params, SIGN_TYPE).ok_or(InputError::Missing { name: SIGN_TYPE })?;
        let algorithm = SignAlgorithm::from_wire(sign_type)
            .filter(|algorithm| Overseas::allows(*algorithm))
            .ok_or_else(|| InputError::sign_type::<Overseas>(SIGN_TYPE, sign_type))?;
        let text = presign(params);
        let bytes = charset
            .encode(&text)
            .map_err(|source| InputError::Unencodable { source })?
            .into_owned();
        Ok(Self {
            plus_literal: None,
            command,
            params,
            charset,
            algorithm,
            signature: value(params, SIGN).map(str::to_owned),
            text,
            bytes,
        })
    }

    /// Verifies, and searches the mistakes when it does not.
    fn diagnose(self, keys: &Keys<'_>, method: Option<&'static str>) -> Result<Report, InputError> {
        let checked = check(
            self.algorithm,
            &self.bytes,
            self.signature.as_deref(),
            keys,
            || self.variants(),
        )?;
        let mut notes = Vec::new();
        if self.signature.is_none() {
            notes.push("the message carries no sign: nothing to verify".to_owned());
        }
        let subject = Subject {
            command: self.command,
            family: Overseas::NAME,
            method,
            algorithm: self.algorithm,
            charset: self.charset,
            params: Some(self.params.to_vec()),
            signed_text: self.text,
            signed_bytes: self.bytes,
            signature: self.signature,
        };
        let mut report = Report::new(subject, checked.loaded.as_ref(), checked.verifies)
            .with_findings(checked.findings);
        report.notes.extend(notes);
        Ok(report)
    }

    /// The signed bytes as each message mistake would have made them: each text mistake in
    /// the request charset, the right text in another charset, and each text mistake in
    /// another charset (two mistakes).
    fn variants(&self) -> Vec<Variant> {
        let mut texts = Vec::new();
        let mut add =
            |cause, detail: String, text: &str| texts.push((cause, detail, text.to_owned()));
        let with_sign_type = presign_keeping(self.params, Exclusion::SignType);
        let sign_type = self.algorithm.as_str();
        let detail = format!("the signature covers sign_type={sign_type}");
        add(Cause::SignTypeSigned, detail, &with_sign_type);
        let with_empty = presign_keeping(self.params, Exclusion::EmptyValues);
        let empty: Vec<String> = self
            .params
            .iter()
            .filter(|(k, v)| v.is_empty() && !is_signature_param(k))
            .map(|(k, _)| format!("{k}="))
            .collect();
        let detail = format!("the signature covers {}", empty.join(" "));
        add(Cause::EmptyValueSigned, detail, &with_empty);
        for (style, encoded) in self.encoded_values() {
            add(
                Cause::ValuesEncodedBeforeSigning,
                format!("values were {style} before signing"),
                &encoded,
            );
        }
        // The gateway reads a form as a Java servlet does (`parse_query`): `+` is a space.
        for (from, to, what) in [
            (
                ' ',
                '+',
                "the signature covers + where the gateway reads a space: a + was sent unescaped",
            ),
            (
                '+',
                ' ',
                "the signature covers a space where the gateway reads a + (%2B)",
            ),
        ] {
            let swap = |v: &str| v.replace(from, &to.to_string());
            add(
                Cause::PlusForSpace,
                what.into(),
                &presign(&self.map_values(swap)),
            );
            // One value at a time: the others (the timestamp's space) may be right.
            for (name, _) in self
                .params
                .iter()
                .filter(|(k, v)| v.contains(from) && !is_signature_param(k))
            {
                let one = self.map_named(name, swap);
                add(
                    Cause::PlusForSpace,
                    format!("{what} in {name}"),
                    &presign(&one),
                );
            }
        }
        if let Some(literal) = &self.plus_literal {
            add(
                Cause::PlusForSpace,
                "the signature covers the + sent unescaped, which the gateway reads as a space"
                    .into(),
                &presign(literal),
            );
        }
        let mut out = Vec::new();
        for (cause, detail, text) in texts {
            if let Ok(bytes) = self.charset.encode(&text) {
                let variant = Variant::new(cause, detail, bytes);
                out.extend(self.in_other_charsets(&text, |detail, bytes| {
                    variant.and(Cause::WrongCharset, detail, bytes)
                }));
                out.push(variant);
            }
        }
        out.extend(self.in_other_charsets(&self.text, |detail, bytes| {
            Variant::new(Cause::WrongCharset, detail, bytes)
        }));
        out
    }

    /// `text` encoded in each charset but the request's, made into variants by `make`.
    fn in_other_charsets(
        &self,
        text: &str,
        make: impl Fn(String, Vec<u8>) -> Variant,
    ) -> Vec<Variant> {
        let others = Charset::ALL
            .into_iter()
            .filter(|&other| other != self.charset);
        others
            .filter_map(|other| {
                let bytes = other.encode(text).ok()?.into_owned();
                let detail = format!(
                    "{other} bytes were signed, the message says {}",
                    self.charset
                );
                Some(make(detail, bytes))
            })
            .collect()
    }

    /// The pre-sign string with values percent-encoded in each usual style ([`ENCODERS`]),
    /// of their bytes in the request charset and in UTF-8. Styles that write the same text
    /// for these values are tried once, under the first name.
    fn encoded_values(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut charsets = vec![self.charset];
        if self.charset != Charset::Utf8 {
            charsets.push(Charset::Utf8);
        }
        for charset in charsets {
            for encoder in ENCODERS {
                // A value this charset cannot carry: no sender signed these bytes, so no
                // candidate (an empty value in its place would be a made-up one).
                let Some(encoded) = self
                    .try_map_values(|v| charset.encode(v).ok().map(|bytes| encoder.encode(&bytes)))
                else {
                    continue;
                };
                let text = presign(&encoded);
                if text != self.text && !out.iter().any(|(_, seen)| *seen == text) {
                    let of = if charset == self.charset {
                        String::new()
                    } else {
                        format!(
                            " (of their {charset} bytes, the request says {})",
                            self.charset
                        )
                    };
                    out.push((format!("percent-encoded by {}{of}", encoder.name), text));
                }
            }
        }
        out
    }

    /// The params with `f` applied to the value of `name` only.
    fn map_named(&self, name: &str, f: impl Fn(&str) -> String) -> Vec<(String, String)> {
        self.params
            .iter()
            .map(|(k, v)| (k.clone(), if k == name { f(v) } else { v.clone() }))
            .collect()
    }

    /// The params with `f` applied to every value but `sign` and `sign_type`'s; `None` when
    /// `f` gives none for one of them.
    fn try_map_values(&self, f: impl Fn(&str) -> Option<String>) -> Option<Vec<(String, String)>> {
        self.params
            .iter()
            .map(|(k, v)| {
                Some((
                    k.clone(),
                    if is_signature_param(k) {
                        v.clone()
                    } else {
                        f(v)?
                    },
                ))
            })
            .collect()
    }

    fn map_values(&self, f: impl Fn(&str) -> String) -> Vec<(String, String)> {
        self.params
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    if is_signature_param(k) {
                        v.clone()
                    } else {
                        f(v)
                    },
                )
            })
            .collect()
    }
}

/// The first value of `name`.
fn value<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn read_request(url: &str, body: Option<&str>) -> Result<Request, InputError> {
    let url = url.trim();
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let body = body.map(str::trim);
    let method = if body.is_some() {
        Method::POST
    } else {
        Method::GET
    };
    // A GET has no body: its params are all in the URL.
    let bytes = body.unwrap_or_default().as_bytes();
    let read_in = |charset| read_params(&method, query, bytes, charset);
    let mut notes = Vec::new();
    let mut gateway_misreads = false;
    let (charset, params, unreadable) = match request_charset(&method, query, bytes) {
        // The library's sentence names the charsets the gateway reads.
        Err(error @ ReadError::Charset { .. }) => {
            let read_as = readable_charset(&read_in)?;
            let detail = format!("{error}; the request was read as {read_as}");
            (
                read_as,
                read_in(read_as).map_err(input_error)?,
                Some(detail),
            )
        }
        Err(other) => return Err(input_error(other)),
        Ok(read) => match read.declared() {
            // The charset the request declares, which a POST body may declare in vain: the
            // signature is checked in it, and the gateway's reading compared.
            Some(declared) => {
                let params = read_in(declared).map_err(input_error)?;
                if declared == read.charset {
                    (declared, params, None)
                } else {
                    gateway_misreads = read_in(read.charset).map_or(true, |read| read != params);
                    if gateway_misreads {
                        (declared, params, None)
                    } else {
                        notes.push(format!(
                            "the URL has no _input_charset, so the gateway reads the body as {} (not as the body's {declared}), which reads this body alike",
                            read.charset
                        ));
                        (read.charset, params, None)
                    }
                }
            }
            None => match read_in(read.charset) {
                Ok(params) => {
                    notes.push(format!(
                        "no _input_charset: read as the gateway's default, {DEFAULT_CHARSET}"
                    ));
                    (read.charset, params, None)
                }
                Err(ReadError::Encoding { .. }) => {
                    let read_as = readable_charset(&read_in)?;
                    let detail = format!(
                        "the request names no _input_charset, so the gateway reads it as {DEFAULT_CHARSET}, and its bytes are not {DEFAULT_CHARSET} (they are {read_as}): add _input_charset={read_as}"
                    );
                    (
                        read_as,
                        read_in(read_as).map_err(input_error)?,
                        Some(detail),
                    )
                }
                Err(other) => return Err(input_error(other)),
            },
        },
    };
    // The params as a signer who sent each unescaped `+` as a `+` (not a space) signed them.
    let plus_literal = (query.contains('+') || body.is_some_and(|body| body.contains('+')))
        .then(|| {
            let literal = |text: &str| text.replace('+', "%2B");
            read_params(
                &method,
                &literal(query),
                // A GET has no body (see above).
                literal(body.unwrap_or_default()).as_bytes(),
                charset,
            )
            .ok()
        })
        .flatten();
    Ok(Request {
        method: if body.is_some() { "POST" } else { "GET" },
        charset,
        params,
        gateway_misreads,
        unreadable,
        plus_literal,
        refusals: Vec::new(),
        notes,
    })
}

/// The first of UTF-8, GBK in which the request's params decode; the UTF-8 error when none
/// does.
fn readable_charset(
    read_in: &impl Fn(Charset) -> Result<Vec<(String, String)>, ReadError>,
) -> Result<Charset, InputError> {
    for charset in [Charset::Utf8, Charset::Gbk] {
        if read_in(charset).is_ok() {
            return Ok(charset);
        }
    }
    read_in(Charset::Utf8).map_err(input_error)?;
    Ok(Charset::Utf8)
}

/// A request the library cannot read, as an input error naming where.
fn input_error(error: ReadError) -> InputError {
    let message = match &error {
        ReadError::Encoding {
            part,
            offset,
            source,
        } => format!("{} pair at byte {offset}: {source}", part.name()),
        other => other.to_string(),
    };
    InputError::Query { message }
}

/// A percent-encoder as a language's standard library writes it: the ASCII chars it leaves
/// as they are (besides letters and digits) and whether a space becomes `+`. Every one
/// writes upper-case hex.
pub struct Encoder {
    /// The function, as a developer knows it.
    pub name: &'static str,
    /// Punctuation left unencoded.
    pub safe: &'static [u8],
    /// A space is written `+` (form encoding), else `%20`.
    pub space_plus: bool,
}

/// The usual percent-encoders (sources: each language's documentation).
pub const ENCODERS: [Encoder; 7] = [
    Encoder {
        name: "JavaScript encodeURIComponent",
        safe: b"-_.!~*'()",
        space_plus: false,
    },
    Encoder {
        name: "Java URLEncoder.encode",
        safe: b".-*_",
        space_plus: true,
    },
    Encoder {
        name: "Python urllib.parse.quote",
        safe: b"_.-~/",
        space_plus: false,
    },
    Encoder {
        name: "Python urllib.parse.quote_plus",
        safe: b"_.-~",
        space_plus: true,
    },
    Encoder {
        name: "PHP urlencode",
        safe: b"-_.",
        space_plus: true,
    },
    Encoder {
        name: "PHP rawurlencode",
        safe: b"-_.~",
        space_plus: false,
    },
    Encoder {
        name: "Go url.QueryEscape",
        safe: b"-_.~",
        space_plus: true,
    },
];

impl Encoder {
    /// `bytes` encoded in this style.
    pub fn encode(&self, bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len() * 3);
        for &b in bytes {
            if b.is_ascii_alphanumeric() || self.safe.contains(&b) {
                out.push(char::from(b));
            } else if b == b' ' && self.space_plus {
                out.push('+');
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
}
