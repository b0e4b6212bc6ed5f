//! A local Alipay gateway for testing an integration without Alipay: both protocol families
//! over real HTTP, registrations kept in SQLite, the review lifecycle, and fault injection.
//!
//! Run it with `cargo run -p alipay-sandbox -- --listen 127.0.0.1:8080`, or embed it in a
//! test with [`Sandbox::start`]:
//!
//! ```no_run
//! let sandbox = alipay_sandbox::Sandbox::start()?;
//! let gateway = sandbox.gateway_url(); // http://127.0.0.1:<port>/gateway.do
//! let endpoint = sandbox.intl_endpoint(); // http://127.0.0.1:<port>/api/
//! let partner = &sandbox.settings().partner;
//! // ... point the overseas and intl clients at them, signing with the TEST keys
//! # Ok::<(), alipay_sandbox::Error>(())
//! ```
//!
//! Routes: `/gateway.do` (GET and POST) for every overseas service, one path per intl function
//! ([`intl_paths`]: `/api/` and the function's path, e.g. `/api/alipay/intl/merchant/common/
//! indirectMerchant/maintain.htm`, POST), both from the library's generated registries
//! (`overseas::ServiceId`, `intl::FunctionId`), and the admin routes: `GET /admin/registrations`,
//! `POST /admin/approve` and `POST /admin/reject` (JSON `{"family", "merchant_id",
//! "store_id", "reason"}`), `GET`/`PUT /admin/faults` ([`Faults`] as JSON) and
//! `GET /admin/requests?limit=N` (the last requests with why each was refused: [`journal`]).
//! Every request is logged (`tracing`, target `alipay_sandbox::request`) with its outcome and,
//! for a refusal, its diagnosis.

mod admin;
mod faults;
mod intl;
pub mod journal;
mod overseas;
mod review;
mod server;
mod settings;
mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use alipay_proto::intl::FunctionId;
use alipay_proto::intl::gateway::Gateway as IntlGateway;
use alipay_proto::overseas::gateway::Gateway as OverseasGateway;
use axum::Router;
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use tokio::sync::oneshot;

pub use faults::{FaultError, Faults, MAX_DELAY_MS};
pub use settings::{
    KeyError, Settings, TEST_ALIPAY_PRIVATE_KEY_PEM, TEST_ALIPAY_PUBLIC_KEY_PEM, TEST_CLIENT_ID,
    TEST_MD5_KEY, TEST_PARTNER, TEST_PRIVATE_KEY_PEM, TEST_PUBLIC_KEY_PEM,
};
pub use store::{Key, MAX_PAGE, OpenError, Page, Summary};

use faults::FaultSwitch;
use review::{Outcome, Submission};
use store::{Registration, Store};

/// The path the intl functions are served under: the documented production endpoint's
/// (`https://open-sea.alipay.com/api/` -> `/api/`).
pub fn intl_prefix() -> String {
    let endpoint: Option<http::Uri> = alipay_proto::intl::PRODUCTION_GATEWAY.parse().ok();
    endpoint.map_or_else(|| "/".to_owned(), |uri| uri.path().to_owned())
}

/// The intl paths the sandbox serves: [`intl_prefix`] and each function's path, for every
/// function of the registry ([`FunctionId::ALL`]).
pub fn intl_paths() -> Vec<String> {
    let prefix = intl_prefix();
    FunctionId::ALL
        .iter()
        .map(|function| format!("{prefix}{}", function.path()))
        .collect()
}

/// The largest request body a handler reads: [`server::read_body`] has already cut it to
/// this length.
const MAX_BODY: usize = server::READ_LIMIT;

