#!/usr/bin/env python3
"""Prints the peer table: the crate's signing rates beside `openssl speed` (and, when
this Python has them, hashlib and `cryptography`), all measured in the same run on this machine.

    python3 scripts/bench-peers.py                  # criterion's default times
    python3 scripts/bench-peers.py --quick          # short criterion and openssl runs

It runs, one after another (never in parallel, so they do not disturb each other):
  1. `cargo bench -p alipay-proto-tests --bench wire` for the groups `rsa2_sign` and
     `overseas_prepare_*` (the seed 000 store registration through `overseas::Client::prepare`);
  2. `cargo bench -p alipay-proto-tests --bench bulk` (10,000 generated merchants; its
     `bulk-json:` line);
  3. `openssl speed rsa2048` (sign/s) and `openssl speed -bytes N md5`, N being the length of
     the seed 000 pre-sign bytes (testdata/vectors/overseas/offline_store_md5/presign.txt);
  4. Python's hashlib MD5 + urllib percent-encoding and `cryptography`'s RSA-2048 PKCS#1 v1.5
     SHA-256 sign of the same bytes, when importable (not installed by this script).
Then it prints the tables and checks the issue's target: the crate's RSA2 sign rate at least
0.9x `openssl speed rsa2048`. Python 3 standard library only (plus the optional peers).
"""

import argparse
import hashlib
import importlib.util
import json
import re
import subprocess
import sys
import timeit
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
VECTOR = ROOT / "testdata/vectors/overseas/offline_store_md5"
TEST_KEY = ROOT / "testdata/keys/rsa_test_private_pkcs8.der"
MD5_KEY = ROOT / "testdata/keys/md5_test_key.txt"
# The target: the crate's RSA2 signer against `openssl speed rsa2048`.
RSA2_VS_OPENSSL = 0.9


