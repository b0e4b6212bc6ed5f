#!/usr/bin/env python3
"""Generates the charset tables from Python's own codecs (python3 standard library only).

    python3 scripts/gen-charset-tables.py           # rewrite the tables
    python3 scripts/gen-charset-tables.py --check   # fail if a checked-in table is stale

Runtime repertoires (alipay-proto/src/charset/tables/*.bits, what a request may carry): a bitset
over the BMP, bit `cp % 8` of byte `cp // 8` set when code point `cp` is accepted.
  gbk.bits     every char Python's `gbk` codec (CP936 as Java and Python decode it) encodes.
  gb2312.bits  every char Python's `gb2312` codec encodes to the same bytes as its `gbk` codec:
               requests are encoded with the GBK encoder, so U+30FB and U+2015, whose GB2312
               bytes (A1A4, A1AA) GBK gives to U+00B7 and U+2014, cannot be sent and are left out.

Reference bytes for the BMP sweep test (tests/charsets/*.bin): for every BMP scalar value in
order (U+0000..U+FFFF without the surrogates), one length byte, then that many bytes: the
codec's encoding of the char, or length 0 when the codec refuses it.
  utf-8.bin, gbk.bin, gb2312.bin   Python's `utf-8`, `gbk` and `gb2312` codecs.
"""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TABLES = ROOT / "alipay-proto" / "src" / "charset" / "tables"
REFERENCE = ROOT / "tests" / "charsets"
BMP = [cp for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF]


def encoded(codec):
    """{code point: bytes} for every BMP char `codec` encodes."""
    out = {}
    for cp in BMP:
        try:
            out[cp] = chr(cp).encode(codec)
        except UnicodeEncodeError:
            pass
    return out


def bitset(code_points):
    bits = bytearray(0x10000 // 8)
    for cp in code_points:
        bits[cp // 8] |= 1 << (cp % 8)
    return bytes(bits)


def reference(table):
    out = bytearray()
    for cp in BMP:
        data = table.get(cp, b"")
        out.append(len(data))
        out += data
    return bytes(out)


def outputs():
    utf8, gbk, gb2312 = encoded("utf-8"), encoded("gbk"), encoded("gb2312")
    same_as_gbk = [cp for cp, data in gb2312.items() if gbk.get(cp) == data]
    return {
        TABLES / "gbk.bits": bitset(gbk),
        TABLES / "gb2312.bits": bitset(same_as_gbk),
        REFERENCE / "utf-8.bin": reference(utf8),
        REFERENCE / "gbk.bin": reference(gbk),
        REFERENCE / "gb2312.bin": reference(gb2312),
    }


def main():
    check = sys.argv[1:] == ["--check"]
    stale = []
    for path, data in outputs().items():
        if check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path.relative_to(ROOT))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)} ({len(data)} bytes)")
    if stale:
        sys.exit("stale, run python3 scripts/gen-charset-tables.py: " + ", ".join(map(str, stale)))


if __name__ == "__main__":
    main()
