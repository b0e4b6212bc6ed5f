#!/usr/bin/env python3
"""Two sandbox processes on one database file, each registering stores as fast as its clients
can: how many registrations each refuses.

Starts the sandbox binary twice on free loopback ports with the same `--db` (a new file in a
temporary folder), and from T client threads per sandbox sends N offline.maintain
registrations each, built and signed here (Python's hashlib MD5 over the pre-sign string of
design.md §3.1-3.2 with the TEST key), with the store sample's params. Prints, per sandbox, the
registrations acknowledged (`is_success` T without `<error>`) and refused (with their codes),
then the rows in the file (Python's sqlite3).

    cargo build --release -p alipay-sandbox
    python3 scripts/two-sandboxes.py                      # 2 x 2,000 registrations, 8 clients each
    python3 scripts/two-sandboxes.py -n 500 --binary target/debug/alipay-sandbox
"""
import argparse
import collections
import datetime
import hashlib
import http.client
import os
import re
import sqlite3
import subprocess
import tempfile
import threading
import urllib.parse

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
KEY = open(os.path.join(ROOT, "testdata/keys/md5_test_key.txt"), "rb").read()
PARTNER = "2088101142878662"


def params(merchant_id):
    gmt8 = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
    return {
        "service": "alipay.overseas.secmerchant.offline.maintain",
        "partner": PARTNER,
        "_input_charset": "UTF-8",
        "sign_type": "MD5",
        "timestamp": gmt8.strftime("%Y-%m-%d %H:%M:%S"),
        "secondary_merchant_name": "Mika's coffee shop",
        "secondary_merchant_id": merchant_id,
        "store_id": "1993",
        "store_name": "Mika's coffee shop",
        "store_country": "US",
        "store_address": "3 Old Concord Rd, Burlington, MA 01803",
        "store_industry": "5499",
        "secondary_merchant_type": "INDIVIDUAL",
        "representative_name": "Mika Li",
        "representative_id": "G1234567",
        "registration_no": "1314520",
        "register_country": "US",
        "register_address": "3 Old Concord Rd, Burlington, MA 01803",
        "contact_no": "+8618688888888",
    }


def signed_body(merchant_id):
    p = params(merchant_id)
    presign = "&".join(
        f"{k}={v}" for k, v in sorted(p.items(), key=lambda kv: kv[0].encode())
        if k not in ("sign", "sign_type") and v
    )
    p["sign"] = hashlib.md5(presign.encode("utf-8") + KEY).hexdigest()
    return urllib.parse.urlencode(p, quote_via=urllib.parse.quote).encode()


def start(binary, db):
    child = subprocess.Popen(
        [binary, "--listen", "127.0.0.1:0", "--db", db],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    first = child.stdout.readline()
    port = int(re.search(r"127\.0\.0\.1:(\d+)", first).group(1))
    threading.Thread(target=child.stdout.read, daemon=True).start()
    return child, port


def client(port, prefix, count, outcomes):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for n in range(count):
        body = signed_body(f"{prefix}_{n}")
        connection.request("POST", "/gateway.do?_input_charset=UTF-8", body,
                           {"Content-Type": "application/x-www-form-urlencoded"})
        reply = connection.getresponse().read().decode()
        error = re.search(r"<error>([^<]*)</error>", reply)
        ok = "<is_success>T</is_success>" in reply and not error
        outcomes.append("ok" if ok else (error.group(1) if error else "no error code"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("-n", "--registrations", type=int, default=2000, help="per sandbox")
    parser.add_argument("-t", "--threads", type=int, default=8, help="clients per sandbox")
    parser.add_argument("--binary", default="target/release/alipay-sandbox")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    db = os.path.join(folder, "shared.db")
    sandboxes = [start(args.binary, db) for _ in range(2)]
    results = []
    threads = []
    for i, (_, port) in enumerate(sandboxes):
        outcomes = []
        results.append(outcomes)
        for t in range(args.threads):
            thread = threading.Thread(
                target=client,
                args=(port, f"s{i}t{t}", args.registrations // args.threads, outcomes),
            )
            thread.start()
            threads.append(thread)
    for thread in threads:
        thread.join()
    for i, outcomes in enumerate(results):
        counts = collections.Counter(outcomes)
        refused = {code: n for code, n in counts.items() if code != "ok"}
        print(f"sandbox {i}: {counts['ok']} of {len(outcomes)} acknowledged, refused: "
              f"{sum(refused.values())} {refused or ''}")
    for child, _ in sandboxes:
        child.terminate()
        child.wait(timeout=60)
    rows = sqlite3.connect(db).execute("SELECT count(*) FROM registrations").fetchone()[0]
    print(f"rows in the file: {rows}")


if __name__ == "__main__":
    main()
