//! The reply signature (the Alipay cross-border "Digital signature" page).
//!
//! **Rule.** The signed text is built like a request's pre-sign string: `name=text` pairs,
//! empty texts and `sign`/`sign_type` dropped, sorted by name in byte order, joined with `&`,
//! texts raw (not trimmed, not URL-encoded), encoded in the reply's declared charset. The pairs
//! are:
//!
//! - the **leaf** children of `<response><alipay>` (elements with no child elements);
//!   children that hold elements of their own are **excluded**, with everything under them.
//!   This matches how the documented merchant demos read the reply (a container's own text
//!   is empty, and empty values are dropped), and it never guesses a serialisation;
//! - when the reply has no `<response>` (a failure reply that still carries a `<sign>`), the
//!   pairs `is_success` and `error` of `<alipay>` itself. The docs say nothing here; this is
//!   our choice, pinned by tests.
//!
//! **Policy.** With a verifier configured: a `sign_type` that differs from the verifier's
//! algorithm is rejected; a success reply (`is_success=T`) without `sign` is rejected; a
//! failure reply without `sign` is accepted and marked [`SignatureStatus::Unsigned`]; a
//! `sign` that does not verify is rejected. Without a verifier nothing is checked and the
//! reply is marked [`SignatureStatus::NotChecked`].

use super::error::{DecodeError, DecodeErrorKind};
use super::raw::{RawReply, Unverified};
use super::wire::{self, EncodeError};
use crate::sign::{SignAlgorithm, Verifier};

/// How far a decoded reply's origin was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureStatus {
    /// The signature verified with the configured verifier.
    Verified(SignAlgorithm),
    /// A failure reply (`is_success=F`) without a signature, accepted as documented: its
    /// content is not authenticated.
    Unsigned,
    /// No verifier is configured: the reply was not checked.
    NotChecked,
}

/// The text a reply's signature covers (see the module docs for the rule).
pub fn reply_presign(reply: &RawReply) -> String {
    wire::presign(&reply_signed_pairs(reply))
}

/// The pairs a reply's signature covers, before the pre-sign rule (empty texts and
/// `sign`/`sign_type` dropped, sorted) makes them its text: the leaves of `<response><alipay>`,
/// or without `<response>`, `is_success` and `error` (see the module docs).
pub fn reply_signed_pairs(reply: &RawReply) -> Vec<(&str, &str)> {
    if reply.has_response() {
        reply.response().collect()
    } else {
        status_pairs(reply.is_success(), reply.error())
    }
}

/// The signed text of a reply with these `<response><alipay>` leaves (`None`: no
/// `<response>`), `is_success` and `error`: what a client verifies and a gateway signs.
pub(crate) fn signed_text<K: AsRef<str>, V: AsRef<str>>(
    response: Option<&[(K, V)]>,
    is_success: &str,
    error: Option<&str>,
) -> String {
    match response {
        Some(leaves) => wire::presign(leaves),
        None => wire::presign(&status_pairs(is_success, error)),
    }
}

/// What a reply without `<response>` is signed over: `is_success` and `error`.
fn status_pairs<'t>(is_success: &'t str, error: Option<&'t str>) -> Vec<(&'t str, &'t str)> {
    let mut pairs = vec![("is_success", is_success)];
    if let Some(error) = error {
        pairs.push(("error", error));
    }
    pairs
}

/// [`reply_presign`] in the reply's charset, each text encoded once (no text in between).
fn signed_bytes(reply: &RawReply) -> Result<Vec<u8>, EncodeError> {
    let charset = reply.charset();
    let encoded = if reply.has_response() {
        wire::Encoded::from_pairs(reply.response(), charset)?
    } else {
        let pairs = status_pairs(reply.is_success(), reply.error());
        wire::Encoded::from_pairs(pairs.into_iter(), charset)?
    };
    Ok(encoded.presign())
}

/// Applies the signature policy (module docs) to a parsed reply.
///
/// # Errors
/// [`DecodeErrorKind::SignTypeMismatch`], [`DecodeErrorKind::MissingSignature`] or
/// [`DecodeErrorKind::BadSignature`], at the offset of `<sign>` (or of the root).
pub fn check_reply(
    reply: &RawReply,
    verifier: Option<&dyn Verifier>,
) -> Result<SignatureStatus, DecodeError> {
    let Some(verifier) = verifier else {
        return Ok(SignatureStatus::NotChecked);
    };
    let at = reply.sign_offset();
    let Some(sign) = reply.sign() else {
        return if reply.succeeded() {
            Err(DecodeError::at(at, DecodeErrorKind::MissingSignature))
        } else {
            Ok(SignatureStatus::Unsigned)
        };
    };
    let expected = verifier.algorithm();
    if reply.sign_type() != Some(expected.as_str()) {
        let found = reply.sign_type().map(str::to_owned);
        return Err(DecodeError::at(
            at,
            DecodeErrorKind::SignTypeMismatch { expected, found },
        ));
    }
    let bad = |source| {
        let unverified = Unverified::new(reply.clone());
        DecodeError::at(at, DecodeErrorKind::BadSignature { source, unverified })
    };
    // The texts were decoded from this charset, so they encode back; if not, nothing verifies.
    let bytes = signed_bytes(reply).map_err(|_| bad(crate::sign::SignError::Mismatch))?;
    verifier.verify(&bytes, sign).map_err(bad)?;
    Ok(SignatureStatus::Verified(expected))
}
