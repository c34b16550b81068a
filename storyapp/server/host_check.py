"""The Host header must name this server. A keyless server on loopback is otherwise reachable
from any web page the user opens, through DNS rebinding: a name the page controls is made to
resolve to 127.0.0.1, and the browser then sends that name as the Host."""

import json

from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import error_body

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


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
        body = json.dumps(error_body(400, msg, None, "invalid_host")).encode()
        headers = [(b"content-type", b"application/json"), (b"connection", b"close")]
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": body})
