//! The reply-signature policy: the signature over the exact `response` text, required (the
//! overseas family's counterpart is `overseas/reply_sign.rs`).

use super::wire::RawReplyError;
use crate::sign::Verifier;

/// Checks `signature` over the exact response text.
pub(super) fn verify_response(
    response: &str,
    signature: Option<&str>,
    verifier: &dyn Verifier,
) -> Result<(), RawReplyError> {
    let signature = signature.ok_or(RawReplyError::MissingSignature)?;
    verifier
        .verify(response.as_bytes(), signature)
        .map_err(RawReplyError::Signature)
}
