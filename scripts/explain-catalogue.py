#!/usr/bin/env python3
"""Builds alipay-proto-cli/tests/explain_catalogue/: requests and replies broken by one
usual mistake (or correct), made with independent code, each with what `alipay-proto` must
say about it.

    python3 scripts/explain-catalogue.py

Signing: Python hashlib (MD5) and `cryptography` (RSA PKCS#1 v1.5, SHA-1/SHA-256).
Percent-encoding: Python urllib.parse.quote / quote_plus, PHP urlencode / rawurlencode
(`php`), JavaScript encodeURIComponent (`node`), Java URLEncoder.encode (`java`, single-file
source), Go url.QueryEscape (no Go toolchain here: its documented set, unreserved
A-Za-z0-9-_.~ and space as `+`, is Python's quote_plus(safe='')). JSON writers: Python
json.dumps, node JSON.stringify, PHP json_encode. Charsets: Python's codecs.

Each case in cases.json: `args` for the binary (`{dir}` is this folder, `{keys}` the test
keys folder) and `expect`: `verifies`, the exact `causes`, and `refused` (the gateway refuses
it whatever the signature, with no cause: a stale request). The Rust test
(tests/explain_catalogue.rs) runs every case and counts right, wrong cause and no cause.
"""
import base64
import hashlib
import json
import pathlib
import subprocess
import tempfile
import urllib.parse

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

ROOT = pathlib.Path(__file__).resolve().parent.parent
KEYS = ROOT / "testdata" / "keys"
OUT = ROOT / "alipay-proto-cli" / "tests" / "explain_catalogue"
GATEWAY = "https://mapi.alipaydev.com/gateway.do"
MD5_KEY = (KEYS / "md5_test_key.txt").read_bytes().strip()

CASES = []
FILES = {}


def case(name, args, verifies, causes=(), refused=False, made_by=None):
    c = {"name": name, "args": args,
         "expect": {"verifies": verifies, "causes": sorted(causes), "refused": refused}}
    if made_by:
        c["made_by"] = made_by
    CASES.append(c)


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    FILES[name] = data
    return "{dir}/" + name


def params(charset, sign_type, **extra):
    p = [
        ("service", "alipay.overseas.secmerchant.maintain.queryStatus"),
        ("partner", "2088021017666666"),
        ("_input_charset", charset),
        ("sign_type", sign_type),
        ("timestamp", "2026-12-02 08:20:00"),
        ("secondary_merchant_id", "mika coffee 1"),
        ("store_name", "咖啡店 a/b~c*d'e(f)!"),
        ("memo", ""),
    ]
    p += list(extra.items())
    return [(k, v) for k, v in p if v is not None]


def join(pairs, skip, keep_empty=False):
    kept = [(k, v) for k, v in pairs if k not in skip and (keep_empty or v != "")]
    kept.sort(key=lambda kv: kv[0].encode())
    return "&".join(f"{k}={v}" for k, v in kept)


def presign(pairs):
    return join(pairs, ("sign", "sign_type"))


def md5(data, key=MD5_KEY):
    return hashlib.md5(data + key).hexdigest()


def private(name):
    return serialization.load_pem_private_key((KEYS / name).read_bytes(), None)


def rsa(data, digest="sha256", key="rsa_test_private_pkcs8.pem"):
    h = hashes.SHA256() if digest == "sha256" else hashes.SHA1()
    return base64.b64encode(private(key).sign(data, padding.PKCS1v15(), h)).decode()


def url(pairs, sign, charset, plus=False, drop_charset=False):
    """The GET URL: values percent-encoded (urllib.parse.quote, safe='') in `charset`."""
    enc = "gbk" if charset in ("GBK", "GB2312") else "utf-8"
    quote = urllib.parse.quote_plus if plus else urllib.parse.quote
    items = [(k, v) for k, v in pairs if not (drop_charset and k == "_input_charset")]
    items.append(("sign", sign))
    return GATEWAY + "?" + "&".join(f"{k}={quote(v.encode(enc), safe='')}" for k, v in items)


def md5_args(target, key="{keys}/md5_test_key.txt", extra=()):
    return ["explain", "--key-file", key, *extra, target]


def rsa_args(target, key="rsa_test_public.pem", extra=()):
    return ["explain", "--key-file", "{keys}/" + key, *extra, target]


# --- percent-encoders, each by its own language ------------------------------------------------
def run(cmd, inputs):
    out = subprocess.run(cmd + [x.hex() for x in inputs], check=True, capture_output=True)
    return out.stdout.decode("ascii").split("\n")[: len(inputs)]


