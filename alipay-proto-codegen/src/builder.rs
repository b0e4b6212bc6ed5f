//! Bindings from your own copy of the spec, for a downstream crate's `build.rs`.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::emit::{self, GeneratedFile};

/// Generates Rust from a spec directory into `OUT_DIR`, in the manner of `prost-build`.
///
/// `alipay-proto` generates its API from the spec it ships. When Alipay documents a field
/// before a new `alipay-proto` is released, a downstream crate can keep its own copy of the
/// spec (the `spec/` folder of this repository or of the `alipay-proto` package), edit it, and
/// generate the services from it against the same `alipay-proto` runtime:
///
/// ```no_run
/// // The body of the downstream crate's build.rs `main` (`alipay-proto-codegen` is a
/// // build-dependency).
/// if let Err(e) = alipay_proto_codegen::Builder::new("spec").compile() {
///     // Every spec problem, file:line:col, as a build error.
///     for line in e.to_string().lines() {
///         println!("cargo::error={line}");
///     }
///     std::process::exit(1);
/// }
/// ```
///
/// The downstream crate depends on `alipay-proto` and `serde` (the generated structs derive
/// serde's traits), and includes the files:
///
/// ```ignore
/// // src/lib.rs of the downstream crate: one module per family.
/// pub mod overseas {
///     include!(concat!(env!("OUT_DIR"), "/overseas.rs"));
/// }
/// ```
///
/// Each generated family file re-exports `alipay_proto::<family>::*` (client, basic
/// parameters, heads, code tables) and adds one module per service of the copy, so
/// `overseas::Client` prepares and decodes `overseas::online_maintain::OnlineMaintain` of the
/// copy exactly as it does the built-in one. The workspace's `tests/own-spec` crate does this
/// with a field the built-in spec does not have, and tests that it is validated, signed and
/// sent.
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    out_dir: Option<PathBuf>,
    with_common: bool,
}

/// Why [`Builder::compile`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The spec has problems: every one of them, `file:line:col: path: message`.
    Spec(Diagnostics),
    /// The generated code does not parse: a generator bug.
    Generated(syn::Error),
    /// No output directory: not run from a build script and none set.
    NoOutDir,
    /// A generated file could not be written.
    Write {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        error: std::io::Error,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Spec(d) => write!(f, "the spec has errors:\n{d}"),
            BuildError::Generated(e) => {
                write!(f, "generated code does not parse (a codegen bug): {e}")
            }
            BuildError::NoOutDir => f.write_str("OUT_DIR is not set and no out_dir was given"),
            BuildError::Write { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for BuildError {}

impl Builder {
    /// Generates from the spec in `spec` (the folder holding `overseas/` and `intl/`).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Builder {
            spec: spec.into(),
            out_dir: None,
            with_common: false,
        }
    }

    /// Writes into `dir` instead of the build script's `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates each family's shared items (basic parameters, heads, code tables) too,
    /// instead of re-exporting `alipay_proto`'s. Only `alipay-proto` itself, which defines
    /// them, needs this.
    pub fn with_common(mut self) -> Self {
        self.with_common = true;
        self
    }

    /// Loads and checks the spec, generates one file per family (`overseas.rs`, `intl.rs`)
    /// into the output directory and tells cargo to rerun when a spec file changes. Returns
    /// the paths written.
    pub fn compile(self) -> Result<Vec<PathBuf>, BuildError> {
        let out = self
            .out_dir
            .clone()
            .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from))
            .ok_or(BuildError::NoOutDir)?;
        rerun_if_changed(&self.spec);
        let spec = crate::load_and_check(&self.spec).map_err(BuildError::Spec)?;
        let files = if self.with_common {
            emit::emit(&spec)
        } else {
            emit::emit_services(&spec)
        }
        .map_err(BuildError::Generated)?;
        files.into_iter().map(|f| write(&out, f)).collect()
    }
}

fn write(out: &Path, file: GeneratedFile) -> Result<PathBuf, BuildError> {
    let path = out.join(&file.name);
    std::fs::write(&path, file.source).map_err(|error| BuildError::Write {
        path: path.clone(),
        error,
    })?;
    Ok(path)
}

/// Cargo tracks a directory only by its own mtime; name every spec file so an edit reruns
/// the build script.
fn rerun_if_changed(dir: &Path) {
    println!("cargo::rerun-if-changed={}", dir.display());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rerun_if_changed(&path);
        } else {
            println!("cargo::rerun-if-changed={}", path.display());
        }
    }
}
