//! The sans-IO client: prepares signed requests and decodes replies; the caller's HTTP
//! client carries the bytes, and the caller passes the clock.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Method, Uri};
use time::OffsetDateTime;
use time::macros::{format_description, offset};

use super::error::{DecodeError, PrepareError};
use super::raw::RawReply;
use super::reply::Reply;
use super::reply_sign::check_reply;
use super::wire::{self, EncodeError};
use super::xml::DecodeLimits;
use super::{BasicParams, BasicParamsRequired, InputCharset, PRODUCTION_GATEWAY, SignType};
use crate::charset::Charset;
use crate::service::{Overseas, Service};
use crate::sign::{SignAlgorithm, Signer, Verifier};
use crate::validate::{self, Report, Violation, WireStruct};

/// What a client needs besides its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// The partner ID (`partner`): 16 digits starting with 2088.
    pub partner: String,
    /// The request charset (`_input_charset`).
    pub charset: Charset,
    /// The gateway URL; [`PRODUCTION_GATEWAY`] unless set.
    pub gateway: String,
    /// Limits for decoding replies.
    pub limits: DecodeLimits,
}

impl Config {
    /// A config for the production gateway with the default decode limits.
    pub fn new(partner: impl Into<String>, charset: Charset) -> Self {
        Self {
            partner: partner.into(),
            charset,
            gateway: PRODUCTION_GATEWAY.to_owned(),
            limits: DecodeLimits::default(),
        }
    }

    /// Uses another gateway, e.g. [`super::TEST_GATEWAY`] or a regional one.
    pub fn with_gateway(mut self, gateway: impl Into<String>) -> Self {
        self.gateway = gateway.into();
        self
    }

    /// Uses other decode limits.
    pub fn with_limits(mut self, limits: DecodeLimits) -> Self {
        self.limits = limits;
        self
    }
}

/// Prepares requests with a [`Signer`] and decodes replies, checking their signatures with a
/// [`Verifier`] (Alipay's public key for RSA/RSA2, the shared key for MD5).
///
/// [`Client::new`] requires the verifier; [`Client::without_reply_verification`] is the only
/// way to decode replies unchecked. Only services of the overseas family can be used with it:
///
/// ```compile_fail
/// # fn wrong(client: &alipay_proto::overseas::Client, request: &alipay_proto::intl::archive::Request) {
/// let now = alipay_proto::time::OffsetDateTime::UNIX_EPOCH;
/// let _ = client.prepare::<alipay_proto::intl::archive::Archive>(request, now);
/// # }
/// ```
pub struct Client {
    config: Config,
    signer: Box<dyn Signer + Send + Sync>,
    verifier: Option<Box<dyn Verifier + Send + Sync>>,
    /// The same for every request, so built once: the POST URL (or why the gateway is not a
    /// valid URL, reported by each `prepare`) and the GET URL's text up to the query.
    post_uri: Result<Uri, String>,
    get_prefix: String,
}

impl fmt::Debug for Client {
    /// Shows the config and the algorithms; never key material.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verifier = self.verifier.as_ref().map(|v| v.algorithm());
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("signer", &self.signer.algorithm())
            .field("verifier", &verifier)
            .finish()
    }
}

impl Client {
    /// A client that signs requests with `signer` and verifies every reply's signature with
    /// `verifier` (see [`super::check_reply`] for the policy).
    pub fn new(
        config: Config,
        signer: Box<dyn Signer + Send + Sync>,
        verifier: Box<dyn Verifier + Send + Sync>,
    ) -> Self {
        let mut client = Self::without_reply_verification(config, signer);
        client.verifier = Some(verifier);
        client
    }

