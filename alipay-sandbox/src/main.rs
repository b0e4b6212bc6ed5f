//! `alipay-sandbox`: a local Alipay gateway. Every flag has a TEST default, printed at start-up.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use alipay_proto::intl::FunctionId;
use alipay_proto::overseas::{Profile, ServiceId};
use alipay_sandbox::{App, Faults, Settings};
use clap::Parser;

/// The routes (from the library's registries: every overseas service, every intl function's
/// path), then [`ADMIN`]: what `--help` prints after the flags.
fn routes() -> String {
    let services: Vec<&str> = ServiceId::ALL.iter().map(|id| id.name()).collect();
    let mut text = format!(
        "Routes:\n  GET|POST /gateway.do   overseas: {}\n",
        services.join(", ")
    );
    for (function, path) in FunctionId::ALL.iter().zip(alipay_sandbox::intl_paths()) {
        text.push_str(&format!("  POST {path}   intl: {}\n", function.name()));
    }
    text.push('\n');
    text.push_str(ADMIN);
    text
}

/// The admin endpoints and the values their JSON takes (printed by `--help`).
const ADMIN: &str = "\
Admin endpoints (JSON):
  GET  /admin/registrations   [{family, merchant_id, store_id, service, status, reject_reason, archived}]
  POST /admin/approve         {\"family\": \"overseas\"|\"intl\", \"merchant_id\": S, \"store_id\": S}
  POST /admin/reject          {\"family\", \"merchant_id\", \"store_id\", \"reason\": S (default \"rejected by hand\")}
  GET  /admin/faults          the faults in force
  PUT  /admin/faults          {\"delay_ms\": N (0), \"status\": HTTP status|null, \"truncate\": bool,
                               \"garble\": bool, \"drop\": bool, \"intl_unknown\": bool,
                               \"times\": N|null (null: until changed)}; {} clears them
  GET  /admin/requests?limit=N  the last N requests (default: all kept), newest first:
                               [{at, method, path, family, service, outcome, latency_ms,
                                 reason, diagnosis: {kind: illegal_sign {expected, charset,
                                 causes: [{code, detail, fix}]} | session_timeout {timestamp,
                                 gateway_time, difference_seconds, explanation} |
                                 param_illegal {violations: [{field, rule}]}}}]

Log: one line per request on stderr (method, service, outcome, latency_ms, and for a refusal
its reason and diagnosis), as text or, with --log-format json, one JSON object a line.";

/// A local Alipay gateway for integration tests: /gateway.do (overseas) and every intl
/// function's path, state in SQLite, review lifecycle, fault injection, and a log that
/// says why each request was refused.
#[derive(Debug, Parser)]
#[command(version, after_help = routes())]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Overseas partner ID. Default: the TEST partner.
    #[arg(long)]
    partner: Option<String>,
    /// The overseas profile the gateway acts as: `global` (partner 2088…, RSA, RSA2, MD5) or
    /// `alipayhk` (partner 2088… or 2160…, RSA and RSA2 only).
    #[arg(long, default_value = "global", value_parser = profile)]
    profile: Profile,
    /// File holding the MD5 key. Default: the TEST key.
    #[arg(long)]
    md5_key: Option<PathBuf>,
    /// Intl client ID. Default: the TEST client ID.
    #[arg(long)]
    client_id: Option<String>,
    /// File holding the merchant's RSA public key (verifies RSA/RSA2 requests). Default: the
    /// merchant's TEST public key (`testdata/keys/rsa_test_public.pem`).
    #[arg(long)]
    merchant_public_key: Option<PathBuf>,
    /// File holding the gateway's RSA private key (signs replies; clients verify them with its
    /// public half, as "Alipay's public key"). Default: the TEST Alipay key
    /// (`testdata/keys/rsa_test_alipay_private_pkcs8.pem`), a pair distinct from the merchant's.
    #[arg(long)]
    gateway_private_key: Option<PathBuf>,
    /// SQLite database file, or `:memory:` for none.
    #[arg(long, default_value = "alipay-sandbox.db")]
    db: String,
    /// Seconds a registration stays under review (0: decided at once).
    #[arg(long, default_value_t = 0)]
    review_seconds: u64,
    /// Faults to inject from start-up, as the JSON of PUT /admin/faults, e.g.
    /// '{"status":503,"times":2}'.
    #[arg(long)]
    faults: Option<String>,
    /// Seconds a client has to send a request's head (also the idle timeout of a kept-alive
    /// connection).
    #[arg(long, default_value = "10", value_parser = seconds)]
    header_timeout: Duration,
    /// Seconds a client has to send a request's body once its head has arrived.
    #[arg(long, default_value = "30", value_parser = seconds)]
    body_timeout: Duration,
    /// The most connections served at once; more wait until one closes.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    max_connections: u32,
    /// Seconds requests in flight have to finish at shutdown (Ctrl-C, SIGTERM).
    #[arg(long, default_value = "5", value_parser = seconds)]
    grace: Duration,
    /// File holding the token the admin routes require (`Authorization: Bearer TOKEN`); or
    /// set ALIPAY_SANDBOX_ADMIN_TOKEN. Required unless listening on a loopback address.
    #[arg(long)]
    admin_token_file: Option<PathBuf>,
    /// A host name the admin routes answer to besides localhost and IP addresses (the Host
    /// header is checked against DNS rebinding). Repeatable.
    #[arg(long = "admin-host")]
    admin_hosts: Vec<String>,
    /// The log's format: `text` (one readable line a request) or `json` (one JSON object a
    /// line).
    #[arg(long, value_enum, default_value = "text")]
    log_format: LogFormat,
    /// How many requests GET /admin/requests keeps.
    #[arg(long, default_value_t = alipay_sandbox::journal::DEFAULT_KEEP)]
    requests_kept: usize,
}

/// `--log-format`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    /// One readable line a request.
    Text,
    /// One JSON object a line.
    Json,
}

/// The environment variable an admin token may be given in.
const TOKEN_VAR: &str = "ALIPAY_SANDBOX_ADMIN_TOKEN";

/// A number of seconds, fractions allowed: `10`, `0.5`.
fn seconds(text: &str) -> Result<Duration, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if !(0.001..=86_400.0).contains(&value) {
        return Err(format!("{text} s is not between 0.001 and 86400"));
    }
    Ok(Duration::from_secs_f64(value))
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("alipay-sandbox: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    let settings = settings(&args)?;
    let log = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false);
    match args.log_format {
        LogFormat::Text => log.try_init(),
        LogFormat::Json => log.json().try_init(),
    }
    .map_err(|e| format!("log: {e}"))?;
    let app = Arc::new(App::new(&settings).map_err(|e| alipay_proto_cli::with_causes(&e))?);
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .map_err(|e| format!("--listen {}: {e}", args.listen))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let stop = stop_signal()?;
        // One write, and no panic if nobody reads it (a closed pipe).
        let banner = format!(
            "alipay-sandbox listening on http://{addr}\n  overseas gateway: http://{addr}/gateway.do\n  intl endpoint:    http://{addr}/api/\n  {settings:?}\n"
        );
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(banner.as_bytes()).and_then(|()| stdout.flush());
        alipay_sandbox::serve(listener, app, stop)
            .await
            .map_err(|e| e.to_string())
    });
    // Database work still running on a blocking thread gets the grace period too.
    runtime.shutdown_timeout(settings.grace);
    served
}

