//! `alipay-sandbox`: a local Alipay gateway. Every flag has a TEST default, printed at start-up.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use alipay_sandbox::{App, Faults, Settings};
use clap::Parser;

/// A local Alipay gateway for integration tests: /gateway.do (overseas) and the intl
/// maintain/archive paths, state in SQLite, review lifecycle, fault injection.
#[derive(Debug, Parser)]
#[command(version)]
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