/// Why a sandbox could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A configured key does not load.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A fault setting is out of its range.
    #[error("--faults")]
    Faults(#[from] FaultError),
    /// The database cannot be used.
    #[error("database")]
    Store(#[from] OpenError),
    /// The database failed.
    #[error("database")]
    Db(#[from] rusqlite::Error),
    /// The listener or the runtime failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The address listened on is not a loopback address and no admin token is set: anyone
    /// who reaches the port could change the sandbox's state.
    #[error(
        "listening on {addr}, which is not a loopback address, needs an admin token \
         (--admin-token-file or ALIPAY_SANDBOX_ADMIN_TOKEN): anyone who reaches the port could \
         approve, reject and list registrations and set faults"
    )]
    Unprotected {
        /// The address listened on.
        addr: SocketAddr,
    },
}

/// What every handler shares.
#[derive(Debug)]
pub struct App {
    overseas: OverseasGateway,
    intl: IntlGateway,
    store: Store,
    review_seconds: u64,
    faults: FaultSwitch,
    limits: server::Limits,
    admin: admin::Access,
    journal: journal::Journal,
    keys: journal::SandboxKeys,
    clock: Option<time::OffsetDateTime>,
}

impl App {
    /// Loads the keys and opens the database.
    ///
    /// # Errors
    /// [`Error::Key`], [`Error::Faults`] or [`Error::Store`].
    pub fn new(settings: &Settings) -> Result<Self, Error> {
        settings.faults.check()?;
        Ok(Self {
            overseas: settings.overseas_gateway()?,
            intl: settings.intl_gateway()?,
            store: Store::open(&settings.db)?,
            review_seconds: settings.review_seconds,
            faults: FaultSwitch::new(settings.faults.clone()),
            limits: server::Limits {
                header_timeout: settings.header_timeout,
                body_timeout: settings.body_timeout,
                max_connections: settings.max_connections,
                grace: settings.grace,
            },
            admin: admin::Access::new(settings.admin_token.clone(), &settings.admin_hosts),
            journal: journal::Journal::new(settings.requests_kept),
            keys: journal::SandboxKeys {
                md5: alipay_proto_cli::key::KeyText::new(settings.md5_key.as_bytes().to_vec()),
                public: alipay_proto_cli::key::KeyText::new(
                    settings.merchant_public_key.as_bytes().to_vec(),
                ),
            },
            clock: settings.clock,
        })
    }

    /// The instant overseas request timestamps are checked against.
    fn request_clock(&self) -> time::OffsetDateTime {
        self.clock.unwrap_or_else(time::OffsetDateTime::now_utc)
    }

    /// Files a submission in its own transaction.
    async fn submit(&self, submission: Submission) -> rusqlite::Result<Outcome> {
        let (now, review) = (unix_now(), self.review_seconds);
        let store = self.store.clone();
        store
            .run(move |tx| review::submit(tx, submission, now, review))
            .await
    }

    /// The registration under `key`, its review settled.
    async fn current(&self, key: Key) -> rusqlite::Result<Option<Registration>> {
        let now = unix_now();
        let store = self.store.clone();
        store.run(move |tx| review::current(tx, &key, now)).await
    }

    /// Every registration (no personal data), their reviews settled: read a page at a time,
    /// each in its own transaction (see [`App::registrations_page`]).
    ///
    /// # Errors
    /// SQLite's error.
    pub fn registrations(&self) -> rusqlite::Result<Vec<Summary>> {
        let mut all = Vec::new();
        let mut after = None;
        loop {
            let page = self.registrations_page(after.as_ref(), store::MAX_PAGE)?;
            all.extend(page.registrations);
            match page.next {
                Some(next) => after = Some(next),
                None => return Ok(all),
            }
        }
    }

    /// The registrations after `after` in key order (from the first when `None`), at most
    /// `limit` (at most [`MAX_PAGE`]); reviews whose time has passed are settled and
    /// saved first, as queryStatus would.
    ///
    /// # Errors
    /// SQLite's error.
    pub fn registrations_page(&self, after: Option<&Key>, limit: usize) -> rusqlite::Result<Page> {
        let now = unix_now();
        self.store
            .run_blocking(|tx| store::page(tx, after, limit, now))
    }

    /// The last `limit` requests, newest first, with why each was refused.
    pub fn requests(&self, limit: usize) -> Vec<journal::Entry> {
        self.journal.last(limit)
    }

