//! The gateway role: what Alipay's gateway.do does with a request, for testing integrations
//! without Alipay (the `alipay-sandbox` server is built on it).
//!
//! [`Gateway::open`] reads a GET query or a POST form as gateway.do does
//! ([`RawRequest::read`](super::RawRequest::read): in the URL's `_input_charset`, GBK when the
//! URL names none, whatever a POST body says), checks the service, partner and `sign_type`,
//! and verifies `sign` over the pre-sign string in that charset; [`Incoming::decode`] types the business params and validates them with the same
//! generated rules a client uses. Replies are built in the documented shape:
//! [`Gateway::reply`] (the request echo, `<response><alipay>` leaves, signed by the reply rule
//! of [`check_reply`](super::check_reply)), [`Gateway::fail`] (a signed business failure) and
//! [`Gateway::refuse`] (an unsigned access failure such as `ILLEGAL_SIGN`).
//!
//! Choices where the docs are silent, pinned by tests:
//!
//! - Replies are UTF-8 XML whatever the request charset, as the queryStatus reply sample
//!   answers a `gbk` request.
//! - Which access code answers which problem: an unknown `_input_charset`, or two that
//!   disagree, `ILLEGAL_CHARSET` (a missing one is no access error: the request is read in
//!   GBK, and [`Incoming::decode`] refuses it as a missing required param, `PARAM_ILLEGAL`); bytes or escapes not valid in it `INVALID_CHARACTER_SET`; a missing or
//!   unknown `service` `ILLEGAL_SERVICE`; another `partner` `ILLEGAL_PARTNER`; a missing,
//!   unknown or unconfigured `sign_type` `ILLEGAL_SIGN_TYPE`; a missing or wrong `sign`
//!   `ILLEGAL_SIGN`; another HTTP method, a repeated param or an oversized request
//!   `ILLEGAL_ARGUMENT`. Access failures are unsigned, as the offline.maintain and
//!   online.maintain failure samples show.
//! - Params that break the documented rules are answered with the service's `PARAM_ILLEGAL`,
//!   signed, as the online.maintain sample shows.
//! - A query or form is read as a Java servlet reads `application/x-www-form-urlencoded`
//!   text ([`parse_query`](super::parse_query)): `+` is a space, `%XX` runs are bytes in
//!   `_input_charset`. So a request written by Java's `URLEncoder`, PHP's `urlencode` or
//!   Python's `urlencode` (spaces as `+`) verifies, and a `+` in a value must arrive as `%2B`.
//! - A validly signed request whose `timestamp` is more than [`REQUEST_LIFETIME`] (the
//!   documented half hour) before or after the gateway's clock is answered with the system code
//!   `SESSION_TIMEOUT`, unsigned like the access failures: the docs say the call is invalidated
//!   but name no code. A `timestamp` not of the documented form is left to validation
//!   (`PARAM_ILLEGAL`).

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use super::client::gmt8_timestamp;
use super::leaves::{self, LeafError};
use super::reply_sign::signed_text;
use super::request::{RawRequest, ReadError};
use super::wire::{self, SIGN, SIGN_TYPE};
use super::{AccessError, BasicParams, Profile, ServiceId, SystemError};
use crate::charset::Charset;
use crate::service::{Overseas, Service};
use crate::sign::{KeyPair, KeyRing, SignAlgorithm, SignError};
use crate::validate::{self, Reason, Report, ValueClass, Violation, WireEnum, WireStruct};

/// The business code every overseas service documents for params that break its rules.
pub const PARAM_ILLEGAL: &str = "PARAM_ILLEGAL";

/// How long a request stays valid after (or before) its `timestamp`: "by default the request
/// expires in 30 minutes", the spec's `request_lifetime` (`spec/overseas/common.yaml`).
pub use super::REQUEST_LIFETIME;

/// The largest request [`Gateway::open`] reads unless told otherwise: 64 KiB.
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 64 << 10;

/// The `Content-Type` of the gateway's replies: XML in UTF-8, whatever the request charset
/// (see the module docs), as the XML declaration of every reply says.
pub const REPLY_CONTENT_TYPE: &str = "text/xml; charset=UTF-8";

/// The receiving end of gateway.do for one partner.
#[derive(Debug)]
pub struct Gateway {
    partner: String,
    keys: KeyRing,
    max_bytes: usize,
    profile: Profile,
}

