"""A tiny real OpenAI-shaped HTTP server on loopback that records every JSON body it is sent and
streams a fixed answer, so tests can check what each flavor puts on the wire."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

WORDS = ["Once", " upon", " a", " time"]
LORAS = [{"id": 0, "path": "/srv/lora/story-writer.gguf", "scale": 1.0},
         {"id": 1, "path": "/srv/lora/sd-prompt-writer.gguf", "scale": 1.0}]  # fmt: skip


class RecordingServer:
    def __init__(self, base_model: str = "base-model") -> None:
        self.bodies: list[dict[str, Any]] = []
        self.paths: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                outer.paths.append(self.path)
                if self.path == "/v1/models":
                    self._json({"object": "list", "data": [{"id": base_model, "object": "model",
                                "created": 0, "owned_by": "test"}]})  # fmt: skip
                elif self.path == "/lora-adapters":
                    self._json(LORAS)
                else:
                    self._json({"error": {"message": "no such path"}}, 404)

            def do_POST(self) -> None:
                outer.paths.append(self.path)
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                outer.bodies.append(body)
                if self.path != "/v1/chat/completions":
                    self._json({"error": {"message": "no such path"}}, 404)
                    return
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("connection", "close")
                self.end_headers()
                for i, w in enumerate(WORDS):
                    last = i == len(WORDS) - 1
                    self._event({"choices": [{"index": 0, "delta": {"content": w},
                                 "finish_reason": "stop" if last else None}]})  # fmt: skip
                self._event({"choices": [], "usage": {"prompt_tokens": 3,
                             "completion_tokens": len(WORDS), "total_tokens": 3 + len(WORDS)}})  # fmt: skip
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, data: dict) -> None:
                chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0,
                         "model": base_model, **data}  # fmt: skip
                self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
                self.wfile.flush()

            def _json(self, data: Any, status: int = 200) -> None:
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> RecordingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)