JAVA = """
import java.net.URLEncoder;
public class Enc {
    public static void main(String[] args) throws Exception {
        String cs = args[0];
        for (int i = 1; i < args.length; i++) {
            byte[] b = java.util.HexFormat.of().parseHex(args[i]);
            System.out.println(URLEncoder.encode(new String(b, cs), cs));
        }
    }
}
"""


def encoders():
    tmp = pathlib.Path(tempfile.mkdtemp())
    (tmp / "Enc.java").write_text(JAVA)

    def java(cs):
        return lambda xs: run(["java", str(tmp / "Enc.java"), cs], xs)

    php = "foreach (array_slice($argv, 1) as $a) echo {f}(hex2bin($a)), \"\\n\";"
    node = ("for (const a of process.argv.slice(1))"
            " console.log(encodeURIComponent(Buffer.from(a, 'hex').toString('utf8')))")
    return {
        # name: (function over a list of byte strings, charsets it takes)
        "python_quote": (lambda xs: [urllib.parse.quote(x) for x in xs], ("utf-8", "gbk")),
        "python_quote_plus": (lambda xs: [urllib.parse.quote_plus(x) for x in xs], ("utf-8", "gbk")),
        "go_query_escape": (lambda xs: [urllib.parse.quote_plus(x, safe="") for x in xs], ("utf-8",)),
        "php_urlencode": (lambda xs: run(["php", "-r", php.format(f="urlencode")], xs), ("utf-8", "gbk")),
        "php_rawurlencode": (lambda xs: run(["php", "-r", php.format(f="rawurlencode")], xs), ("utf-8", "gbk")),
        "js_encodeURIComponent": (lambda xs: run(["node", "-e", node], xs), ("utf-8",)),
        "java_urlencoder_utf8": (java("UTF-8"), ("utf-8",)),
        "java_urlencoder_gbk": (java("GBK"), ("gbk",)),
    }