impl Gateway {
    /// A gateway for `partner` with no keys yet: every request is refused with
    /// `ILLEGAL_SIGN_TYPE` until [`Gateway::with_keys`] adds one.
    pub fn new(partner: impl Into<String>) -> Self {
        Self {
            partner: partner.into(),
            keys: KeyRing::default(),
            max_bytes: DEFAULT_MAX_REQUEST_BYTES,
            profile: Profile::default(),
        }
    }

    /// Acts as `profile`'s gateway ([`Profile::Global`] unless set): a request whose
    /// `partner` is not of the profile's partner class is refused with `ILLEGAL_PARTNER`, and
    /// one signed with an algorithm the profile does not accept (AlipayHK: MD5) with
    /// `ILLEGAL_SIGN_TYPE`, even when a key for it was added.
    #[must_use]
    pub fn with_profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// The profile this gateway acts as.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// Accepts requests signed with `pair`'s algorithm and signs their replies with it.
    #[must_use]
    pub fn with_keys(mut self, pair: KeyPair) -> Self {
        self.keys.insert(pair);
        self
    }

    /// Refuses requests whose query or body is longer than `max` bytes.
    #[must_use]
    pub fn with_max_bytes(mut self, max: usize) -> Self {
        self.max_bytes = max;
        self
    }

    /// The partner this gateway serves.
    pub fn partner(&self) -> &str {
        &self.partner
    }

    /// Reads and authenticates a request received at `now`: read by [`RawRequest::read`]
    /// (GET params from the query, POST params from the form body and the URL, decoded in the
    /// URL's `_input_charset`, GBK when it names none); a request whose `timestamp` is further than [`REQUEST_LIFETIME`] from
    /// `now` has expired.
    ///
    /// ```
    /// use alipay_proto::overseas::gateway::Gateway;
    /// use alipay_proto::sign::{KeyPair, Md5Key};
    /// use alipay_proto::time::{Date, Month, UtcOffset};
    ///
    /// let key = || Md5Key::new("tst0md5key0not0secret0k3y0abc123");
    /// let gateway = Gateway::new("2088101142878662").with_keys(KeyPair::new(Box::new(key()?), Box::new(key()?))?);
    /// // As Java's URLEncoder writes it (`+` for spaces), signed by Python's hashlib.
    /// let query = "service=alipay.overseas.secmerchant.maintain.queryStatus&partner=2088101142878662&_input_charset=GB2312&sign_type=MD5&timestamp=2026-12-01+10%3A00%3A00&secondary_merchant_id=M1&store_id=%C9%BD%CC%EF%A1%A4%CC%AB%C0%C9%A1%AA%B5%EA&payment_method=INSTORE_PAYMENT&sign=b43d41980668ed3884f70e44a81d67bf";
    /// let request = alipay_proto::http::Request::get(format!("https://h/gateway.do?{query}")).body(Vec::new())?;
    /// let now = Date::from_calendar_date(2026, Month::December, 1)?
    ///     .with_hms(10, 5, 0)?
    ///     .assume_offset(UtcOffset::from_hms(8, 0, 0)?);
    /// let incoming = gateway.open(&request, now)?;
    /// assert_eq!(incoming.param("timestamp"), Some("2026-12-01 10:00:00"));
    /// assert_eq!(incoming.param("store_id"), Some("山田・太郎―店"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// A [`Refusal`]; answer it with [`Gateway::refuse`].
    pub fn open<B: AsRef<[u8]>>(
        &self,
        request: &http::Request<B>,
        now: OffsetDateTime,
    ) -> Result<Incoming, Refusal> {
        // No query is the empty query: a POST may carry every param in its body.
        let query = request.uri().query().unwrap_or_default();
        let body = request.body().as_ref();
        let size = query.len().max(body.len());
        if size > self.max_bytes {
            let max = self.max_bytes;
            return Err(Refusal::TooLarge { len: size, max });
        }
        let read = RawRequest::read(request.method(), query, body).map_err(Refusal::from)?;
        let charset = read.charset();
        let params = read.into_params();
        let incoming = self.check(Incoming {
            charset,
            sign_type: SignAlgorithm::Md5,
            params,
        })?;
        incoming.check_fresh(now)?;
        Ok(incoming)
    }

