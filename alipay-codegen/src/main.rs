//! `alipay-codegen`: check the spec, summarise it, write the generated Rust, or compare a doc
//! page with it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use alipay_proto_codegen::Spec;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "alipay-codegen",
    version,
    about = "Check, summarise and generate the alipay-proto spec"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the spec: every problem, `file:line:col: yaml.path: message`.
    Check {
        #[arg(default_value = "alipay-proto/spec")]
        dir: PathBuf,
    },
    /// Print what the spec holds, one row per service.
    Summary {
        #[arg(default_value = "alipay-proto/spec")]
        dir: PathBuf,
    },
    /// Write the generated Rust, formatted, for review.
    Emit {
        #[arg(default_value = "alipay-proto/spec")]
        dir: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Compare a doc page (its text as copied from the browser) with the spec: parameters
    /// added, removed or renamed, changed types, limits, presence, examples, enum values and
    /// codes. Exits 1 when there is drift the spec does not record.
    Drift {
        page: PathBuf,
        #[arg(default_value = "alipay-proto/spec")]
        dir: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let dir = match &cli.command {
        Command::Check { dir }
        | Command::Summary { dir }
        | Command::Emit { dir, .. }
        | Command::Drift { dir, .. } => dir,
    };
    let spec = match alipay_proto_codegen::load_and_check(dir) {
        Ok(spec) => spec,
        Err(diags) => {
            eprintln!("{diags}");
            return ExitCode::FAILURE;
        }
    };
    match &cli.command {
        Command::Check { dir } => {
            println!("{}: ok", dir.display());
            ExitCode::SUCCESS
        }
        Command::Summary { .. } => {
            print!("{}", alipay_codegen::summary::summary(&spec));
            ExitCode::SUCCESS
        }
        Command::Emit { out, .. } => emit(&spec, out),
        Command::Drift { page, json, .. } => drift(&spec, page, *json),
    }
}

/// Writes the generated files, formatted, for review.
fn emit(spec: &Spec, out: &Path) -> ExitCode {
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

/// Prints the drift report; exit code 1 when there is unrecorded drift.
fn drift(spec: &Spec, page: &Path, json: bool) -> ExitCode {
    let text = match std::fs::read_to_string(page) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}: {e}", page.display());
            return ExitCode::from(2);
        }
    };
    let report = match alipay_codegen::drift::drift(&text, spec) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("{}: {e}", page.display());
            return ExitCode::from(2);
        }
    };
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    } else {
        print!("{report}");
    }
    if report.drift.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
