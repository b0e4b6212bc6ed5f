#!/usr/bin/env python3
"""Writes every fuzz seed (fuzz/corpus/<target>/seed-*) from its source, so the seeds follow
the spec, the documented samples, the staged vectors and the page copies:

- spec_loader:      every alipay-proto/spec/<family>/<file>.yaml as seed-<family>-<file>.yaml;
- overseas_reply:   every tests/samples/overseas/*_reply_*.xml as seed-<name>, and
                    seed-derived-003_reply_success.gbk.xml: the repaired 003 reply declared GBK,
                    its store name in Chinese (米卡咖啡店), encoded in GBK (Python's codec);
- intl_reply:       every tests/samples/intl/*_reply*.json as seed-<name>;
- overseas_request: tests/vectors/overseas/*/get_url.txt (GET) and post_body.txt (POST with
                    the case's charset in the URL), each sent as is and re-signed;
- intl_request:     tests/vectors/intl/*/envelope.json as is, request.json and the samples'
                    tests/samples/intl/*_request*.json re-signed, to the function's path;
- cli_input:        the GET URLs, the POST URL + body, the intl envelopes, and the overseas and
                    intl reply samples;
- drift_page:       alipay-codegen/tests/pages/*.txt.

The request, CLI and drift targets read their first byte as a mode (see each target's docs).

    python3 scripts/fuzz-seeds.py          # rewrite the seeds
    python3 scripts/fuzz-seeds.py --check  # CI: fail if a seed is stale, missing or extra

Files a fuzz run adds (not named seed-*) are left alone; git ignores them.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
SAMPLES = ROOT / "tests" / "samples"
VECTORS = ROOT / "tests" / "vectors"
CHARSET_BITS = {"UTF-8": 1, "GBK": 2, "GB2312": 3}


def seeds():
    """target -> {seed file name: bytes}"""
    out = {
        "spec_loader": {},
        "overseas_reply": {},
        "intl_reply": {},
        "overseas_request": {},
        "intl_request": {},
        "cli_input": {},
        "drift_page": {},
    }
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
    request_seeds(out)
    for path in sorted((SAMPLES / "overseas").glob("*.xml")):
        out["cli_input"][f"seed-{path.stem}"] = bytes([3]) + path.read_bytes()
    for path in sorted((SAMPLES / "intl").glob("*_reply*.json")):
        out["cli_input"][f"seed-{path.stem}"] = bytes([4]) + path.read_bytes()
    for path in sorted((ROOT / "alipay-codegen" / "tests" / "pages").glob("*.txt")):
        out["drift_page"][f"seed-{path.stem}"] = path.read_bytes()
    return out


def intl_mode(text):
    """The intl_request mode bits a request text selects (fuzz/harness/intl_request.rs): the
    path of the function its head names (bits 1-2 clear) and the gateway of its client ID."""
    return 0b1000 if b'"2014000014442"' in text else 0


def request_seeds(out):
    """The request targets' seeds, and the CLI's request seeds, from the staged vectors."""
    for case in sorted(p for p in (VECTORS / "overseas").iterdir() if p.is_dir()):
        url = (case / "get_url.txt").read_bytes().strip()
        query = url.split(b"?", 1)[1]
        body = (case / "post_body.txt").read_bytes().strip()
        post_url = (case / "post_url.txt").read_bytes().strip()
        charset = post_url.split(b"_input_charset=", 1)[1].decode()
        post = 1 | CHARSET_BITS[charset] << 1
        seeds = out["overseas_request"]
        seeds[f"seed-{case.name}.get"] = bytes([0]) + query
        seeds[f"seed-{case.name}.get.resigned"] = bytes([0b1000]) + query
        seeds[f"seed-{case.name}.post"] = bytes([post]) + body
        seeds[f"seed-{case.name}.post.resigned"] = bytes([post | 0b1000]) + body
        out["cli_input"][f"seed-{case.name}.get"] = bytes([0]) + url
        out["cli_input"][f"seed-{case.name}.post"] = bytes([1]) + post_url + b"\n" + body
    for case in sorted(p for p in (VECTORS / "intl").iterdir() if p.is_dir()):
        envelope = (case / "envelope.json").read_bytes()
        request = (case / "request.json").read_bytes().strip()
        mode = intl_mode(request)
        out["intl_request"][f"seed-{case.name}.envelope"] = bytes([mode]) + envelope
        out["intl_request"][f"seed-{case.name}.resigned"] = bytes([1 | mode]) + request
        out["cli_input"][f"seed-{case.name}.envelope"] = bytes([2]) + envelope
    for sample in sorted((SAMPLES / "intl").glob("*_request*.json")):
        try:
            request = json.loads(sample.read_bytes())["request"]
        except (ValueError, KeyError):
            continue
        # The request text as the sample writes it is not recoverable from json.loads; compact
        # JSON is one valid request text (the re-signed mode signs whatever text it gets).
        text = json.dumps(request, separators=(",", ":"), ensure_ascii=False).encode()
        out["intl_request"][f"seed-{sample.stem}.resigned"] = bytes([1 | intl_mode(text)]) + text


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