    /// The checks of [`Gateway::open`] after decoding, in the order the codes are documented:
    /// duplicates, service, partner, sign type, signature.
    fn check(&self, mut incoming: Incoming) -> Result<Incoming, Refusal> {
        if let Some(name) = repeated(&incoming.params) {
            return Err(Refusal::Duplicate { name });
        }
        let service = incoming.required("service")?;
        // The registry holds every service of the spec; any other is `ILLEGAL_SERVICE`.
        if ServiceId::from_wire(service).is_none() {
            let found = service.to_owned();
            return Err(Refusal::Service { found });
        }
        let partner = incoming.required("partner")?;
        if partner != self.partner || !self.profile.partner_class().matches(partner) {
            let found = partner.to_owned();
            return Err(Refusal::Partner { found });
        }
        let sign_type = incoming.required(SIGN_TYPE)?;
        let pair = SignAlgorithm::from_wire(sign_type)
            .filter(|algorithm| self.profile.allows(*algorithm))
            .and_then(|algorithm| self.keys.get(algorithm))
            .ok_or_else(|| Refusal::SignType {
                found: sign_type.to_owned(),
            })?;
        let sign = incoming.required(SIGN)?;
        let presign = wire::presign(&incoming.params);
        // Every text was decoded from this charset; one that does not encode back cannot
        // have been signed.
        let bytes = incoming
            .charset
            .encode(&presign)
            .map_err(|_| Refusal::Signature(SignError::Mismatch))?;
        pair.verifier()
            .verify(&bytes, sign)
            .map_err(Refusal::Signature)?;
        incoming.sign_type = pair.algorithm();
        Ok(incoming)
    }

    /// A success reply to `incoming`: `is_success` `T`, the request echo, `result_code`
    /// `SUCCESS` and `payload`'s fields as `<response><alipay>` leaves, signed with the
    /// request's `sign_type`.
    ///
    /// # Errors
    /// [`SignError`] if signing fails.
    pub fn reply<S: Service<Family = Overseas>>(
        &self,
        incoming: &Incoming,
        payload: &S::Reply,
    ) -> Result<Vec<u8>, SignError>
    where
        S::Reply: WireStruct,
    {
        let mut leaves = vec![("result_code", Cow::Borrowed("SUCCESS"))];
        // Signed as written: a char XML cannot carry is U+FFFD in both.
        leaves.extend(
            payload
                .wire_params()
                .into_iter()
                .map(|(name, text)| (name, xml_text(text))),
        );
        let sign = self.sign(incoming, signed_text(Some(&leaves), "T", None))?;
        let mut xml = Xml::open("T", None);
        xml.echo(&incoming.params);
        xml.response(&leaves);
        xml.sign(&sign, incoming.sign_type);
        Ok(xml.close())
    }

    /// A signed business failure (`is_success` `F`, `error` `code`, no echo), as the
    /// online.maintain `PARAM_ILLEGAL` and queryStatus `DATA_NOT_EXIST` samples show.
    ///
    /// # Errors
    /// [`SignError`] if signing fails.
    pub fn fail<E: WireEnum>(&self, incoming: &Incoming, code: &E) -> Result<Vec<u8>, SignError> {
        self.fail_with(incoming, code.as_str())
    }

    fn fail_with(&self, incoming: &Incoming, code: &str) -> Result<Vec<u8>, SignError> {
        let sign = self.sign(incoming, signed_text::<&str, &str>(None, "F", Some(code)))?;
        let mut xml = Xml::open("F", Some(code));
        xml.sign(&sign, incoming.sign_type);
        Ok(xml.close())
    }

    /// The reply to a refusal: a signed `PARAM_ILLEGAL` when the request was authenticated
    /// (`incoming` is `Some` and the refusal is a business one), otherwise an unsigned access
    /// failure (`is_success` `F` and `error`), as the offline.maintain `ILLEGAL_SIGN` sample shows.
    ///
    /// # Errors
    /// [`SignError`] if signing fails.
    pub fn refuse(
        &self,
        incoming: Option<&Incoming>,
        refusal: &Refusal,
    ) -> Result<Vec<u8>, SignError> {
        match (incoming, refusal.access_error()) {
            (Some(incoming), None) if !matches!(refusal, Refusal::Expired { .. }) => {
                self.fail_with(incoming, PARAM_ILLEGAL)
            }
            _ => Ok(Xml::open("F", Some(&refusal.code())).close()),
        }
    }

    fn sign(&self, incoming: &Incoming, text: String) -> Result<String, SignError> {
        let pair = self.keys.get(incoming.sign_type).ok_or(SignError::NoKey {
            algorithm: incoming.sign_type,
        })?;
        // Replies are UTF-8 (see the module docs): the text's own bytes are signed.
        pair.signer().sign(text.as_bytes())
    }
}

