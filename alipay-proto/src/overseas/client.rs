//! The sans-IO client: prepares signed requests and decodes replies; the caller's HTTP
//! client carries the bytes, and the caller passes the clock.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Method, Uri};
use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::macros::{format_description, offset};

use super::error::{DecodeError, PrepareError};
use super::raw::RawReply;
use super::reply::Reply;
use super::reply_sign::check_reply;
use super::wire;
use super::xml::DecodeLimits;
use super::{BasicParams, BasicParamsRequired, InputCharset, Profile};
use crate::charset::Charset;
use crate::config::{ConfigError, check_not_own_key};
use crate::service::{Overseas, Service};
use crate::sign::{SignAlgorithm, Signer, Verifier};
use crate::validate::{self, Reason, Report, Value, Violation, WireEnum, WireStruct};

/// What a client needs besides its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// The partner ID (`partner`): 16 digits starting with 2088 (AlipayHK: 2088 or 2160).
    pub partner: String,
    /// The request charset (`_input_charset`).
    pub charset: Charset,
    /// The gateway URL; the profile's gateway ([`super::PRODUCTION_GATEWAY`] for the default
    /// profile) unless set.
    pub gateway: String,
    /// Limits for decoding replies.
    pub limits: DecodeLimits,
    /// The regional version of the docs the client follows: its partner IDs and sign types.
    /// [`Profile::Global`] unless set with [`Config::with_profile`].
    pub profile: Profile,
}

impl Config {
    /// A config for the production gateway with the default decode limits.
    pub fn new(partner: impl Into<String>, charset: Charset) -> Self {
        Self {
            partner: partner.into(),
            charset,
            gateway: Profile::default().gateway().to_owned(),
            limits: DecodeLimits::default(),
            profile: Profile::default(),
        }
    }

