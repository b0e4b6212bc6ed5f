#!/usr/bin/env bash
# Fuzzes the reply decoders, the spec loader, the gateways' request readers (what the sandbox
# reads), the CLI's input and the drift page reader with cargo-fuzz (libFuzzer) on STABLE Rust.
#
#   fuzz/run.sh                 # install cargo-fuzz if missing, run every target 600 s
#   fuzz/run.sh 60              # every target 60 s
#   fuzz/run.sh 600 intl_reply  # one target
#   JOBS=2 fuzz/run.sh 600      # two targets at a time
#   FUZZ_FLAGS=-max_len=4096 fuzz/run.sh 600 spec_loader   # extra libFuzzer flags
#
# cargo-fuzz passes nightly-only flags (-Zsanitizer=address); RUSTC_BOOTSTRAP=1 lets the
# stable compiler accept them. Targets run one after another (JOBS at a time, default 1), one
# libFuzzer job each (-jobs is not used), with a 10 s per-input timeout. Each run starts from
# fuzz/corpus/<target>/: the checked-in `seed-*` files (the documented samples, the staged
# vectors, the doc pages and the spec; scripts/fuzz-seeds.py writes them all and CI checks
# them) plus whatever earlier runs added (ignored by git). Crashes land in
# fuzz/artifacts/<target>/; minimise one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin <target> fuzz/artifacts/<target>/<file>
# and keep the minimised input as a regression test of the normal suite: copy it to
# testdata/fuzz_regressions/<target>/, where tests/tests/fuzz_regressions.rs (cli_input:
# alipay-proto-cli/tests/fuzz_regressions.rs) replays every file.
# fuzz/ is its own cargo workspace (not built by the main workspace's test or clippy; CI only
# checks that the targets compile, see .ci/run); its Cargo.lock starts from the main
# workspace's (copy it over and let cargo add libfuzzer-sys), so the fuzzed versions match.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-600}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    targets=(overseas_reply intl_reply spec_loader overseas_request intl_request cli_input drift_page)
fi
jobs="${JOBS:-1}"

export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked   # v0.13.2 was used

cargo fuzz build
mkdir -p logs
run() {
    echo "== $1: ${seconds}s (log: fuzz/logs/$1.log)"
    local rc=0
    cargo fuzz run "$1" -- \
        -max_total_time="$seconds" -timeout=10 -print_final_stats=1 ${FUZZ_FLAGS:-} \
        >"logs/$1.log" 2>&1 || rc=$?
    echo "== $1: exit $rc, $(grep -h '^stat::number_of_executed_units' "logs/$1.log" || true)"
    return "$rc"
}
status=0
for target in "${targets[@]}"; do
    run "$target" &
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || status=1; done
done
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || status=1; done
exit "$status"
