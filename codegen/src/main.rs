//! `alipay-codegen`: check the spec, summarise it, or write the generated Rust.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: alipay-codegen check [DIR] | summary [DIR] | emit [DIR] --out OUT_DIR";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = match args.split_first() {
        Some((cmd, rest)) => (cmd.as_str(), rest),
        None => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (out, rest) = split_out(rest);
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
        "emit" => match out {
            Some(out) => emit(&spec, &out),
            None => {
                eprintln!("{USAGE}");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Takes `--out DIR` out of the arguments.
fn split_out(args: &[String]) -> (Option<PathBuf>, Vec<String>) {
    let mut out = None;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--out" {
            out = it.next().map(PathBuf::from);
        } else {
            rest.push(a.clone());
        }
    }
    (out, rest)
}

/// Writes the generated files, formatted, for review.
fn emit(spec: &alipay_proto_codegen::Spec, out: &std::path::Path) -> ExitCode {
    let files = match alipay_proto_codegen::emit::emit(spec) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("generated code does not parse (a generator bug): {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("{}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    for f in files {
        let path = out.join(&f.name);
        if let Err(e) = std::fs::write(&path, f.source) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}
