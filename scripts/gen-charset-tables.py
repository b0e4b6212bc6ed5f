#!/usr/bin/env python3
"""Generates the charset tables from Python's own codecs, checked against the JDK's
(python3 standard library only).

    java scripts/JavaCharsets.java testdata/charsets    # the JDK's tables (a JDK 17+ on PATH)
    python3 scripts/gen-charset-tables.py           # rewrite the tables
    python3 scripts/gen-charset-tables.py --check   # fail if a checked-in table is stale

The gateway is a Java server, so GBK and GB2312 mean what the JDK's decoders mean; Python's
codecs are the second, independent reference. The runtime table of each charset
(alipay-proto/src/charset/tables/<charset>.map) holds every 2-byte code (lead 0x81..0xFE, trail
0x40..0xFE, in that order) as a big-endian u16 code point, 0 for a code that is not sent or
read: it maps a code only where the JDK and Python decode it to the same char, so whatever the
crate sends or reads means the same to both. Single bytes are ASCII in both (0x80 and 0xFF are
refused by both). Both codecs are bijective on 2-byte codes, so the same table encodes.

Where they disagree (checked here, and nowhere else):
  GB2312  nowhere: Python's `gb2312` and the JDK's GB2312 (EUC-CN) agree on all 7,445 codes,
          A1A4 = U+30FB and A1AA = U+2015 included.
  GBK     2,150 codes. The JDK also maps A2E3 to U+20AC (euro sign) and 2,148 codes of the
          user-defined areas (AAA1..AFFE, F8A1..FEFE, A140..A7A0) to the private-use area,
          which Python refuses; and A892 is U+2641 in the JDK, U+2295 in Python. These codes
          are left out: neither sent nor read.

Reference bytes for the BMP sweep test (testdata/charsets/*.bin): for every BMP scalar value in
order (U+0000..U+FFFF without the surrogates), one length byte, then that many bytes: the
codec's encoding of the char, or length 0 when the codec refuses it.
  utf-8.bin, gbk.bin, gb2312.bin   Python's `utf-8`, `gbk` and `gb2312` codecs.
"""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TABLES = ROOT / "alipay-proto" / "src" / "charset" / "tables"
REFERENCE = ROOT / "testdata" / "charsets"
BMP = [cp for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF]
CODES = [(lead << 8) | trail for lead in range(0x81, 0xFF) for trail in range(0x40, 0xFF)]
# The documented disagreements (see above): code -> (JDK, Python), 0 = refused.
GBK_DISAGREE_NON_PUA = {0xA2E3: (0x20AC, 0), 0xA892: (0x2641, 0x2295)}


def encoded(codec):
    """{code point: bytes} for every BMP char `codec` encodes."""
    out = {}
    for cp in BMP:
        try:
            out[cp] = chr(cp).encode(codec)
        except UnicodeEncodeError:
            pass
    return out


def python_decoded(codec):
    """[code point or 0] for every 2-byte code, Python's decoder."""
    out = []
    for code in CODES:
        try:
            text = code.to_bytes(2, "big").decode(codec)
            out.append(ord(text) if len(text) == 1 else 0)
        except UnicodeDecodeError:
            out.append(0)
    return out


def java_decoded(name):
    data = (REFERENCE / f"java-{name}.map").read_bytes()
    assert len(data) == 2 * len(CODES), f"java-{name}.map: {len(data)} bytes"
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def agreed(name, codec):
    """The runtime table: the codes both decode alike; checks the disagreements."""
    python, java = python_decoded(codec), java_decoded(name)
    encodes = encoded(codec)
    for code, cp in zip(CODES, python):
        if cp:  # Python's codec is bijective on its 2-byte codes.
            assert encodes.get(cp) == code.to_bytes(2, "big"), f"{codec} {code:04X}"
    differ = {code: (j, p) for code, j, p in zip(CODES, java, python) if j != p}
    if name == "gb2312":
        assert not differ, differ
    else:
        non_pua = {c: jp for c, jp in differ.items() if not (0xE000 <= jp[0] <= 0xF8FF and jp[1] == 0)}
        assert non_pua == GBK_DISAGREE_NON_PUA, non_pua
        assert len(differ) == 2150, len(differ)
    table = bytearray()
    for j, p in zip(java, python):
        table += (j if j == p else 0).to_bytes(2, "big")
    return bytes(table)


def reference(table):
    out = bytearray()
    for cp in BMP:
        data = table.get(cp, b"")
        out.append(len(data))
        out += data
    return bytes(out)


def outputs():
    return {
        TABLES / "gbk.map": agreed("gbk", "gbk"),
        TABLES / "gb2312.map": agreed("gb2312", "gb2312"),
        REFERENCE / "utf-8.bin": reference(encoded("utf-8")),
        REFERENCE / "gbk.bin": reference(encoded("gbk")),
        REFERENCE / "gb2312.bin": reference(encoded("gb2312")),
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
