//! Derive macro for the wire types `alipay-proto` generates from the spec.