def bench_ratios():
    """scripts/bench-ratios.py as a module: criterion's results are read one way only."""
    spec = importlib.util.spec_from_file_location("bench_ratios", ROOT / "scripts/bench-ratios.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(command):
    """Runs `command` in the workspace, its output echoed to stderr; returns its stdout."""
    print(f"bench-peers: {' '.join(command)}", file=sys.stderr)
    done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    print(done.stdout, file=sys.stderr)
    return done.stdout


def criterion_rates(quick):
    """ops/s of the crate's RSA2 signer and of prepare with MD5 and RSA2, from criterion."""
    times = ["--warm-up-time", "1", "--measurement-time", "3"] if quick else []
    run(["cargo", "bench", "-p", "alipay-proto-tests", "--bench", "wire", "--",
         "rsa2_sign|overseas_prepare", *times])
    ratios = bench_ratios()
    rate = lambda group, function: 1e9 / ratios.median_ns(group, function)
    return {
        "sign_rsa2": rate("rsa2_sign", "ours"),
        "backend_rsa2": rate("rsa2_sign", "bare"),
        "prepare_md5": rate("overseas_prepare_md5", "ours"),
        "prepare_rsa2": rate("overseas_prepare_rsa2", "ours"),
    }


def bulk():
    """The bulk benchmark's figures (its `bulk-json:` line)."""
    out = run(["cargo", "bench", "-p", "alipay-proto-tests", "--bench", "bulk"])
    line = next(l for l in out.splitlines() if l.startswith("bulk-json: "))
    return json.loads(line.removeprefix("bulk-json: "))


def openssl(quick, message_len):
    """`openssl speed`: RSA-2048 signs per second and MD5 hashes of `message_len` bytes per second."""
    # `-elapsed`: wall-clock time, as criterion measures, not CPU time; on a shared machine the
    # two differ.
    seconds = ["-elapsed", "-seconds", "2" if quick else "10"]
    rsa = run(["openssl", "speed", *seconds, "rsa2048"])
    row = next(l for l in rsa.splitlines() if l.startswith("rsa 2048 bits"))
    sign_per_s = float(row.split()[5])
    md5 = run(["openssl", "speed", *seconds, "-bytes", str(message_len), "md5"])
    # `md5  123456.78k`: thousands of bytes per second.
    kbytes = next(l for l in md5.splitlines() if l.startswith("md5 ")).split()[1]
    md5_per_s = float(kbytes.rstrip("k")) * 1000 / message_len
    # `OpenSSL 3.0.19 27 Jan 2026 (Library: ...)`: the name and version are enough.
    version = " ".join(run(["openssl", "version"]).split()[:2])
    return {"version": version, "rsa2": sign_per_s, "md5": md5_per_s}


def python_peers(message, params, quick):
    """hashlib MD5 + urllib percent-encoding, and `cryptography`'s RSA2 sign, of the same bytes."""
    key = MD5_KEY.read_bytes().strip()
    number = 2_000 if quick else 20_000

    def md5_and_form():
        hashlib.md5(message + key).hexdigest()
        "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params)

    peers = {"md5": number / timeit.timeit(md5_and_form, number=number)}
    try:
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding
    except ImportError:
        return peers
    private = serialization.load_der_private_key(TEST_KEY.read_bytes(), password=None)
    sign = lambda: private.sign(message, padding.PKCS1v15(), hashes.SHA256())
    count = 200 if quick else 2_000
    peers["rsa2"] = count / timeit.timeit(sign, number=count)
    import cryptography

    peers["version"] = f"cryptography {cryptography.__version__}"
    return peers


def vector_params():
    """The seed 000 store registration's params, as the staged vector lists them."""
    lines = (VECTOR / "params.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("=", 1)) for line in lines if line]


def fmt(rate):
    return "–" if rate is None else f"{rate:,.0f}"


def print_tables(ours, backend_rsa2, figures, ssl, py):
    print("| implementation | MD5 ops/s | RSA2 ops/s |")
    print("|---|---|---|")
    print(f"| alipay-proto `prepare` (seed 000 store, backend {figures['backend']}) | "
          f"{fmt(ours['prepare_md5'])} | {fmt(ours['prepare_rsa2'])} |")
    print(f"| alipay-proto `RsaSigner::sign` (same pre-sign bytes) | – | {fmt(ours['sign_rsa2'])} |")
    print(f"| {figures['backend']} itself (same bytes) | – | {fmt(backend_rsa2)} |")
    print(f"| `openssl speed` ({ssl['version']}; MD5 of the same length) | "
          f"{fmt(ssl['md5'])} | {fmt(ssl['rsa2'])} |")
    if py:
        rsa = py.get("rsa2")
        label = f"Python {sys.version.split()[0]} hashlib + urllib" + (
            f" / {py['version']}" if rsa else "")
        print(f"| {label} | {fmt(py['md5'])} | {fmt(rsa)} |")
    print()
    print("Bulk: prepare + GET request, 10,000 generated merchants (UTF-8/GBK/GB2312, MD5/RSA/RSA2):")
    print()
    print("| sign type | ops/s, 1 thread | ops/s, 2 threads | 2 / 1 | allocations / request |")
    print("|---|---|---|---|---|")
    for label in ("all", "MD5", "RSA", "RSA2"):
        row = figures[label]
        print(f"| {label} | {fmt(row['ops_1'])} | {fmt(row['ops_2'])} | "
              f"{row['ops_2'] / row['ops_1']:.2f}x | {row['allocs']:.1f} |")
    print()
    ratio = ours["sign_rsa2"] / ssl["rsa2"]
    verdict = "met" if ratio >= RSA2_VS_OPENSSL else "**missed**"
    print(f"RSA2 sign rate: {ratio:.2f}x `openssl speed rsa2048` (target ≥ {RSA2_VS_OPENSSL}x: {verdict}).")
    print(f"Machine: {bench_ratios().machine()}.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short criterion and openssl runs")
    parser.add_argument("--no-python", action="store_true", help="skip the Python peers")
    args = parser.parse_args()
    message = (VECTOR / "presign.txt").read_bytes().rstrip(b"\n")
    ours = criterion_rates(args.quick)
    figures = bulk()
    ssl = openssl(args.quick, len(message))
    py = None if args.no_python else python_peers(message, vector_params(), args.quick)
    print_tables(ours, ours["backend_rsa2"], figures, ssl, py)


if __name__ == "__main__":
    main()
