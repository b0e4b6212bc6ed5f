#!/usr/bin/env python3
"""Writes the staged overseas vectors with tools independent of the Rust code.

Stages per case (one file each): params.txt (what is sent, without `sign`, in send order)
-> presign.txt (design.md 3.1, built here in Python) -> sign.md5 (hashlib) or sign.rsa2
(openssl dgst -sha256 -sign) -> get_url.txt, post_url.txt, post_body.txt (urllib.parse.quote
with the encodeURIComponent safe set, in the case's charset; empty values are not sent).

Run from this folder: python3 generate.py  (needs python3 >= 3.8 and openssl on PATH).
"""
import base64
import hashlib
import os
import subprocess
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = os.path.join(HERE, "..", "..", "keys")
MD5_KEY = open(os.path.join(KEYS, "md5_test_key.txt"), "rb").read()
RSA_KEY = os.path.join(KEYS, "rsa_test_private_pkcs8.pem")
GATEWAY = "https://intlmapi.alipay.com/gateway.do"
PYCHARSET = {"UTF-8": "utf-8", "GBK": "gbk", "GB2312": "gb2312"}

OFFLINE = "alipay.overseas.secmerchant.offline.maintain"
ONLINE = "alipay.overseas.secmerchant.online.maintain"
QUERY = "alipay.overseas.secmerchant.maintain.queryStatus"
DOC_PARTNER = "208xxxxxxxxx8155"  # as the 000 samples print it (masked)
PARTNER = "2088101142878662"      # the 002 table's example
ADDRESS_US = "3 Old Concord Rd, Burlington, MA 01803"
TAXIS = ('[{"operation_id":"1000332","contact_way":"138xxxxx1232","contact_person":"Driver Li"},'
         '{"operation_id":"1000333","contact_way":"13888881232","contact_person":"Tom"}]')


def basic(service, partner, charset, sign_type, timestamp):
    return [("service", service), ("partner", partner), ("_input_charset", charset),
            ("sign_type", sign_type), ("timestamp", timestamp)]


CASES = {
    # seed 000, "Request sample for a store to register" (repaired), same values and timestamp
    "offline_store_md5": basic(OFFLINE, DOC_PARTNER, "UTF-8", "MD5", "2019-09-04 00:00:12") + [
        ("secondary_merchant_name", "Mika's coffee shop"),
        ("secondary_merchant_id", "1314520"),
        ("store_id", "1993"),
        ("store_name", "Mika's coffee shop"),
        ("store_country", "US"),
        ("store_address", ADDRESS_US + "美国"),
        ("store_industry", "5499"),
        ("internal_store_photo", "https://www.mikascoffee/img_321323.jpg"),
        ("external_storefront_photo", "https://www.mikascoffee/img_321322.jpg"),
        ("secondary_merchant_type", "INDIVIDUAL"),
        ("registration_no", "1314520"),
        ("register_country", "US"),
        ("register_address", ADDRESS_US + "美国"),
        ("shareholder_name", "mika"),
        ("shareholder_id", "342xxxxxxxxx0000"),
        ("contact_no", "+8618688888888"),
    ],
    # seed 000, "Request sample for a taxi to register" (repaired), same values and timestamp
    "offline_taxi_md5": basic(OFFLINE, DOC_PARTNER, "UTF-8", "MD5", "2019-09-04 00:00:12") + [
        ("secondary_merchant_name", "Mika's coffee shop"),
        ("secondary_merchant_id", "1314520"),
        ("store_id", "3344"),
        ("store_name", "Mika's drive"),
        ("store_country", "US"),
        ("store_address", ADDRESS_US),
        ("store_industry", "4121"),
        ("extend_params", TAXIS),
        ("secondary_merchant_type", "INDIVIDUAL"),
        ("registration_no", "1314520"),
        ("register_country", "US"),
        ("register_address", ADDRESS_US),
        ("shareholder_name", "mika"),
        ("shareholder_id", "3428000000000000"),
        ("contact_no", "+8618688888888"),
    ],
    # the taxi registration signed with the RSA2 test key
    "offline_taxi_rsa2": basic(OFFLINE, PARTNER, "UTF-8", "RSA2", "2019-09-04 00:00:12") + [
        ("secondary_merchant_name", "Mika's coffee shop"),
        ("secondary_merchant_id", "1314520"),
        ("store_id", "3344"),
        ("store_name", "Mika's drive"),
        ("store_country", "US"),
        ("store_address", ADDRESS_US),
        ("store_industry", "4121"),
        ("extend_params", TAXIS.replace("138xxxxx1232", "138000001232")),
        ("secondary_merchant_type", "INDIVIDUAL"),
        ("register_country", "US"),
        ("register_address", ADDRESS_US),
        ("representative_name", "Mika Li"),
        ("representative_id", "123456789"),
        ("contact_no", "+8618688888888"),
    ],
    # online registration in GBK with Chinese text
    "online_gbk_md5": basic(ONLINE, PARTNER, "GBK", "MD5", "2018-10-09 16:04:16") + [
        ("secondary_merchant_name", "米卡咖啡店"),
        ("secondary_merchant_id", "100510000031"),
        ("secondary_merchant_industry", "5935"),
        ("register_country", "HK"),
        ("register_address", "上海市银城路278号"),
        ("site_infos", '[{"site_type":"WEB","site_url":"https://alipay.com","site_name":"米卡网站"}]'),
        ("secondary_merchant_type", "INDIVIDUAL"),
        ("representative_name", "李汤姆"),
        ("representative_id", "123456789"),
        ("contact_email", "tomli@gmail.com"),
    ],
    # GBK text whose trail bytes are ASCII (臺 C5 5F, 銅 E3 7E, 門 E9 54): escaped all the same
    "online_gbk_trail_bytes_md5": basic(ONLINE, PARTNER, "GBK", "MD5", "2018-10-09 16:04:16") + [
        ("secondary_merchant_name", "臺北銅門咖啡店"),
        ("secondary_merchant_id", "100510000033"),
        ("secondary_merchant_industry", "5935"),
        ("register_country", "HK"),
        ("register_address", "香港銅鑼灣"),
        ("site_infos", '[{"site_type":"WEB","site_url":"https://alipay.com","site_name":"銅門"}]'),
        ("secondary_merchant_type", "INDIVIDUAL"),
        ("representative_name", "李門"),
        ("representative_id", "123456789"),
        ("contact_email", "tomli@gmail.com"),
    ],
    # the same kind of request in GB2312, signed with the RSA2 test key
    "online_gb2312_rsa2": basic(ONLINE, PARTNER, "GB2312", "RSA2", "2018-10-09 16:04:16") + [
        ("secondary_merchant_name", "支付宝（中国）网络技术有限公司"),
        ("secondary_merchant_id", "100510000032"),
        ("secondary_merchant_industry", "5935"),
        ("register_country", "CN"),
        ("register_address", "上海市浦东新区银城中路"),
        ("site_infos", '[{"site_type":"APP","site_url":"https://itunes.apple.com/cn/app/id333206289","site_name":"钱包"}]'),
        ("secondary_merchant_type", "ENTERPRISE"),
        ("registration_no", "012345678"),
        ("shareholder_name", "蚂蚁集团"),
        ("shareholder_id", "G53453888"),
        ("cs_no", "+86(21)3355-0089"),
    ],
    # an empty optional value (registration_no = "", allowed for INDIVIDUAL): not sent, not signed
    "offline_empty_optional_md5": basic(OFFLINE, PARTNER, "UTF-8", "MD5", "2019-09-04 00:00:12") + [
        ("secondary_merchant_name", "Mika's coffee shop"),
        ("secondary_merchant_id", "1314520"),
        ("store_id", "1993"),
        ("store_name", "Mika's coffee shop"),
        ("store_country", "US"),
        ("store_address", ADDRESS_US),
        ("store_industry", "5499"),
        ("secondary_merchant_type", "INDIVIDUAL"),
        ("registration_no", ""),
        ("register_country", "US"),
        ("register_address", ADDRESS_US),
        ("representative_name", "Mika"),
        ("representative_id", "123456789"),
    ],
    # seed 003 request values with a valid partner, signed with the RSA2 test key
    "query_status_rsa2": basic(QUERY, PARTNER, "UTF-8", "RSA2", "2012-12-21 17:11:16") + [
        ("secondary_merchant_id", "1314520"),
        ("store_id", "1993"),
        ("payment_method", "INSTORE_PAYMENT"),
    ],
}


