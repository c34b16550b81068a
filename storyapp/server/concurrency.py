"""A cap on requests being answered at once (503 beyond it). It counts requests, not connections:
an open connection that has not finished asking for anything takes no place here."""

import json

from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import error_body

MAX_REQUESTS = 1000


class ConcurrencyLimit:
    def __init__(self, app: ASGIApp, max_requests: int = MAX_REQUESTS):
        self.app, self.max_requests, self.running = app, max_requests, 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.running >= self.max_requests:
            msg = f"more than {self.max_requests} requests are being answered; retry later"
            body = json.dumps(error_body(503, msg, None, "overloaded")).encode()
            headers = [(b"content-type", b"application/json"), (b"retry-after", b"1")]
            await send({"type": "http.response.start", "status": 503, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        self.running += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.running -= 1