/// An authenticated request: its charset, sign type and params as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    charset: Charset,
    sign_type: SignAlgorithm,
    params: Vec<(String, String)>,
}

/// A typed, validated request and the rules it breaks that are only reported.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Decoded<R> {
    /// The business request.
    pub request: R,
    /// The basic params.
    pub basic: BasicParams,
    /// Warnings of validation (rules the docs contradict).
    pub warnings: Vec<Violation>,
}

impl Incoming {
    /// The `service` param.
    pub fn service(&self) -> &str {
        // `open` refuses a request without a known `service`, so an `Incoming` always has one.
        self.param("service").unwrap_or_default()
    }

    /// The request charset (`_input_charset`).
    pub fn charset(&self) -> Charset {
        self.charset
    }

    /// The algorithm the request was signed with.
    pub fn sign_type(&self) -> SignAlgorithm {
        self.sign_type
    }

    /// Every param as received, in order, `sign` and `sign_type` included.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The value of the param `name`, if sent.
    pub fn param(&self, name: &str) -> Option<&str> {
        let mut found = self.params.iter().filter(|(k, _)| k == name);
        found.next().map(|(_, v)| v.as_str())
    }

    /// [`Refusal::Expired`] when `timestamp` is of the documented form and further than
    /// [`REQUEST_LIFETIME`] from `now`. The fixed-width form orders as text the way it orders
    /// in time, so the bounds are formatted rather than the param parsed.
    fn check_fresh(&self, now: OffsetDateTime) -> Result<(), Refusal> {
        let Some(timestamp) = self.param("timestamp") else {
            return Ok(());
        };
        // A clock the documented form cannot express expires every request.
        let bound = |at: Option<OffsetDateTime>| {
            at.and_then(|at| gmt8_timestamp(at).ok())
                .ok_or_else(|| Refusal::Expired {
                    timestamp: timestamp.to_owned(),
                })
        };
        let earliest = bound(now.checked_sub(REQUEST_LIFETIME))?;
        let latest = bound(now.checked_add(REQUEST_LIFETIME))?;
        let documented_form = ValueClass::OverseasTimestamp.matches(timestamp);
        if documented_form && !(earliest.as_str()..=latest.as_str()).contains(&timestamp) {
            return Err(Refusal::Expired {
                timestamp: timestamp.to_owned(),
            });
        }
        Ok(())
    }

    fn required(&self, name: &'static str) -> Result<&str, Refusal> {
        self.param(name)
            .filter(|v| !v.is_empty())
            .ok_or(Refusal::Missing { name })
    }

    /// Types the params as a request of `S` and validates them (and the basic params) with
    /// the generated rules in the request charset.
    ///
    /// # Errors
    /// [`Refusal::Service`] when the request is for another service; [`Refusal::Invalid`]
    /// with every violation (a missing required param is [`Reason::Missing`]);
    /// [`Refusal::Form`] when a JSON text param is not the documented JSON.
    pub fn decode<S: Service<Family = Overseas>>(&self) -> Result<Decoded<S::Request>, Refusal>
    where
        S::Request: DeserializeOwned,
    {
        if self.service() != S::NAME {
            let found = self.service().to_owned();
            return Err(Refusal::Service { found });
        }
        let basic: BasicParams = self.typed(|_| true)?;
        // Business requests reject unknown keys, so they get every param but the basic ones.
        let request: S::Request = self.typed(|name| !BasicParams::WIRE_NAMES.contains(&name))?;
        let mut report = Report::default();
        for result in [
            validate::validate(&basic, self.charset),
            validate::validate(&request, self.charset),
        ] {
            match result {
                Ok(warnings) => report.warnings.extend(warnings),
                Err(found) => {
                    report.errors.extend(found.errors);
                    report.warnings.extend(found.warnings);
                }
            }
        }
        // `open` held `partner` to the gateway's own partner and its profile's class (AlipayHK
        // also accepts 2160): the field's class (2088) is not the rule here.
        report
            .errors
            .retain(|v| !(v.path == "partner" && matches!(v.reason, Reason::Class { .. })));
        if !report.is_ok() {
            return Err(Refusal::Invalid(report));
        }
        Ok(Decoded {
            request,
            basic,
            warnings: report.warnings,
        })
    }