    /// Follows `profile`: its partner rule and sign types apply, and its gateway replaces
    /// the current profile's (a gateway set with [`Config::with_gateway`] stays).
    ///
    /// ```
    /// use alipay_proto::charset::Charset;
    /// use alipay_proto::overseas::{ALIPAYHK_GATEWAY, Config, Profile, TEST_GATEWAY};
    ///
    /// let config = Config::new("2160101142878662", Charset::Utf8).with_profile(Profile::AlipayHk);
    /// assert_eq!(config.gateway, ALIPAYHK_GATEWAY);
    /// let config = Config::new("2160101142878662", Charset::Utf8)
    ///     .with_gateway(TEST_GATEWAY)
    ///     .with_profile(Profile::AlipayHk);
    /// assert_eq!(config.gateway, TEST_GATEWAY);
    /// ```
    pub fn with_profile(mut self, profile: Profile) -> Self {
        if self.gateway == self.profile.gateway() {
            profile.gateway().clone_into(&mut self.gateway);
        }
        self.profile = profile;
        self
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
/// [`Client::new`] requires the verifier, and refuses the merchant's own public key as
/// Alipay's ([`ConfigError::OwnKeyAsAlipays`]); [`Client::without_reply_verification`] is the only
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
    /// The same for every request, so built once: the POST URL's text and the URL parsed
    /// (`None` when the gateway is not a valid URL: each `prepare` parses it again to report
    /// why), and the GET URL's text up to the query.
    post_url: String,
    post_uri: Option<Uri>,
    get_prefix: Arc<str>,
    basic: BasicTemplate,
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
    ///
    /// ```
    /// use alipay_proto::charset::Charset;
    /// use alipay_proto::overseas::{Client, Config};
    /// use alipay_proto::sign::Md5Key;
    ///
    /// let key = || Md5Key::new("tst0md5key0not0secret0k3y0abc123");
    /// let client = Client::new(
    ///     Config::new("2088101142878662", Charset::Gbk),
    ///     Box::new(key()?),
    ///     Box::new(key()?),
    /// )?;
    /// assert_eq!(client.config().charset, Charset::Gbk);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ConfigError::OwnKeyAsAlipays`] when `verifier` accepts `signer`'s own RSA or RSA2
    /// signatures: the merchant's public key was given as Alipay's, and every reply would
    /// fail its signature check after the call took effect. (MD5 is one key shared with
    /// Alipay: the same key in both places is right.)
    ///
    /// ```
    /// use alipay_proto::charset::Charset;
    /// use alipay_proto::overseas::{Client, Config, ConfigError};
    /// use alipay_proto::sign::{RsaSigner, RsaVerifier, SignAlgorithm};
    ///
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testkeys");
    /// let private = std::fs::read(format!("{dir}/rsa_test_private_pkcs8.pem"))?;
    /// let own_public = std::fs::read(format!("{dir}/rsa_test_public.pem"))?;
    /// let error = Client::new(
    ///     Config::new("2088101142878662", Charset::Utf8),
    ///     Box::new(RsaSigner::from_any(&private, SignAlgorithm::Rsa2)?),
    ///     Box::new(RsaVerifier::from_any(&own_public, SignAlgorithm::Rsa2)?),
    /// )
    /// .unwrap_err();
    /// assert!(matches!(error, ConfigError::OwnKeyAsAlipays { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        config: Config,
        signer: Box<dyn Signer + Send + Sync>,
        verifier: Box<dyn Verifier + Send + Sync>,
    ) -> Result<Self, ConfigError> {
        check_profile(config.profile, "signer", signer.algorithm())?;
        check_profile(config.profile, "verifier", verifier.algorithm())?;
        check_not_own_key(signer.as_ref(), verifier.as_ref())?;
        let mut client = Self::without_reply_verification(config, signer);
        client.verifier = Some(verifier);
        Ok(client)
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
        let get_prefix: Arc<str> = format!("{}{separator}", config.gateway).into();
        // A charset's name is letters, digits and `-`: nothing to percent-encode.
        let post_url = format!(
            "{get_prefix}{}={}",
            wire::INPUT_CHARSET,
            config.charset.as_str()
        );
        let post_uri = parse_uri(&post_url).ok();
        let basic = BasicTemplate::new(&config, signer.algorithm());
        Self {
            config,
            signer,
            verifier: None,
            post_url,
            post_uri,
            get_prefix,
            basic,
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
    ///
    /// ```
    /// use alipay_proto::charset::Charset;
    /// use alipay_proto::overseas::{Client, Config};
    /// use alipay_proto::sign::Md5Key;
    ///
    /// let key = || Md5Key::new("tst0md5key0not0secret0k3y0abc123");
    /// let client = Client::new(
    ///     Config::new("2088101142878662", Charset::Gbk),
    ///     Box::new(key()?),
    ///     Box::new(key()?),
    /// )?;
    /// use alipay_proto::overseas::query_status::{PaymentMethod, QueryStatus, Request, RequestRequired};
    /// use alipay_proto::time::{Date, Month, UtcOffset};
    ///
    /// let request = Request::new(RequestRequired {
    ///     secondary_merchant_id: "1314520".into(),
    ///     payment_method: PaymentMethod::InstorePayment,
    /// })
    /// .with_store_id("门店1993");
    /// let now = Date::from_calendar_date(2019, Month::September, 4)?
    ///     .with_hms(0, 0, 12)?
    ///     .assume_offset(UtcOffset::from_hms(8, 0, 0)?);
    /// let prepared = client.prepare::<QueryStatus>(&request, now)?;
    /// // Values are percent-encoded in the request charset (GBK), `%20` for a space.
    /// assert!(prepared.get_url().contains("store_id=%C3%C5%B5%EA1993"));
    /// assert!(prepared.get_url().contains("timestamp=2019-09-04%2000%3A00%3A12"));
    /// assert_eq!(prepared.post_request().method(), "POST");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn prepare<S: Service<Family = Overseas>>(
        &self,
        request: &S::Request,
        now: OffsetDateTime,
    ) -> Result<Prepared, PrepareError> {
        let timestamp = gmt8_timestamp(now)?;
        let warnings = self.check(request)?;
        self.finish::<S>(&timestamp, request, warnings)
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
        let timestamp = gmt8_timestamp(now)?;
        self.finish::<S>(&timestamp, request, Vec::new())
    }

    /// Parses `bytes`, applies the reply-signature policy and types the reply. A reply that
    /// decodes may still report a failed call: see [`Reply::into_result`].
    ///
    /// # Errors
    /// [`DecodeError`] with a byte offset: malformed, oversized or hostile XML, a wrong
    /// shape, a signature that is missing where required, of the wrong type or not matching,
    /// a reply that contradicts itself, or a payload that does not fit `S::Reply`.
    ///
    /// ```
    /// use alipay_proto::charset::Charset;
    /// use alipay_proto::overseas::{Client, Config};
    /// use alipay_proto::sign::Md5Key;
    ///
    /// let key = || Md5Key::new("tst0md5key0not0secret0k3y0abc123");
    /// let client = Client::new(
    ///     Config::new("2088101142878662", Charset::Gbk),
    ///     Box::new(key()?),
    ///     Box::new(key()?),
    /// )?;
    /// use alipay_proto::overseas::query_status::QueryStatus;
    /// use alipay_proto::overseas::{DecodeErrorKind, SignatureStatus};
    ///
    /// // An unsigned access failure, as the offline.maintain sample shows.
    /// let reply = client.decode::<QueryStatus>(b"<alipay><is_success>F</is_success><error>ILLEGAL_SIGN</error></alipay>")?;
    /// assert!(!reply.is_success());
    /// assert_eq!(reply.signature, SignatureStatus::Unsigned);
    /// // A proxy's error page is named as such.
    /// let error = client.decode::<QueryStatus>(b"<html><body>502 Bad Gateway</body></html>").unwrap_err();
    /// assert!(matches!(error.kind, DecodeErrorKind::NotXml { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decode<S: Service<Family = Overseas>>(
        &self,
        bytes: &[u8],
    ) -> Result<Reply<S>, DecodeError> {
        let raw = RawReply::parse(bytes, self.config.limits)?;
        let verifier = self.verifier.as_deref().map(|v| v as &dyn Verifier);
        let signature = check_reply(&raw, verifier)?;
        Reply::from_raw(raw, signature)
    }

