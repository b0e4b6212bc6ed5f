//! Reading `spec/` from disk into the model.
//!
//! Layout: `<dir>/<family>/common.yaml` plus one file per service. Every file is read even
//! when an earlier one fails, so one run lists the problems of all files.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::index::PathIndex;
use crate::model::{CommonSpec, Family, ServiceSpec};

/// One parsed file, with the index that locates its nodes.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// Relative to the spec directory, e.g. `overseas/common.yaml`.
    pub file: PathBuf,
    /// The parsed model of the file.
    pub value: T,
    /// Where each YAML path of the file is, for diagnostics.
    pub index: PathIndex,
}

impl<T> Loaded<T> {
    /// The file's name without `.yaml` (`query_status`): the service's module name.
    /// [`spec_files`] refuses a name that is not UTF-8, so "" only for a `Loaded` made by
    /// [`parse`] from a path of the caller's.
    pub fn stem(&self) -> &str {
        self.file
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
    }

    /// A diagnostic at `path` of this file.
    pub fn diag(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.index.pos_of(path);
        Diagnostic {
            file: self.file.clone(),
            line,
            column,
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

/// The spec of one family.
#[derive(Debug, Clone)]
pub struct FamilySpec {
    /// Which family this is; the folder's name.
    pub family: Family,
    /// `<family>/common.yaml`.
    pub common: Loaded<CommonSpec>,
    /// Sorted by file name, so output is deterministic.
    pub services: Vec<Loaded<ServiceSpec>>,
}

/// The whole spec, both families.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Every family whose folder the spec has.
    pub families: Vec<FamilySpec>,
}

impl Spec {
    /// Every service of every family, overseas first.
    pub fn services(&self) -> impl Iterator<Item = (&FamilySpec, &Loaded<ServiceSpec>)> {
        self.families
            .iter()
            .flat_map(|f| f.services.iter().map(move |s| (f, s)))
    }
}

const FAMILIES: [Family; 2] = [Family::Overseas, Family::Intl];

/// Every YAML file the spec in `dir` consists of, relative to `dir`, sorted.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut files = Vec::new();
    let mut diags = Diagnostics::default();
    for family in FAMILIES {
        let sub = Path::new(family.dir());
        match std::fs::read_dir(dir.join(sub)) {
            Ok(entries) => {
                let mut names: Vec<PathBuf> = entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                    .filter_map(|p| p.file_name().map(|n| sub.join(n)))
                    .collect();
                // A service's file name names its module and registry entry: it must be text.
                for name in &names {
                    if name.file_stem().and_then(|s| s.to_str()).is_none() {
                        diags.push(file_diag(name, "the file name is not UTF-8".to_owned()));
                    }
                }
                names.sort();
                files.extend(names);
            }
            Err(e) => diags.push(file_diag(sub, format!("cannot read directory: {e}"))),
        }
    }
    if diags.is_empty() {
        Ok(files)
    } else {
        Err(diags)
    }
}

/// Load every file of the spec in `dir`; no semantic checks (see [`crate::check`]).
///
/// Returns what loaded together with the problems of what did not, so the checker can still
/// look at the good files and one run lists everything.
pub fn load_dir(dir: &Path) -> (Spec, Diagnostics) {
    let mut diags = Diagnostics::default();
    let files = match spec_files(dir) {
        Ok(files) => files,
        Err(d) => {
            return (
                Spec {
                    families: Vec::new(),
                },
                d,
            );
        }
    };
    let mut families = Vec::new();
    for family in FAMILIES {
        let common_rel = Path::new(family.dir()).join("common.yaml");
        let common =
            read(dir, &common_rel).and_then(|text| parse::<CommonSpec>(&common_rel, &text));
        let mut services = Vec::new();
        let family_files = files
            .iter()
            .filter(|f| f.starts_with(family.dir()) && **f != common_rel);
        for rel in family_files {
            match read(dir, rel).and_then(|text| parse::<ServiceSpec>(rel, &text)) {
                Ok(s) => services.push(s),
                Err(d) => diags.push(d),
            }
        }
        match common {
            Ok(common) => families.push(FamilySpec {
                family,
                common,
                services,
            }),
            Err(d) => diags.push(d),
        }
    }
    (Spec { families }, diags)
}

fn read(dir: &Path, rel: &Path) -> Result<String, Diagnostic> {
    std::fs::read_to_string(dir.join(rel)).map_err(|e| file_diag(rel, format!("cannot read: {e}")))
}

fn file_diag(file: &Path, message: String) -> Diagnostic {
    Diagnostic {
        file: file.to_owned(),
        line: 0,
        column: 0,
        path: String::new(),
        message,
    }
}

/// Parse one file's text. Public so the fuzz target and tests can feed text directly.
pub fn parse<T: DeserializeOwned>(rel: &Path, text: &str) -> Result<Loaded<T>, Diagnostic> {
    let index = PathIndex::build(text);
    match serde_saphyr::from_str::<T>(text) {
        Ok(value) => Ok(Loaded {
            file: rel.to_owned(),
            value,
            index,
        }),
        Err(e) => {
            let (line, column) = e
                .location()
                .map(|l| (l.line() as usize, l.column() as usize))
                // No position: line 0 column 0, the whole file (as `file_diag` reports).
                .unwrap_or((0, 0));
            let message = first_line(&e.to_string());
            let mut path = index.path_at((line, column));
            // serde names a missing key at the end of its mapping: point at the mapping.
            if message.starts_with("missing field") {
                path.truncate(path.rfind(['.', '[']).unwrap_or(0));
            }
            Err(Diagnostic {
                file: rel.to_owned(),
                line,
                column,
                path,
                message,
            })
        }
    }
}

/// serde-saphyr renders a source snippet after the message; keep the message alone, without
/// the position prefix we print ourselves.
fn first_line(rendered: &str) -> String {
    // An empty message stays empty.
    let line = rendered.lines().next().unwrap_or_default();
    let line = line.strip_prefix("error: ").unwrap_or(line);
    match line.split_once(": ") {
        Some((pos, msg)) if pos.starts_with("line ") => msg.to_owned(),
        _ => line.to_owned(),
    }
}
