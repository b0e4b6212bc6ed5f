//! What both families' `Client::new` check before a client exists: [`ConfigError`], and the
//! probe that finds the merchant's own public key configured as Alipay's.

use crate::sign::{SignAlgorithm, Signer, Verifier};

/// Why a configuration cannot make a client: the error of both families' `Client::new`
/// ([`overseas::Client::new`](crate::overseas::Client::new),
/// [`intl::Client::new`](crate::intl::Client::new)).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The family does not sign with this algorithm (the intl family: RSA or RSA2 only).
    #[error("the {role} uses {algorithm}; the intl family uses RSA or RSA2")]
    UnsupportedAlgorithm {
        /// `"signer"` or `"verifier"`.
        role: &'static str,
        /// The rejected algorithm.
        algorithm: SignAlgorithm,
    },
    /// The overseas profile the config selects does not accept the algorithm (AlipayHK: RSA
    /// and RSA2 only, no MD5).
    #[error("the {role} uses {algorithm}; the {profile} profile accepts {allowed}")]
    ProfileAlgorithm {
        /// The profile selected ([`crate::overseas::Profile`]).
        profile: crate::overseas::Profile,
        /// `"signer"` or `"verifier"`.
        role: &'static str,
        /// The refused algorithm.
        algorithm: SignAlgorithm,
        /// The sign types the profile accepts, joined by `, `.
        allowed: String,
    },
    /// The endpoint is not an absolute http(s) URL.
    #[error("endpoint {endpoint:?}: {message}")]
    Endpoint {
        /// The endpoint as configured.
        endpoint: String,
        /// What is wrong with it.
        message: String,
    },
    /// The verifier accepts the client's own signatures: the merchant's public key is
    /// configured where Alipay's public key belongs. Alipay signs its replies with its own
    /// key, so every reply would fail "signature does not match", after the call took
    /// effect. Configure the Alipay public key from the merchant console instead.
    #[error(
        "the {algorithm} verifier accepts this client's own signatures: the merchant's public \
         key is configured as Alipay's public key; verify replies with Alipay's public key"
    )]
    OwnKeyAsAlipays {
        /// The algorithm of both keys.
        algorithm: SignAlgorithm,
    },
}

/// The text the probe signs: any fixed text does; this one says what it is for.
const PROBE: &[u8] =
    b"alipay-proto probe: is the reply verifier Alipay's key or the merchant's own?";

/// Refuses a verifier that accepts `signer`'s signatures (the merchant's own public key given as
/// Alipay's): signs [`PROBE`] and asks the verifier. RSA and RSA2 only, and only when both use
/// the same algorithm: MD5 is one key shared with Alipay by design. A signer that cannot sign
/// the probe is not judged here; preparing a request reports its error.
pub(crate) fn check_not_own_key(
    signer: &dyn Signer,
    verifier: &dyn Verifier,
) -> Result<(), ConfigError> {
    let algorithm = signer.algorithm();
    if !algorithm.is_rsa() || verifier.algorithm() != algorithm {
        return Ok(());
    }
    let Ok(signature) = signer.sign(PROBE) else {
        return Ok(());
    };
    match verifier.verify(PROBE, &signature) {
        Ok(()) => Err(ConfigError::OwnKeyAsAlipays { algorithm }),
        Err(_) => Ok(()),
    }
}
