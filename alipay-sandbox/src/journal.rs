//! Why the sandbox answered as it did: one log line per request (method, service, outcome,
//! latency) with, for a refusal, the reason a developer needs, and the last requests kept for
//! `GET /admin/requests`.
//!
//! The reasons: for `ILLEGAL_SIGN` the pre-sign string the sandbox expected (personal values
//! as their length) and the causes `alipay-proto explain` finds (the same search, called as a
//! library: [`alipay_proto_cli::overseas::explain`] and [`alipay_proto_cli::intl::explain`]);
//! for `SESSION_TIMEOUT` the clock difference; for `PARAM_ILLEGAL` each field and rule.
//! Values are never logged: only names, codes, rules and lengths.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Instant;

use alipay_proto::overseas::gateway::Refusal;
use alipay_proto::overseas::{BasicParams, RawRequest, SERVICE, SIGN_TYPE, ServiceId};
use alipay_proto::service::Overseas;
use alipay_proto::sign::SignAlgorithm;
use alipay_proto::validate::{Report, WireStruct};
use alipay_proto::{Service, Visitor};
use alipay_proto_cli::key::KeyText;
use alipay_proto_cli::search::Keys;
use alipay_proto_cli::timestamp::{SentAt, Verdict};
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// How many requests `GET /admin/requests` keeps by default.
pub const DEFAULT_KEEP: usize = 100;

/// One request as the log and `GET /admin/requests` show it.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// When it arrived (RFC 3339, UTC).
    pub at: String,
    /// `GET` or `POST`.
    pub method: String,
    /// The URL path.
    pub path: String,
    /// `overseas` or `intl`.
    pub family: &'static str,
    /// The service or function, when the request names one.
    pub service: Option<String>,
    /// `SUCCESS`, or the code the reply carries (`ILLEGAL_SIGN`, `PARAM_ILLEGAL`, ...).
    pub outcome: String,
    /// Milliseconds from arrival to reply.
    pub latency_ms: f64,
    /// Why, in one sentence, for a refusal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// What the developer needs to fix a refusal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Diagnosis>,
}

/// The details of a refusal.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Diagnosis {
    /// The signature does not verify.
    IllegalSign {
        /// The text the sandbox verified (overseas: the pre-sign string, personal values as
        /// `<N bytes>`; intl: the `request` text's length only, it holds personal data).
        expected: String,
        /// The charset of the signed bytes.
        charset: String,
        /// The causes `alipay-proto explain` finds: each mistake that reproduces the signature.
        causes: Vec<CauseFound>,
    },
    /// The `timestamp` is more than 30 minutes from the sandbox's clock.
    SessionTimeout {
        /// The `timestamp` sent (GMT+8).
        timestamp: String,
        /// The sandbox's clock when the request arrived (UTC).
        gateway_time: String,
        /// Seconds the request arrived after its timestamp (negative: before).
        difference_seconds: i64,
        /// What `explain` makes of it: a wrong offset, or a stale request.
        explanation: String,
    },
    /// The params break documented rules.
    ParamIllegal {
        /// Each field and rule.
        violations: Vec<FieldRule>,
    },
}

/// A cause found.
#[derive(Debug, Clone, Serialize)]
pub struct CauseFound {
    /// The stable code (`alipay-proto explain --json`'s `causes`).
    pub code: &'static str,
    /// What reproduced the signature.
    pub detail: String,
    /// What to change.
    pub fix: String,
}

/// One broken rule.
#[derive(Debug, Clone, Serialize)]
pub struct FieldRule {
    /// The wire path.
    pub field: String,
    /// The rule broken (personal values as their length).
    pub rule: String,
}

/// The last requests, at most `keep` (a ring: the oldest is dropped).
#[derive(Debug)]
pub struct Journal {
    keep: usize,
    entries: Mutex<VecDeque<Entry>>,
}

impl Journal {
    /// A journal keeping the last `keep` requests.
    pub fn new(keep: usize) -> Self {
        Self {
            keep,
            entries: Mutex::new(VecDeque::with_capacity(keep.min(1024))),
        }
    }

