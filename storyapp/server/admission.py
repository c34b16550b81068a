"""ASGI middleware that turns a request away before any route sees it, in OpenAI's error shape:
a Host header that does not name this server (400), a body over the size limit (413), more
requests being answered than the server takes at once (503)."""

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_body

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_BODY = 4 * 1024 * 1024
# A refused body is read and dropped up to this much before the 413 goes out: closing a socket
# with unread bytes makes the kernel send a reset, and the client would never see the 413.
DRAIN_LIMIT = 64 * 1024 * 1024
MAX_REQUESTS = 1000


async def refuse(
    send: Send, status: int, message: str, code: str, headers: list[tuple[bytes, bytes]]
) -> None:
    body = json.dumps(error_body(status, message, None, code)).encode()
    length = str(len(body)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", length), *headers]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# the Host header must name this server: a keyless server on loopback is otherwise reachable from
# any web page the user opens, through DNS rebinding (a name the page controls is made to resolve
# to 127.0.0.1, and the browser then sends that name as the Host)


def host_name(header: str) -> str:
    """The name in a Host header, without its port, brackets or a final dot, lower case."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.partition(":")[0].rstrip(".")


def allowed_names(bind_host: str) -> frozenset[str] | None:
    """The loopback names, plus the address or name the server listens on; None (no check) for
    a wildcard address, which a server only takes with a key."""
    name = host_name(f"[{bind_host}]" if ":" in bind_host else bind_host)
    if name in ("0.0.0.0", "::", ""):
        return None
    return LOOPBACK_NAMES | {name}


class HostCheck:
    def __init__(self, app: ASGIApp, allowed: frozenset[str] | None = LOOPBACK_NAMES):
        self.app, self.allowed = app, allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.allowed is None:
            return await self.app(scope, receive, send)
        hosts = [v for k, v in scope["headers"] if k == b"host"]
        name = host_name(hosts[0].decode("latin-1")) if len(hosts) == 1 else ""
        if name in self.allowed:
            return await self.app(scope, receive, send)
        msg = (
            "The Host header does not name this server (allowed: "
            + ", ".join(sorted(self.allowed))
            + ")."
        )
        await refuse(send, 400, msg, "invalid_host", [(b"connection", b"close")])


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
        await refuse(send, 413, msg, "body_too_large", [(b"connection", b"close")])


class ConcurrencyLimit:
    """A cap on requests being answered at once. It counts requests, not connections: an open
    connection that has not finished asking for anything takes no place here."""

    def __init__(self, app: ASGIApp, max_requests: int = MAX_REQUESTS):
        self.app, self.max_requests, self.running = app, max_requests, 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.running >= self.max_requests:
            msg = f"more than {self.max_requests} requests are being answered; retry later"
            await refuse(send, 503, msg, "overloaded", [(b"retry-after", b"1")])
            return
        self.running += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.running -= 1
