//! How gateway.do reads a request, before anything is authenticated: which charset it decodes
//! the params in, and which params it reads. The gateway role
//! ([`Gateway::open`](super::gateway::Gateway::open)) and the `alipay-proto` CLI's `explain`
//! both read requests with [`RawRequest::read`], so they cannot disagree on it.
//!
//! - **The charset is the URL's.** The gateway decodes the params in the `_input_charset` of
//!   the URL's query: for a GET that is the whole request; for a POST, a form body's own
//!   `_input_charset` does not choose how the body is read. A request whose URL names no
//!   `_input_charset` is read in [`DEFAULT_CHARSET`], GBK. Sources: the services' pages ("If
//!   you use the POST method, the request URL must state the _input_charset encoding"), and
//!   the Alipay help centre, "Which charset is used for asynchronous notifications?": "If
//!   _input_charset is not passed, the response is GBK encoded by default", and for a POST
//!   whose charset is not in the URL, "Alipay will not be able to recognize the requested
//!   character set and will use GBK for processing by default, resulting in a request error"
//!   (<https://global.alipay.com/developer/helpcenter/detail?categoryId=67617&knowId=201602456561&sceneCode=AC_DEV>).
//! - **Every `_input_charset` sent must name a charset the gateway knows** (UTF-8, GBK,
//!   GB2312, any case), and all of them (the URL's and a POST body's) the same one; otherwise
//!   the request is refused as [`ReadError::Charset`] (`ILLEGAL_CHARSET`). This is our choice
//!   where the docs are silent: a label the gateway cannot honour is refused rather than read
//!   in GBK.
//! - **The params** are read by [`parse_query`]: `+` is a space, `%XX` runs are bytes in the
//!   charset. A GET's are its query's; a POST's are its body's, followed by those of its URL
//!   query whose names the body does not have (a servlet reads both; a name in both is read
//!   once, from the body).
//!
//! `_input_charset` is a required basic param, so a request without it is refused when its
//! params are validated ([`Incoming::decode`](super::gateway::Incoming::decode)), after it is
//! read and authenticated in GBK.

use std::borrow::Cow;

use http::Method;

use super::wire::{INPUT_CHARSET, parse_query};
use crate::charset::{Charset, PercentDecodeError};

// The charset gateway.do reads a request in when its URL names no `_input_charset`: generated
// from the spec's `default_charset` (`spec/overseas/common.yaml`, sourced to the help centre).
use super::DEFAULT_CHARSET;

/// Which part of a request a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Part {
    /// The URL's query.
    Query,
    /// A POST's form body.
    Body,
}

impl Part {
    /// `URL query` or `POST body`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Query => "URL query",
            Self::Body => "POST body",
        }
    }
}

/// The charset a request is read in, and what the request says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestCharset {
    /// The charset the gateway decodes the params in: the URL's `_input_charset`, else
    /// [`DEFAULT_CHARSET`].
    pub charset: Charset,
    /// Whether the URL's query names it (`false`: [`DEFAULT_CHARSET`] was assumed).
    pub in_url: bool,
    /// The charset a POST body's own `_input_charset` names, which the gateway does not read
    /// the body in (it is [`RequestCharset::charset`] when the URL names one too).
    pub in_body: Option<Charset>,
}

impl RequestCharset {
    /// The charset the request declares: the URL's, else a POST body's own, else `None`.
    pub fn declared(&self) -> Option<Charset> {
        if self.in_url {
            Some(self.charset)
        } else {
            self.in_body
        }
    }
}

/// Decides the charset gateway.do reads a request in (see the module docs): the `method`
/// (GET or POST), the URL's `query` (the text after `?`, empty when there is none) and the
/// `body` (read for a POST only).
///
/// ```
/// use alipay_proto::charset::Charset;
/// use alipay_proto::http::Method;
/// use alipay_proto::overseas::request_charset;
///
/// // A POST whose URL has no `_input_charset`: the body is read in GBK whatever it says.
/// let read = request_charset(&Method::POST, "", b"_input_charset=UTF-8&service=s")?;
/// assert_eq!(read.charset, Charset::Gbk);
/// assert_eq!(read.declared(), Some(Charset::Utf8));
/// // In the URL, it is honoured.
/// let read = request_charset(&Method::POST, "_input_charset=utf-8", b"service=s")?;
/// assert_eq!(read.charset, Charset::Utf8);
/// # Ok::<(), alipay_proto::overseas::ReadError>(())
/// ```
///
/// # Errors
/// [`ReadError::Method`], [`ReadError::NotText`] (a POST body that is not text), or
/// [`ReadError::Charset`] for an `_input_charset` that names no known charset or disagrees
/// with another.
pub fn request_charset(
    method: &Method,
    query: &str,
    body: &[u8],
) -> Result<RequestCharset, ReadError> {
    let body = form_body(method, body)?;
    let in_url = one_charset(labels(query), None)?;
    let in_body = match body {
        Some(body) => one_charset(labels(body), in_url)?,
        None => None,
    };
    Ok(RequestCharset {
        charset: in_url.unwrap_or(DEFAULT_CHARSET),
        in_url: in_url.is_some(),
        in_body,
    })
}