    /// Logs `entry` (one line, target `alipay_sandbox::request`) and keeps it.
    pub fn record(&self, entry: Entry) {
        let diagnosis = entry
            .diagnosis
            .as_ref()
            .and_then(|d| serde_json::to_string(d).ok());
        tracing::info!(
            target: "alipay_sandbox::request",
            method = %entry.method,
            family = entry.family,
            service = entry.service.as_deref().unwrap_or("-"),
            outcome = %entry.outcome,
            latency_ms = entry.latency_ms,
            reason = entry.reason.as_deref().unwrap_or(""),
            diagnosis = diagnosis.as_deref().unwrap_or(""),
            "{} {} {}",
            entry.method,
            entry.service.as_deref().unwrap_or(&entry.path),
            entry.outcome,
        );
        if self.keep == 0 {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() == self.keep {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// The last `limit` requests, newest first.
    pub fn last(&self, limit: usize) -> Vec<Entry> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.iter().rev().take(limit).cloned().collect()
    }
}

/// A request being answered: when it arrived, and what it was.
pub struct Start {
    at: OffsetDateTime,
    clock: Instant,
    method: String,
    path: String,
}

impl Start {
    /// Now, for `method` and `path`.
    pub fn now(method: &http::Method, path: &str) -> Self {
        Self {
            at: OffsetDateTime::now_utc(),
            clock: Instant::now(),
            method: method.to_string(),
            path: path.to_owned(),
        }
    }

    /// When the request arrived.
    pub fn at(&self) -> OffsetDateTime {
        self.at
    }

    /// The entry of the request, answered now.
    pub fn entry(
        &self,
        family: &'static str,
        service: Option<String>,
        outcome: String,
        why: Why,
    ) -> Entry {
        Entry {
            // RFC 3339 fails only for years outside 0 to 9999, which a clock does not read.
            at: self.at.format(&Rfc3339).unwrap_or_default(),
            method: self.method.clone(),
            path: self.path.clone(),
            family,
            service,
            outcome,
            latency_ms: self.clock.elapsed().as_secs_f64() * 1000.0,
            reason: why.reason,
            diagnosis: why.diagnosis,
        }
    }
}

/// The reason and diagnosis of a refusal (both `None` for an answer that is no refusal).
#[derive(Debug, Default)]
pub struct Why {
    /// One sentence.
    pub reason: Option<String>,
    /// The details.
    pub diagnosis: Option<Diagnosis>,
}

/// The violations of `report`, errors first (a violation's text shows a personal value's
/// length only).
pub fn violations(report: &Report) -> Vec<FieldRule> {
    report
        .errors
        .iter()
        .chain(&report.warnings)
        .map(|v| FieldRule {
            field: v.path.clone(),
            rule: v.reason.to_string(),
        })
        .collect()
}

/// The keys the sandbox verifies requests with, as `explain` takes them (`Debug` shows
/// none of them).
pub struct SandboxKeys {
    /// The MD5 key.
    pub md5: KeyText,
    /// The merchant's public key (RSA, RSA2, intl).
    pub public: KeyText,
}

/// Why an overseas request was refused: the refusal's sentence, and for a signature that does
/// not verify, the expected pre-sign string and `explain`'s causes; for an expired request,
/// the clock difference.
pub fn overseas_refusal(
    refusal: &Refusal,
    request: &http::Request<impl AsRef<[u8]>>,
    keys: &SandboxKeys,
    now: OffsetDateTime,
) -> Why {
    let reason = Some(refusal.to_string());
    let diagnosis = match refusal {
        Refusal::Signature(_) => overseas_signature(request, keys),
        Refusal::Expired { timestamp } => Some(session_timeout(timestamp, now)),
        Refusal::Invalid(report) => Some(Diagnosis::ParamIllegal {
            violations: violations(report),
        }),
        Refusal::Form { field, message } => Some(Diagnosis::ParamIllegal {
            violations: vec![FieldRule {
                field: field.clone(),
                rule: message.clone(),
            }],
        }),
        _ => None,
    };
    Why { reason, diagnosis }
}

/// `explain`'s diagnosis of a request whose signature does not verify, with the key of its
/// `sign_type` as the gateway reads it ([`RawRequest::read`]: the URL's or the form's param,
/// decoded in the request's charset).
fn overseas_signature(
    request: &http::Request<impl AsRef<[u8]>>,
    keys: &SandboxKeys,
) -> Option<Diagnosis> {
    // No query string: nothing in the URL (a POST may carry everything in its body).
    let query = request.uri().query().unwrap_or_default();
    let bytes = request.body().as_ref();
    let read = RawRequest::read(request.method(), query, bytes).ok()?;
    let sign_type = read.param(SIGN_TYPE).and_then(SignAlgorithm::from_wire);
    let body = (request.method() == http::Method::POST)
        .then(|| std::str::from_utf8(bytes).ok())
        .flatten();
    let url = format!("http://sandbox/gateway.do?{query}");
    let key = if sign_type == Some(SignAlgorithm::Md5) {
        &keys.md5
    } else {
        &keys.public
    };
    let keys = Keys {
        key,
        other: None,
        reply: false,
    };
    let report = alipay_proto_cli::overseas::explain(&url, body, &keys, None).ok()?;
    // An overseas report always has its params (only intl reports have none).
    let redacted = redacted(report.params.clone().unwrap_or_default());
    Some(Diagnosis::IllegalSign {
        expected: alipay_proto::overseas::presign(&redacted),
        charset: report.charset.to_owned(),
        causes: causes(&report),
    })
}

/// Why an intl request's signature does not verify: `explain`'s causes over the body.
pub fn intl_signature(body: &str, keys: &SandboxKeys) -> Option<Diagnosis> {
    let keys = Keys {
        key: &keys.public,
        other: None,
        reply: false,
    };
    let report = alipay_proto_cli::intl::explain(body, &keys).ok()?;
    Some(Diagnosis::IllegalSign {
        expected: format!(
            "the exact `request` text, {} bytes (not shown: it holds personal data)",
            report.signed_text.len()
        ),
        charset: report.charset.to_owned(),
        causes: causes(&report),
    })
}

impl std::fmt::Debug for SandboxKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SandboxKeys { md5: <redacted>, public: <redacted> }")
    }
}

