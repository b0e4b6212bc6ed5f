//! `alipay-proto`: why does Alipay say `ILLEGAL_SIGN`?
//!
//! ```text
//! alipay-proto explain --key-file KEY [--post-body FILE] [--other-key FILE] [--sent-at TIME] [--json] <URL>
//! alipay-proto explain --key-file KEY [--other-key FILE] [--json] <intl body file>
//! alipay-proto verify-reply --key-file KEY [--other-key FILE] [--sign-type RSA|RSA2] [--json] <reply file>
//! ```
//!
//! `explain` reads an overseas gateway.do request (a GET URL, or the POST URL and its form
//! body) or an intl JSON envelope; `verify-reply` reads a reply (XML overseas, JSON intl). Each
//! prints the parameters, the text the signature must cover (the pre-sign string, or the exact
//! JSON text), its bytes in the charset (non-ASCII chars as hex), the digest, the expected and
//! the given signature and whether it verifies. When it does not, each of the usual mistakes is
//! tried, and every one that **reproduces the given signature** is named with a fix.
//!
//! # Keys
//!
//! `--key KEY` or `--key-file FILE` is the key that should verify the message: the MD5 secret
//! (surrounding whitespace ignored), or for RSA the verifier's public key in any form the
//! `alipay-proto` crate reads (PEM, DER, bare base64; PKCS#1, PKCS#8, SPKI). A private key is
//! accepted too: its public half verifies, and the expected signature is shown. For a request
//! this is the merchant's key (Alipay verifies with the public key you uploaded); for a reply,
//! Alipay's public key as you configured it. `--other-key FILE` is the key of the other slot
//! (for `explain`, what you hold as Alipay's key or your other key; for `verify-reply`, your own
//! key pair). Keys are never printed, only their kind and size.
//!
//! # Causes and how each is detected
//!
//! | code | detected when the given signature verifies over / with |
//! |---|---|
//! | `sign_type_signed` | the pre-sign string with `sign_type=…` kept in its sorted place |
//! | `empty_value_signed` | the pre-sign string with empty values kept as `name=` |
//! | `values_encoded_before_signing` | the pre-sign string of values percent-encoded by one of: JavaScript `encodeURIComponent`, Java `URLEncoder.encode`, Python `quote` / `quote_plus`, PHP `urlencode` / `rawurlencode`, Go `url.QueryEscape`; of their bytes in the request charset or in UTF-8 |
//! | `plus_for_space` | the pre-sign string with spaces read as `+`, or `+` read as spaces |
//! | `wrong_charset` | the pre-sign string's bytes in another of UTF-8, GBK, GB2312 |
//! | `key_whitespace` | MD5 only: the key with what files and editors add: a UTF-8 BOM, a leading space or newline; a trailing `\n`, `\r\n`, `\n\n`, `\r\n\r\n`, ` \n`, ` \r\n`, `\t\n`, `\r`, space or tab (a BOM and whitespace around `--key-file` itself are never part of the key) |
//! | `wrong_digest` | RSA only: the other digest (SHA1withRSA for RSA2, SHA256withRSA for RSA) |
//! | `wrong_key_format` | RSA only: a key whose PEM label does not match its body (it does not load as given) read as its body is |
//! | `own_public_key_as_alipay_key` | `--other-key` instead of `--key` (the keys are swapped); for `verify-reply` also: `--key` (Alipay's key as you hold it) is the public half of `--other-key` (your own pair). For `explain`, `--key` a public key and `--other-key` its private half is the correct setup, never a cause |
//! | `charset_missing_from_post_url` | a POST whose URL has no `_input_charset` and whose body declares another charset than GBK, the gateway's default: the body verifies as declared, not as the gateway reads it |
//! | `charset_unreadable` | a request without `_input_charset` whose bytes are not GBK (the gateway's default), or with an `_input_charset` that names no charset the gateway knows or disagrees with another (URL and body): reported whatever the signature (it is then checked in the charset the bytes decode in) |
//! | `timestamp_not_gmt8` | with `--sent-at`: `timestamp` read as GMT+8 is more than 30 minutes from the send time, and the gap is within 5 minutes of a whole number of hours (a clock in zone UTC-12 to UTC+14). Any other gap is no cause: the report's `refusals` say "sent N minutes after its timestamp; the gateway allows 30" |
//! | `request_reserialized` | intl: the JSON text written again by a usual writer instead of the exact text sent: compact (serde_json, `JSON.stringify`, Gson, Jackson), with `\u` escapes (lower or upper case), Python `json.dumps` (default, `ensure_ascii=False`, `indent=2`, `indent=4`), indented by 2 or 4, PHP `json_encode` (`\/`, pretty); each with the keys in their order or sorted |
//!
//! Requests and replies are read by the `alipay-proto` library's own readers, the ones its
//! gateway role and client use: an overseas request by `overseas::request_charset` and
//! `overseas::read_params` (the charset is the URL's `_input_charset`, GBK when the URL names
//! none, whatever a POST body says), an intl request by `intl::RawRequest::parse` (its
//! algorithm by `intl::head_sign_type` and `intl::sign_algorithm`), replies by
//! the `RawReply` parsers and `overseas::reply_signed_pairs`; the mistaken pre-sign strings by
//! `overseas::presign_keeping`. Only the search for mistakes is the CLI's own.
//!
//! A cause is named only when that mistake, applied to what was given, reproduces the
//! signature exactly (or, for the request-level checks, is a fact about the request).
//! Each mistake is tried alone; a message broken two ways at once is reported without cause.
//!
//! # JSON output (`--json`, schema 1)
//!
//! ```json
//! {
//!   "schema": 1,
//!   "verifies": false,
//!   "causes": ["sign_type_signed"],
//!   "findings": [{"code": "sign_type_signed", "detail": "sign_type was signed"}],
//!   "notes": [],
//!   "refusals": [],
//!   "command": "explain",
//!   "family": "overseas",
//!   "method": "GET",
//!   "sign_type": "MD5",
//!   "charset": "UTF-8",
//!   "key": {"kind": "md5", "bytes": 32},
//!   "params": [["_input_charset", "UTF-8"], ["partner", "2088..."]],
//!   "signed_text": "_input_charset=UTF-8&partner=2088...",
//!   "signed_bytes_hex": "5f696e...",
//!   "digest": "3f2a...",
//!   "expected_signature": "3f2a...",
//!   "given_signature": "9b41..."
//! }
//! ```
//!
//! `refusals` (a list of sentences) says why the gateway refuses the request whatever its
//! signature where no single mistake is the cause: a request sent too long after its timestamp.
//! `verifies`: the signature verifies with the key as given (for a POST without
//! `_input_charset` in its URL: as the gateway reads the body). `causes`: the codes above, in
//! table order. `key.kind` is `md5`, `rsa_public` or `rsa_private` (with `bits`); `key` is
//! `null` when the key does not load as given. `method` and `params` are `null` for intl.
//! `digest` is MD5(bytes ++ key) for MD5 (the signature itself), SHA-1 or SHA-256 of the bytes
//! for RSA and RSA2; `expected_signature` is `null` unless the key can sign. Fields may be
//! added in schema 1; a removal or change of meaning bumps `schema`.
//!
//! # Exit codes
//!
//! - `0`: the signature verifies, no cause was found and nothing else makes the gateway refuse
//!   the request;
//! - `1`: it does not verify, a cause was found, or the request is refused all the same
//!   (`timestamp_not_gmt8`, `charset_unreadable`, a stale request: reported even when the
//!   signature verifies);
//! - `2`: usage or input error (unreadable file, a URL or reply that does not decode, a key
//!   that loads in no form), with the reason on stderr.

