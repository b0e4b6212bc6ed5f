//! What every generated service descriptor says about itself.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::validate::{Validate, WireStruct};

/// The two protocol families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// `alipay.overseas.*` on gateway.do: signed key=value params, XML replies.
    Overseas,
    /// `alipay.intl.*`: JSON head/body envelope with an RSA signature.
    Intl,
}

/// A documented service: implemented by the generated descriptor of each service
/// (e.g. `overseas::offline_maintain::OfflineMaintain`).
pub trait Service {
    /// The wire name: `service` (overseas) or `function` (intl).
    const NAME: &'static str;
    /// The protocol family.
    const FAMILY: Family;
    /// The business request.
    type Request: Validate + WireStruct + Serialize;
    /// The business reply payload.
    type Reply: DeserializeOwned;
    /// The service's business error codes.
    type BusinessError: for<'a> From<&'a str>;
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
    /// Where in the seed docs the fact comes from.
    pub source: &'static str,
}
