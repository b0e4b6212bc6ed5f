#!/usr/bin/env python3
"""Prints the benchmark figures as a Markdown table: each operation's median beside the median of
its bare physical limit from the same criterion group, their ratio, and the issue's target.

    python3 scripts/bench-ratios.py            # read the last `cargo bench` results
    python3 scripts/bench-ratios.py --runs 3   # run `cargo bench` 3 times; median of the ratios

The figures come from criterion's `target/criterion/<group>/<ours|bare>/new/estimates.json`
(`$CARGO_TARGET_DIR` is honoured). Benchmarks are wall-clock: on a busy machine run several times
and read the median ratio. Python 3 standard library only.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (criterion group, what is measured, target): a target is ("ratio", x) for at most x times the
# bare work, ("time_ms", t) for under t milliseconds, or None where the issue sets none.
BENCHES = [
    ("overseas_prepare_md5", "overseas prepare, MD5 (seed 000 store) vs MD5 + percent-encoding", ("ratio", 1.5)),
    ("overseas_prepare_rsa2", "overseas prepare, RSA2 (seed 000 store) vs RSA2 sign", ("ratio", 1.05)),
    ("intl_prepare_rsa2", "intl prepare (seed 001 maintain ADD) vs RSA2 sign", ("ratio", 1.05)),
    ("overseas_decode_md5", "overseas decode + MD5 verify (seed 003 reply) vs quick-xml scan", ("ratio", 3.0)),
    ("overseas_decode_rsa2", "overseas decode + RSA2 verify (seed 003 reply) vs RSA2 verify", ("ratio", 1.1)),
    ("intl_decode_rsa2", "intl decode + RSA2 verify (seed 001 reply) vs RSA2 verify", ("ratio", 1.1)),
    ("rsa2_sign", "RsaSigner::sign vs the backend's own sign call", None),
    ("codegen", "codegen: load + check + emit the whole spec", ("time_ms", 100.0)),
]
# The function names inside each group (`codegen` has only its own measurement).
OURS, BARE, CODEGEN = "ours", "bare", "whole_spec"


def criterion_dir():
    target = os.environ.get("CARGO_TARGET_DIR")
    return (Path(target) if target else ROOT / "target") / "criterion"


def median_ns(group, function):
    """The median estimate in nanoseconds, or None when criterion has no result for it."""
    path = criterion_dir() / group / function / "new" / "estimates.json"
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)["median"]["point_estimate"]
    except FileNotFoundError:
        return None


def read_run():
    """{group: (ours_ns, bare_ns)} from the latest results; bare is None for codegen."""
    run = {}
    for group, _, _ in BENCHES:
        if group == "codegen":
            run[group] = (median_ns(group, CODEGEN), None)
        else:
            run[group] = (median_ns(group, OURS), median_ns(group, BARE))
    return run


def ratio(ours, bare):
    return ours / bare if ours is not None and bare else None


def fmt_time(ns):
    if ns is None:
        return "—"
    for unit, scale in (("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def fmt_target(target):
    if target is None:
        return "— (reported)"
    kind, value = target
    return f"≤ {value:g}x" if kind == "ratio" else f"< {value:g} ms"


def met(target, ours, r):
    if target is None:
        return "n/a"
    kind, value = target
    measured = r if kind == "ratio" else (ours / 1e6 if ours is not None else None)
    if measured is None:
        return "no data"
    ok = measured <= value if kind == "ratio" else measured < value
    return "yes" if ok else "**no**"


def median_or_none(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def table(runs):
    several = len(runs) > 1
    head = "| benchmark | ours (median) | bare (median) | ratio | target | met? |"
    rule = "|---|---|---|---|---|---|"
    if several:
        head += " ratio per run |"
        rule += "---|"
    lines = [head, rule]
    for group, label, target in BENCHES:
        ours = median_or_none([run[group][0] for run in runs])
        bare = median_or_none([run[group][1] for run in runs])
        per_run = [ratio(*run[group]) for run in runs]
        r = median_or_none(per_run)
        if group == "codegen" and several:
            per_run_text = ", ".join(fmt_time(run[group][0]) for run in runs)
        else:
            per_run_text = ", ".join(f"{x:.2f}x" for x in per_run if x is not None)
        row = (
            f"| `{group}`: {label} | {fmt_time(ours)} | {fmt_time(bare)} | "
            f"{f'{r:.2f}x' if r is not None else '—'} | {fmt_target(target)} | "
            f"{met(target, ours, r)} |"
        )
        if several:
            row += f" {per_run_text} |"
        lines.append(row)
    return "\n".join(lines)


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        rustc = subprocess.run(
            ["rustc", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        rustc = "rustc ?"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, {cpu}; {rustc}; load average at the end {load}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs",
        type=int,
        default=0,
        help="run `cargo bench --benches` this many times first (output to stderr) and report "
        "the median of the per-run ratios; 0 (default) only reads the last results",
    )
    args = parser.parse_args()
    runs = []
    for i in range(args.runs):
        print(f"bench-ratios: cargo bench, run {i + 1} of {args.runs}", file=sys.stderr)
        subprocess.run(
            ["cargo", "bench", "--benches"], cwd=ROOT, check=True, stdout=sys.stderr
        )
        runs.append(read_run())
    if not runs:
        runs.append(read_run())
    if all(v is None for run in runs for pair in run.values() for v in pair):
        sys.exit(f"no criterion results under {criterion_dir()}: run `cargo bench` first")
    print(table(runs))
    print()
    count = f"median of {len(runs)} runs" if len(runs) > 1 else "one run"
    print(f"Machine: {machine()}. Ratios: ours / bare, medians from the same criterion group ({count}).")


if __name__ == "__main__":
    main()