    /// Sets the faults injected from now on (in memory only: a restart forgets them).
    ///
    /// # Errors
    /// [`FaultError`] when a setting is out of its range; the faults are unchanged then.
    pub fn set_faults(&self, faults: Faults) -> Result<(), FaultError> {
        faults.check()?;
        self.faults.set(faults);
        Ok(())
    }
}

/// The routes, around `app`; tests may drive it in-process.
pub fn router(app: Arc<App>) -> Router {
    let mut gateway = Router::new().route("/gateway.do", any(overseas::gateway_do));
    for path in intl_paths() {
        gateway = gateway.route(&path, any(intl::endpoint));
    }
    let gateway = gateway
        .route_layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            server::read_body,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.faults.clone(),
            faults::inject,
        ));
    let admin = Router::new()
        .route("/admin/registrations", get(admin::registrations))
        .route("/admin/approve", post(admin::approve))
        .route("/admin/reject", post(admin::reject))
        .route("/admin/faults", get(admin::faults).put(admin::set_faults))
        .route("/admin/requests", get(admin::requests))
        .route_layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            admin::guard,
        ));
    gateway.merge(admin).with_state(app)
}

/// Serves `app` on `listener` until `shutdown` resolves: at most
/// [`Settings::max_connections`] at once, with the header, body and idle timeouts of the
/// settings; at shutdown, it stops accepting and gives the requests in flight
/// [`Settings::grace`] to finish.
///
/// # Errors
/// [`Error::Unprotected`] when `listener` is not on a loopback address and no admin token is
/// set; [`Error::Io`] when its address cannot be read.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() && !app.admin.has_token() {
        return Err(Error::Unprotected { addr });
    }
    server::run(listener, app, shutdown).await
}

/// A sandbox running in this process on a free loopback port, on its own runtime thread; it
/// stops when dropped.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    settings: Settings,
    app: Arc<App>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), Error>>>,
}

impl Sandbox {
    /// Starts a sandbox with the TEST settings ([`Settings::default`]: in-memory database, no
    /// review delay).
    ///
    /// # Errors
    /// [`Error`] when it cannot start.
    pub fn start() -> Result<Self, Error> {
        Self::start_with(Settings::default())
    }

    /// Starts a sandbox with `settings`.
    ///
    /// # Errors
    /// [`Error`] when a key does not load, the database cannot be opened or no port is free.
    pub fn start_with(settings: Settings) -> Result<Self, Error> {
        let app = Arc::new(App::new(&settings)?);
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let (shutdown, stop) = oneshot::channel::<()>();
        let served = Arc::clone(&app);
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                serve(listener, served, async {
                    let _ = stop.await;
                })
                .await
            })
        });
        Ok(Self {
            addr,
            settings,
            app,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The overseas gateway URL: `<base>/gateway.do`.
    pub fn gateway_url(&self) -> String {
        format!("{}/gateway.do", self.base_url())
    }

    /// The intl endpoint (the base the client appends each function's path to):
    /// `<base>/api/` ([`intl_prefix`]).
    pub fn intl_endpoint(&self) -> String {
        format!("{}{}", self.base_url(), intl_prefix())
    }

    /// The settings, keys included: the partner, MD5 key, client ID and TEST key pair the
    /// client under test must use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The shared state: registrations and faults.
    pub fn app(&self) -> &App {
        &self.app
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The whole request, its body read (cut to [`MAX_BODY`] bytes by [`server::read_body`]).
async fn buffered(request: Request) -> Result<http::Request<Bytes>, Response> {
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => Ok(http::Request::from_parts(parts, bytes)),
        Err(_) => Err((StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response()),
    }
}

/// A reply that could not be built (signing failed): `500`, naming no key material.
fn internal_error(error: &dyn std::error::Error) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("cannot sign the reply: {error}"),
    )
        .into_response()
}

/// Seconds since the Unix epoch.
fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
