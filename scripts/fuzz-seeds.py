#!/usr/bin/env python3
"""Writes the fuzz seeds (fuzz/corpus/<target>/seed-*) from their sources, so they follow the
spec and the documented samples:

- spec_loader:    every spec/<family>/<file>.yaml as seed-<family>-<file>.yaml;
- overseas_reply: every tests/samples/overseas/*_reply_*.xml as seed-<name>, and
                  seed-derived-003_reply_success.gbk.xml: the repaired 003 reply declared GBK,
                  its store name in Chinese (米卡咖啡店), encoded in GBK (Python's codec);
- intl_reply:     every tests/samples/intl/*_reply*.json as seed-<name>.

    python3 scripts/fuzz-seeds.py          # rewrite the seeds
    python3 scripts/fuzz-seeds.py --check  # CI: fail if a seed is stale, missing or extra

Files a fuzz run adds (not named seed-*) are left alone; git ignores them.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
SAMPLES = ROOT / "tests" / "samples"


def seeds():
    """target -> {seed file name: bytes}"""
    out = {"spec_loader": {}, "overseas_reply": {}, "intl_reply": {}}
    for path in sorted((ROOT / "alipay-proto" / "spec").glob("*/*.yaml")):
        out["spec_loader"][f"seed-{path.parent.name}-{path.name}"] = path.read_bytes()
    for path in sorted((SAMPLES / "overseas").glob("*_reply_*.xml")):
        out["overseas_reply"][f"seed-{path.name}"] = path.read_bytes()
    repaired = (SAMPLES / "overseas" / "003_reply_success.repaired.xml").read_text("utf-8")
    derived = repaired.replace('encoding="utf-8"', 'encoding="GBK"', 1).replace(
        "<store_name>Storename</store_name>", "<store_name>米卡咖啡店</store_name>", 1
    )
    assert derived != repaired and "米卡咖啡店" in derived, "the 003 sample changed shape"
    out["overseas_reply"]["seed-derived-003_reply_success.gbk.xml"] = derived.encode("gbk")
    for path in sorted((SAMPLES / "intl").glob("*_reply*.json")):
        out["intl_reply"][f"seed-{path.name}"] = path.read_bytes()
    return out


def main():
    check = sys.argv[1:] == ["--check"]
    stale = []
    for target, files in seeds().items():
        folder = CORPUS / target
        folder.mkdir(parents=True, exist_ok=True)
        present = {p.name for p in folder.glob("seed-*")}
        for name, data in files.items():
            path = folder / name
            if not path.exists() or path.read_bytes() != data:
                stale.append(f"{target}/{name}")
                if not check:
                    path.write_bytes(data)
        for name in sorted(present - files.keys()):
            stale.append(f"{target}/{name} (no source)")
            if not check:
                (folder / name).unlink()
    if check and stale:
        print("stale fuzz seeds (run python3 scripts/fuzz-seeds.py):", file=sys.stderr)
        for name in stale:
            print(f"  {name}", file=sys.stderr)
        sys.exit(1)
    if not check:
        print(f"{len(stale)} seed files written or removed")


if __name__ == "__main__":
    main()
