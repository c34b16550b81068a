"""`storyapp serve` under connection abuse: a normal client's latency while 1,000 connections sit
on unfinished requests, and the server's memory once the abuse is over.

Rounds (each repeated --rounds times): 1,000 half-sent request heads spread over four other
loopback addresses (all held open), 1,000 from one address (most refused at its cap), and 1,000
requests whose bodies stop half way. During each, /health and a 4-token completion from
127.0.0.1 are timed. RSS is read from /proc before the first round and after the last, once the
server has closed the abusive connections (its header and body deadlines).

    .venv/bin/python benchmarks/server_abuse.py [--rounds 3] [--connections 1000]
"""

import argparse
import contextlib
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

HALF_HEAD = b"GET /health HTTP/1.1\r\nHost: x\r\n"
HALF_BODY = (
    b"POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    b"Content-Length: 1048576\r\n\r\n" + b"x" * 65536
)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hold(port: int, n: int, sources: list[str], data: bytes) -> list[socket.socket]:
    held = []
    for i in range(n):
        s = socket.socket()
        s.bind((sources[i % len(sources)], 0))
        s.setblocking(True)
        s.settimeout(5)
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(data)
        except OSError:
            pass  # refused at the per-client cap
        held.append(s)
    return held


def still_open(held: list[socket.socket]) -> int:
    """Sockets the server has not closed (nothing to read yet, not even the end)."""
    n = 0
    for s in held:
        s.setblocking(False)
        try:
            s.recv(1, socket.MSG_PEEK)
        except BlockingIOError:
            n += 1
        except OSError:
            pass
    return n


def timed(http: httpx.Client) -> tuple[float, float]:
    t0 = time.perf_counter()
    assert http.get("/health").status_code == 200
    t1 = time.perf_counter()
    body = {"model": "default", "prompt": "Hi", "max_tokens": 4, "ignore_eos": True}
    r = http.post("/v1/completions", json=body)
    assert r.status_code == 200, r.text
    return t1 - t0, time.perf_counter() - t1


def measure(http: httpx.Client, repeats: int = 5) -> tuple[float, float]:
    runs = [timed(http) for _ in range(repeats)]
    return statistics.median(h for h, _ in runs), statistics.median(c for _, c in runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--connections", type=int, default=1000)
    ap.add_argument("--header-timeout", type=float, default=10.0)
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 4 * args.connections + 256
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
    port = free_port()
    cmd = [sys.executable, "-m", "storyapp.cli", "serve", "--port", str(port)]
    cmd += ["--max-model-len", "256", "--header-timeout", str(args.header_timeout)]
    server = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url, timeout=60) as http:
            deadline = time.monotonic() + 180
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if http.get("/health").status_code == 200:
                        break
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the server did not start: {server.stderr.read()}")
                time.sleep(0.3)
            measure(http, 3)  # warm up
            base = measure(http)
            start_rss = rss_mb(server.pid)
            print(f"idle: /health {base[0] * 1000:.1f} ms, completion {base[1] * 1000:.0f} ms, "
                  f"RSS {start_rss:.0f} MB")  # fmt: skip
            others = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"]
            kinds = [
                ("half heads, 4 clients", others, HALF_HEAD),
                ("half heads, 1 client", others[:1], HALF_HEAD),
                ("half bodies, 4 clients", others, HALF_BODY),
            ]
            worst = 0.0
            for rnd in range(args.rounds):
                for label, sources, data in kinds:
                    held = hold(port, args.connections, sources, data)
                    h, c = measure(http)
                    kept = still_open(held)  # after: by then the server has accepted them all
                    worst = max(worst, h)
                    print(f"round {rnd + 1}, {label}: {kept} held open; /health {h * 1000:.1f} "
                          f"ms, completion {c * 1000:.0f} ms, RSS {rss_mb(server.pid):.0f} MB")  # fmt: skip
                    for s in held:
                        s.close()
            time.sleep(2)
            end_rss = rss_mb(server.pid)
            growth = (end_rss - start_rss) / start_rss * 100
            print(f"after: RSS {end_rss:.0f} MB ({growth:+.1f} % of the start); worst /health "
                  f"{worst * 1000:.1f} ms")  # fmt: skip
            probe = hold(port, 1, ["127.0.0.6"], HALF_HEAD)
            t0 = time.perf_counter()
            probe[0].settimeout(args.header_timeout + 10)
            with contextlib.suppress(OSError):
                while probe[0].recv(4096):
                    pass
            print(f"an unfinished head is closed after {time.perf_counter() - t0:.1f} s")
            ok = worst < 1.0 and growth < 20
            print("PASS" if ok else "FAIL")
            return 0 if ok else 1
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
