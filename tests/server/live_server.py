"""A real uvicorn server on a free loopback port, in a background thread of the test process,
configured as `storyapp serve` configures it (the same protocol guards and limits)."""

import threading
import time

import uvicorn
from fastapi import FastAPI

from storyapp.server.connection_guard import ConnectionLimits
from storyapp.server.runner import bind, server_config


class LiveServer:
    def __init__(self, app: FastAPI, limits: ConnectionLimits | None = None):
        self.app = app
        self.sock = bind("127.0.0.1", 0)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.limits = limits or ConnectionLimits()
        self.server = uvicorn.Server(server_config(app, self.limits))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.sock.close()
