//! The search for mistakes: each variant is one mistake (or two) applied to the correct signed
//! bytes or to the key, and a cause is named when its variant verifies the given signature.
//! Two mistakes at once are searched only when no single one explains the signature, so a
//! single cause is never reported with a spurious partner.

use alipay_proto::sign::{SignAlgorithm, SignError};

use crate::cause::{Cause, Finding};
use crate::error::InputError;
use crate::key::{KeyText, LoadedKey};

/// The signed bytes as one mistake, or two, would have made them.
pub struct Variant {
    /// The mistakes, each with what exactly was varied, for the report.
    pub mistakes: Vec<Finding>,
    /// The bytes those mistakes sign.
    pub bytes: Vec<u8>,
}

impl Variant {
    /// A variant of `cause`.
    pub fn new(cause: Cause, detail: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            mistakes: vec![Finding {
                code: cause,
                detail: detail.into(),
            }],
            bytes: bytes.into(),
        }
    }

    /// This variant's mistake followed by `cause`, which makes `bytes` of it.
    pub fn and(&self, cause: Cause, detail: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        let mut mistakes = self.mistakes.clone();
        mistakes.push(Finding {
            code: cause,
            detail: detail.into(),
        });
        Self {
            mistakes,
            bytes: bytes.into(),
        }
    }
}

/// What a key file, an editor or a copy-paste puts before an MD5 key: (bytes, name).
const KEY_PREFIXES: [(&str, &str); 5] = [
    ("", ""),
    ("\u{feff}", "a UTF-8 BOM"),
    (" ", "a leading space"),
    ("\n", "a leading newline"),
    ("\u{feff}\n", "a UTF-8 BOM and a newline"),
];

/// What a key file or a copy-paste puts after an MD5 key: (bytes, name).
const KEY_SUFFIXES: [(&str, &str); 11] = [
    ("", ""),
    ("\n", "a trailing newline"),
    ("\r\n", "a trailing CR LF"),
    (" ", "a trailing space"),
    ("\t", "a trailing tab"),
    ("\n\n", "two trailing newlines"),
    ("\r\n\r\n", "two trailing CR LFs"),
    (" \n", "a trailing space and newline"),
    (" \r\n", "a trailing space and CR LF"),
    ("\t\n", "a trailing tab and newline"),
    ("\r", "a trailing CR"),
];

/// A signature to explain: the keys and the signature as given.
pub struct Search<'a> {
    /// The algorithm the message names.
    pub algorithm: SignAlgorithm,
    /// The signature as given.
    pub signature: &'a str,
    /// `--key` / `--key-file`.
    pub key: &'a KeyText,
    /// `--other-key`, if given.
    pub other: Option<&'a KeyText>,
    /// The message is a reply (`--key` is Alipay's public key, `--other-key` your own pair).
    pub reply: bool,
}