def overseas():
    # Correct requests in each charset, GET and POST.
    for cs in ("UTF-8", "GBK", "GB2312"):
        enc = "gbk" if cs != "UTF-8" else "utf-8"
        p = params(cs, "MD5")
        sign = md5(presign(p).encode(enc))
        case(f"correct_md5_get_{cs}", md5_args(url(p, sign, cs)), True)
        case(f"correct_md5_get_{cs}_form_plus", md5_args(url(p, sign, cs, plus=True)), True)
    p = params("UTF-8", "MD5")
    sign = md5(presign(p).encode())
    body = "&".join(f"{k}={urllib.parse.quote_plus(v)}" for k, v in p + [("sign", sign)])
    case("correct_md5_post", ["explain", "--key-file", "{keys}/md5_test_key.txt", "--post-body",
                              write("post_body.txt", body), GATEWAY + "?_input_charset=UTF-8"], True)

    # The pre-sign rule broken.
    sign = md5(join(p, ("sign",)).encode())
    case("sign_type_signed", md5_args(url(p, sign, "UTF-8")), False, ["sign_type_signed"])
    sign = md5(join(p, ("sign", "sign_type"), keep_empty=True).encode())
    case("empty_value_signed", md5_args(url(p, sign, "UTF-8")), False, ["empty_value_signed"])

    # Values percent-encoded before signing, by each library, in the request charset or UTF-8.
    for name, (f, charsets) in encoders().items():
        for req_cs in ("UTF-8", "GBK"):
            for enc in charsets:
                if req_cs == "UTF-8" and enc != "utf-8":
                    continue
                p = params(req_cs, "MD5")
                values = [v.encode(enc) for _, v in p]
                encoded = list(zip([k for k, _ in p], f(values)))
                req_enc = "gbk" if req_cs == "GBK" else "utf-8"
                sign = md5(presign(encoded).encode(req_enc))
                case(f"encoded_{name}_{enc}_in_{req_cs}_request",
                     md5_args(url(p, sign, req_cs)), False, ["values_encoded_before_signing"])

    # Charsets.
    p = params("GBK", "MD5")
    sign = md5(presign(p).encode("utf-8"))
    case("gbk_request_signed_in_utf8", md5_args(url(p, sign, "GBK")), False, ["wrong_charset"])
    p = params("UTF-8", "MD5")
    sign = md5(presign(p).encode("utf-8"))
    case("get_without_input_charset_utf8_bytes",
         md5_args(url(p, sign, "UTF-8", drop_charset=True)), False, ["charset_unreadable"])
    p = params("UTF8X", "MD5")
    sign = md5(presign(p).encode("utf-8"))
    case("unknown_input_charset", md5_args(url(p, sign, "UTF-8")), False, ["charset_unreadable"])
    p = [(k, v) for k, v in params("UTF-8", "MD5") if k != "store_name"]
    sign = md5(presign([(k, v) for k, v in p if k != "_input_charset"]).encode())
    case("get_without_input_charset_ascii_only",
         md5_args(url(p, sign, "UTF-8", drop_charset=True)), True)

    # `+`: a phone number's + sent unencoded is read as a space by the (Java) gateway.
    p = params("UTF-8", "MD5", contact_no="+86 139")
    sign = md5(presign(p).encode())
    wire = url(p, sign, "UTF-8").replace("%2B86", "+86")
    case("plus_sent_unencoded", md5_args(wire), False, ["plus_for_space"])

    # Key whitespace and BOMs of the usual shapes.
    p = params("UTF-8", "MD5")
    for label, pre, suf in [("lf", b"", b"\n"), ("crlf", b"", b"\r\n"), ("lf_lf", b"", b"\n\n"),
                            ("space_lf", b"", b" \n"), ("space", b"", b" "), ("tab", b"", b"\t"),
                            ("bom", b"\xef\xbb\xbf", b""), ("bom_lf", b"\xef\xbb\xbf", b"\n"),
                            ("bom_crlf", b"\xef\xbb\xbf", b"\r\n"), ("leading_space", b" ", b"")]:
        sign = md5(presign(p).encode(), pre + MD5_KEY + suf)
        case(f"key_whitespace_{label}", md5_args(url(p, sign, "UTF-8")), False, ["key_whitespace"])
    bom_key = write("md5_key_bom.txt", b"\xef\xbb\xbf" + MD5_KEY + b"\r\n")
    sign = md5(presign(p).encode())
    case("key_file_with_bom_correct_signature", md5_args(url(p, sign, "UTF-8"), key=bom_key), True)
    sign = md5(presign(p).encode(), b"\xef\xbb\xbf" + MD5_KEY + b"\r\n")
    case("key_file_with_bom_signed_as_read", md5_args(url(p, sign, "UTF-8"), key=bom_key), False,
         ["key_whitespace"])

    # Timestamps (the request's timestamp is 2026-12-02 08:20:00 GMT+8 = 00:20:00 UTC).
    p = params("UTF-8", "MD5")
    sign = md5(presign(p).encode())
    wire = url(p, sign, "UTF-8")
    for late in (31, 47, 90, 200):
        hh, mm = divmod(20 + late, 60)
        sent = f"2026-12-02T{hh:02d}:{mm:02d}:00Z"
        case(f"stale_{late}_minutes", md5_args(wire, extra=["--sent-at", sent]), True, refused=True)
    case("sent_within_30_minutes", md5_args(wire, extra=["--sent-at", "2026-12-02T00:45:00Z"]), True)
    for zone, sent in (("utc", "2026-12-02T08:21:30Z"), ("utc9", "2026-12-01T23:22:00Z"),
                       ("utc0_two_minutes_in_flight", "2026-12-02T08:22:00Z")):
        case(f"timestamp_in_{zone}", md5_args(wire, extra=["--sent-at", sent]), True,
             ["timestamp_not_gmt8"])

    # RSA2.
    p = params("UTF-8", "RSA2")
    good = rsa(presign(p).encode())
    wire = url(p, good, "UTF-8")
    case("correct_rsa2_public_key", rsa_args(wire), True)
    case("correct_rsa2_private_key", rsa_args(wire, "rsa_test_private_pkcs8.pem"), True)
    pair = ["--other-key", "{keys}/rsa_test_private_pkcs8.pem"]
    case("correct_rsa2_key_and_its_private_half", rsa_args(wire, extra=pair), True)
    broken = url(p, rsa(join(p, ("sign",)).encode()), "UTF-8")
    case("sign_type_signed_with_key_and_its_private_half", rsa_args(broken, extra=pair), False,
         ["sign_type_signed"])
    case("rsa2_signed_sha1", rsa_args(url(p, rsa(presign(p).encode(), "sha1"), "UTF-8")), False,
         ["wrong_digest"])
    swapped = url(p, rsa(presign(p).encode(), key="rsa_test_alipay_private_pkcs8.pem"), "UTF-8")
    case("signed_with_the_other_slots_key", rsa_args(swapped, extra=["--other-key", "{keys}/rsa_test_alipay_private_pkcs8.pem"]),
         False, ["own_public_key_as_alipay_key"])
    case("rsa2_wrong_key_format", rsa_args(wire, "rsa_test_private_pkcs8_labelled_pkcs1.pem"), False,
         ["wrong_key_format"])
    bom_pem = write("merchant_public_bom.pem", b"\xef\xbb\xbf" + (KEYS / "rsa_test_public.pem").read_bytes())
    case("rsa2_public_key_file_with_bom", ["explain", "--key-file", bom_pem, wire], True)


