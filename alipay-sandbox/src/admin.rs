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
            || self.hosts.iter().any(|h| *h == name)
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

/// `GET /admin/registrations`: every registration's key, service and review state.
pub async fn registrations(State(app): State<Arc<App>>) -> Response {
    let store = app.store.clone();
    match store.run(crate::store::list).await {
        Ok(list) => Json(list).into_response(),
        Err(error) => db_error(&error),
    }
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

/// `GET /admin/faults`.
pub async fn faults(State(app): State<Arc<App>>) -> Json<Faults> {
    Json(app.faults.get())
}

/// `PUT /admin/faults`: replaces the faults (`{}` clears them).
pub async fn set_faults(State(app): State<Arc<App>>, Json(faults): Json<Faults>) -> StatusCode {
    app.faults.set(faults);
    StatusCode::NO_CONTENT
}

fn db_error(error: &rusqlite::Error) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("database: {error}"),
    )
        .into_response()
}
