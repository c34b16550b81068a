"""The `openai` client's exceptions as one-line BackendErrors that say what to do."""

from __future__ import annotations

import openai

from .base import BackendError


def server_error(e: Exception, url: str, model: str | None = None) -> BackendError:
    if isinstance(e, openai.APITimeoutError):
        return BackendError(f"the server at {url} did not answer in time")
    if isinstance(e, openai.APIConnectionError):
        why = e.__cause__ or e
        return BackendError(f"cannot reach the server at {url} ({_line(why)}); is it running?")
    if isinstance(e, openai.AuthenticationError):
        return BackendError(f"the server at {url} refused the API key (401); pass --api-key KEY")
    if isinstance(e, openai.NotFoundError):
        what = f"model or adapter '{model}'" if model else "that endpoint"
        return BackendError(f"the server at {url} has no {what} (404): {_message(e)}")
    if isinstance(e, openai.APIStatusError):
        return BackendError(f"the server at {url} answered {e.status_code}: {_message(e)}")
    if isinstance(e, openai.OpenAIError):
        return BackendError(f"the server at {url}: {_line(e)}")
    return BackendError(f"the server at {url}: {type(e).__name__}: {_line(e)}")


def _message(e: openai.APIStatusError) -> str:
    body = e.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return _line(inner["message"])
        if isinstance(inner, str):
            return _line(inner)
    return _line(e.response.text or e.response.reason_phrase)


def _line(x: object) -> str:
    text = " ".join(str(x).split())
    return text if len(text) <= 300 else text[:297] + "..."