    /// Validates the request, and reports it together with what the client's own basic params
    /// broke (checked once, in [`Client::new`]).
    fn check(&self, request: &impl WireStruct) -> Result<Vec<Violation>, PrepareError> {
        let mut report = self.basic.report.clone();
        match validate::validate(request, self.config.charset) {
            Ok(warnings) => report.warnings.extend(warnings),
            Err(found) => {
                report.errors.extend(found.errors);
                report.warnings.extend(found.warnings);
            }
        }
        if report.is_ok() {
            Ok(report.warnings)
        } else {
            Err(PrepareError::Invalid(report))
        }
    }

    /// Signs and encodes the basic params then the request's: every value is encoded in the
    /// charset once, and those bytes make both the signed pre-sign bytes and the form.
    fn finish<S: Service<Family = Overseas>>(
        &self,
        timestamp: &str,
        request: &impl WireStruct,
        warnings: Vec<Violation>,
    ) -> Result<Prepared, PrepareError> {
        let charset = self.config.charset;
        let mut params = self.basic.params::<S>(timestamp);
        params.extend(request.wire_params());
        let encoded = wire::Encoded::new(&params, charset)?;
        let signed_bytes = encoded.presign();
        let sign = self.signer.sign(&signed_bytes)?;
        // `sign` is base64 or hex: at most a third longer once `+`, `/` and `=` are escaped.
        let mut post_body = encoded.form_with_room(wire::SIGN.len() + 2 + sign.len() * 4 / 3);
        post_body.push('&');
        wire::push_pair(&mut post_body, wire::SIGN, &sign, charset)?;
        params.push((wire::SIGN, sign.into()));
        Ok(Prepared {
            get_prefix: Arc::clone(&self.get_prefix),
            post_uri: match &self.post_uri {
                Some(uri) => uri.clone(),
                None => parse_uri(&self.post_url)?,
            },
            content_type: content_type(charset),
            post_body,
            params: ParamText::new(&params),
            owned_params: OnceLock::new(),
            presign: OnceLock::new(),
            signed_bytes,
            warnings,
        })
    }
}

