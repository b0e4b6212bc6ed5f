//! The HTTP server around the routes: the connection limit, the header, body and idle
//! timeouts, and shutdown with a bounded grace period.
//!
//! - At most [`Settings::max_connections`](crate::Settings::max_connections) connections are
//!   served at once: the accept loop takes a permit before it accepts, so further connections
//!   wait in the kernel's listen backlog, holding no file descriptor of the sandbox, and are
//!   served as soon as one closes. Reaching the limit is logged once each time it happens.
//! - A request's head must arrive within [`header_timeout`](crate::Settings::header_timeout) of
//!   the server starting to wait for it (a new connection, or a kept-alive one after its last
//!   reply: the idle timeout); hyper closes the connection otherwise. Its body must arrive
//!   within [`body_timeout`](crate::Settings::body_timeout): `408` and the connection closes.
//! - Shutdown stops accepting at once, asks every connection to close after its request in
//!   flight, and drops those still open after [`grace`](crate::Settings::grace).

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt as _;
use http::StatusCode;
use http::header::CONNECTION;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use crate::{App, Error};

/// The most body bytes a gateway handler sees: one more than the larger of the two families'
/// request limits (`DEFAULT_MAX_REQUEST_BYTES`, 64 KiB each), so a longer body still reaches
/// the library's gateway, which refuses it in its family's documented shape (overseas: XML
/// `ILLEGAL_ARGUMENT`; intl: signed `PARAM_ILLEGAL`).
pub const READ_LIMIT: usize = 1 + max(
    alipay_proto::overseas::gateway::DEFAULT_MAX_REQUEST_BYTES,
    alipay_proto::intl::gateway::DEFAULT_MAX_REQUEST_BYTES,
);

/// Body bytes past [`READ_LIMIT`] read and thrown away before answering, so that a client
/// still sending gets the reply instead of a reset connection; a longer body gets the same
/// reply, and the connection is closed without reading the rest.
const DRAIN_LIMIT: usize = 16 << 20;

const fn max(a: usize, b: usize) -> usize {
    if a > b { a } else { b }
}

/// The server's limits, from the settings.
#[derive(Debug, Clone)]
pub struct Limits {
    /// See [`Settings::header_timeout`](crate::Settings::header_timeout).
    pub header_timeout: Duration,
    /// See [`Settings::body_timeout`](crate::Settings::body_timeout).
    pub body_timeout: Duration,
    /// See [`Settings::max_connections`](crate::Settings::max_connections).
    pub max_connections: usize,
    /// See [`Settings::grace`](crate::Settings::grace).
    pub grace: Duration,
}

/// A line of the server's log (`tracing`, target `alipay_sandbox::server`; the binary writes
/// it to stderr).
fn log(message: std::fmt::Arguments<'_>) {
    tracing::warn!(target: "alipay_sandbox::server", "{message}");
}

/// Serves `app` on `listener` until `shutdown` resolves, then stops as the module docs say.
pub async fn run(
    listener: TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let limits = app.limits.clone();
    let router = crate::router(app);
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (closing, closed) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut at_limit = false;
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        while connections.try_join_next().is_some() {}
        let permit = match Arc::clone(&permits).try_acquire_owned() {
            Ok(permit) => {
                at_limit = false;
                permit
            }
            Err(_) => {
                if !at_limit {
                    log(format_args!(
                        "connection limit reached ({} open): new connections wait until one closes",
                        limits.max_connections
                    ));
                    at_limit = true;
                }
                tokio::select! {
                    () = &mut shutdown => break,
                    permit = Arc::clone(&permits).acquire_owned() => match permit {
                        Ok(permit) => permit,
                        Err(_) => break,
                    },
                }
            }
        };
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // keep serving the ones open, and try again shortly.
                    log(format_args!("accept failed: {error}"));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let service = TowerToHyperService::new(router.clone());
        let mut closed = closed.clone();
        let header_timeout = limits.header_timeout;
        connections.spawn(async move {
            let _permit = permit;
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = closed.wait_for(|closing| *closing) => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = closing.send(true);
    let drained = tokio::time::timeout(limits.grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        log(format_args!(
            "dropping {} connection(s) still open after the {:?} grace period",
            connections.len(),
            limits.grace
        ));
        connections.shutdown().await;
    }
    Ok(())
}

/// The layer in front of the gateway routes: reads the body within the body timeout, at most
/// [`READ_LIMIT`] bytes of it, and hands the handler a complete body.
pub async fn read_body(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let timeout = app.limits.body_timeout;
    match tokio::time::timeout(timeout, collect(body)).await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(_)) => close(
            StatusCode::BAD_REQUEST,
            "the request body could not be read",
        ),
        Err(_) => close(
            StatusCode::REQUEST_TIMEOUT,
            &format!("the request body did not arrive within {timeout:?}"),
        ),
    }
}

/// The first [`READ_LIMIT`] bytes of `body`; the rest up to [`DRAIN_LIMIT`] is read and
/// dropped.
async fn collect(body: Body) -> Result<Bytes, axum::Error> {
    let mut stream = body.into_data_stream();
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        let room = READ_LIMIT - kept.len();
        kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
        seen = seen.saturating_add(chunk.len());
        if seen > DRAIN_LIMIT {
            break;
        }
    }
    Ok(kept.into())
}

/// A plain-text refusal after which the connection is closed.
fn close(status: StatusCode, message: &str) -> Response {
    (status, [(CONNECTION, "close")], message.to_owned()).into_response()
}
