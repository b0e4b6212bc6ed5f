//! The keys of the receiving side (a gateway): a verifier for incoming requests and a signer
//! for the replies, per algorithm.

use std::fmt;

use super::{SignAlgorithm, SignError, Signer, Verifier};

/// A [`Verifier`] for requests signed with one algorithm and the [`Signer`] that signs the
/// replies to them with the same algorithm (a reply's `sign_type` must match the request's, as
/// the client checks it against its own verifier).
pub struct KeyPair {
    verifier: Box<dyn Verifier + Send + Sync>,
    signer: Box<dyn Signer + Send + Sync>,
}

impl KeyPair {
    /// Pairs a request verifier with a reply signer of the same algorithm: for MD5 the same
    /// shared key twice; for RSA and RSA2 the merchant's public key and the gateway's private
    /// key.
    ///
    /// # Errors
    /// [`SignError::KeyPairMismatch`] naming both algorithms when they differ.
    pub fn new(
        verifier: Box<dyn Verifier + Send + Sync>,
        signer: Box<dyn Signer + Send + Sync>,
    ) -> Result<Self, SignError> {
        if verifier.algorithm() != signer.algorithm() {
            return Err(SignError::KeyPairMismatch {
                verifier: verifier.algorithm(),
                signer: signer.algorithm(),
            });
        }
        Ok(Self { verifier, signer })
    }

    /// The algorithm both halves use.
    pub fn algorithm(&self) -> SignAlgorithm {
        self.verifier.algorithm()
    }

    /// The request verifier.
    pub fn verifier(&self) -> &dyn Verifier {
        self.verifier.as_ref()
    }

    /// The reply signer.
    pub fn signer(&self) -> &dyn Signer {
        self.signer.as_ref()
    }
}

impl fmt::Debug for KeyPair {
    /// The algorithm only; never key material.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("KeyPair").field(&self.algorithm()).finish()
    }
}

/// The key pairs of a gateway, at most one per algorithm.
#[derive(Debug, Default)]
pub struct KeyRing {
    pairs: Vec<KeyPair>,
}

impl KeyRing {
    /// Adds `pair`, replacing a pair of the same algorithm.
    pub fn insert(&mut self, pair: KeyPair) {
        self.pairs.retain(|p| p.algorithm() != pair.algorithm());
        self.pairs.push(pair);
    }

    /// The pair for `algorithm`, if configured.
    pub fn get(&self, algorithm: SignAlgorithm) -> Option<&KeyPair> {
        self.pairs.iter().find(|p| p.algorithm() == algorithm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::Md5Key;

    fn md5() -> Box<Md5Key> {
        Box::new(Md5Key::new("k").unwrap())
    }

    #[test]
    fn a_ring_holds_one_pair_per_algorithm() {
        let mut ring = KeyRing::default();
        ring.insert(KeyPair::new(md5(), md5()).unwrap());
        ring.insert(KeyPair::new(md5(), md5()).unwrap());
        assert_eq!(ring.pairs.len(), 1);
        assert!(ring.get(SignAlgorithm::Md5).is_some());
        assert!(ring.get(SignAlgorithm::Rsa2).is_none());
        assert_eq!(format!("{ring:?}"), "KeyRing { pairs: [KeyPair(Md5)] }");
    }
}
