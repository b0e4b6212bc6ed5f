#!/usr/bin/env python3
"""Stage 2, Python: urllib.parse.urlencode (quote_plus: spaces as `+`) and
urllib.parse.quote (default safe="/": spaces as `%20`, `/` raw) in the case's charset.

    python3 encode.py <case>...

Writes <case>/python-urlencode.txt and <case>/python-quote.txt.
"""

import sys
from urllib.parse import quote, urlencode

for case in sys.argv[1:]:
    pairs = [tuple(line.split("\t", 1)) for line in open(f"{case}/params.tsv", encoding="utf-8").read().splitlines()]
    charset = dict(pairs)["_input_charset"]
    encoded = {
        "python-urlencode": urlencode(pairs, encoding=charset),
        "python-quote": "&".join(
            f"{quote(k, encoding=charset)}={quote(v, encoding=charset)}" for k, v in pairs
        ),
    }
    for name, text in encoded.items():
        open(f"{case}/{name}.txt", "w", encoding="ascii", newline="").write(text)
        print(f"wrote {case}/{name}.txt")
