//! The admin routes: list registrations, approve or reject a review by hand, set faults.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::faults::Faults;
use crate::store::Key;
use crate::{App, review};

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

/// `GET /admin/requests?limit=N`: the last N requests kept (default: all, at most
/// `--requests-kept`), newest first, each with its outcome, latency and, for a refusal, the
/// reason and diagnosis. A `limit` that is not a number is a `400`.
pub async fn requests(State(app): State<Arc<App>>, uri: Uri) -> Response {
    let mut limit = usize::MAX;
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
