//! What a diagnosis found, printed for people or as JSON (schema 1, see the crate docs).

use std::fmt::{self, Write as _};

use alipay_proto::charset::Charset;
use alipay_proto::intl::DEFAULT_SIGN_ALGORITHM;
use alipay_proto::sign::SignAlgorithm;
use serde::Serialize;

use crate::cause::{Cause, Finding};
use crate::key::{KeyKind, LoadedKey};

/// The version of the JSON output; bumped on any incompatible change.
pub const SCHEMA: u32 = 1;

/// The result of `explain` or `verify-reply`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: u32,
    /// Whether the gateway (for a request) or you (for a reply) would accept the signature.
    pub verifies: bool,
    /// The codes of [`Report::findings`], in order.
    pub causes: Vec<Cause>,
    /// Each cause with what reproduced it.
    pub findings: Vec<Finding>,
    /// Remarks that are no cause (an unsigned reply, a key read from a private key, ...).
    pub notes: Vec<String>,
    /// Why the gateway refuses the request whatever its signature, where no single mistake
    /// is the cause: a request sent too long after its timestamp, a charset it cannot read.
    pub refusals: Vec<String>,
    /// `explain` or `verify-reply`.
    pub command: &'static str,
    /// `overseas` or `intl`.
    pub family: &'static str,
    /// `GET` or `POST` for an overseas request, else absent.
    pub method: Option<&'static str>,
    /// The algorithm the message names: `MD5`, `RSA` or `RSA2`.
    pub sign_type: &'static str,
    /// The charset of the signed bytes.
    pub charset: &'static str,
    /// What the key is (never the key).
    pub key: Option<KeyKind>,
    /// The overseas parameters (or reply leaves) as read, in order; absent for intl.
    pub params: Option<Vec<(String, String)>>,
    /// The text the signature must cover: the pre-sign string, or the exact JSON text.
    pub signed_text: String,
    /// Its bytes in the charset, lowercase hex.
    pub signed_bytes_hex: String,
    /// The digest of the signed bytes: MD5(bytes ++ key) for MD5 (which is the signature),
    /// else SHA-1 or SHA-256 of the bytes.
    pub digest: Option<String>,
    /// The signature the key makes (MD5 keys and RSA private keys only).
    pub expected_signature: Option<String>,
    /// The signature the message carries.
    pub given_signature: Option<String>,
}

/// The message-specific parts of a report; [`Report::new`] adds the key's parts.
pub struct Subject {
    /// `explain` or `verify-reply`.
    pub command: &'static str,
    /// `overseas` or `intl`.
    pub family: &'static str,
    /// `GET` / `POST`.
    pub method: Option<&'static str>,
    /// The algorithm the message names.
    pub algorithm: SignAlgorithm,
    /// The charset of the signed bytes.
    pub charset: Charset,
    /// The parameters, for overseas messages.
    pub params: Option<Vec<(String, String)>>,
    /// The text that must be signed.
    pub signed_text: String,
    /// Its bytes.
    pub signed_bytes: Vec<u8>,
    /// The signature given.
    pub signature: Option<String>,
}

impl Report {
    /// A report on `subject` checked with `key` (`None`: the key did not load as given).
    pub fn new(subject: Subject, key: Option<&LoadedKey>, verifies: bool) -> Self {
        let bytes = &subject.signed_bytes;
        let expected = key
            .and_then(|key| key.signer.as_ref())
            .and_then(|signer| signer.sign(bytes).ok());
        // MD5's digest is keyed: the signature itself.
        let digest = match subject.algorithm.message_digest(bytes) {
            Some(digest) => Some(hex(&digest)),
            None => expected.clone(),
        };
        Self {
            schema: SCHEMA,
            verifies,
            causes: Vec::new(),
            findings: Vec::new(),
            notes: Vec::new(),
            refusals: Vec::new(),
            command: subject.command,
            family: subject.family,
            method: subject.method,
            sign_type: subject.algorithm.as_str(),
            charset: subject.charset.as_str(),
            key: key.map(|key| key.kind),
            params: subject.params,
            signed_text: subject.signed_text,
            signed_bytes_hex: hex(bytes),
            digest,
            expected_signature: expected,
            given_signature: subject.signature,
        }
    }

    /// Adds findings (keeping `causes` in step).
    pub fn with_findings(mut self, findings: Vec<Finding>) -> Self {
        self.findings.extend(findings);
        self.causes = self.findings.iter().map(|finding| finding.code).collect();
        self
    }

