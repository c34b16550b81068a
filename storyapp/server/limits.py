"""Refuse request bodies over a size limit before anything parses them (413, OpenAI's shape)."""

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_body

MAX_BODY = 4 * 1024 * 1024
# A refused body is read and dropped up to this much before the 413 goes out: closing a socket
# with unread bytes makes the kernel send a reset, and the client would never see the 413.
DRAIN_LIMIT = 64 * 1024 * 1024


class BodyLimit:
    """Reads the whole body first (declared length or not) and hands it on only if it is small."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            return await self._refuse(receive, send, 0)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                if not message.get("more_body"):
                    return await self._refuse(None, send, 0)
                return await self._refuse(receive, send, size)
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body, sent = b"".join(chunks), False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, receive: Receive | None, send: Send, drained: int) -> None:
        while receive is not None and drained < DRAIN_LIMIT:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            drained += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        msg = f"The request body is over {self.max_bytes} bytes."
        body = json.dumps(error_body(413, msg, None, "body_too_large")).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
