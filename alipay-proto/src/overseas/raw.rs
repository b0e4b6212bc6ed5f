//! The reply as parsed, before any typing: the texts of `<alipay>`'s children, the request
//! echo and the `<response><alipay>` leaves (the documented reply samples).
//!
//! Every kept name and text is copied once into one buffer, and the reply holds spans of it:
//! a reply costs the same two allocations however many leaves it has.

use std::collections::HashSet;
use std::fmt;

use super::error::{DecodeError, DecodeErrorKind};
use super::xml::{self, DecodeLimits, Element};
use crate::body::BodyKind;
use crate::charset::Charset;
use crate::redact;

/// A gateway.do reply as parsed: every text kept as received, nothing verified or typed.
///
/// `is_success`, `error`, `sign` and `sign_type` are trimmed of surrounding ASCII whitespace
/// (they are codes); the request echo and the response leaves are kept verbatim, untrimmed.
/// The texts are read through its methods, borrowed from one buffer.
///
/// Its `Debug` is bounded and redacted: the charset, the codes (`is_success`, `error`,
/// `sign_type`), the names of the response leaves and the number of echoed params, never a
/// value (replies carry legal names, ID numbers, phone numbers and e-mail addresses).
#[derive(Clone, PartialEq, Eq)]
pub struct RawReply {
    charset: Charset,
    /// Every kept name and text, back to back: the spans below index it.
    text: String,
    is_success: Span,
    error: Option<Span>,
    /// The request echo, then the response leaves: `(name, text)`, each in document order.
    pairs: Vec<(Span, Span)>,
    /// How many of `pairs` are the request echo.
    echoed: usize,
    has_response: bool,
    nested: Vec<Span>,
    sign: Option<Span>,
    sign_type: Option<Span>,
    sign_offset: usize,
    response_offset: usize,
}

/// Where one text lies in [`RawReply::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

impl RawReply {
    /// Parses reply bytes with the given limits. This checks the XML and the reply shape
    /// only: no signature, no typing.
    ///
    /// # Errors
    /// [`DecodeError`] with the byte offset of the first problem.
    pub fn parse(bytes: &[u8], limits: DecodeLimits) -> Result<Self, DecodeError> {
        match BodyKind::of(bytes) {
            // A body over the limit is refused as such, whatever it is.
            _ if bytes.len() > limits.max_bytes => {}
            BodyKind::Xml => {}
            found => {
                let preview = crate::body::preview(bytes);
                return Err(DecodeError::at(
                    0,
                    DecodeErrorKind::NotXml { found, preview },
                ));
            }
        }
        let document = xml::parse(bytes, limits)?;
        from_root(document.charset, document.root(), bytes.len())
    }

    /// The charset the XML declared (UTF-8 when it declared none).
    pub fn charset(&self) -> Charset {
        self.charset
    }

    /// `<is_success>`: `T` or `F`.
    pub fn is_success(&self) -> &str {
        self.get(self.is_success)
    }

    /// Whether `is_success` is `T`.
    pub fn succeeded(&self) -> bool {
        self.is_success() == "T"
    }

    /// `<error>`, the failure code.
    pub fn error(&self) -> Option<&str> {
        self.error.map(|span| self.get(span))
    }

