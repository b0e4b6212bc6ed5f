//! `alipay-codegen`: check the spec, summarise it, or write the generated Rust.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: alipay-codegen check [DIR] | summary [DIR]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = match args.split_first() {
        Some((cmd, rest)) => (cmd.as_str(), rest),
        None => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let dir = PathBuf::from(rest.first().map_or("spec", String::as_str));
    let spec = match alipay_proto_codegen::load_and_check(&dir) {
        Ok(spec) => spec,
        Err(diags) => {
            eprintln!("{diags}");
            return ExitCode::FAILURE;
        }
    };
    match cmd {
        "check" => {
            println!("{}: ok", dir.display());
            ExitCode::SUCCESS
        }
        "summary" => {
            print!("{}", alipay_proto_codegen::summary::summary(&spec));
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
