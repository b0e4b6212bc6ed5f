//! Typed, validated, signed wire messages for Alipay's cross-border secondary-merchant APIs.

pub mod charset;
pub mod sign;