fn causes(report: &alipay_proto_cli::report::Report) -> Vec<CauseFound> {
    report
        .findings
        .iter()
        .map(|f| CauseFound {
            code: f.code.code(),
            detail: f.detail.clone(),
            fix: f.code.fix().into_owned(),
        })
        .collect()
}

/// `params` for the log: the values of personal fields, JSON lists and objects shown as their
/// length. For a request naming no known service, which values are personal is unknown, so
/// every value but the basic params' is hidden (fail closed).
fn redacted(params: Vec<(String, String)>) -> Vec<(String, String)> {
    let service = params
        .iter()
        .find(|(k, _)| k == SERVICE)
        .and_then(|(_, v)| personal_fields(v));
    params
        .into_iter()
        .map(|(k, v)| {
            let personal = match service {
                Some(personal) => personal.contains(&k.as_str()),
                None => !BasicParams::WIRE_NAMES.contains(&k.as_str()),
            };
            if personal || v.starts_with(['[', '{']) {
                let len = v.len();
                (k, format!("<{len} bytes>"))
            } else {
                (k, v)
            }
        })
        .collect()
}

/// The personal fields of an overseas service's request (any service of the registry); `None`
/// for a service the registry does not know.
fn personal_fields(service: &str) -> Option<&'static [&'static str]> {
    ServiceId::from_wire(service).map(|id| id.visit(Personal))
}

/// Visits a service for its request's personal fields.
struct Personal;

impl Visitor<Overseas> for Personal {
    type Output = &'static [&'static str];

    fn visit<S: Service<Family = Overseas>>(self) -> Self::Output {
        S::Request::PERSONAL
    }
}

fn session_timeout(timestamp: &str, now: OffsetDateTime) -> Diagnosis {
    let sent = alipay_proto::overseas::parse_gmt8_timestamp(timestamp);
    let difference_seconds = sent.map_or(0, |sent| (now - sent).whole_seconds());
    let explanation = match SentAt::at(now).check(Some(timestamp)) {
        Some(Verdict::Finding(finding)) => format!("{}: {}", finding.code.code(), finding.detail),
        Some(Verdict::Note(note)) => note,
        None => "the timestamp does not read as yyyy-MM-dd HH:mm:ss".to_owned(),
    };
    Diagnosis::SessionTimeout {
        timestamp: timestamp.to_owned(),
        // RFC 3339 fails only for years outside 0 to 9999, which a clock does not read.
        gateway_time: now.format(&Rfc3339).unwrap_or_default(),
        difference_seconds,
        explanation,
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_known_service_hides_its_personal_fields_only() {
        let shown = redacted(pairs(&[
            ("service", "alipay.overseas.secmerchant.offline.maintain"),
            ("secondary_merchant_name", "Shop Owner Ltd"),
            ("register_country", "US"),
        ]));
        assert_eq!(
            shown,
            pairs(&[
                ("service", "alipay.overseas.secmerchant.offline.maintain"),
                ("secondary_merchant_name", "<14 bytes>"),
                ("register_country", "US"),
            ])
        );
    }

    #[test]
    fn an_unknown_or_missing_service_hides_all_but_the_basic_params() {
        for service in [Some("alipay.overseas.secmerchant.not.a.service"), None] {
            let mut list = vec![
                ("partner", "2088000000000001"),
                ("contact_mobile", "13800138000"),
            ];
            if let Some(service) = service {
                list.push(("service", service));
            }
            let shown = redacted(pairs(&list));
            assert_eq!(shown[0], pairs(&[("partner", "2088000000000001")])[0]);
            assert_eq!(shown[1], pairs(&[("contact_mobile", "<11 bytes>")])[0]);
            if let Some(service) = service {
                assert_eq!(shown[2], pairs(&[("service", service)])[0]);
            }
        }
    }
}