INTL = """{
	"head": {
		"version": "2.0.4",
		"function": "alipay.intl.merchant.common.indirectMerchant.archive",
		"clientId": "211020000000000000",
		"reqTime": "2026-12-02T08:20:00+08:00",
		"reqMsgId": "archive-0001",
		"reserve": "{}"
	},
	"body": {
		"merchantId": "mika-coffee",
		"storeId": "咖啡-1",
		"siteUrl": "https://mika.example/shop"
	}
}"""


def form(pairs, sign, enc):
    """A form body (or query): values percent-encoded by urllib.parse.quote_plus in `enc`."""
    items = pairs + [("sign", sign)]
    return "&".join(f"{k}={urllib.parse.quote_plus(v.encode(enc), safe='')}" for k, v in items)


def charset_placement():
    """Where `_input_charset` is (URL query, POST body, nowhere) or what it names, on GET and
    POST. The gateway reads the params in the URL's `_input_charset`, in GBK when the URL names
    none (a POST body's own is not read for that); every one sent must name UTF-8, GBK or
    GB2312, and the same. Each case carries `made_by`: the independent computation of its
    signature (Python hashlib over the pre-sign bytes in a charset by Python's codecs)."""
    def post(name, query, pairs, signed, sign_enc, body_enc, verifies, causes=()):
        sign = md5(presign(signed).encode(sign_enc))
        target = write(f"{name}.body", form(pairs, sign, body_enc))
        args = ["explain", "--key-file", "{keys}/md5_test_key.txt", "--post-body", target,
                GATEWAY + ("?" + query if query else "")]
        case(name, args, verifies, causes,
             made_by=f"hashlib.md5(presign(params).encode({sign_enc!r}) + key); body quote_plus in {body_enc}")

    def get(name, pairs, sign_enc, url_enc, verifies, causes=()):
        sign = md5(presign(pairs).encode(sign_enc))
        case(name, md5_args(GATEWAY + "?" + form(pairs, sign, url_enc)), verifies, causes,
             made_by=f"hashlib.md5(presign(params).encode({sign_enc!r}) + key); query quote_plus in {url_enc}")

    no_charset = [(k, v) for k, v in params("GBK", "MD5") if k != "_input_charset"]
    # GET: none in the URL is GBK.
    get("get_no_input_charset_gbk_bytes", no_charset, "gbk", "gbk", True)
    get("get_no_input_charset_utf8_bytes_form", no_charset, "utf-8", "utf-8", False,
        ["charset_unreadable"])
    get("get_input_charset_lower_case", params("utf-8", "MD5"), "utf-8", "utf-8", True)
    get("get_two_input_charsets_disagree", params("UTF-8", "MD5") + [("_input_charset", "GBK")],
        "utf-8", "utf-8", False, ["charset_unreadable"])
    # POST: in the URL (and the body), in the body only, nowhere, unknown, disagreeing.
    utf8 = params("UTF-8", "MD5")
    post("post_input_charset_in_url_and_body", "_input_charset=UTF-8", utf8, utf8, "utf-8",
         "utf-8", True)
    body_only = [(k, v) for k, v in utf8 if k != "_input_charset"]
    post("post_input_charset_in_url_only", "_input_charset=UTF-8", body_only, utf8, "utf-8",
         "utf-8", True)
    post("post_input_charset_in_body_only_utf8", "", utf8, utf8, "utf-8", "utf-8", False,
         ["charset_missing_from_post_url"])
    gbk = params("GBK", "MD5")
    post("post_input_charset_in_body_only_gbk", "", gbk, gbk, "gbk", "gbk", True)
    ascii_only = [(k, v) for k, v in utf8 if k != "store_name"]
    post("post_input_charset_in_body_only_ascii", "", ascii_only, ascii_only, "utf-8", "utf-8",
         True)
    post("post_no_input_charset_gbk_bytes", "", no_charset, no_charset, "gbk", "gbk", True)
    no_charset_utf8 = [(k, v) for k, v in utf8 if k != "_input_charset"]
    post("post_no_input_charset_utf8_bytes", "", no_charset_utf8, no_charset_utf8, "utf-8",
         "utf-8", False, ["charset_unreadable"])
    unknown = params("UTF8X", "MD5")
    post("post_unknown_input_charset_in_body", "", unknown, unknown, "utf-8", "utf-8", False,
         ["charset_unreadable"])
    post("post_unknown_input_charset_in_url", "_input_charset=LATIN1", utf8, utf8, "utf-8",
         "utf-8", False, ["charset_unreadable"])
    post("post_url_and_body_input_charsets_disagree", "_input_charset=GBK", utf8, utf8, "utf-8",
         "utf-8", False, ["charset_unreadable"])


