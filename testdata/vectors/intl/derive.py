"""Derives the intl vectors' texts from the documented samples (see COMMANDS.md).

derive.py SAMPLES                     stage-1 texts: <case>/request.json, <case>/response.json
derive.py SAMPLES --spans             repaired/re-signed sample copies + the exact signed spans
derive.py SAMPLES --put-signature N S writes signature S into sample copy N
"""
import json
import os
import sys

DEC = json.JSONDecoder()
MERCHANT_ID = "211020000000002999"  # repair of the placeholder "$!{merchantId}" (spec example)


def load(samples, name):
    with open(os.path.join(samples, name), encoding="utf-8") as f:
        return f.read()


def save(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def span(text, key):
    """The exact text of the top-level member `key`'s value."""
    at = text.index('"%s"' % key) + len(key) + 2
    at = text.index(":", at) + 1
    while text[at] in " \t\r\n":
        at += 1
    _, end = DEC.raw_decode(text, at)
    return text[at:end]


def cases(samples):
    req001 = json.loads(load(samples, "001_request.json"))
    req001["request"]["body"]["merchantId"] = MERCHANT_ID
    rep001 = json.loads(load(samples, "001_reply.json"))
    req004 = json.loads(load(samples, "004_request.json"))
    rep004 = json.loads(load(samples, "004_reply.json"))
    rsa = json.loads(load(samples, "004_request.json"))
    rsa["request"]["head"]["signType"] = "RSA"
    # 005 (indirectMerchant.query): its samples were not in the copies read, so the case is
    # constructed: 004's sample head (the same head rows) with 005's function, and a body of
    # 005's table examples; the reply is 004's with 005's function.
    query = "alipay.intl.merchant.common.indirectMerchant.query"
    queries = {}
    for case, body in [
        ("query_offline", {"merchantId": "21020000001", "sellerId": "83410102",
                           "storeId": "STORE_ID_0003", "paymentScene": "OFFLINE"}),
        ("query_online", {"merchantId": "21020000001", "sellerId": "83410102",
                          "paymentScene": "ONLINE"}),
    ]:
        request = json.loads(load(samples, "004_request.json"))["request"]
        request["head"]["function"] = query
        request["body"] = body
        response = json.loads(load(samples, "004_reply.json"))["response"]
        response["head"]["function"] = query
        queries[case] = (request, response, "RSA2")
    return {
        "maintain_add_sites": (req001["request"], rep001["response"], "RSA2"),
        "archive": (req004["request"], rep004["response"], "RSA2"),
        "archive_rsa": (rsa["request"], rep004["response"], "RSA"),
        **queries,
    }


def stage1(samples):
    for case, (request, response, algorithm) in cases(samples).items():
        os.makedirs(case, exist_ok=True)
        save(os.path.join(case, "request.json"), compact(request))
        save(os.path.join(case, "response.json"), compact(response))
        save(os.path.join(case, "ALGORITHM"), algorithm)


def spans(samples):
    copies = {
        "001_request.repaired": ("001_request.json", "request"),
        "004_request.repaired": ("004_request.json", "request"),
        "001_reply.resigned": ("001_reply.json", "response"),
        "004_reply.resigned": ("004_reply.json", "response"),
    }
    for name, (source, key) in copies.items():
        text = load(samples, source).replace("$!{merchantId}", MERCHANT_ID)
        save(os.path.join(samples, name + ".json"), text)
        save(os.path.join(samples, name + ".signed-text"), span(text, key))


def put_signature(samples, name, signature):
    path = os.path.join(samples, name + ".json")
    text = load(samples, name + ".json")
    old = json.loads(text)["signature"]
    assert text.count('"%s"' % old) == 1, old
    save(path, text.replace('"%s"' % old, '"%s"' % signature))


if __name__ == "__main__":
    if len(sys.argv) == 2:
        stage1(sys.argv[1])
    elif sys.argv[2] == "--spans":
        spans(sys.argv[1])
    else:
        put_signature(sys.argv[1], sys.argv[3], sys.argv[4])
