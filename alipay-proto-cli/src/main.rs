//! The `alipay-proto` binary: see the crate documentation of `alipay_proto_cli`.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    alipay_proto_cli::run(&alipay_proto_cli::Cli::parse())
}
