//! The admin routes: list registrations, approve or reject a review by hand, set faults.
//!
//! They are guarded ([`guard`]): the `Host` header must name this machine by a loopback name
//! (`localhost` or `*.localhost`), by an IP address (a page that rebinds its DNS name to
//! 127.0.0.1 still sends its own name), or by a name configured with `--admin-host`; and when
//! an admin token is set, the request must carry `Authorization: Bearer <token>`.

use std::net::IpAddr;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::Uri;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::HeaderMap;
use http::header::{AUTHORIZATION, HOST, WWW_AUTHENTICATE};
use serde::Deserialize;

use crate::faults::Faults;
use crate::store::Key;
use crate::{App, review};

/// Who may use the admin routes.
#[derive(Clone)]
pub struct Access {
    token: Option<String>,
    hosts: Vec<String>,
}

impl std::fmt::Debug for Access {
    /// The token is never shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Access")
            .field("token", &self.token.as_ref().map(|_| "<configured token>"))
            .field("hosts", &self.hosts)
            .finish()
    }
}

impl Access {
    /// Requires `token` when given, and a `Host` of this machine or one of `hosts`.
    pub fn new(token: Option<String>, hosts: &[String]) -> Self {
        Self {
            token,
            hosts: hosts.iter().map(|h| h.to_ascii_lowercase()).collect(),
        }
    }

    /// Whether a token is required.
    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// `Ok` when `headers` may reach the admin routes, otherwise the refusal: `403` for
    /// another `Host`, `401` for a missing or wrong token.
    #[allow(clippy::result_large_err, reason = "the refusal is the reply")]
    pub fn check(&self, headers: &HeaderMap) -> Result<(), Response> {
        let host = headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            // No Host, or one that is not text: no allowed host name, so refused just below.
            .unwrap_or_default();
        if !self.host_allowed(host) {
            return Err((
                StatusCode::FORBIDDEN,
                "the admin routes answer only to a Host naming this machine (localhost or an \
                 IP address) or one given with --admin-host",
            )
                .into_response());
        }
        let Some(token) = &self.token else {
            return Ok(());
        };
        let given = headers
            .get(AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "))
            // No bearer token: the empty one, which never equals the set token (401 below).
            .unwrap_or_default();
        if same(given.as_bytes(), token.as_bytes()) {
            Ok(())
        } else {
            Err((
                StatusCode::UNAUTHORIZED,
                [(WWW_AUTHENTICATE, "Bearer")],
                "the admin routes need Authorization: Bearer <the sandbox's admin token>",
            )
                .into_response())
        }
    }

    fn host_allowed(&self, host: &str) -> bool {
        let name = host_name(host).to_ascii_lowercase();
        if name.is_empty() {
            return false;
        }
        let bare = name.trim_start_matches('[').trim_end_matches(']');
        name == "localhost"
            || name.ends_with(".localhost")
            || bare.parse::<IpAddr>().is_ok()
            || self.hosts.contains(&name)
    }
}

/// The name of a `Host` value, without its port.
fn host_name(host: &str) -> &str {
    if host.starts_with('[') {
        // [v6]:port
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The layer in front of the admin routes (see the module docs).
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    match app.admin.check(request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal,
    }
}

/// A hand decision: which registration, and the reject reason (reject only).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    #[serde(flatten)]
    key: Key,
    #[serde(default)]
    reason: Option<String>,
}

/// The page size of `GET /admin/registrations` without `limit`.
const DEFAULT_PAGE: usize = 100;

/// `GET /admin/registrations[?limit=N][&after=CURSOR]`: a page of registrations (key,
/// service, review state; no personal data) in key order, reviews whose time has passed
/// settled: `{"registrations": [...], "next": CURSOR or null}`. `limit` is 1 to 1000 (default
/// 100); `next`, passed as `after`, gives the following page. Each page is read in its own
/// transaction.
pub async fn registrations(State(app): State<Arc<App>>, request: Request) -> Response {
    // No query string: the defaults (first page, 100 rows).
    let (after, limit) = match list_query(request.uri().query().unwrap_or_default()) {
        Ok(query) => query,
        Err(message) => return (StatusCode::BAD_REQUEST, message).into_response(),
    };
    let listed =
        tokio::task::spawn_blocking(move || app.registrations_page(after.as_ref(), limit)).await;
    match listed {
        Ok(Ok(page)) => Json(Listed {
            next: page.next.as_ref().map(cursor),
            registrations: page.registrations,
        })
        .into_response(),
        Ok(Err(error)) => db_error(&error),
        Err(_) => db_error(&rusqlite::Error::InvalidQuery),
    }
}

/// The JSON of a page.
#[derive(serde::Serialize)]
struct Listed {
    registrations: Vec<crate::Summary>,
    next: Option<String>,
}

/// `after` and `limit` of a list query.
fn list_query(query: &str) -> Result<(Option<Key>, usize), String> {
    let (mut after, mut limit) = (None, DEFAULT_PAGE);
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        match pair.split_once('=') {
            Some(("limit", value)) => {
                limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=crate::store::MAX_PAGE).contains(n))
                    .ok_or_else(|| format!("limit must be 1 to {}", crate::store::MAX_PAGE))?;
            }
            Some(("after", value)) => {
                after = Some(key_of(value).ok_or("after must be a `next` value of this list")?);
            }
            _ => return Err("the list takes only limit and after".to_owned()),
        }
    }
    Ok((after, limit))
}