    /// The params whose names `keep` accepts, as `T`.
    fn typed<T: DeserializeOwned>(&self, keep: impl Fn(&str) -> bool) -> Result<T, Refusal> {
        let kept = self.params.iter().filter(|(k, _)| keep(k));
        let pairs = kept.map(|(k, v)| (k.as_str(), v.as_str()));
        leaves::from_pairs(pairs).map_err(|error| match error {
            LeafError::Missing(field) => Refusal::Invalid(Report {
                errors: vec![Violation {
                    path: field.to_owned(),
                    reason: Reason::Missing,
                }],
                warnings: Vec::new(),
            }),
            LeafError::Json { field, message } => Refusal::Form { field, message },
            LeafError::Other(message) => Refusal::Form {
                field: String::new(),
                message,
            },
        })
    }
}

/// The first param name sent more than once.
fn repeated(params: &[(String, String)]) -> Option<String> {
    let mut names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    names.sort_unstable();
    let twice = names.windows(2).find(|pair| pair[0] == pair[1]);
    twice.map(|pair| pair[0].to_owned())
}

/// Why the gateway refuses a request, and the documented code it answers with
/// ([`Refusal::code`]; see the module docs for the mapping).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// The query or body is longer than the gateway accepts.
    #[error("request of {len} bytes exceeds the limit of {max}")]
    TooLarge {
        /// The longer of query and body, in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The request cannot be read as gateway.do reads it ([`RawRequest::read`]: the method,
    /// the body's text, the `_input_charset`, the percent-decoding of a pair).
    #[error(transparent)]
    Read(#[from] ReadError),
    /// A param is sent more than once.
    #[error("param `{name}` is sent more than once")]
    Duplicate {
        /// The param's name.
        name: String,
    },
    /// A basic param the gateway needs before anything else is missing or empty.
    #[error("param `{name}` is missing")]
    Missing {
        /// `service`, `partner`, `sign_type` or `sign`.
        name: &'static str,
    },
    /// `service` names no service of this gateway (or another than the one decoded).
    #[error("unknown service {found:?}")]
    Service {
        /// The `service` param.
        found: String,
    },
    /// `partner` is not the gateway's partner.
    #[error("unknown partner {found:?}")]
    Partner {
        /// The `partner` param.
        found: String,
    },
    /// `sign_type` is not MD5, RSA or RSA2, or the gateway has no key for it.
    #[error("sign_type {found:?} is not accepted")]
    SignType {
        /// The `sign_type` param.
        found: String,
    },
    /// `sign` does not verify.
    #[error("sign does not verify: {0}")]
    Signature(SignError),
    /// A JSON text param is not the documented JSON (or the params do not form the request).
    #[error("param `{field}`: {message}")]
    Form {
        /// The param's name (empty when serde names none).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The params break the documented rules: every violation.
    #[error("invalid params: {0}")]
    Invalid(Report),
    /// `timestamp` is further than [`REQUEST_LIFETIME`] from the gateway's clock.
    #[error(
        "timestamp {timestamp:?} is more than {} minutes from the gateway's clock",
        REQUEST_LIFETIME.whole_minutes()
    )]
    Expired {
        /// The `timestamp` param.
        timestamp: String,
    },
}

impl Refusal {
    /// The access code this refusal is answered with; `None` for the business refusals
    /// ([`Refusal::Form`], [`Refusal::Invalid`]), answered with [`PARAM_ILLEGAL`], and for
    /// [`Refusal::Expired`], answered with `SESSION_TIMEOUT`.
    pub fn access_error(&self) -> Option<AccessError> {
        Some(match self {
            Self::TooLarge { .. } | Self::Read(ReadError::Method(_)) | Self::Duplicate { .. } => {
                AccessError::IllegalArgument
            }
            Self::Read(ReadError::NotText { .. } | ReadError::Encoding { .. }) => {
                AccessError::InvalidCharacterSet
            }
            Self::Read(ReadError::Charset { .. }) => AccessError::IllegalCharset,
            Self::Missing { name: "service" } | Self::Service { .. } => AccessError::IllegalService,
            Self::Missing { name: "partner" } | Self::Partner { .. } => AccessError::IllegalPartner,
            Self::Missing { name: SIGN_TYPE } | Self::SignType { .. } => {
                AccessError::IllegalSignType
            }
            Self::Missing { .. } | Self::Signature(_) => AccessError::IllegalSign,
            Self::Form { .. } | Self::Invalid(_) | Self::Expired { .. } => return None,
        })
    }