    /// `<request>`: each `<param name="…">text</param>` as `(name, text)`, in order,
    /// duplicates and stray spaces kept (the documented samples have both). It is never
    /// signed.
    pub fn request(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone {
        // `echoed` counts pairs pushed before the response's: never past the end.
        self.pairs_of(self.pairs.get(..self.echoed).unwrap_or_default())
    }

    /// Whether the reply has a `<response>` element.
    pub fn has_response(&self) -> bool {
        self.has_response
    }

    /// The leaf children of `<response><alipay>` as `(name, text)`, in order.
    pub fn response(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone {
        // As above: `echoed` is never past the end.
        self.pairs_of(self.pairs.get(self.echoed..).unwrap_or_default())
    }

    /// Names of the children of `<response><alipay>` that themselves hold elements: not part
    /// of the typed payload, nor of the signed text.
    pub fn nested(&self) -> impl ExactSizeIterator<Item = &str> + Clone {
        self.nested.iter().map(|&span| self.get(span))
    }

    /// `<sign>`.
    pub fn sign(&self) -> Option<&str> {
        self.sign.map(|span| self.get(span))
    }

    /// `<sign_type>`.
    pub fn sign_type(&self) -> Option<&str> {
        self.sign_type.map(|span| self.get(span))
    }

    /// Byte offset of the `<sign>` start tag (of the root when there is none).
    pub fn sign_offset(&self) -> usize {
        self.sign_offset
    }

    /// Byte offset of `<response><alipay>` (of the root when there is none).
    pub fn response_offset(&self) -> usize {
        self.response_offset
    }

    /// The same reply with `<sign>` and `<sign_type>` replaced: for tools and tests that
    /// re-sign a parsed reply and check it again.
    #[must_use]
    pub fn with_sign(mut self, sign: &str, sign_type: &str) -> Self {
        let mut out = Builder { text: self.text };
        self.sign = Some(out.push(sign));
        self.sign_type = Some(out.push(sign_type));
        self.text = out.text;
        self
    }

    fn get(&self, span: Span) -> &str {
        // Every span was cut from `text` as it was written, on char boundaries.
        self.text.get(span.start..span.end).unwrap_or_default()
    }

    fn pairs_of<'r>(
        &'r self,
        pairs: &'r [(Span, Span)],
    ) -> impl ExactSizeIterator<Item = (&'r str, &'r str)> + Clone {
        pairs
            .iter()
            .map(|&(name, text)| (self.get(name), self.get(text)))
    }
}

impl fmt::Debug for RawReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_redacted(f, "RawReply")
    }
}

impl RawReply {
    /// The bounded, redacted `Debug` form (see [`RawReply`]) under the type name `name`.
    pub(crate) fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
        /// The most leaf names listed.
        const MAX_LEAVES: usize = 32;
        let leaves: Vec<String> = (self.response().take(MAX_LEAVES))
            .map(|(name, _)| redact::name(name))
            .collect();
        f.debug_struct(name)
            .field("charset", &self.charset)
            .field("is_success", &redact::name(self.is_success()))
            .field("error", &self.error().map(redact::name))
            .field("sign_type", &self.sign_type().map(redact::name))
            .field("leaves", &leaves)
            .field("leaf_count", &self.response().len())
            .field("echoed_params", &self.echoed)
            .finish_non_exhaustive()
    }
}

/// Copies the kept texts into one buffer as the reply is read.
struct Builder {
    text: String,
}

impl Builder {
    fn push(&mut self, text: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(text);
        Span {
            start,
            end: self.text.len(),
        }
    }

    /// An element's text, trimmed of ASCII whitespace (a code).
    fn trimmed(&mut self, element: Element<'_>) -> Span {
        self.push(
            element
                .text()
                .trim_matches(|c: char| c.is_ascii_whitespace()),
        )
    }
}

fn from_root(charset: Charset, root: Element<'_>, len: usize) -> Result<RawReply, DecodeError> {
    if root.name() != "alipay" {
        return Err(DecodeError::at(
            root.offset(),
            DecodeErrorKind::UnexpectedRoot {
                name: root.name().to_owned(),
            },
        ));
    }
    let is_success = single(root, "is_success")?.ok_or(DecodeError::at(
        root.offset(),
        DecodeErrorKind::Missing {
            element: "is_success",
        },
    ))?;
    let response = single(root, "response")?;
    let response_alipay = match response {
        Some(response) => single(response, "alipay")?,
        None => None,
    };
    let (sign, error) = (single(root, "sign")?, single(root, "error")?);
    let request = single(root, "request")?;
    // The kept texts are at most about as long as the input that holds them.
    let mut out = Builder {
        text: String::with_capacity(len),
    };
    let mut pairs = Vec::new();
    echo(request, &mut out, &mut pairs)?;
    let echoed = pairs.len();
    leaves(response_alipay, &mut out, &mut pairs)?;
    let sign_type = single(root, "sign_type")?;
    Ok(RawReply {
        charset,
        is_success: out.trimmed(is_success),
        error: error.map(|e| out.trimmed(e)),
        echoed,
        has_response: response.is_some(),
        nested: nested(response_alipay, &mut out),
        sign: sign.map(|e| out.trimmed(e)),
        sign_type: sign_type.map(|e| out.trimmed(e)),
        sign_offset: sign.map_or(root.offset(), |e| e.offset()),
        response_offset: response_alipay.map_or(root.offset(), |e| e.offset()),
        text: out.text,
        pairs,
    })
}