/// The `_input_charset` labels of a query or form text, in order: names read as
/// [`parse_query`] reads them (a name is ASCII in every charset), values form-decoded, or as
/// sent when they do not decode.
fn labels(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    text.split('&').filter_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = Charset::Utf8.form_decode(name).ok()?;
        (name == INPUT_CHARSET).then(|| Charset::Utf8.form_decode(value).unwrap_or(value.into()))
    })
}

/// The one charset every label names (`first`: one already found elsewhere).
fn one_charset<'t>(
    labels: impl Iterator<Item = Cow<'t, str>>,
    mut first: Option<Charset>,
) -> Result<Option<Charset>, ReadError> {
    let mut found = None;
    for label in labels {
        let charset = Charset::from_label(&label).ok_or_else(|| ReadError::Charset {
            found: label.clone().into_owned(),
        })?;
        if first.is_some_and(|first| first != charset) {
            return Err(ReadError::Charset {
                found: label.into_owned(),
            });
        }
        first = Some(charset);
        found = Some(charset);
    }
    Ok(found)
}

/// A POST's body as text; `None` for a GET.
fn form_body<'b>(method: &Method, body: &'b [u8]) -> Result<Option<&'b str>, ReadError> {
    match *method {
        Method::GET => Ok(None),
        Method::POST => std::str::from_utf8(body)
            .map(Some)
            .map_err(|e| ReadError::NotText {
                offset: e.valid_up_to(),
            }),
        ref other => Err(ReadError::Method(other.to_string())),
    }
}

/// A gateway.do request as read, nothing authenticated: its charset and its params.
///
/// Its `Debug` names the method, the charset and the params' names, never a value (requests
/// carry legal names, ID numbers and phone numbers).
#[derive(Clone, PartialEq, Eq)]
pub struct RawRequest {
    method: Method,
    charset: RequestCharset,
    params: Vec<(String, String)>,
}

impl RawRequest {
    /// Reads a request as gateway.do does: the charset by [`request_charset`], the params by
    /// [`parse_query`] in it (see the module docs).
    ///
    /// ```
    /// use alipay_proto::http::Method;
    /// use alipay_proto::overseas::RawRequest;
    ///
    /// // No `_input_charset`: GBK. `%C9%BD` is 山 in GBK.
    /// let request = RawRequest::read(&Method::GET, "service=s&store_name=%C9%BD", b"")?;
    /// assert_eq!(request.param("store_name"), Some("山"));
    /// # Ok::<(), alipay_proto::overseas::ReadError>(())
    /// ```
    ///
    /// # Errors
    /// As [`request_charset`], and [`ReadError::Encoding`] for a pair that does not decode in
    /// the charset.
    pub fn read(method: &Method, query: &str, body: &[u8]) -> Result<Self, ReadError> {
        let charset = request_charset(method, query, body)?;
        let params = read_params(method, query, body, charset.charset)?;
        Ok(Self {
            method: method.clone(),
            charset,
            params,
        })
    }

    /// The method, GET or POST.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The charset the params were read in ([`RequestCharset::charset`]).
    pub fn charset(&self) -> Charset {
        self.charset.charset
    }

    /// Where the charset came from, and what a POST body says.
    pub fn request_charset(&self) -> &RequestCharset {
        &self.charset
    }

    /// The params, in the order read, `sign` and `sign_type` included.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The first value of the param `name`, if sent.
    pub fn param(&self, name: &str) -> Option<&str> {
        let mut found = self.params.iter().filter(|(k, _)| k == name);
        found.next().map(|(_, v)| v.as_str())
    }

    /// The params.
    pub fn into_params(self) -> Vec<(String, String)> {
        self.params
    }
}

impl std::fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<String> = (self.params.iter().take(64))
            .map(|(name, _)| crate::redact::name(name))
            .collect();
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("charset", &self.charset)
            .field("params", &names)
            .finish_non_exhaustive()
    }
}

/// The params of a request read in `charset` by the gateway's rule (see the module docs),
/// whatever its `_input_charset` says: [`RawRequest::read`] reads them in the charset
/// [`request_charset`] decides; a diagnosis may read them in another to show what a signer
/// who assumed it signed.
///
/// # Errors
/// [`ReadError::Method`], [`ReadError::NotText`], or [`ReadError::Encoding`] for a pair that
/// does not decode in `charset`.
pub fn read_params(
    method: &Method,
    query: &str,
    body: &[u8],
    charset: Charset,
) -> Result<Vec<(String, String)>, ReadError> {
    let body = form_body(method, body)?;
    let decode = |text: &str, part| {
        // Behind a `?`, which `parse_query` skips: a `?` inside the text is data.
        parse_query(&format!("?{text}"), charset).map_err(|error| ReadError::Encoding {
            part,
            offset: error.offset.saturating_sub(1),
            source: error.source,
        })
    };
    let url = decode(query, Part::Query)?;
    let Some(body) = body else {
        return Ok(url);
    };
    let mut params = decode(body, Part::Body)?;
    let extra: Vec<_> = url
        .into_iter()
        .filter(|(k, _)| !params.iter().any(|(name, _)| name == k))
        .collect();
    params.extend(extra);
    Ok(params)
}

