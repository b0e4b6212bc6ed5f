#!/usr/bin/env python3
"""Stage 2, curl: `curl -G --data-urlencode name@file` for every param, each value's bytes in
the case's charset written to a file first (curl encodes the bytes it is given; `+` for a
space, lowercase hex). `-G` puts the encoded data in the URL instead of the body, unchanged,
so `-w '%{url_effective}'` shows it without sending anything (port 9, nothing listens):

    curl -s -G --data-urlencode 'timestamp@value-file' ... -o /dev/null \
         -w '%{url_effective}' http://127.0.0.1:9/

    python3 curl.py <case>...

Writes <case>/curl-data-urlencode.txt (the text after `?`; a POST with --data-urlencode and
no -G sends the same text as its body).
"""

import subprocess
import sys
import tempfile
from pathlib import Path

for case in sys.argv[1:]:
    pairs = [tuple(line.split("\t", 1)) for line in open(f"{case}/params.tsv", encoding="utf-8").read().splitlines()]
    charset = dict(pairs)["_input_charset"]
    with tempfile.TemporaryDirectory() as tmp:
        args = ["curl", "-s", "-G"]
        for i, (k, v) in enumerate(pairs):
            path = Path(tmp) / str(i)
            path.write_bytes(v.encode(charset))
            args += ["--data-urlencode", f"{k}@{path}"]
        args += ["-o", "/dev/null", "-w", "%{url_effective}", "http://127.0.0.1:9/"]
        url = subprocess.run(args, capture_output=True, text=True).stdout
    open(f"{case}/curl-data-urlencode.txt", "w", encoding="ascii", newline="").write(url.split("?", 1)[1])
    print(f"wrote {case}/curl-data-urlencode.txt")
