"""Run the app under uvicorn; refuse to expose it beyond this machine without an API key."""

import ipaddress

from fastapi import FastAPI

MAX_CONNECTIONS = 1000  # beyond this uvicorn answers 503 instead of taking more work


class UnsafeBind(Exception):
    pass


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


def serve(app: FastAPI, host: str, port: int, log_level: str = "warning") -> None:
    import uvicorn

    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=5,
        access_log=False,
    )
