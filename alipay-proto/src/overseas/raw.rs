//! The reply as parsed, before any typing: the texts of `<alipay>`'s children, the request
//! echo and the `<response><alipay>` leaves (the documented reply samples).

use super::error::{DecodeError, DecodeErrorKind};
use super::xml::{self, DecodeLimits, Element};
use crate::charset::Charset;

/// A gateway.do reply as parsed: every text kept as received, nothing verified or typed.
///
/// `is_success`, `error`, `sign` and `sign_type` are trimmed of surrounding ASCII whitespace
/// (they are codes); the request echo and the response leaves are kept verbatim, untrimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawReply {
    /// The charset the XML declared (UTF-8 when it declared none).
    pub charset: Charset,
    /// `<is_success>`: `T` or `F`.
    pub is_success: String,
    /// `<error>`, the failure code.
    pub error: Option<String>,
    /// `<request>`: each `<param name="…">text</param>` as `(name, text)`, in order,
    /// duplicates and stray spaces kept (the documented samples have both).
    pub request: Vec<(String, String)>,
    /// Whether the reply has a `<response>` element.
    pub has_response: bool,
    /// The leaf children of `<response><alipay>` as `(name, text)`, in order.
    pub response: Vec<(String, String)>,
    /// Names of the children of `<response><alipay>` that themselves hold elements: not part
    /// of the typed payload, nor of the signed text.
    pub nested: Vec<String>,
    /// `<sign>`.
    pub sign: Option<String>,
    /// `<sign_type>`.
    pub sign_type: Option<String>,
    /// Byte offset of the `<sign>` start tag (of the root when there is none).
    pub sign_offset: usize,
    /// Byte offset of `<response><alipay>` (of the root when there is none).
    pub response_offset: usize,
}

impl RawReply {
    /// Parses reply bytes with the given limits. This checks the XML and the reply shape
    /// only: no signature, no typing.
    ///
    /// # Errors
    /// [`DecodeError`] with the byte offset of the first problem.
    pub fn parse(bytes: &[u8], limits: DecodeLimits) -> Result<Self, DecodeError> {
        let document = xml::parse(bytes, limits)?;
        from_root(document.charset, document.root())
    }

    /// Whether `is_success` is `T`.
    pub fn succeeded(&self) -> bool {
        self.is_success == "T"
    }
}

fn from_root(charset: Charset, root: Element<'_>) -> Result<RawReply, DecodeError> {
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
    let sign = single(root, "sign")?;
    Ok(RawReply {
        charset,
        is_success: trimmed(is_success),
        error: single(root, "error")?.map(trimmed),
        request: echo(single(root, "request")?)?,
        has_response: response.is_some(),
        response: leaves(response_alipay)?,
        nested: nested(response_alipay),
        sign: sign.map(trimmed),
        sign_type: single(root, "sign_type")?.map(trimmed),
        sign_offset: sign.map_or(root.offset(), |e| e.offset()),
        response_offset: response_alipay.map_or(root.offset(), |e| e.offset()),
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

fn trimmed(element: Element<'_>) -> String {
    element
        .text()
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .to_owned()
}

fn echo(request: Option<Element<'_>>) -> Result<Vec<(String, String)>, DecodeError> {
    let Some(request) = request else {
        return Ok(Vec::new());
    };
    let params = request.children().filter(|c| c.name() == "param");
    let mut out = Vec::with_capacity(params.clone().count());
    for param in params {
        let Some(name) = param.attr("name") else {
            return Err(DecodeError::at(
                param.offset(),
                DecodeErrorKind::ParamWithoutName,
            ));
        };
        out.push((name.to_owned(), param.text().to_owned()));
    }
    Ok(out)
}

fn leaves(alipay: Option<Element<'_>>) -> Result<Vec<(String, String)>, DecodeError> {
    let Some(alipay) = alipay else {
        return Ok(Vec::new());
    };
    let leaves = alipay.children().filter(Element::is_leaf);
    let mut out: Vec<(String, String)> = Vec::with_capacity(leaves.clone().count());
    for leaf in leaves {
        if out.iter().any(|(name, _)| name == leaf.name()) {
            return Err(DecodeError::at(
                leaf.offset(),
                DecodeErrorKind::Duplicate {
                    element: leaf.name().to_owned(),
                },
            ));
        }
        out.push((leaf.name().to_owned(), leaf.text().to_owned()));
    }
    Ok(out)
}

fn nested(alipay: Option<Element<'_>>) -> Vec<String> {
    alipay.map_or_else(Vec::new, |alipay| {
        let inner = alipay.children().filter(|c| !c.is_leaf());
        inner.map(|c| c.name().to_owned()).collect()
    })
}