def presign(params):
    kept = [(k, v) for k, v in params if k not in ("sign", "sign_type") and v != ""]
    kept.sort(key=lambda kv: kv[0].encode())
    return "&".join(f"{k}={v}" for k, v in kept)


def sign(params, message):
    sign_type = dict(params)["sign_type"]
    if sign_type == "MD5":
        return "md5", hashlib.md5(message + MD5_KEY).hexdigest()
    digest = {"RSA": "-sha1", "RSA2": "-sha256"}[sign_type]
    raw = subprocess.run(["openssl", "dgst", digest, "-sign", RSA_KEY],
                         input=message, capture_output=True, check=True).stdout
    return sign_type.lower(), base64.b64encode(raw).decode()


def quote(text, charset):
    """ASCII by the encodeURIComponent safe set; every byte of a non-ASCII char escaped, as
    java.net.URLEncoder does (urllib.parse.quote alone would leave a GBK trail byte such as
    the 0x54 of 門, E9 54, bare)."""
    return "".join(urllib.parse.quote(c, safe="-_.!~*'()") if c.isascii()
                   else "".join(f"%{b:02X}" for b in c.encode(PYCHARSET[charset]))
                   for c in text)


def encode(pairs, charset):
    return "&".join(f"{quote(k, charset)}={quote(v, charset)}" for k, v in pairs)


def write(case, name, text):
    with open(os.path.join(HERE, case, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    for case, params in CASES.items():
        os.makedirs(os.path.join(HERE, case), exist_ok=True)
        charset = dict(params)["_input_charset"]
        text = presign(params)
        ext, signature = sign(params, text.encode(PYCHARSET[charset]))
        # empty values are neither signed nor sent
        signed = [(k, v) for k, v in params if v != ""] + [("sign", signature)]
        write(case, "params.txt", "".join(f"{k}={v}\n" for k, v in params))
        write(case, "presign.txt", text)
        write(case, "sign." + ext, signature)
        write(case, "get_url.txt", GATEWAY + "?" + encode(signed, charset))
        write(case, "post_url.txt", GATEWAY + "?" + encode([("_input_charset", charset)], charset))
        write(case, "post_body.txt", encode(signed, charset))


if __name__ == "__main__":
    main()
