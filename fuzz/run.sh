#!/usr/bin/env bash
# Fuzzes the reply decoders and the spec loader with cargo-fuzz (libFuzzer) on STABLE Rust.
#
#   fuzz/run.sh                 # install cargo-fuzz if missing, run every target 600 s
#   fuzz/run.sh 60              # every target 60 s
#   fuzz/run.sh 600 intl_reply  # one target
#   FUZZ_FLAGS=-max_len=4096 fuzz/run.sh 600 spec_loader   # extra libFuzzer flags
#
# cargo-fuzz passes nightly-only flags (-Zsanitizer=address); RUSTC_BOOTSTRAP=1 lets the
# stable compiler accept them. Targets run one after another, one job each (-jobs is not
# used), with a 10 s per-input timeout. Each run starts from fuzz/corpus/<target>/: the
# checked-in `seed-*` files (the documented samples and the spec, written by
# `python3 scripts/fuzz-seeds.py`; CI checks they are current) plus whatever earlier runs
# added (ignored by git). Crashes land in fuzz/artifacts/<target>/; minimise one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin <target> fuzz/artifacts/<target>/<file>
# and keep the minimised input as a named case of the bad-input catalogue
# (tests/tests/bad_input.rs, listed in tests/BAD_INPUT.md) with the typed error it must give.
# fuzz/ is its own cargo workspace (not built by the main workspace's test or clippy; CI only
# checks that the targets compile, see .ci/run); its Cargo.lock starts from the main
# workspace's (copy it over and let cargo add libfuzzer-sys), so the fuzzed versions match.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-600}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    targets=(overseas_reply intl_reply spec_loader)
fi

export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked   # v0.13.2 was used

cargo fuzz build
for target in "${targets[@]}"; do
    echo "== $target: ${seconds}s"
    cargo fuzz run "$target" -- \
        -max_total_time="$seconds" -timeout=10 -print_final_stats=1 ${FUZZ_FLAGS:-}
done