/// The wire name of the partner param.
const PARTNER: &str = "partner";

/// Refuses an algorithm `profile` does not accept.
fn check_profile(
    profile: Profile,
    role: &'static str,
    algorithm: SignAlgorithm,
) -> Result<(), ConfigError> {
    if profile.allows(algorithm) {
        return Ok(());
    }
    Err(ConfigError::ProfileAlgorithm {
        profile,
        role,
        algorithm,
        allowed: profile.sign_types().join(", "),
    })
}

/// The raw params of a prepared request in one buffer: their texts end to end and where each
/// lies, so keeping them costs two allocations however many params there are.
#[derive(Debug, Clone)]
struct ParamText {
    text: String,
    /// `(wire name, byte range in text)`, in the order sent.
    spans: Vec<(&'static str, Range<usize>)>,
}

impl ParamText {
    fn new(params: &[(&'static str, Cow<'_, str>)]) -> Self {
        let mut text = String::with_capacity(params.iter().map(|(_, v)| v.len()).sum());
        let mut spans = Vec::with_capacity(params.len());
        for (name, value) in params {
            let start = text.len();
            text.push_str(value);
            spans.push((*name, start..text.len()));
        }
        Self { text, spans }
    }

    /// `(wire name, value)` in the order sent.
    fn pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        // Each range was cut from `text` as it was written, on char boundaries.
        let value = |range: &Range<usize>| self.text.get(range.clone()).unwrap_or_default();
        self.spans
            .iter()
            .map(move |(name, range)| (*name, value(range)))
    }
}

/// The basic params of every request, in their documented order and without `sign` (added
/// last, once known). Partner, charset and sign type are the client's, so they are checked
/// once, here; `service` (the service's wire name) and `timestamp` (formatted by
/// [`gmt8_timestamp`]) are filled per request.
struct BasicTemplate {
    /// `(wire name, value)`; the values of `service` and `timestamp` are replaced per request.
    params: Vec<(&'static str, String)>,
    /// What the client's basic params break: errors reject every request, warnings are
    /// reported with each.
    report: Report,
}

/// Holds the client's partner to its profile's class rather than the field's, and its sign
/// type to the profile's (a client made without a verifier is not refused at build: every
/// request it prepares is).
fn apply_profile(report: &mut Report, config: &Config, algorithm: SignAlgorithm) {
    let class = config.profile.partner_class();
    let field_class = |reason: &Reason| matches!(reason, Reason::Class { .. });
    report
        .errors
        .retain(|v| !(v.path == PARTNER && field_class(&v.reason)));
    if !config.partner.is_empty() && !class.matches(&config.partner) {
        report.errors.push(Violation {
            path: PARTNER.to_owned(),
            reason: Reason::Class {
                class,
                value: Value::new(&config.partner, false),
            },
        });
    }
    if !config.profile.allows(algorithm) {
        report.errors.push(Violation {
            path: wire::SIGN_TYPE.to_owned(),
            reason: Reason::NotInEnum {
                value: algorithm.as_str().to_owned(),
                allowed: config.profile.sign_types(),
            },
        });
    }
}

impl BasicTemplate {
    fn new(config: &Config, algorithm: SignAlgorithm) -> Self {
        // The per-request values are stood in for by values of their documented form.
        let basic = BasicParams::new(BasicParamsRequired {
            service: wire::SERVICE.to_owned(),
            partner: config.partner.clone(),
            input_charset: InputCharset::parse(config.charset.as_str()),
            sign_type: algorithm.to_sign_type(),
            sign: wire::SIGN.to_owned(),
            timestamp: STAND_IN_TIMESTAMP.to_owned(),
        });
        let mut report = match validate::validate(&basic, config.charset) {
            Ok(warnings) => Report {
                warnings,
                ..Report::default()
            },
            Err(report) => report,
        };
        apply_profile(&mut report, config, algorithm);
        let params = basic.wire_params().into_iter();
        let params = params.filter(|(name, _)| *name != wire::SIGN);
        let params = params
            .map(|(name, value)| (name, value.into_owned()))
            .collect();
        Self { params, report }
    }