/// Why gateway.do cannot read a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// Neither GET nor POST.
    #[error("HTTP method {0} is not GET or POST")]
    Method(String),
    /// The POST body is not percent-encoded text.
    #[error("the form body is not text (first bad byte at {offset})")]
    NotText {
        /// Byte offset of the first byte that is not UTF-8.
        offset: usize,
    },
    /// An `_input_charset` names no charset the gateway knows, or another than an earlier one.
    #[error("_input_charset {found:?} is not UTF-8, GBK or GB2312, or disagrees with another")]
    Charset {
        /// The label as sent.
        found: String,
    },
    /// A pair does not percent-decode in the request charset; what is wrong with it is the
    /// [`source`](std::error::Error::source).
    #[error("{} pair at byte {offset} does not decode", part.name())]
    Encoding {
        /// The query or the body.
        part: Part,
        /// Byte offset of the pair in that text.
        offset: usize,
        /// What is wrong with it.
        source: PercentDecodeError,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_charset_is_the_urls_or_gbk() {
        let read = |method: &Method, query: &str, body: &str| {
            request_charset(method, query, body.as_bytes())
                .map(|r| (r.charset, r.in_url, r.in_body))
        };
        assert_eq!(
            read(&Method::GET, "a=1&_input_charset=gbk", ""),
            Ok((Charset::Gbk, true, None))
        );
        assert_eq!(
            read(&Method::GET, "a=1", ""),
            Ok((Charset::Gbk, false, None))
        );
        // A GET's body is not read.
        assert_eq!(
            read(&Method::GET, "a=1", "_input_charset=BIG5"),
            Ok((Charset::Gbk, false, None))
        );
        assert_eq!(
            read(&Method::POST, "", "_input_charset=UTF-8"),
            Ok((Charset::Gbk, false, Some(Charset::Utf8)))
        );
        assert_eq!(
            read(
                &Method::POST,
                "_input_charset=UTF-8",
                "_input_charset=utf-8"
            ),
            Ok((Charset::Utf8, true, Some(Charset::Utf8)))
        );
        // An escaped name is the same name.
        assert_eq!(
            read(&Method::GET, "%5Finput_charset=UTF-8", ""),
            Ok((Charset::Utf8, true, None))
        );
        for (method, query, body, found) in [
            (&Method::GET, "_input_charset=latin1", "", "latin1"),
            (
                &Method::GET,
                "_input_charset=GBK&_input_charset=UTF-8",
                "",
                "UTF-8",
            ),
            (
                &Method::POST,
                "_input_charset=GBK",
                "_input_charset=UTF-8",
                "UTF-8",
            ),
            (&Method::POST, "", "_input_charset=BIG5", "BIG5"),
            (&Method::GET, "_input_charset=", "", ""),
            (&Method::GET, "_input_charset=%zz", "", "%zz"),
        ] {
            let found = found.to_owned();
            assert_eq!(
                read(method, query, body),
                Err(ReadError::Charset { found }),
                "{query} {body}"
            );
        }
        assert_eq!(
            read(&Method::PUT, "", ""),
            Err(ReadError::Method("PUT".into()))
        );
    }

    #[test]
    fn a_post_reads_its_body_then_the_url_params_it_lacks() {
        let request = RawRequest::read(
            &Method::POST,
            "_input_charset=UTF-8&service=url&extra=1",
            b"service=body&_input_charset=UTF-8&a=%E5%B1%B1+b",
        )
        .unwrap();
        let params: Vec<(&str, &str)> = request
            .params()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            params,
            [
                ("service", "body"),
                ("_input_charset", "UTF-8"),
                ("a", "山 b"),
                ("extra", "1")
            ]
        );
        let error = RawRequest::read(&Method::POST, "", b"a=%E5%B1%B1").unwrap_err();
        assert!(
            matches!(
                error,
                ReadError::Encoding {
                    part: Part::Body,
                    offset: 0,
                    ..
                }
            ),
            "{error:?}"
        );
        let error = RawRequest::read(&Method::GET, "x=1&a=%FF", b"").unwrap_err();
        assert!(
            matches!(
                error,
                ReadError::Encoding {
                    part: Part::Query,
                    offset: 4,
                    ..
                }
            ),
            "{error:?}"
        );
    }
}
