"""Issue 22, item 2: connections that never finish their request head used to lock every client
out (503 on every request, /health included, key or no key) for as long as they stayed open."""

import contextlib
import socket
import time

import httpx
import pytest
from server.own_server import LIMITS, _allowed_dir, _any_server, _fault_llm, raise_open_files  # noqa: F401

# Each test here waits on a model, a server or adapters built for the module: minutes in all.
pytestmark = pytest.mark.slow

HALF_HEAD = b"GET /health HTTP/1.1\r\nHost: x\r\n"


def open_unfinished(port: int, n: int, source: str, data: bytes = HALF_HEAD) -> list[socket.socket]:
    held = []
    for _ in range(n):
        s = socket.socket()
        s.bind((source, 0))
        s.settimeout(5)
        s.connect(("127.0.0.1", port))
        with contextlib.suppress(OSError):  # refused over the per-client cap: closed under us
            s.sendall(data)
        held.append(s)
    return held


def close_all(held: list[socket.socket]) -> None:
    for s in held:
        s.close()


def headers(server) -> dict:
    return {"Authorization": f"Bearer {server.key}"} if server.key else {}


def closed_within(s: socket.socket, seconds: float) -> bytes | None:
    """What the server sent before closing, or None if it kept the connection open."""
    s.settimeout(seconds)
    got = b""
    try:
        while chunk := s.recv(4096):
            got += chunk
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return got


@pytest.mark.slow
def test_a_thousand_unfinished_connections_do_not_lock_out_another_client(any_server):
    raise_open_files(4096)
    held = open_unfinished(any_server.port, 1000, "127.0.0.2")
    try:
        with httpx.Client(base_url=any_server.url, headers=headers(any_server)) as http:
            start = time.perf_counter()
            health = http.get("/health")
            took = time.perf_counter() - start
            assert health.status_code == 200 and took < 1.0, (health.status_code, took)
            body = {"model": "good", "prompt": "Hi", "max_tokens": 2}
            answer = http.post("/v1/completions", json=body, timeout=60)
            assert answer.status_code == 200, answer.text
    finally:
        close_all(held)


@pytest.mark.parametrize(
    "data", [b"", HALF_HEAD, b"POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Len"]
)
def test_silent_and_unfinished_heads_are_closed_after_the_header_timeout(any_server, data):
    (s,) = open_unfinished(any_server.port, 1, "127.0.0.1", data)
    try:
        start = time.perf_counter()
        got = closed_within(s, LIMITS["header_timeout"] + 3)
        assert got is not None, "the server kept a connection that never sent a request head"
        assert got.startswith(b"HTTP/1.1 408")
        assert time.perf_counter() - start >= LIMITS["header_timeout"] - 0.5
    finally:
        s.close()


def test_a_body_that_never_arrives_is_closed_after_the_body_timeout(any_server):
    head = (
        b"POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b'Content-Length: 100\r\n\r\n{"model":'
    )
    (s,) = open_unfinished(any_server.port, 1, "127.0.0.1", head)
    try:
        assert closed_within(s, LIMITS["body_timeout"] + 3) is not None
    finally:
        s.close()


def test_a_second_request_left_unfinished_is_closed_too(any_server):
    (s,) = open_unfinished(
        any_server.port, 1, "127.0.0.1", b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    try:
        s.settimeout(5)
        assert s.recv(4096).startswith(b"HTTP/1.1 200")
        s.sendall(HALF_HEAD)  # keep-alive: the next request starts and never ends
        assert closed_within(s, LIMITS["header_timeout"] + 3) is not None
    finally:
        s.close()


def test_one_client_holds_at_most_its_share_of_connections(any_server):
    raise_open_files(4096)
    cap = LIMITS["per_client"]
    held = open_unfinished(any_server.port, cap + 20, "127.0.0.3")
    try:
        refused = [
            s for s in held[cap:] if (closed_within(s, 2) or b"").startswith(b"HTTP/1.1 503")
        ]
        assert len(refused) == 20
        with httpx.Client(base_url=any_server.url) as http:
            assert http.get("/health").status_code == 200
    finally:
        close_all(held)
