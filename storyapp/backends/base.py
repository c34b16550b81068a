"""The text-backend protocol: what the story pipeline asks of any language-model backend.

A backend takes a batch of chat requests, each with its own adapter (or none), runs them
together, reports text as it is made, row by row, and can be cancelled. The embedded engine,
an OpenAI-compatible server and TensorRT-LLM all fit behind it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

Message = Mapping[str, str]  # {"role": "system" | "user" | "assistant", "content": "..."}
OnToken = Callable[[int, str], None]  # (row, new visible text)


@dataclass(slots=True, frozen=True)
class Sampling:
    max_tokens: int = 256
    temperature: float = 0.7
    top_p: float = 0.95
    seed: int | None = None
    ignore_eos: bool = False  # benchmarks: every row makes exactly max_tokens tokens
    repetition_penalty: float = 1.0  # > 1: tokens already in the row are less likely again
    repetition_window: int = 0  # 0: prompt and output; N: only the last N tokens written
    min_p: float = 0.0  # drop tokens less likely than min_p times the most likely one
    max_phrase_repeats: int = 0  # N: no three-word phrase said more than N times; 0: no limit
    bad_words: tuple[str, ...] = ()  # words never written


@dataclass(slots=True, frozen=True)
class ChatRequest:
    messages: tuple[Message, ...]
    adapter: str | None = None  # a name the backend knows; None: the base model
    sampling: Sampling = field(default_factory=Sampling)


@dataclass(slots=True, frozen=True)
class RowResult:
    text: str
    tokens: int  # tokens sampled, the end-of-text token included
    seconds: float  # from the start of the call to this row's last token
    finish_reason: str  # "stop" (end of text) or "length" (max_tokens reached)
    adapter: str | None  # the adapter that actually ran; None: the base model


class BackendError(Exception):
    """A problem the user can act on; the message is one line."""


class PromptTooLong(BackendError):
    def __init__(self, row: int, prompt_tokens: int, max_tokens: int, context: int) -> None:
        super().__init__(
            f"prompt of {prompt_tokens} tokens plus {max_tokens} to generate does not fit the "
            f"model's context of {context} tokens"
        )
        self.row, self.prompt_tokens, self.max_tokens, self.context = (
            row,
            prompt_tokens,
            max_tokens,
            context,
        )


def check_fits(prompts: Sequence[Sequence[int]], max_tokens: Sequence[int], context: int) -> None:
    """PromptTooLong for the first row whose prompt plus the tokens it asks for overflow `context`."""
    for row, (ids, n) in enumerate(zip(prompts, max_tokens, strict=True)):
        if len(ids) + n > context:
            raise PromptTooLong(row, len(ids), n, context)


class AdapterUnavailable(BackendError):
    """An adapter path that does not exist, or an adapter that does not fit the base model."""


class BackendCancelled(Exception):
    """The caller's cancel was seen; the backend is ready for the next call."""


@runtime_checkable
class TextBackend(Protocol):
    """Optional: `idle()`, a context manager the pipeline holds while SDXL paints (see
    backend_idle); a backend without it keeps its memory."""

    name: str  # "embedded", "openai_http", "tensorrt_llm"
    model: str  # what runs, for records: a file name or a served model id

    def adapters(self) -> list[str]:
        """Names of the adapters requests can use now."""
        ...

    def add_adapter(self, name: str, path: str | Path) -> None:
        """Make the adapter at `path` usable as `name`; AdapterUnavailable when it cannot be."""
        ...

    def chat(
        self,
        requests: Sequence[ChatRequest],
        on_token: OnToken | None = None,
        cancel: threading.Event | None = None,
    ) -> list[RowResult]:
        """Run all requests together (one batch where the backend can) and return one result
        per request, in order. `on_token(row, text)` is called as text appears. A request whose
        adapter the backend does not have runs on the base model (RowResult.adapter is None).
        When `cancel` is set the call stops within a step, and raises BackendCancelled."""
        ...

    def close(self) -> None: ...


def backend_idle(backend: TextBackend) -> contextlib.AbstractContextManager[None]:
    """`backend.idle()` where the backend has it (the embedded engine, which may give memory
    back while another model uses the card), else nothing: a server's memory is not ours."""
    method = getattr(backend, "idle", None)
    return method() if callable(method) else contextlib.nullcontext()