    /// The wire code of the reply: the access code, `SESSION_TIMEOUT`, or [`PARAM_ILLEGAL`].
    pub fn code(&self) -> String {
        match self {
            Self::Expired { .. } => SystemError::SessionTimeout.as_str().to_owned(),
            _ => self
                .access_error()
                .map_or(PARAM_ILLEGAL.to_owned(), |code| code.as_str().to_owned()),
        }
    }
}

/// A reply document under construction: UTF-8 XML in the documented element order.
struct Xml(String);

impl Xml {
    fn open(is_success: &str, error: Option<&str>) -> Self {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alipay>\n");
        let _ = writeln!(xml, "<is_success>{is_success}</is_success>");
        if let Some(error) = error {
            let _ = writeln!(xml, "<error>{}</error>", escape(error));
        }
        Self(xml)
    }

    fn echo(&mut self, params: &[(String, String)]) {
        self.0.push_str("<request>\n");
        for (name, value) in params {
            let (name, value) = (escape(name), escape(value));
            let _ = writeln!(self.0, "<param name=\"{name}\">{value}</param>");
        }
        self.0.push_str("</request>\n");
    }

    /// `leaves` are wire names of the generated reply types: valid element names as they are.
    fn response(&mut self, leaves: &[(&str, Cow<'_, str>)]) {
        self.0.push_str("<response>\n<alipay>\n");
        for (name, text) in leaves {
            let _ = writeln!(self.0, "<{name}>{}</{name}>", escape(text));
        }
        self.0.push_str("</alipay>\n</response>\n");
    }

    fn sign(&mut self, sign: &str, algorithm: SignAlgorithm) {
        let _ = writeln!(self.0, "<sign>{}</sign>", escape(sign));
        let _ = writeln!(self.0, "<sign_type>{algorithm}</sign_type>");
    }

    fn close(mut self) -> Vec<u8> {
        self.0.push_str("</alipay>\n");
        self.0.into_bytes()
    }
}

/// XML text or attribute escaping; `\r` too, which a reader could otherwise normalise away.
/// A char no XML document can carry (see [`xml_text`]) is written as U+FFFD, so a reply is
/// always well-formed, whatever a request echoed.
fn escape(text: &str) -> String {
    quick_xml::escape::escape(xml_text(Cow::Borrowed(text)).as_ref()).replace('\r', "&#13;")
}

/// `text` with every char XML 1.0 cannot carry (C0 controls but tab, LF and CR; U+FFFE,
/// U+FFFF) replaced by U+FFFD. Validation refuses such values in requests; this keeps a reply
/// well-formed even for text that never passed validation (an echoed unknown param).
fn xml_text(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.chars().all(crate::xml_char) {
        return text;
    }
    let clean = |ch: char| if crate::xml_char(ch) { ch } else { '\u{FFFD}' };
    Cow::Owned(text.chars().map(clean).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_stay_well_formed_whatever_is_echoed() {
        let mut xml = Xml::open("T", None);
        let hostile = "a\u{1}b\u{FFFF}c\u{1F}\td\r\n";
        xml.echo(&[(format!("name{hostile}"), hostile.to_owned())]);
        let leaves = [("store_name", xml_text(Cow::Borrowed(hostile)))];
        xml.response(&leaves);
        let bytes = xml.close();
        let reply = super::super::RawReply::parse(&bytes, super::super::DecodeLimits::default())
            .expect("well-formed");
        let expected = "a\u{FFFD}b\u{FFFD}c\u{FFFD}\td\r\n";
        assert_eq!(reply.request().next().map(|(_, v)| v), Some(expected));
        assert_eq!(reply.response().next(), Some(("store_name", expected)));
    }

    #[test]
    fn repeated_names_are_found() {
        let pairs = |names: &[&str]| -> Vec<(String, String)> {
            names
                .iter()
                .map(|n| ((*n).to_owned(), String::new()))
                .collect()
        };
        assert_eq!(repeated(&pairs(&["a", "b", "a"])), Some("a".into()));
        assert_eq!(repeated(&pairs(&["a", "b"])), None);
    }

    #[test]
    fn escaping_keeps_every_char_readable() {
        assert_eq!(escape("a<&>\"'\r\nb"), "a&lt;&amp;&gt;&quot;&apos;&#13;\nb");
    }
}
