#!/usr/bin/env python3
"""Stage 1 of the form vectors: the signed params of each case, signed by Python alone.

    python3 sign.py     # from testdata/vectors/forms; writes <case>/params.tsv

Pre-sign string (design.md §3.1): every param but `sign` and `sign_type`, empty values
dropped, sorted by name, `name=value` joined with `&`, encoded in the case's charset
(Python's `utf-8` / `gbk` codecs). MD5: `hashlib.md5(bytes + key).hexdigest()` with
testdata/keys/md5_test_key.txt. RSA2: SHA256withRSA PKCS#1 v1.5 by the `cryptography`
package with testdata/keys/rsa_test_private_pkcs8.pem, standard base64.

`<case>/params.tsv`: every param in send order, `sign` last, one `name<TAB>value` per line,
UTF-8 text (the wire charset is the `_input_charset` line). The encoders read this file.
"""

import base64
import hashlib
import pathlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

HERE = pathlib.Path(__file__).resolve().parent
KEYS = HERE.parent.parent / "keys"
PARTNER = "2088101142878662"  # the sandbox's TEST partner
TIMESTAMP = "2026-12-01 10:00:00"  # the tests run the sandbox with its clock at this instant


def store(merchant_id, charset, sign_type):
    """An offline.maintain store whose values hold what encoders disagree on: spaces, `+`,
    `&`, `=`, `%`, `~*'()!`, `/`, `:`, non-ASCII text, and (RSA2) a base64 signature."""
    return [
        ("service", "alipay.overseas.secmerchant.offline.maintain"),
        ("partner", PARTNER),
        ("_input_charset", charset),
        ("sign_type", sign_type),
        ("timestamp", TIMESTAMP),
        ("secondary_merchant_name", "Mika's coffee shop"),
        ("secondary_merchant_id", merchant_id),
        ("store_id", "1993"),
        ("store_name", "Mika's coffee + tea & cake = 100% (~*!) 咖啡"),
        ("store_country", "US"),
        ("store_address", "3 Old Concord Rd, Burlington, MA 01803 美国"),
        ("store_industry", "5499"),
        ("internal_store_photo", "https://www.mikascoffee/img_321323.jpg?a=1&b=2"),
        ("secondary_merchant_type", "ENTERPRISE"),
        ("registration_no", "1314520"),
        ("register_country", "US"),
        ("register_address", "3 Old Concord Rd, Burlington, MA 01803"),
        ("contact_no", "+8618688888888"),
    ]


CASES = {
    "utf8_md5": ("UTF-8", "MD5"),
    "utf8_rsa2": ("UTF-8", "RSA2"),
    "gbk_md5": ("GBK", "MD5"),
    "gbk_rsa2": ("GBK", "RSA2"),
}


def presign(params):
    kept = [(k, v) for k, v in params if k not in ("sign", "sign_type") and v != ""]
    kept.sort(key=lambda kv: kv[0].encode("utf-8"))
    return "&".join(f"{k}={v}" for k, v in kept)


def sign(params, charset, sign_type):
    data = presign(params).encode(charset.lower())
    if sign_type == "MD5":
        key = (KEYS / "md5_test_key.txt").read_bytes()
        return hashlib.md5(data + key).hexdigest()
    private = serialization.load_pem_private_key(
        (KEYS / "rsa_test_private_pkcs8.pem").read_bytes(), password=None
    )
    return base64.b64encode(private.sign(data, padding.PKCS1v15(), hashes.SHA256())).decode()


def main():
    for name, (charset, sign_type) in CASES.items():
        params = store(f"forms_{name}", charset, sign_type)
        params.append(("sign", sign(params, charset, sign_type)))
        out = HERE / name
        out.mkdir(exist_ok=True)
        text = "".join(f"{k}\t{v}\n" for k, v in params)
        (out / "params.tsv").write_text(text, encoding="utf-8")
        print(f"wrote {name}/params.tsv")


if __name__ == "__main__":
    main()