/// A page's `next`: the key as JSON, in hex (safe in a URL as it is).
fn cursor(key: &Key) -> String {
    // A JSON array of the three strings, written by `Value`'s Display, which cannot fail (an
    // empty cursor would restart the listing at its first page).
    let parts = [&key.family, &key.merchant_id, &key.store_id];
    let json = serde_json::Value::from(parts.map(|part| part.as_str()).to_vec()).to_string();
    json.bytes().map(|byte| format!("{byte:02x}")).collect()
}

/// The key of a [`cursor`].
fn key_of(cursor: &str) -> Option<Key> {
    let bytes = (0..cursor.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(cursor.get(at..at + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    let (family, merchant_id, store_id) = serde_json::from_slice(&bytes).ok()?;
    Some(Key {
        family,
        merchant_id,
        store_id,
    })
}

/// `POST /admin/approve`: the review ends in `SUCCESS`.
pub async fn approve(State(app): State<Arc<App>>, Json(decision): Json<Decision>) -> Response {
    decide(&app, decision.key, None).await
}

/// `POST /admin/reject`: the review ends in `FAILED` with `reason`.
pub async fn reject(State(app): State<Arc<App>>, Json(decision): Json<Decision>) -> Response {
    let reason = decision
        .reason
        .unwrap_or_else(|| "rejected by hand".to_owned());
    decide(&app, decision.key, Some(reason)).await
}

async fn decide(app: &App, key: Key, reason: Option<String>) -> Response {
    let store = app.store.clone();
    match store.run(move |tx| review::decide(tx, &key, reason)).await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => (StatusCode::NOT_FOUND, "no such registration").into_response(),
        Err(error) => db_error(&error),
    }
}

/// `GET /admin/requests?limit=N`: the last N requests kept (default: all, at most
/// `--requests-kept`), newest first, each with its outcome, latency and, for a refusal, the
/// reason and diagnosis. A `limit` that is not a number is a `400`.
pub async fn requests(State(app): State<Arc<App>>, uri: Uri) -> Response {
    let mut limit = usize::MAX;
    // No query string: no limit given.
    for pair in uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        match pair.split_once('=') {
            Some(("limit", n)) => match n.parse() {
                Ok(n) => limit = n,
                Err(_) => {
                    return (StatusCode::BAD_REQUEST, "limit must be a number").into_response();
                }
            },
            _ => return (StatusCode::BAD_REQUEST, "the only parameter is limit=N").into_response(),
        }
    }
    Json(app.requests(limit)).into_response()
}

/// `GET /admin/faults`.
pub async fn faults(State(app): State<Arc<App>>) -> Json<Faults> {
    Json(app.faults.get())
}

/// `PUT /admin/faults`: replaces the faults (`{}` clears them); `400` naming the setting out
/// of its range, the faults unchanged.
pub async fn set_faults(State(app): State<Arc<App>>, Json(faults): Json<Faults>) -> Response {
    match app.set_faults(faults) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => (StatusCode::BAD_REQUEST, error.to_string()).into_response(),
    }
}

fn db_error(error: &rusqlite::Error) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("database: {error}"),
    )
        .into_response()
}