/// The only child named `name`, if any.
fn single<'d>(parent: Element<'d>, name: &str) -> Result<Option<Element<'d>>, DecodeError> {
    let mut found = parent.children().filter(|c| c.name() == name);
    let first = found.next();
    match found.next() {
        Some(again) => Err(DecodeError::at(
            again.offset(),
            DecodeErrorKind::Duplicate {
                element: name.to_owned(),
            },
        )),
        None => Ok(first),
    }
}

fn echo(
    request: Option<Element<'_>>,
    out: &mut Builder,
    pairs: &mut Vec<(Span, Span)>,
) -> Result<(), DecodeError> {
    let Some(request) = request else {
        return Ok(());
    };
    for param in request.children().filter(|c| c.name() == "param") {
        let Some(name) = param.attr("name") else {
            return Err(DecodeError::at(
                param.offset(),
                DecodeErrorKind::ParamWithoutName,
            ));
        };
        pairs.push((out.push(name), out.push(param.text())));
    }
    Ok(())
}

fn leaves(
    alipay: Option<Element<'_>>,
    out: &mut Builder,
    pairs: &mut Vec<(Span, Span)>,
) -> Result<(), DecodeError> {
    let Some(alipay) = alipay else {
        return Ok(());
    };
    let leaves: Vec<Element<'_>> = alipay.children().filter(Element::is_leaf).collect();
    if let Some(again) = first_repeat(&leaves) {
        return Err(DecodeError::at(
            again.offset(),
            DecodeErrorKind::Duplicate {
                element: again.name().to_owned(),
            },
        ));
    }
    pairs.reserve(leaves.len());
    for leaf in leaves {
        pairs.push((out.push(leaf.name()), out.push(leaf.text())));
    }
    Ok(())
}

/// Above this many leaves the repeat check hashes the names instead of scanning them, so a
/// hostile reply of many leaves costs linear time.
const SCAN_LEAVES: usize = 32;

/// The first element, in document order, whose name an earlier one has.
fn first_repeat<'d>(elements: &[Element<'d>]) -> Option<Element<'d>> {
    let names: Vec<&str> = elements.iter().map(Element::name).collect();
    let at = if names.len() > SCAN_LEAVES {
        let mut seen = HashSet::new();
        names.iter().position(|name| !seen.insert(name))
    } else {
        // `i` comes from enumerating `names`: always in range.
        let earlier = |i: usize| names.get(..i).unwrap_or_default();
        (names.iter().enumerate()).position(|(i, name)| earlier(i).contains(name))
    };
    elements.get(at?).copied()
}

fn nested(alipay: Option<Element<'_>>, out: &mut Builder) -> Vec<Span> {
    alipay.map_or_else(Vec::new, |alipay| {
        let inner = alipay.children().filter(|c| !c.is_leaf());
        inner.map(|c| out.push(c.name())).collect()
    })
}
/// A reply whose signature did not verify, kept for whoever must inspect it.
///
/// Its `Debug` is bounded and redacted: the charset, the codes (`is_success`, `error`,
/// `sign_type`), the names of the response leaves and the number of echoed params, never a
/// value (replies carry legal names, ID numbers, phone numbers and e-mail addresses). The
/// parsed texts are reachable through [`Unverified::reply`] only.
#[derive(Clone, PartialEq, Eq)]
pub struct Unverified(Box<RawReply>);

impl Unverified {
    pub(crate) fn new(reply: RawReply) -> Self {
        Self(Box::new(reply))
    }

    /// The reply as parsed, every text included. Not authenticated: do not act on it, and
    /// mind the personal data in it before logging it.
    pub fn reply(&self) -> &RawReply {
        &self.0
    }
}

impl fmt::Debug for Unverified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_redacted(f, "Unverified")
    }
}
