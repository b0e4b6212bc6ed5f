//! Typed, validated, signed wire messages for Alipay's cross-border **secondary-merchant**
//! APIs: register sub-merchants (online shops, in-store shops, taxi drivers) with Alipay,
//! update them, query their review status and archive them.
//!
//! Two protocol families, one module each, with the same shape:
//!
//! | family | module | services | wire |
//! |---|---|---|---|
//! | overseas | [`overseas`] | `offline_maintain`, `online_maintain`, `query_status` | gateway.do: signed `key=value` params (MD5, RSA, RSA2), XML replies |
//! | intl | [`intl`] | `maintain`, `archive` | JSON head/body envelope signed with RSA2 (or RSA), `resultInfo` codes |
//!
//! The typed messages, value sets and code tables are generated from the vendor's documented
//! tables (the YAML spec in the repository); [`outcome`] is what a call came to, the same way
//! for both families; [`sign`] holds the keys; [`validate`] the documented rules; [`redact`] how
//! personal data is kept out of `Debug` output.
//!
//! # Use
//!
#![doc = include_str!("use.md")]

// The derives name paths as `::alipay_proto::...`; this makes them resolve in this crate too.
extern crate self as alipay_proto;

pub mod body;
pub mod charset;
mod config;
pub mod intl;
pub mod outcome;
pub mod overseas;
pub mod redact;
pub mod service;
pub mod sign;
pub mod validate;

pub use alipay_proto_derive::{Wire, WireEnum};
/// The `http` crate, whose `Request` type the clients return.
pub use http;
pub use service::{Family, Kind, RefusedValues, Service, SpecNote, UpdateRule, Visitor};
/// The `time` crate, whose `OffsetDateTime` the clients take as the clock.
pub use time;

/// Whether XML 1.0 can carry `ch`: not a C0 control other than tab, LF and CR, and not the
/// noncharacters U+FFFE and U+FFFF (surrogates cannot occur in a `char`).
pub(crate) fn xml_char(ch: char) -> bool {
    !matches!(ch, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}