impl Search<'_> {
    /// Every cause whose mistake reproduces the signature: the one-mistake message `variants`
    /// checked with the key as given (`loaded`, `None` when it does not load), and the key
    /// mistakes checked over the `correct` bytes. When none does, the pairs: the two-mistake
    /// variants, and each one-mistake variant with each key mistake. One finding per cause, the
    /// first variant that reproduced it.
    pub fn run(
        &self,
        correct: &[u8],
        loaded: Option<&LoadedKey>,
        variants: Vec<Variant>,
    ) -> Vec<Finding> {
        let (single, double): (Vec<_>, Vec<_>) = variants
            .into_iter()
            .partition(|variant| variant.mistakes.len() == 1);
        let mut found = self.reproduced(loaded, &single);
        found.extend(self.key_mistakes(correct, loaded));
        if found.is_empty() {
            found = self.reproduced(loaded, &double);
            for variant in &single {
                let with_key = self.key_mistakes(&variant.bytes, loaded);
                if !with_key.is_empty() {
                    found.extend(variant.mistakes.iter().cloned());
                    found.extend(with_key);
                }
            }
        }
        let mut unique: Vec<Finding> = Vec::new();
        for finding in found {
            if !unique.iter().any(|kept| kept.code == finding.code) {
                unique.push(finding);
            }
        }
        unique.sort_by_key(|finding| finding.code);
        unique
    }

    /// The mistakes of each variant whose bytes the key as given verifies.
    fn reproduced(&self, loaded: Option<&LoadedKey>, variants: &[Variant]) -> Vec<Finding> {
        let Some(key) = loaded else {
            return Vec::new();
        };
        let verified = variants
            .iter()
            .filter(|variant| key.verifies(&variant.bytes, self.signature));
        verified
            .flat_map(|variant| variant.mistakes.iter().cloned())
            .collect()
    }

    /// The key mistakes that reproduce the signature over `bytes`.
    fn key_mistakes(&self, bytes: &[u8], loaded: Option<&LoadedKey>) -> Vec<Finding> {
        let verifies = |key: Result<LoadedKey, SignError>| {
            key.is_ok_and(|key| key.verifies(bytes, self.signature))
        };
        let mut found = Vec::new();
        if !self.algorithm.is_rsa() {
            'padding: for (prefix, before) in KEY_PREFIXES {
                for (suffix, after) in KEY_SUFFIXES {
                    if (prefix, suffix) == ("", "") {
                        continue;
                    }
                    if verifies(self.key.md5_padded(prefix, suffix)) {
                        let name = match (before, after) {
                            ("", one) | (one, "") => one.to_owned(),
                            (before, after) => format!("{before} and {after}"),
                        };
                        found.push((
                            Cause::KeyWhitespace,
                            format!("the MD5 key was used with {name}"),
                        ));
                        break 'padding;
                    }
                }
            }
        } else {
            for other in other_rsa(self.algorithm) {
                if verifies(self.key.load(other)) {
                    let detail = format!(
                        "the signature is {} ({}), checked as {} ({})",
                        other,
                        other.scheme_name(),
                        self.algorithm,
                        self.algorithm.scheme_name()
                    );
                    found.push((Cause::WrongDigest, detail));
                }
            }
            if loaded.is_none()
                && verifies(
                    self.key
                        .relabelled(self.algorithm)
                        .ok_or(SignError::Mismatch),
                )
            {
                let detail = "the key file does not load as written (its PEM label names another structure than its body); read as its base64 body, the key verifies";
                found.push((Cause::WrongKeyFormat, detail.to_owned()));
            }
        }
        found.extend(self.swapped_keys(bytes, loaded));
        found
            .into_iter()
            .map(|(code, detail)| Finding { code, detail })
            .collect()
    }

    /// `--other-key` verifies the signature: the message was signed with the other slot's
    /// key pair (the keys are swapped). For a reply only, also: `--key` (what you hold as
    /// Alipay's public key) is the public half of `--other-key` (your own key pair), shown by a
    /// probe signed with `--other-key` verifying with `--key`. For a request that same pair is
    /// the correct setup (`--key` your public key, `--other-key` its private half), no cause.
    fn swapped_keys(&self, correct: &[u8], loaded: Option<&LoadedKey>) -> Option<(Cause, String)> {
        let other = self.other?.load(self.algorithm).ok()?;
        if other.verifies(correct, self.signature) {
            let detail =
                "the signature verifies with --other-key, not with --key: the keys are swapped";
            return Some((Cause::OwnPublicKeyAsAlipayKey, detail.to_owned()));
        }
        if !self.reply {
            return None;
        }
        let probe = b"alipay-proto key probe";
        let signature = other.signer.as_ref()?.sign(probe).ok()?;
        loaded?.verifies(probe, &signature).then(|| {
            let detail = "the key held as Alipay's public key is the public half of your own key pair (--other-key)";
            (Cause::OwnPublicKeyAsAlipayKey, detail.to_owned())
        })
    }
}

/// The other RSA algorithms: RSA for RSA2 and the reverse; none for MD5.
fn other_rsa(algorithm: SignAlgorithm) -> impl Iterator<Item = SignAlgorithm> {
    SignAlgorithm::ALL
        .into_iter()
        .filter(move |other| algorithm.is_rsa() && other.is_rsa() && *other != algorithm)
}

/// The keys given on the command line.
pub struct Keys<'a> {
    /// `--key` / `--key-file`.
    pub key: &'a KeyText,
    /// `--other-key`.
    pub other: Option<&'a KeyText>,
    /// `verify-reply` (the slots are Alipay's key and your own pair), not `explain`.
    pub reply: bool,
}

/// A signature checked with the key as given, and the mistakes searched when it fails.
pub struct Checked {
    /// The key as given, `None` when it does not load (and a wrong_key_format was found).
    pub loaded: Option<LoadedKey>,
    /// Whether the signature verifies over `bytes` with the key as given.
    pub verifies: bool,
    /// The mistakes that reproduce the signature (none when it verifies).
    pub findings: Vec<Finding>,
}

/// Checks `signature` over `bytes` and, when it fails, searches the key mistakes and the
/// message mistakes `variants` makes.
///
/// # Errors
/// [`InputError::Key`] when the key does not load and no key mistake explains why.
pub fn check(
    algorithm: SignAlgorithm,
    bytes: &[u8],
    signature: Option<&str>,
    keys: &Keys<'_>,
    variants: impl FnOnce() -> Vec<Variant>,
) -> Result<Checked, InputError> {
    let (loaded, key_error) = match keys.key.load(algorithm) {
        Ok(key) => (Some(key), None),
        Err(error) => (None, Some(error)),
    };
    let verifies = match (&loaded, signature) {
        (Some(key), Some(signature)) => key.verifies(bytes, signature),
        _ => false,
    };
    let findings = match signature {
        Some(signature) if !verifies => {
            let search = Search {
                algorithm,
                signature,
                key: keys.key,
                other: keys.other,
                reply: keys.reply,
            };
            search.run(bytes, loaded.as_ref(), variants())
        }
        _ => Vec::new(),
    };
    if let Some(source) = key_error
        && !findings.iter().any(|f| f.code == Cause::WrongKeyFormat)
    {
        return Err(InputError::Key { source });
    }
    Ok(Checked {
        loaded,
        verifies,
        findings,
    })
}
