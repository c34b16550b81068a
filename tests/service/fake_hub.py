"""A small Hugging Face Hub on loopback, for download tests: the model-info API with file sizes
and checksums, and file downloads with HEAD, Range and the Hub's error headers. Faults on
request: a connection dropped half-way through a file, a damaged file, a gated repository."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMMIT = "c0ffee" + "0" * 34
LFS_MIN = 1024  # files this large are served as LFS files (sha256 checksums), as on the Hub


@dataclass
class Repo:
    files: dict[str, bytes]
    gated: bool = False
    token: str = "hf_test_token"  # the one token that opens a gated repo
    damaged: set[str] = field(default_factory=set)  # served with bytes flipped
    drop_once: set[str] = field(default_factory=set)  # first GET cut off half-way

    @staticmethod
    def from_folder(folder: Path, **kw) -> Repo:
        files = {
            str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()
        }
        return Repo(files, **kw)


def sibling(name: str, data: bytes) -> dict:
    git = hashlib.sha1(f"blob {len(data)}\0".encode() + data, usedforsecurity=False).hexdigest()
    row: dict = {"rfilename": name, "size": len(data), "blobId": git}
    if len(data) >= LFS_MIN:
        row["lfs"] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "pointerSize": 134,
        }
    return row


def etag(data: bytes) -> str:
    if len(data) >= LFS_MIN:
        return hashlib.sha256(data).hexdigest()
    return hashlib.sha1(f"blob {len(data)}\0".encode() + data, usedforsecurity=False).hexdigest()


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client hanging up (the dropped-connection test) is expected here


class FakeHub:
    def __init__(self, repos: dict[str, Repo]) -> None:
        self.repos = repos
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, Range)
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                hub.handle(self, body=True)

            def do_HEAD(self) -> None:
                hub.handle(self, body=False)

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeHub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def file_gets(self, name: str) -> list[str | None]:
        """The Range header of each GET of file `name`."""
        return [r for m, p, r in self.requests if m == "GET" and p.endswith("/" + name)]

    # --- serving

    def handle(self, h: BaseHTTPRequestHandler, body: bool) -> None:
        path = h.path.split("?")[0]
        self.requests.append((h.command, path, h.headers.get("Range")))
        if path.startswith("/api/models/"):
            repo_id = path[len("/api/models/") :].split("/revision/")[0]
            repo = self.repos.get(repo_id)
            if repo is None:
                return self.error(h, 404, "RepoNotFound", "Repository not found")
            info = {
                "id": repo_id,
                "sha": COMMIT,
                "private": False,
                "gated": "manual" if repo.gated else False,
                "siblings": [sibling(n, d) for n, d in sorted(repo.files.items())],
            }
            return self.send(
                h, 200, json.dumps(info).encode(), {"Content-Type": "application/json"}, body
            )
        repo_id, sep, rest = path.lstrip("/").partition("/resolve/")
        repo = self.repos.get(repo_id)
        if not sep or repo is None:
            return self.error(h, 404, "RepoNotFound", "Repository not found")
        name = rest.partition("/")[2]
        if repo.gated and h.headers.get("Authorization") != f"Bearer {repo.token}":
            return self.error(h, 401 if "Authorization" not in h.headers else 403, "GatedRepo",
                              "Access to model is restricted and you are not in the authorized list.")  # fmt: skip
        if name not in repo.files:
            return self.error(h, 404, "EntryNotFound", "Entry not found")
        data = repo.files[name]
        headers = {"X-Repo-Commit": COMMIT, "ETag": f'"{etag(data)}"', "Accept-Ranges": "bytes"}
        if len(data) >= LFS_MIN:
            headers |= {"X-Linked-Etag": f'"{etag(data)}"', "X-Linked-Size": str(len(data))}
        served = bytes(b ^ 0xFF for b in data) if name in repo.damaged else data
        start = 0
        if rng := h.headers.get("Range"):
            start = int(rng.split("=")[1].split("-")[0])
        if body and name in repo.drop_once and not rng:
            repo.drop_once.discard(name)
            return self.drop(h, served, headers)
        status = 206 if start else 200
        if start:
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        self.send(h, status, served[start:], headers, body)

    @staticmethod
    def send(h, status: int, data: bytes, headers: dict, body: bool) -> None:
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        if body:
            h.wfile.write(data)

    def error(self, h, status: int, code: str, message: str) -> None:
        h.send_response(status)
        h.send_header("X-Error-Code", code)
        h.send_header("X-Error-Message", message)
        h.send_header("Content-Type", "application/json")
        data = json.dumps({"error": message}).encode()
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(data)

    @staticmethod
    def drop(h, data: bytes, headers: dict) -> None:
        """Promise the whole file, send half, close the connection."""
        h.send_response(200)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data[: len(data) // 2])
        h.wfile.flush()
        h.close_connection = True
        h.connection.shutdown(2)