pub mod cause;
pub mod error;
pub mod intl;
pub mod key;
pub mod overseas;
pub mod report;
pub mod search;
pub mod timestamp;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use alipay_proto::sign::SignAlgorithm;
use clap::{Args, Parser, Subcommand};

use crate::error::InputError;
use crate::key::KeyText;
use crate::report::Report;
use crate::search::Keys;
use crate::timestamp::SentAt;

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "alipay-proto",
    version,
    about = "Why does Alipay say ILLEGAL_SIGN?"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Explain a request's signature: an overseas URL (GET, or POST with --post-body), or an
    /// intl body file.
    Explain {
        /// The keys.
        #[command(flatten)]
        keys: KeyArgs,
        /// The POST form body (overseas), when the URL is a POST URL.
        #[arg(long, value_name = "FILE")]
        post_body: Option<PathBuf>,
        /// When the request was sent (`now` or RFC 3339): checks that `timestamp` is GMT+8.
        #[arg(long, value_name = "TIME")]
        sent_at: Option<String>,
        /// Print JSON (schema 1).
        #[arg(long)]
        json: bool,
        /// An overseas URL (`https://…`), or a file holding one or an intl JSON body.
        target: String,
    },
    /// Explain a reply's signature: an overseas XML reply or an intl JSON reply.
    VerifyReply {
        /// The keys.
        #[command(flatten)]
        keys: KeyArgs,
        /// Intl: the algorithm your client verifies with, RSA or RSA2 (intl replies do not
        /// name it; default: the head's signType, else RSA2). Overseas replies name their own.
        #[arg(long, value_name = "RSA|RSA2", value_parser = parse_intl_algorithm)]
        sign_type: Option<SignAlgorithm>,
        /// Print JSON (schema 1).
        #[arg(long)]
        json: bool,
        /// The reply file.
        reply: PathBuf,
    },
}

