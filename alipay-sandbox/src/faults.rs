//! Fault injection for testing retries, as a layer in front of the gateway routes: the handlers
//! never see it, except for the intl status `U`, which is a signed reply only a handler can
//! build (the request is processed and committed, and the reply says the outcome is unknown).
//!
//! Faults are checked before they are set ([`Faults::check`]): `status` is an error status,
//! 400 to 599 (a 1xx would switch protocols or be dropped, a 2xx or 3xx is not a fault);
//! `delay_ms` is at most [`MAX_DELAY_MS`]; `times`, when given, is at least 1. Faults set
//! through `PUT /admin/faults` live in memory: a restarted sandbox starts with those of
//! `--faults` (or none).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_LENGTH;
use serde::{Deserialize, Serialize};

/// The faults to inject. Each applies to every gateway request while set, or to the next
/// `times` requests when `times` is given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Wait this long before handling the request.
    pub delay_ms: u64,
    /// Answer with this HTTP status (e.g. 503) without handling the request.
    pub status: Option<u16>,
    /// Handle the request, then send only the first half of the reply body.
    pub truncate: bool,
    /// Handle the request, then send the reply with every 7th byte changed.
    pub garble: bool,
    /// Handle the request, then close the connection after the status line, before any body.
    pub drop: bool,
    /// Handle an intl request, then answer `UNKNOWN_EXCEPTION` (status `U`).
    pub intl_unknown: bool,
    /// How many requests the faults apply to; `None`: until they are changed.
    pub times: Option<u32>,
}

/// The longest `delay_ms`: one minute, longer than the timeouts of the clients under test.
pub const MAX_DELAY_MS: u64 = 60_000;

/// A fault setting out of its range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FaultError {
    /// `status` is not an error status.
    #[error("status {0} is not an error status (400 to 599)")]
    Status(u16),
    /// `delay_ms` is too long.
    #[error("delay_ms {0} is longer than {MAX_DELAY_MS} (one minute)")]
    Delay(u64),
    /// `times` is 0.
    #[error("times must be at least 1 (leave it out for every request)")]
    Times,
}

impl Faults {
    /// Whether every setting is in its range (see the module docs).
    ///
    /// # Errors
    /// The first [`FaultError`].
    pub fn check(&self) -> Result<(), FaultError> {
        if let Some(status) = self.status
            && !(400..=599).contains(&status)
        {
            return Err(FaultError::Status(status));
        }
        if self.delay_ms > MAX_DELAY_MS {
            return Err(FaultError::Delay(self.delay_ms));
        }
        if self.times == Some(0) {
            return Err(FaultError::Times);
        }
        Ok(())
    }

    /// Whether any fault is set.
    pub fn any(&self) -> bool {
        self.delay_ms > 0
            || self.status.is_some()
            || self.truncate
            || self.garble
            || self.drop
            || self.intl_unknown
    }
}

/// The faults in force, shared by the layer and the admin routes.
#[derive(Debug, Clone, Default)]
pub struct FaultSwitch(Arc<Mutex<Faults>>);

impl FaultSwitch {
    /// Starts with `faults`.
    pub fn new(faults: Faults) -> Self {
        Self(Arc::new(Mutex::new(faults)))
    }

    /// Replaces the faults.
    pub fn set(&self, faults: Faults) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = faults;
    }

    /// The faults as set.
    pub fn get(&self) -> Faults {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The faults for one request, counting it against `times`.
    fn take(&self) -> Faults {
        let mut faults = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let taken = faults.clone();
        match faults.times {
            Some(0) => return Faults::default(),
            Some(1) => *faults = Faults::default(),
            Some(n) => faults.times = Some(n - 1),
            None => {}
        }
        taken
    }
}

/// The layer: delays, replaces or damages the handler's reply as the faults say.
pub async fn inject(
    State(switch): State<FaultSwitch>,
    mut request: Request,
    next: Next,
) -> Response {
    let faults = switch.take();
    if !faults.any() {
        return next.run(request).await;
    }
    if faults.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.delay_ms)).await;
    }
    if let Some(status) = faults.status {
        // `Faults::check` admits only 400 to 599, which are all valid status codes.
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
        return (status, "injected fault").into_response();
    }
    request.extensions_mut().insert(faults.clone());
    let response = next.run(request).await;
    if !(faults.truncate || faults.garble || faults.drop) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    if faults.drop {
        let broken = futures_util::stream::once(async {
            Err::<Bytes, _>(std::io::Error::other("injected dropped connection"))
        });
        return Response::from_parts(parts, Body::from_stream(broken));
    }
    // The sandbox's own reply, in memory: reading it fails only on a bug. Say so, rather than
    // send an empty body that would pass for the injected truncation.
    let mut bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes.to_vec(),
        Err(error) => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the sandbox could not read its own reply to damage it: {error}"),
            )
                .into_response();
        }
    };
    if faults.truncate {
        bytes.truncate(bytes.len() / 2);
    }
    if faults.garble {
        bytes.iter_mut().step_by(7).for_each(|b| *b ^= 0x5A);
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_counts_requests_down_then_clears() {
        let switch = FaultSwitch::new(Faults {
            truncate: true,
            times: Some(2),
            ..Faults::default()
        });
        assert!(switch.take().truncate);
        assert!(switch.take().truncate);
        assert_eq!(switch.take(), Faults::default());
        assert_eq!(switch.get(), Faults::default());
    }
}
