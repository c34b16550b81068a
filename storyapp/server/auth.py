"""The API key: a Bearer token compared in constant time; none configured means no check."""

import hmac

from fastapi import Request

from .errors import OpenAIError


def check_key(expected: str | None, authorization: str | None) -> None:
    if expected is None:
        return
    scheme, _, token = (authorization or "").partition(" ")
    ok = hmac.compare_digest(token.strip().encode(), expected.encode())
    if scheme.lower() != "bearer" or not ok:
        raise OpenAIError(401, "Incorrect API key provided.", None, "invalid_api_key")


async def require_key(request: Request) -> None:
    """FastAPI dependency for every route but /health."""
    check_key(request.app.state.server.api_key, request.headers.get("authorization"))
