//! Extracts every ```` ```rust ```` block of the workspace README (not `rust,ignore`) verbatim
//! into `$OUT_DIR/readme_snippets.rs`, each as the body of a function returning
//! `Result<(), Box<dyn Error>>` (each snippet ends in `Ok::<(), Box<dyn Error>>(())`), so the
//! README's code compiles and runs as a downstream crate's code, and cannot drift from it.

use std::fmt::Write as _;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let readme = Path::new(&std::env::var("CARGO_MANIFEST_DIR")?).join("../../README.md");
    println!("cargo::rerun-if-changed={}", readme.display());
    let text = std::fs::read_to_string(&readme)?;
    let mut out = String::new();
    let mut count = 0;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim_end() != "```rust" {
            continue;
        }
        let body: Vec<&str> = lines
            .by_ref()
            .take_while(|l| l.trim_end() != "```")
            .collect();
        count += 1;
        writeln!(
            out,
            "/// README snippet {count}.\n#[allow(clippy::all, reason = \"verbatim README code\")]\npub fn snippet_{count}() -> Result<(), Box<dyn std::error::Error>> {{\n{}\n}}\n",
            body.join("\n")
        )?;
    }
    writeln!(
        out,
        "/// How many snippets the README has.\npub const SNIPPETS: usize = {count};"
    )?;
    let dest = Path::new(&std::env::var("OUT_DIR")?).join("readme_snippets.rs");
    std::fs::write(dest, out)?;
    Ok(())
}
