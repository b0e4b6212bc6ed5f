//! Spec model, loader, checker and emitter for alipay-proto.
pub mod model;