def intl():
    def request(signed_text, name, expect_causes, verifies=False):
        sig = rsa(signed_text.encode("utf-8"))
        body = '{"request":' + INTL + ',"signature":"' + sig + '"}'
        case(name, ["explain", "--key-file", "{keys}/rsa_test_public.pem",
                    write(name + ".json", body)], verifies, expect_causes)

    request(INTL, "intl_correct", [], verifies=True)
    obj = json.loads(INTL)
    py = {
        "python_compact": json.dumps(obj, separators=(",", ":"), ensure_ascii=False),
        "python_compact_ascii": json.dumps(obj, separators=(",", ":")),
        "python_default": json.dumps(obj),
        "python_indent_2": json.dumps(obj, indent=2),
        "python_indent_4": json.dumps(obj, indent=4),
        "python_indent_4_unicode": json.dumps(obj, indent=4, ensure_ascii=False),
        "python_sorted_compact": json.dumps(obj, separators=(",", ":"), sort_keys=True, ensure_ascii=False),
        "python_sorted_default": json.dumps(obj, sort_keys=True),
        "python_sorted_indent_2": json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False),
    }
    node = "const o = JSON.parse(require('fs').readFileSync(0, 'utf8'));" \
           "process.stdout.write(JSON.stringify(o, null, Number(process.argv[1]) || undefined))"
    for n in ("0", "2", "4"):
        out = subprocess.run(["node", "-e", node, n], input=INTL.encode(), capture_output=True, check=True)
        py[f"node_stringify_{n}"] = out.stdout.decode("utf-8")
    php = "echo json_encode(json_decode(file_get_contents('php://stdin')){flags});"
    for name, flags in (("php_json_encode", ""), ("php_pretty", ", JSON_PRETTY_PRINT"),
                        ("php_unescaped", ", JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES")):
        out = subprocess.run(["php", "-r", php.format(flags=flags)], input=INTL.encode(),
                             capture_output=True, check=True)
        py[name] = out.stdout.decode("utf-8")
    for name, text in py.items():
        assert text != INTL, name
        request(text, "intl_reserialized_" + name, ["request_reserialized"])


def replies():
    response = '{"head":{"version":"2.0.4","function":"alipay.intl.merchant.common.indirectMerchant.archive",' \
               '"clientId":"211020000000000000","respTime":"2026-12-02T08:20:01+08:00","reqMsgId":"archive-0001"},' \
               '"body":{"resultInfo":{"resultStatus":"S","resultCodeId":"00000000","resultCode":"SUCCESS","resultMsg":"ok"}}}'
    sig = rsa(response.encode(), key="rsa_test_alipay_private_pkcs8.pem")
    reply = write("intl_reply.json", '{"response":' + response + ',"signature":"' + sig + '"}')
    case("reply_correct", ["verify-reply", "--key-file", "{keys}/rsa_test_alipay_public.pem", reply], True)
    case("reply_correct_with_own_pair", ["verify-reply", "--key-file", "{keys}/rsa_test_alipay_public.pem",
                                         "--other-key", "{keys}/rsa_test_private_pkcs8.pem", reply], True)
    case("reply_checked_with_own_public_key", ["verify-reply", "--key-file", "{keys}/rsa_test_public.pem",
                                               "--other-key", "{keys}/rsa_test_private_pkcs8.pem", reply],
         False, ["own_public_key_as_alipay_key"])


def main():
    overseas()
    charset_placement()
    intl()
    replies()
    for old in OUT.glob("*"):
        old.unlink()
    for i, c in enumerate(CASES):
        for k, arg in enumerate(c["args"]):
            if arg.startswith("http"):
                c["args"][k] = write(f"{i:03d}_{c['name']}.url", arg)
    for name, data in FILES.items():
        (OUT / name).write_bytes(data)
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names are unique"
    (OUT / "cases.json").write_text(json.dumps(CASES, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(CASES)} cases -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
