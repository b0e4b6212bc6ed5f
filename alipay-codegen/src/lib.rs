//! `alipay-codegen`: the spec tool for people who edit the spec, apart from the build-time
//! generator (`alipay-proto-codegen`, which every build of `alipay-proto` compiles), so that its
//! command line, the doc-page reader and the summary cost users' builds nothing.
//!
//! The binary's commands are `check`, `summary`, `emit` and `drift`; this library holds what
//! they add to the generator: [`summary`] and [`drift`].

pub mod drift;
pub mod summary;
