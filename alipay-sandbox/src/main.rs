//! `alipay-sandbox`: a local Alipay gateway. Every flag has a TEST default, printed at start-up.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use alipay_sandbox::{App, Faults, Settings};
use clap::Parser;

/// The routes, admin endpoints and the values their JSON takes (printed by `--help`).
const ROUTES: &str = "\
Routes:
  GET|POST /gateway.do                 overseas: offline.maintain, online.maintain, queryStatus
  POST /api/alipay/intl/merchant/common/indirectMerchant/maintain.htm   intl maintain
  POST /api/alipay/intl/merchant/common/indirectMerchant/archive.htm    intl archive

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

/// A local Alipay gateway for integration tests: /gateway.do (overseas) and the intl
/// maintain/archive paths, state in SQLite, review lifecycle, fault injection, and a log that
/// says why each request was refused.
#[derive(Debug, Parser)]
#[command(version, after_help = ROUTES)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Overseas partner ID. Default: the TEST partner.
    #[arg(long)]
    partner: Option<String>,
    /// File holding the MD5 key. Default: the TEST key.
    #[arg(long)]
    md5_key: Option<PathBuf>,
    /// Intl client ID. Default: the TEST client ID.
    #[arg(long)]
    client_id: Option<String>,
    /// File holding the merchant's RSA public key (verifies RSA/RSA2 requests). Default: the
    /// TEST public key.
    #[arg(long)]
    merchant_public_key: Option<PathBuf>,
    /// File holding the gateway's RSA private key (signs replies). Default: the TEST key.
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
    let app = Arc::new(App::new(&settings).map_err(|e| with_causes(&e))?);
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .map_err(|e| format!("--listen {}: {e}", args.listen))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        // One write, and no panic if nobody reads it (a closed pipe).
        let banner = format!(
            "alipay-sandbox listening on http://{addr}\n  overseas gateway: http://{addr}/gateway.do\n  intl endpoint:    http://{addr}/api/\n  {settings:?}\n"
        );
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(banner.as_bytes()).and_then(|()| stdout.flush());
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        alipay_sandbox::serve(listener, app, shutdown)
            .await
            .map_err(|e| e.to_string())
    })
}

fn settings(args: &Args) -> Result<Settings, String> {
    let mut settings = Settings::default();
    let read = |flag: &str, path: &PathBuf| {
        std::fs::read_to_string(path).map_err(|e| format!("--{flag} {}: {e}", path.display()))
    };
    if let Some(partner) = &args.partner {
        settings.partner.clone_from(partner);
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
    Ok(settings)
}

/// An error's message followed by each of its causes (`source()`), joined by `: `.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(next) = cause {
        text.push_str(": ");
        text.push_str(&next.to_string());
        cause = next.source();
    }
    text
}