    /// The basic params of one request to service `S`, borrowed, with room for the request's.
    fn params<'t, S: Service<Family = Overseas>>(
        &'t self,
        timestamp: &'t str,
    ) -> Vec<(&'static str, Cow<'t, str>)> {
        let mut params = Vec::with_capacity(PARAMS_CAPACITY);
        params.extend(self.params.iter().map(|(name, value)| {
            let value = match *name {
                wire::SERVICE => S::NAME,
                wire::TIMESTAMP => timestamp,
                _ => value.as_str(),
            };
            (*name, Cow::Borrowed(value))
        }));
        params
    }
}

/// Room for the params of every documented request (at most 5 basic + 21 + `sign`), so the list is
/// allocated once.
const PARAMS_CAPACITY: usize = 32;

/// A timestamp of the documented form, standing in for each request's own while the client's
/// basic params are checked.
const STAND_IN_TIMESTAMP: &str = "2012-12-21 17:11:16";

/// The offset of the `timestamp` basic param's wall-clock time: GMT+8 (Beijing time).
pub const TIMESTAMP_OFFSET: time::UtcOffset = offset!(+8);

/// `now` in GMT+8 as `yyyy-MM-dd HH:mm:ss` (the `timestamp` basic parameter).
pub fn gmt8_timestamp(now: OffsetDateTime) -> Result<String, PrepareError> {
    // `to_offset` panics for a time that GMT+8 cannot express (the last hours of year 9999).
    let gmt8 = now
        .checked_to_offset(TIMESTAMP_OFFSET)
        .ok_or(PrepareError::Timestamp { now, source: None })?;
    match gmt8.year() {
        // `time` computes the calendar fields and std writes them: `time`'s own formatter
        // costs as much as encoding a request. Other years take the formatter's way.
        year @ 0..=9999 => Ok(format!(
            "{year:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            u8::from(gmt8.month()),
            gmt8.day(),
            gmt8.hour(),
            gmt8.minute(),
            gmt8.second()
        )),
        _ => gmt8
            .format(TIMESTAMP)
            .map_err(|source| PrepareError::Timestamp {
                now,
                source: Some(source),
            }),
    }
}

/// Reads a `timestamp` param, `yyyy-MM-dd HH:mm:ss` in GMT+8 (the inverse of
/// [`gmt8_timestamp`]); `None` when it is not of that form. The sandbox's and the CLI's
/// diagnoses of SESSION_TIMEOUT read it with this.
///
/// ```
/// use alipay_proto::overseas::{gmt8_timestamp, parse_gmt8_timestamp};
///
/// let at = parse_gmt8_timestamp("2026-12-02 08:20:00").unwrap();
/// // python3 -c "from datetime import *; print(int(datetime(2026,12,2,8,20,
/// //   tzinfo=timezone(timedelta(hours=8))).timestamp()))" prints 1796170800.
/// assert_eq!(at.unix_timestamp(), 1_796_170_800);
/// assert_eq!(gmt8_timestamp(at).unwrap(), "2026-12-02 08:20:00");
/// assert_eq!(parse_gmt8_timestamp("2026-12-02T08:20:00"), None);
/// ```
pub fn parse_gmt8_timestamp(text: &str) -> Option<OffsetDateTime> {
    time::PrimitiveDateTime::parse(text, TIMESTAMP)
        .ok()
        .map(|local| local.assume_offset(TIMESTAMP_OFFSET))
}

/// The `timestamp` form, for the years the fast path does not write.
const TIMESTAMP: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");

