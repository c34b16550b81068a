"""Run the app under uvicorn; refuse to expose it beyond this machine without an API key.

The listening socket is bound first, before the model loads, so that a bad or busy port is one
line at once rather than a traceback a minute later, and so that no other program can take the
port while the model loads."""

import errno
import ipaddress
import socket
import sys

from fastapi import FastAPI

from .connection_guard import ConnectionLimits, guarded_protocol

KEEP_ALIVE_S = 5  # an idle connection between requests is closed after this
MAX_HEAD_BYTES = 16 * 1024  # request line and headers; h11 answers 400 beyond it
GRACE_S = 10  # on stop, running requests get this long to finish


class UnsafeBind(Exception):
    pass


class BindError(Exception):
    """The address or port cannot be listened on; the message says why, in one line."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def check_host(host: str, api_key: str | None) -> None:
    if not is_loopback(host) and not api_key:
        raise UnsafeBind(
            f"refusing to listen on {host} (not loopback) without --api-key: "
            "anyone who can reach it could use the model and load files as adapters"
        )


def bind(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, not yet listening (uvicorn listens on it)."""
    if not 0 <= port <= 65535:
        raise BindError(f"--port {port} is not a port number (0 to 65535)")
    host = host.strip("[]")
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    try:
        if sys.platform == "win32":  # there SO_REUSEADDR would let two servers share the port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:  # restart at once after a stop, while old connections sit in TIME_WAIT
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise BindError(_why(e, host, port)) from None
    return sock


def _why(e: OSError, host: str, port: int) -> str:
    where = f"{host} port {port}"
    if e.errno == errno.EADDRINUSE:
        return f"cannot listen on {where}: it is in use (another server?); choose another --port"
    if e.errno == errno.EACCES:
        return f"cannot listen on {where}: permission denied (ports below 1024 need privileges)"
    if e.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {where}: {host} is not an address of this machine"
    if isinstance(e, socket.gaierror):
        return f"cannot listen on {where}: the host name does not resolve ({e.strerror})"
    return f"cannot listen on {where}: {e.strerror or e}"


def server_config(app: FastAPI, limits: ConnectionLimits | None = None, log_level="warning"):
    """uvicorn's Config with the guards in front of the app: header, body and idle deadlines,
    connections capped per client and in all, requests (not sockets) capped by the app."""
    import uvicorn

    return uvicorn.Config(
        app,
        http=guarded_protocol(limits or ConnectionLimits()),
        log_level=log_level,
        timeout_keep_alive=KEEP_ALIVE_S,
        h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        limit_concurrency=None,
        backlog=4096,
        timeout_graceful_shutdown=GRACE_S,
        access_log=False,
    )


def serve(app: FastAPI, sock: socket.socket, limits: ConnectionLimits | None = None) -> None:
    import uvicorn

    uvicorn.Server(server_config(app, limits)).run(sockets=[sock])
