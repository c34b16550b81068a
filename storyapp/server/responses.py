"""The JSON of chat and text completions, whole and as stream chunks."""

import json
import time
import uuid


class TextFormat:
    prefix, whole, chunk = "cmpl", "text_completion", "text_completion"
    role_chunk = False

    def choice(self, index: int, text: str, finish: str | None) -> dict:
        return {"index": index, "text": text, "logprobs": None, "finish_reason": finish}

    def delta(self, index: int, text: str | None, finish: str | None, role: bool = False) -> dict:
        """As ChatFormat.delta; a completion chunk names no role (role_chunk is False)."""
        return self.choice(index, text or "", finish)


class ChatFormat:
    prefix, whole, chunk = "chatcmpl", "chat.completion", "chat.completion.chunk"
    role_chunk = True  # the first chunk of each choice names the role

    def choice(self, index: int, text: str, finish: str | None) -> dict:
        message = {"role": "assistant", "content": text}
        return {"index": index, "message": message, "logprobs": None, "finish_reason": finish}

    def delta(self, index: int, text: str | None, finish: str | None, role: bool = False) -> dict:
        delta = {"role": "assistant", "content": ""} if role else {}
        if text:
            delta["content"] = text
        return {"index": index, "delta": delta, "logprobs": None, "finish_reason": finish}


class Envelope:
    """id, object, created and model, the same on every chunk of one response."""

    def __init__(self, fmt: TextFormat | ChatFormat, model: str):
        self.fmt, self.model = fmt, model
        self.id = f"{fmt.prefix}-{uuid.uuid4().hex}"
        self.created = int(time.time())

    def whole(self, choices: list[dict], usage: dict) -> dict:
        return {**self._head(self.fmt.whole), "choices": choices, "usage": usage}

    def sse(self, choices: list[dict], usage: dict | None = None, with_usage: bool = False) -> str:
        body = {**self._head(self.fmt.chunk), "choices": choices}
        if with_usage:
            body["usage"] = usage
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    def _head(self, obj: str) -> dict:
        return {"id": self.id, "object": obj, "created": self.created, "model": self.model}


def usage(prompt_tokens: int, completion_tokens: int) -> dict:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def sse_error(body: dict) -> str:
    return f"data: {json.dumps(body)}\n\n"


DONE = "data: [DONE]\n\n"