fn parse_uri(url: &str) -> Result<Uri, PrepareError> {
    Uri::try_from(url).map_err(|source| PrepareError::Url { source })
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
/// Its `Debug` and `Display` show the validation warnings, if any ([`Prepared::warnings`]),
/// never a parameter's value: values may be personal data (use the accessors).
#[derive(Clone)]
pub struct Prepared {
    /// Every name is a `'static` wire name; owned pairs are made only if asked for.
    params: ParamText,
    owned_params: OnceLock<Vec<(String, String)>>,
    /// Built from `params` when asked for; `signed_bytes` are what was signed.
    presign: OnceLock<String>,
    signed_bytes: Vec<u8>,
    /// The GET URL up to its query, shared with the client; the URL is built when asked for.
    get_prefix: Arc<str>,
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
            let params = self.params.pairs();
            params.map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
        })
    }

    /// The pre-sign string (the Alipay cross-border "Pre-sign string" page), for debugging
    /// `ILLEGAL_SIGN`.
    pub fn presign(&self) -> &str {
        self.presign.get_or_init(|| {
            let params: Vec<_> = self.params.pairs().collect();
            wire::presign(&params)
        })
    }

    /// The exact bytes that were signed: the pre-sign string in the request charset.
    pub fn signed_bytes(&self) -> &[u8] {
        &self.signed_bytes
    }

    /// The `sign` value.
    pub fn sign(&self) -> &str {
        self.params.pairs().last().map_or("", |(_, v)| v)
    }

    /// Warnings from validation (rules the docs contradict): reported, not rejected.
    pub fn warnings(&self) -> &[Violation] {
        &self.warnings
    }

    /// The GET URL: the gateway with every parameter percent-encoded in the charset.
    pub fn get_url(&self) -> String {
        let mut url = String::with_capacity(self.get_prefix.len() + self.post_body.len());
        url.push_str(&self.get_prefix);
        url.push_str(&self.post_body);
        url
    }

    /// The POST URL: the gateway with `_input_charset` (the docs require it for POST).
    pub fn post_url(&self) -> String {
        self.post_uri.to_string()
    }

    /// The POST form body: every parameter percent-encoded in the charset.
    pub fn post_body(&self) -> &str {
        &self.post_body
    }

    /// The request as a GET; its URI is parsed here, so a POST never pays for it.
    ///
    /// # Errors
    /// [`PrepareError::Url`] when the URL is longer than [`http::Uri`] takes (64 KiB); the
    /// same request still goes as a POST.
    pub fn get_request(&self) -> Result<http::Request<Vec<u8>>, PrepareError> {
        let mut request = http::Request::new(Vec::new());
        *request.method_mut() = Method::GET;
        *request.uri_mut() = parse_uri(&self.get_url())?;
        Ok(request)
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

impl Prepared {
    /// The value of a basic param that is never personal (service, sign type, charset).
    fn basic_param(&self, name: &str) -> &str {
        let mut found = self.params.pairs().filter(|(k, _)| *k == name);
        found.next().map_or("", |(_, v)| v)
    }
}

impl fmt::Display for Prepared {
    /// The service and signature type, then one line per validation warning. Values are not
    /// shown: they may hold personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} request signed with {} ({} params)",
            self.basic_param(wire::SERVICE),
            self.basic_param(wire::SIGN_TYPE),
            self.params.spans.len()
        )?;
        crate::validate::write_warnings(f, &self.warnings)
    }
}

impl fmt::Debug for Prepared {
    /// The service, sign type, charset and the names of the params sent, with the lengths of
    /// the text made from them, and the warnings; no value: they may hold personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.params.spans.iter().map(|(name, _)| *name).collect();
        f.debug_struct("Prepared")
            .field("service", &self.basic_param(wire::SERVICE))
            .field("sign_type", &self.basic_param(wire::SIGN_TYPE))
            .field("charset", &self.basic_param(wire::INPUT_CHARSET))
            .field("param_count", &names.len())
            .field("param_names", &names)
            .field("signed_bytes", &self.signed_bytes.len())
            .field("post_body_bytes", &self.post_body.len())
            .field("warnings", &self.warnings)
            .finish_non_exhaustive()
    }
}