    /// A client that signs requests with `signer` and does **not** check reply signatures:
    /// every decoded reply is marked [`super::SignatureStatus::NotChecked`], and anyone on the
    /// path can forge one. For tests and for replaying stored replies only.
    pub fn without_reply_verification(
        config: Config,
        signer: Box<dyn Signer + Send + Sync>,
    ) -> Self {
        let separator = if config.gateway.contains('?') {
            '&'
        } else {
            '?'
        };
        let get_prefix = format!("{}{separator}", config.gateway);
        let post_uri = wire::encode_pairs(
            &[(wire::INPUT_CHARSET, config.charset.as_str())],
            config.charset,
        )
        .map_err(|e| e.to_string())
        .and_then(|query| parse_uri(format!("{get_prefix}{query}")));
        Self {
            config,
            signer,
            verifier: None,
            post_uri,
            get_prefix,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Validates `request` (every violation, of the request and of the basic params),
    /// fills the basic params from the config and `now`, signs, and encodes.
    ///
    /// # Warnings
    /// A documented rule that a documented sample contradicts is checked as a **warning**: a
    /// request that breaks it is still prepared, and the warning is in
    /// [`Prepared::warnings`], in the `Debug` and `Display` of the [`Prepared`] value. Look at
    /// them before sending.
    ///
    /// # Errors
    /// [`PrepareError::Invalid`] with the whole report; [`PrepareError::Encode`] naming a
    /// field the charset cannot carry; [`PrepareError::Sign`]; [`PrepareError::Timestamp`];
    /// [`PrepareError::Url`] when the gateway URL is not a valid URI.
    pub fn prepare<S: Service<Family = Overseas>>(
        &self,
        request: &S::Request,
        now: OffsetDateTime,
    ) -> Result<Prepared, PrepareError> {
        let basic = self.basic_params::<S>(now)?;
        let warnings = check_all(request, &basic, self.config.charset)?;
        self.finish(&basic, request, warnings)
    }

    /// Like [`Client::prepare`] but without validation: for reproducing documented samples
    /// whose values are masked (`partner=208xxxxxxxxx8155`). Encoding and signing are the
    /// same; do not send what this prepares without checking it yourself.
    ///
    /// # Errors
    /// As [`Client::prepare`], except [`PrepareError::Invalid`].
    pub fn prepare_unchecked<S: Service<Family = Overseas>>(
        &self,
        request: &S::Request,
        now: OffsetDateTime,
    ) -> Result<Prepared, PrepareError> {
        let basic = self.basic_params::<S>(now)?;
        self.finish(&basic, request, Vec::new())
    }

    /// Parses `bytes`, applies the reply-signature policy and types the reply. A reply that
    /// decodes may still report a failed call: see [`Reply::into_result`].
    ///
    /// # Errors
    /// [`DecodeError`] with a byte offset: malformed, oversized or hostile XML, a wrong
    /// shape, a signature that is missing where required, of the wrong type or not matching,
    /// a reply that contradicts itself, or a payload that does not fit `S::Reply`.
    pub fn decode<S: Service<Family = Overseas>>(
        &self,
        bytes: &[u8],
    ) -> Result<Reply<S>, DecodeError> {
        let raw = RawReply::parse(bytes, self.config.limits)?;
        let verifier = self.verifier.as_deref().map(|v| v as &dyn Verifier);
        let signature = check_reply(&raw, verifier)?;
        Reply::from_raw(raw, signature)
    }

    fn basic_params<S: Service<Family = Overseas>>(
        &self,
        now: OffsetDateTime,
    ) -> Result<BasicParams, PrepareError> {
        Ok(BasicParams::new(BasicParamsRequired {
            service: S::NAME.to_owned(),
            partner: self.config.partner.clone(),
            input_charset: input_charset(self.config.charset),
            sign_type: sign_type(self.signer.algorithm()),
            sign: PENDING_SIGN.to_owned(),
            timestamp: gmt8_timestamp(now)?,
        }))
    }

    fn finish(
        &self,
        basic: &BasicParams,
        request: &impl WireStruct,
        warnings: Vec<Violation>,
    ) -> Result<Prepared, PrepareError> {
        let charset = self.config.charset;
        let mut params = unsigned_params(basic, request);
        let presign = wire::presign(&params);
        let signed_bytes = encode_presign(&params, &presign, charset)?;
        let signed = signed_bytes.as_deref().unwrap_or(presign.as_bytes());
        params.push((wire::SIGN, self.signer.sign(signed)?));
        let query = wire::encode_pairs(&params, charset)?;
        let mut get_url = String::with_capacity(self.get_prefix.len() + query.len());
        get_url.push_str(&self.get_prefix);
        get_url.push_str(&query);
        let get_uri = parse_uri(get_url).map_err(PrepareError::Url)?;
        Ok(Prepared {
            get_uri,
            post_uri: self.post_uri.clone().map_err(PrepareError::Url)?,
            content_type: content_type(charset),
            post_body: query,
            params,
            owned_params: OnceLock::new(),
            presign,
            signed_bytes,
            warnings,
        })
    }
}

/// Stands in for `sign` while the basic params are validated; never sent or signed.
const PENDING_SIGN: &str = "pending";

/// Validates the request and the basic params into one report.
fn check_all(
    request: &impl WireStruct,
    basic: &BasicParams,
    charset: Charset,
) -> Result<Vec<Violation>, PrepareError> {
    let mut report = Report::default();
    for result in [
        validate::validate(basic, charset),
        validate::validate(request, charset),
    ] {
        match result {
            Ok(warnings) => report.warnings.extend(warnings),
            Err(found) => {
                report.errors.extend(found.errors);
                report.warnings.extend(found.warnings);
            }
        }
    }
    if report.is_ok() {
        Ok(report.warnings)
    } else {
        Err(PrepareError::Invalid(report))
    }
}

/// The basic params (without `sign`, in their documented order) then the request's.
fn unsigned_params(basic: &BasicParams, request: &impl WireStruct) -> Vec<(&'static str, String)> {
    let (basic, request) = (basic.wire_params(), request.wire_params());
    // Room for `sign` too, which the caller pushes last.
    let mut params = Vec::with_capacity(basic.len() + request.len());
    let basic = basic.into_iter().filter(|(k, _)| *k != wire::SIGN);
    params.extend(basic.chain(request));
    params
}

/// The pre-sign bytes in `charset`, `None` when they are the string's own UTF-8 bytes; an
/// unencodable char is reported with its field.
fn encode_presign(
    params: &[(&'static str, String)],
    presign: &str,
    charset: Charset,
) -> Result<Option<Vec<u8>>, EncodeError> {
    for (k, v) in params {
        for text in [*k, v.as_str()] {
            if let Err(source) = charset.byte_len(text) {
                let field = (*k).to_owned();
                return Err(EncodeError { field, source });
            }
        }
    }
    // Every name and value encodes, and the separators are ASCII: this cannot fail.
    charset
        .encode(presign)
        .map(|bytes| match bytes {
            Cow::Borrowed(_) => None,
            Cow::Owned(bytes) => Some(bytes),
        })
        .map_err(|source| EncodeError {
            field: String::new(),
            source,
        })
}

/// `now` in GMT+8 as `yyyy-MM-dd HH:mm:ss` (the `timestamp` basic parameter).
pub fn gmt8_timestamp(now: OffsetDateTime) -> Result<String, PrepareError> {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    now.to_offset(offset!(+8))
        .format(format)
        .map_err(|e| PrepareError::Timestamp(e.to_string()))
}

fn input_charset(charset: Charset) -> InputCharset {
    match charset {
        Charset::Utf8 => InputCharset::Utf8,
        Charset::Gbk => InputCharset::Gbk,
        Charset::Gb2312 => InputCharset::Gb2312,
    }
}

fn sign_type(algorithm: SignAlgorithm) -> SignType {
    match algorithm {
        SignAlgorithm::Md5 => SignType::Md5,
        SignAlgorithm::Rsa => SignType::Rsa,
        SignAlgorithm::Rsa2 => SignType::Rsa2,
    }
}

fn parse_uri(url: String) -> Result<Uri, String> {
    Uri::try_from(url).map_err(|e| e.to_string())
}

fn content_type(charset: Charset) -> HeaderValue {
    const UTF8: HeaderValue =
        HeaderValue::from_static("application/x-www-form-urlencoded; charset=UTF-8");
    const GBK: HeaderValue =
        HeaderValue::from_static("application/x-www-form-urlencoded; charset=GBK");
    const GB2312: HeaderValue =
        HeaderValue::from_static("application/x-www-form-urlencoded; charset=GB2312");
    match charset {
        Charset::Utf8 => UTF8,
        Charset::Gbk => GBK,
        Charset::Gb2312 => GB2312,
    }
}

/// A signed request, ready to send as a GET or a POST.
///
/// Its `Debug` and `Display` show the validation warnings, if any ([`Prepared::warnings`]).
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Every name is a `'static` wire name; owned copies are made only if asked for.
    params: Vec<(&'static str, String)>,
    owned_params: OnceLock<Vec<(String, String)>>,
    presign: String,
    /// `None` when the signed bytes are the pre-sign string's own (UTF-8, or ASCII text).
    signed_bytes: Option<Vec<u8>>,
    get_uri: Uri,
    post_uri: Uri,
    post_body: String,
    content_type: HeaderValue,
    warnings: Vec<Violation>,
}

impl Prepared {
    /// Every parameter sent, `sign_type` and `sign` included: the basic params in their
    /// documented order, then the request's in field order, then `sign`. Values are raw.
    pub fn params(&self) -> &[(String, String)] {
        self.owned_params.get_or_init(|| {
            let params = self.params.iter();
            params.map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
        })
    }

    /// The pre-sign string (the Alipay cross-border "Pre-sign string" page), for debugging
    /// `ILLEGAL_SIGN`.
    pub fn presign(&self) -> &str {
        &self.presign
    }

    /// The exact bytes that were signed: the pre-sign string in the request charset.
    pub fn signed_bytes(&self) -> &[u8] {
        self.signed_bytes
            .as_deref()
            .unwrap_or(self.presign.as_bytes())
    }

    /// The `sign` value.
    pub fn sign(&self) -> &str {
        self.params.last().map_or("", |(_, v)| v.as_str())
    }

    /// Warnings from validation (rules the docs contradict): reported, not rejected.
    pub fn warnings(&self) -> &[Violation] {
        &self.warnings
    }

    /// The GET URL: the gateway with every parameter percent-encoded in the charset.
    pub fn get_url(&self) -> String {
        self.get_uri.to_string()
    }

    /// The POST URL: the gateway with `_input_charset` (the docs require it for POST).
    pub fn post_url(&self) -> String {
        self.post_uri.to_string()
    }

    /// The POST form body: every parameter percent-encoded in the charset.
    pub fn post_body(&self) -> &str {
        &self.post_body
    }

    /// The request as a GET.
    pub fn get_request(&self) -> http::Request<Vec<u8>> {
        let mut request = http::Request::new(Vec::new());
        *request.method_mut() = Method::GET;
        *request.uri_mut() = self.get_uri.clone();
        request
    }

    /// The request as a POST form (`application/x-www-form-urlencoded; charset=…`).
    pub fn post_request(&self) -> http::Request<Vec<u8>> {
        let mut request = http::Request::new(self.post_body.clone().into_bytes());
        *request.method_mut() = Method::POST;
        *request.uri_mut() = self.post_uri.clone();
        request
            .headers_mut()
            .insert(CONTENT_TYPE, self.content_type.clone());
        request
    }
}

impl fmt::Display for Prepared {
    /// The service and signature type, then one line per validation warning. Values are not
    /// shown: they may hold personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let param = |name: &str| {
            let found = self.params.iter().find(|(k, _)| *k == name);
            found.map_or("", |(_, v)| v.as_str())
        };
        write!(
            f,
            "{} request signed with {} ({} params)",
            param("service"),
            param(wire::SIGN_TYPE),
            self.params.len()
        )?;
        crate::validate::write_warnings(f, &self.warnings)
    }
}
