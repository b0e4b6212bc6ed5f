//! What every generated service descriptor says about itself, and the two protocol families.
//!
//! A service's family is part of its type ([`Service::Family`]), and each family's client
//! accepts only services of its own family, so using a service with the other family's
//! client does not compile:
//!
//! ```compile_fail
//! # use alipay_proto::overseas;
//! # fn wrong(client: &overseas::Client, request: &alipay_proto::intl::archive::Request) {
//! let now = alipay_proto::time::OffsetDateTime::UNIX_EPOCH;
//! // `Archive` is an intl service: the overseas client refuses it at compile time.
//! let _ = client.prepare::<alipay_proto::intl::archive::Archive>(request, now);
//! # }
//! ```

use std::fmt;
use std::hash::Hash;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::outcome::CodeEnum;
use crate::sign::SignAlgorithm;
use crate::validate::{Validate, WireEnum, WireStruct};

/// What a service does with a secondary merchant, as its spec file says (`kind:`). Each
/// family's generated registry (`overseas::ServiceId`, `intl::FunctionId`) gives every
/// service's kind, so a driver (the sandbox) can choose its behaviour per kind and serve a new
/// service of a known kind without naming it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Registers a merchant (or store) or updates its registration (`kind: maintain`).
    Maintain,
    /// Reads a registration's review status (`kind: query`).
    Query,
    /// Archives a registered merchant or store (`kind: archive`).
    Archive,
}

impl Kind {
    /// The spec's spelling: `maintain`, `query` or `archive`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Maintain => "maintain",
            Kind::Query => "query",
            Kind::Archive => "archive",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Code that runs for one service of family `F` chosen at run time, with the service's type:
/// the generated registries' `visit` calls [`Visitor::visit`] with the descriptor of the
/// service an ID names. A driver writes its behaviour once, generic over the service type, and
/// never names a service.
pub trait Visitor<F: Family> {
    /// What the visit gives back.
    type Output;
    /// Runs for the service `S`.
    fn visit<S: Service<Family = F>>(self) -> Self::Output;
}

/// A protocol family: [`Overseas`] or [`Intl`]. Sealed: the crate defines both.
pub trait Family: sealed::Sealed + fmt::Debug + Clone + Copy + Eq + Hash + 'static {
    /// `"overseas"` or `"intl"`.
    const NAME: &'static str;

    /// The family's generated `sign_type` / `signType` enum: its documented values are the
    /// algorithms the family accepts.
    type SignType: WireEnum;

    /// Whether the family's spec documents `algorithm` (overseas: MD5, RSA, RSA2; intl: RSA,
    /// RSA2).
    fn allows(algorithm: SignAlgorithm) -> bool {
        <Self::SignType as WireEnum>::VALUES.contains(&algorithm.as_str())
    }

    /// The algorithms the family accepts, in [`SignAlgorithm::ALL`] order.
    fn sign_algorithms() -> impl Iterator<Item = SignAlgorithm> {
        SignAlgorithm::ALL.into_iter().filter(|a| Self::allows(*a))
    }
}

/// `alipay.overseas.*` on gateway.do: signed `key=value` params, XML replies
/// ([`crate::overseas`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Overseas;

/// `alipay.intl.*`: a JSON head/body envelope with an RSA signature ([`crate::intl`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Intl;

impl Family for Overseas {
    const NAME: &'static str = "overseas";
    type SignType = crate::overseas::SignType;
}

impl Family for Intl {
    const NAME: &'static str = "intl";
    type SignType = crate::intl::SignType;
}

mod sealed {
    /// Only this crate's families implement [`super::Family`].
    pub trait Sealed {}
    impl Sealed for super::Overseas {}
    impl Sealed for super::Intl {}
}

/// A documented service: implemented by the generated descriptor of each service
/// (e.g. `overseas::offline_maintain::OfflineMaintain`).
pub trait Service: 'static {
    /// The wire name: `service` (overseas) or `function` (intl).
    const NAME: &'static str;
    /// What the service does ([`Kind`]), from the spec's `kind:`.
    const KIND: Kind;
    /// The protocol family: [`Overseas`] or [`Intl`]. The clients are bound on it.
    type Family: Family;
    /// The business request.
    type Request: Validate + WireStruct + Serialize + DeserializeOwned + Send + Sync + 'static;
    /// The business reply payload.
    type Reply: Validate + WireStruct + Serialize + DeserializeOwned + Send + Sync + 'static;
    /// The service's business error codes.
    type BusinessError: CodeEnum;
    /// Request fields an update of an approved registration may not change, each with the
    /// code that refuses the change (the spec's `update_rules`; empty for most services).
    const UPDATE_RULES: &'static [UpdateRule] = &[];
    /// Values of request fields a registration is refused for (the spec's `refused_values`).
    const REFUSED_VALUES: &'static [RefusedValues] = &[];
}

/// A request field that may not change once a registration is approved, and the business code
/// an update that changes it is refused with (e.g. `secondary_merchant_name`,
/// `BUSINESS_NAME_UPDATE_FORBIDDEN`). Generated from the spec's `update_rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdateRule {
    /// The request field, by wire name.
    pub field: &'static str,
    /// The business code, by wire text.
    pub code: &'static str,
}

/// Values of a request field a registration is refused for, and the business code (e.g.
/// online.maintain's restricted `register_country` values, `REGISTER_COUNTRY_FORBIDDEN`).
/// Generated from the spec's `refused_values`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefusedValues {
    /// The request field, by wire name.
    pub field: &'static str,
    /// The refused values.
    pub values: &'static [&'static str],
    /// The business code, by wire text.
    pub code: &'static str,
}

/// A decision the spec records where the docs are broken, contradictory or silent
/// (generated as `NOTES` in each service module and `FAMILY_NOTES` per family).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpecNote {
    /// `contradiction`, `repair`, `rebuilt` or `choice`.
    pub kind: &'static str,
    /// The wire name or YAML path the note is about; empty for the whole service.
    pub about: &'static str,
    /// What the docs say and what we chose, and why.
    pub text: &'static str,
    /// Where in the docs the fact comes from.
    pub source: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The algorithms come from each family's documented `sign_type` / `signType` values.
    #[test]
    fn each_family_allows_what_its_spec_documents() {
        let overseas: Vec<_> = Overseas::sign_algorithms().collect();
        assert_eq!(overseas, SignAlgorithm::ALL);
        let intl: Vec<_> = Intl::sign_algorithms().collect();
        assert_eq!(intl, [SignAlgorithm::Rsa, SignAlgorithm::Rsa2]);
        assert!(!Intl::allows(SignAlgorithm::Md5));
        assert!(Intl::allows(crate::intl::DEFAULT_SIGN_ALGORITHM));
    }

    #[test]
    fn sign_types_convert_by_wire_name() {
        for algorithm in SignAlgorithm::ALL {
            let wire: crate::overseas::SignType = algorithm.to_sign_type();
            assert_eq!(wire.as_str(), algorithm.as_str());
            assert_eq!(SignAlgorithm::of_sign_type(&wire), Some(algorithm));
        }
        let unknown = crate::intl::SignType::parse("SM2");
        assert_eq!(SignAlgorithm::of_sign_type(&unknown), None);
    }
}