    /// Whether the message passes: it verifies and no cause was found. The exit code is 0
    /// exactly then.
    pub fn passes(&self) -> bool {
        self.verifies && self.findings.is_empty() && self.refusals.is_empty()
    }

    /// The `--json` text.
    ///
    /// # Errors
    /// serde_json's error, which a report of strings, numbers and lists never meets; printed
    /// as an error rather than as empty output.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }

    /// The signed text with each non-ASCII char shown as its bytes in the charset, `[E4 B8 AD]`.
    fn bytes_view(&self) -> String {
        // `Report::new` wrote the label from a `Charset`: it always reads back.
        let charset = Charset::from_label(self.charset).unwrap_or(Charset::Utf8);
        let mut out = String::new();
        for ch in self.signed_text.chars() {
            if ch.is_ascii() {
                out.push(ch);
            } else {
                let text = ch.to_string();
                match charset.encode(&text) {
                    Ok(bytes) => {
                        let spaced: Vec<String> =
                            bytes.iter().map(|b| format!("{b:02X}")).collect();
                        let _ = write!(out, "[{}]", spaced.join(" "));
                    }
                    // Said, not shown as `[]`: the charset has no bytes for this character.
                    Err(_) => {
                        let _ = write!(out, "[{ch} not in {charset}]");
                    }
                }
            }
        }
        out
    }

    fn algorithm(&self) -> SignAlgorithm {
        // `Report::new` wrote the name from a `SignAlgorithm`: it always reads back.
        SignAlgorithm::from_wire(self.sign_type).unwrap_or(DEFAULT_SIGN_ALGORITHM)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // No method (intl, a reply): nothing after the family.
        let method = self.method.map(|m| format!(" ({m})")).unwrap_or_default();
        let what = if self.command == "explain" {
            "request"
        } else {
            "reply"
        };
        writeln!(f, "{} {what}{method}", self.family)?;
        writeln!(
            f,
            "sign_type   {} ({})",
            self.sign_type,
            self.algorithm().scheme_name()
        )?;
        writeln!(f, "charset     {}", self.charset)?;
        let key = self
            .key
            .map_or("did not load as given".to_owned(), KeyKind::describe);
        writeln!(f, "key         {key}")?;
        if let Some(params) = &self.params {
            writeln!(f, "\nparameters ({})", params.len())?;
            for (name, value) in params {
                writeln!(f, "  {name}={value}")?;
            }
        }
        writeln!(f, "\nsigned text\n  {}", self.signed_text)?;
        let len = self.signed_bytes_hex.len() / 2;
        writeln!(
            f,
            "\nsigned bytes ({}, {len} bytes; non-ASCII as [hex])",
            self.charset
        )?;
        writeln!(f, "  {}\n", self.bytes_view())?;
        let none = "-".to_owned();
        let digest_label = self.algorithm().digest_label();
        writeln!(
            f,
            "digest      {digest_label} = {}",
            self.digest.as_ref().unwrap_or(&none)
        )?;
        let expected = self
            .expected_signature
            .clone()
            .unwrap_or_else(|| "(needs the private key; checked with the public key)".to_owned());
        writeln!(f, "expected    {expected}")?;
        writeln!(
            f,
            "given       {}",
            self.given_signature.as_ref().unwrap_or(&none)
        )?;
        writeln!(
            f,
            "verifies    {}",
            if self.verifies { "yes" } else { "no" }
        )?;
        self.fmt_findings(f)
    }
}

impl Report {
    fn fmt_findings(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.findings.is_empty() {
            writeln!(f, "\ncauses ({})", self.findings.len())?;
        } else if !self.verifies {
            writeln!(
                f,
                "\ncauses: none of the usual mistakes reproduces the given signature"
            )?;
        }
        for finding in &self.findings {
            writeln!(f, "  {}", finding.code.code())?;
            writeln!(f, "    found: {}", finding.detail)?;
            writeln!(f, "    fix:   {}", finding.code.fix())?;
        }
        if !self.refusals.is_empty() {
            writeln!(f, "\nrefused whatever the signature")?;
        }
        for refusal in &self.refusals {
            writeln!(f, "  {refusal}")?;
        }
        if !self.notes.is_empty() {
            writeln!(f, "\nnotes")?;
        }
        for note in &self.notes {
            writeln!(f, "  {note}")?;
        }
        Ok(())
    }
}

/// Lowercase hex.
fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}
