#!/usr/bin/env python3
"""Writes the seed-* corpus files of the request, CLI and drift targets from the documented
samples and the staged vectors (each target's first byte chooses the mode; see its docs):

  overseas_request  tests/vectors/overseas/*/get_url.txt (GET) and post_body.txt (POST with
                    the case's charset in the URL), each sent as is and re-signed
  intl_request      tests/vectors/intl/*/envelope.json as is, request.json and the samples'
                    tests/samples/intl/*_request*.json re-signed, to the function's path
  cli_input         the GET URLs, the POST URL + body, the intl envelopes, and the overseas and
                    intl reply samples
  drift_page        alipay-codegen/tests/pages/*.txt

Run from anywhere: python3 fuzz/make_seeds.py
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
CHARSET_BITS = {"UTF-8": 1, "GBK": 2, "GB2312": 3}


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"seed-{name}").write_bytes(data)


for case in sorted((ROOT / "tests/vectors/overseas").iterdir()):
    if not case.is_dir():
        continue
    url = (case / "get_url.txt").read_bytes().strip()
    query = url.split(b"?", 1)[1]
    body = (case / "post_body.txt").read_bytes().strip()
    post_url = (case / "post_url.txt").read_bytes().strip()
    charset = post_url.split(b"_input_charset=", 1)[1].decode()
    post = 1 | CHARSET_BITS[charset] << 1
    write("overseas_request", f"{case.name}.get", bytes([0]) + query)
    write("overseas_request", f"{case.name}.get.resigned", bytes([0b1000]) + query)
    write("overseas_request", f"{case.name}.post", bytes([post]) + body)
    write("overseas_request", f"{case.name}.post.resigned", bytes([post | 0b1000]) + body)
    write("cli_input", f"{case.name}.get", bytes([0]) + url)
    write("cli_input", f"{case.name}.post", bytes([1]) + post_url + b"\n" + body)

for case in sorted((ROOT / "tests/vectors/intl").iterdir()):
    if not case.is_dir():
        continue
    envelope = (case / "envelope.json").read_bytes()
    request = (case / "request.json").read_bytes().strip()
    archive = b"indirectMerchant.archive" in request
    path = 0b10 if archive else 0
    client = 0b100 if b'"2014000014442"' in request else 0
    write("intl_request", f"{case.name}.envelope", bytes([path | client]) + envelope)
    write("intl_request", f"{case.name}.resigned", bytes([1 | path | client]) + request)
    write("cli_input", f"{case.name}.envelope", bytes([2]) + envelope)

for sample in sorted((ROOT / "tests/samples/intl").glob("*_request*.json")):
    envelope = sample.read_bytes()
    try:
        request = json.loads(envelope)["request"]
    except (ValueError, KeyError):
        continue
    # The request text as the sample writes it is not recoverable from json.loads; compact
    # JSON is one valid request text (the re-signed mode signs whatever text it gets).
    text = json.dumps(request, separators=(",", ":"), ensure_ascii=False).encode()
    archive = b"indirectMerchant.archive" in text
    path = 0b10 if archive else 0
    client = 0b100 if b'"2014000014442"' in text else 0
    write("intl_request", f"{sample.stem}.resigned", bytes([1 | path | client]) + text)

for reply in sorted((ROOT / "tests/samples/overseas").glob("*.xml")):
    write("cli_input", reply.stem, bytes([3]) + reply.read_bytes())
for reply in sorted((ROOT / "tests/samples/intl").glob("*_reply*.json")):
    write("cli_input", reply.stem, bytes([4]) + reply.read_bytes())

for page in sorted((ROOT / "alipay-codegen/tests/pages").glob("*.txt")):
    write("drift_page", page.stem, page.read_bytes())