/// Where the keys come from.
#[derive(Debug, Args)]
pub struct KeyArgs {
    /// The key, as text (MD5 secret, or base64 of an RSA key).
    #[arg(
        long,
        value_name = "KEY",
        required_unless_present = "key_file",
        conflicts_with = "key_file"
    )]
    pub key: Option<String>,
    /// The key, from a file.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// The key of the other slot (see the docs): names own_public_key_as_alipay_key.
    #[arg(long, value_name = "FILE")]
    pub other_key: Option<PathBuf>,
}

/// Runs the command and prints its report (stdout) or error (stderr).
pub fn run(cli: &Cli) -> ExitCode {
    let (result, json) = match &cli.command {
        Command::Explain {
            keys,
            post_body,
            sent_at,
            json,
            target,
        } => (
            explain(keys, post_body.as_deref(), sent_at.as_deref(), target),
            *json,
        ),
        Command::VerifyReply {
            keys,
            sign_type,
            json,
            reply,
        } => (verify_reply(keys, *sign_type, reply), *json),
    };
    match result {
        Ok(report) => {
            if json {
                match report.to_json() {
                    Ok(text) => println!("{text}"),
                    Err(error) => {
                        eprintln!("error: {}", with_causes(&error));
                        return ExitCode::from(2);
                    }
                }
            } else {
                print!("{report}");
            }
            ExitCode::from(if report.passes() { 0 } else { 1 })
        }
        Err(error) => {
            eprintln!("error: {}", with_causes(&error));
            ExitCode::from(2)
        }
    }
}

fn explain(
    args: &KeyArgs,
    post_body: Option<&Path>,
    sent_at: Option<&str>,
    target: &str,
) -> Result<Report, InputError> {
    let (key, other) = load_keys(args)?;
    let keys = Keys {
        key: &key,
        other: other.as_ref(),
        reply: false,
    };
    let sent_at = sent_at.map(SentAt::parse).transpose()?;
    let body = post_body.map(read_text).transpose()?;
    if target.starts_with("http://") || target.starts_with("https://") {
        return overseas::explain(target, body.as_deref(), &keys, sent_at.as_ref());
    }
    let text = read_text(Path::new(target))?;
    if text.trim_start().starts_with('{') {
        intl::explain(&text, &keys)
    } else {
        overseas::explain(&text, body.as_deref(), &keys, sent_at.as_ref())
    }
}

/// An intl algorithm (`RSA` or `RSA2`), as a head's `signType` names it: the library's rule
/// (`intl::sign_algorithm`).
fn parse_intl_algorithm(name: &str) -> Result<SignAlgorithm, String> {
    alipay_proto::intl::sign_algorithm(Some(name)).ok_or_else(|| {
        use alipay_proto::Family as _;
        let allowed: Vec<&str> = alipay_proto::service::Intl::sign_algorithms()
            .map(SignAlgorithm::as_str)
            .collect();
        format!("`{name}` is none of {}", allowed.join(", "))
    })
}

fn verify_reply(
    args: &KeyArgs,
    sign_type: Option<SignAlgorithm>,
    reply: &Path,
) -> Result<Report, InputError> {
    let (key, other) = load_keys(args)?;
    let keys = Keys {
        key: &key,
        other: other.as_ref(),
        reply: true,
    };
    let bytes = read(reply)?;
    if bytes.trim_ascii_start().starts_with(b"{") {
        intl::verify_reply(&bytes, sign_type, &keys)
    } else if sign_type.is_some() {
        Err(InputError::Usage {
            message: "--sign-type is for intl replies: an overseas reply names its sign_type",
        })
    } else {
        overseas::verify_reply(&bytes, &keys)
    }
}

fn load_keys(args: &KeyArgs) -> Result<(KeyText, Option<KeyText>), InputError> {
    let key = match (&args.key, &args.key_file) {
        (Some(text), _) => KeyText::new(text.as_bytes().to_vec()),
        (None, Some(path)) => KeyText::new(read(path)?),
        // clap requires one of them.
        (None, None) => KeyText::new(Vec::new()),
    };
    let other = args.other_key.as_deref().map(read).transpose()?;
    Ok((key, other.map(KeyText::new)))
}

fn read(path: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(path).map_err(|error| InputError::Read {
        path: path.display().to_string(),
        message: error.to_string(),
    })
}

fn read_text(path: &Path) -> Result<String, InputError> {
    String::from_utf8(read(path)?).map_err(|error| InputError::Read {
        path: path.display().to_string(),
        message: format!("not UTF-8 text (byte {})", error.utf8_error().valid_up_to()),
    })
}

/// An error's message followed by each of its causes (`source()`), joined by `: `: each level
/// prints only its own message. The CLI and the sandbox binary report errors this way.
pub fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(next) = cause {
        text.push_str(": ");
        text.push_str(&next.to_string());
        cause = next.source();
    }
    text
}
