//! Typed, validated, signed wire messages for Alipay's cross-border secondary-merchant APIs.

// The derives name paths as `::alipay_proto::...`; this makes them resolve in this crate too.
extern crate self as alipay_proto;

pub mod charset;
pub mod intl;
pub mod overseas;
pub mod service;
pub mod sign;
pub mod validate;

pub use alipay_proto_derive::{Wire, WireEnum};
pub use service::{Family, Service, SpecNote};
