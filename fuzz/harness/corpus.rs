//! The inputs a fuzz target is replayed with in the normal suite: its checked-in seeds
//! (`fuzz/corpus/<target>/seed-*`) and every file under `tests/fuzz_regressions/<target>/` (an
//! input that once failed the target, minimised; see `fuzz/run.sh`).

use std::path::{Path, PathBuf};

/// Seeds (`true`) and regressions (`false`) of `target` under the workspace `root`, sorted.
pub fn inputs(root: &Path, target: &str) -> Vec<(bool, PathBuf)> {
    let dirs = [
        (true, root.join("fuzz/corpus").join(target)),
        (false, root.join("tests/fuzz_regressions").join(target)),
    ];
    let mut files = Vec::new();
    for (seed, dir) in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.filter_map(|entry| Some(entry.ok()?.path())) {
            let seed_file = path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("seed-"));
            if !seed || seed_file {
                files.push((seed, path));
            }
        }
    }
    files.sort();
    files
}