/// Ctrl-C (SIGINT) or SIGTERM. The handlers are installed here, before the banner is
/// printed: a signal sent as soon as the banner is read stops the sandbox instead of killing it.
fn stop_signal() -> Result<impl Future<Output = ()> + Send + 'static, String> {
    #[cfg(unix)]
    let (mut interrupt, mut terminate) = {
        use tokio::signal::unix::{SignalKind, signal};
        let install = |kind| signal(kind).map_err(|e| format!("cannot handle signals: {e}"));
        (
            install(SignalKind::interrupt())?,
            install(SignalKind::terminate())?,
        )
    };
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("alipay-sandbox: stopping: no new connections, requests in flight may finish");
    })
}

fn profile(name: &str) -> Result<Profile, String> {
    Profile::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Profile::ALL.iter().map(|p| p.name()).collect();
        format!("unknown profile (one of: {})", names.join(", "))
    })
}

fn settings(args: &Args) -> Result<Settings, String> {
    let mut settings = Settings::default();
    settings.profile = args.profile;
    let read = |flag: &str, path: &PathBuf| {
        std::fs::read_to_string(path).map_err(|e| format!("--{flag} {}: {e}", path.display()))
    };
    if let Some(partner) = &args.partner {
        settings.partner.clone_from(partner);
    }
    let class = settings.profile.partner_class();
    if !class.matches(&settings.partner) {
        return Err(format!(
            "--partner {:?}: the {} profile's partner is {}",
            settings.partner,
            settings.profile,
            class.describe()
        ));
    }
    if let Some(path) = &args.md5_key {
        // As the file is: `Md5Key::new` applies the library's key-text rule.
        settings.md5_key = read("md5-key", path)?;
    }
    if let Some(client_id) = &args.client_id {
        settings.client_id.clone_from(client_id);
    }
    if let Some(path) = &args.merchant_public_key {
        settings.merchant_public_key = read("merchant-public-key", path)?;
    }
    if let Some(path) = &args.gateway_private_key {
        settings.gateway_private_key = read("gateway-private-key", path)?;
    }
    settings.db.clone_from(&args.db);
    settings.review_seconds = args.review_seconds;
    settings.requests_kept = args.requests_kept;
    if let Some(json) = &args.faults {
        settings.faults =
            serde_json::from_str::<Faults>(json).map_err(|e| format!("--faults: {e}"))?;
    }
    settings.header_timeout = args.header_timeout;
    settings.body_timeout = args.body_timeout;
    settings.max_connections = args.max_connections as usize;
    settings.grace = args.grace;
    settings.admin_token = match (&args.admin_token_file, std::env::var(TOKEN_VAR)) {
        (Some(path), _) => Some(read("admin-token-file", path)?.trim().to_owned()),
        (None, Ok(token)) => Some(token.trim().to_owned()),
        (None, Err(_)) => None,
    };
    if settings.admin_token.as_deref() == Some("") {
        return Err("the admin token is empty".to_owned());
    }
    settings.admin_hosts.clone_from(&args.admin_hosts);
    Ok(settings)
}
