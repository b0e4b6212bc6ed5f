#!/usr/bin/env python3
"""What a sandbox holds under a slow-connection load, measured from outside.

Starts the sandbox binary on a free loopback port with an in-memory database, opens N
connections that each send part of a request head and then nothing (half of them) or nothing at
all, and reports, from /proc, the connections the sandbox holds (its open sockets minus the
listener), its memory (VmRSS, and VmHWM, the peak), the time a real client waits for a reply
meanwhile, and how many of the slow connections the sandbox has closed after its header
timeout.

    cargo build --release -p alipay-sandbox
    python3 scripts/slow-connections.py                       # 3000 slow connections
    python3 scripts/slow-connections.py -n 15000 -- --max-connections 512
    python3 scripts/slow-connections.py --binary target/debug/alipay-sandbox

Arguments after `--` go to the sandbox. Linux only (/proc); raises this process's soft file
descriptor limit to its hard limit to open the connections.
"""
import argparse
import http.client
import os
import resource
import socket
import subprocess
import sys
import time


def proc_status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = value.strip()
    return fields


BASELINE = [0]


def sockets_held(pid):
    """Sockets open beyond those of the idle sandbox (the listener, tokio's signal pipe)."""
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                count += 1
        except OSError:
            pass
    return count - BASELINE[0]


def sample(pid, label):
    status = proc_status(pid)
    print(
        f"{label:<34} connections held {sockets_held(pid):>6}   "
        f"VmRSS {status['VmRSS']:>10}   VmHWM {status['VmHWM']:>10}"
    )


def real_request(port, timeout):
    start = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", "/admin/faults")
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, time.monotonic() - start


def closed(sock):
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("-n", "--connections", type=int, default=3000)
    parser.add_argument("--binary", default="target/release/alipay-sandbox")
    parser.add_argument("--wait", type=float, default=15.0,
                        help="seconds to wait for the header timeout to close them")
    parser.add_argument("sandbox_args", nargs="*")
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    server = subprocess.Popen(
        [args.binary, "--listen", "127.0.0.1:0", "--db", ":memory:", *args.sandbox_args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    first = server.stdout.readline()
    port = int(first.split("http://127.0.0.1:")[1].split()[0].rstrip("/"))
    print(f"sandbox pid {server.pid} on port {port}: {args.binary} {' '.join(args.sandbox_args)}")
    BASELINE[0] = sockets_held(server.pid)
    sample(server.pid, "idle")

    slow = []
    start = time.monotonic()
    for i in range(args.connections):
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        slow.append(sock)
    time.sleep(1.0)
    for i, sock in enumerate(slow):
        if i % 2 == 0:
            try:
                sock.send(b"GET /gateway.do?service=x HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            except OSError:
                pass
    print(f"opened {args.connections} slow connections in {time.monotonic() - start:.1f} s")
    time.sleep(1.0)
    sample(server.pid, f"{args.connections} slow connections open")
    status, took = real_request(port, timeout=120)
    print(f"a real client meanwhile: HTTP {status} after {took:.2f} s")
    sample(server.pid, "after the real client")

    deadline = time.monotonic() + args.wait
    while time.monotonic() < deadline:
        time.sleep(1.0)
    closed_count = sum(closed(sock) for sock in slow)
    print(f"after {args.wait:.0f} s: {closed_count} of {args.connections} slow connections "
          f"closed by the sandbox")
    sample(server.pid, "then")
    status, took = real_request(port, timeout=120)
    print(f"a real client then: HTTP {status} after {took:.2f} s")
    for sock in slow:
        sock.close()
    server.terminate()
    start = time.monotonic()
    code = server.wait(timeout=60)
    print(f"SIGTERM: exit {code} after {time.monotonic() - start:.2f} s")
    log = server.stderr.read().strip().splitlines()
    print(f"sandbox stderr ({len(log)} lines): " + " | ".join(sorted(set(log))[:3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
