"""The embedded backend: our own engine in this process, adapters loaded from paths by name."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from storyapp.engine import LLM, AdapterError, EngineError, Footprint, SamplingParams, footprint

from .base import (
    AdapterUnavailable,
    BackendCancelled,
    BackendError,
    ChatRequest,
    OnToken,
    RowResult,
    check_fits,
)


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, llm: LLM) -> None:
        self.llm = llm
        self.model = llm.path.name
        self._lock = threading.Lock()  # one engine step loop at a time
        # the card's memory plan: give the KV cache back while another model (SDXL) runs
        self.release_while_idle = False

    @classmethod
    def load(cls, model: str = "default", device: str = "auto") -> EmbeddedBackend:
        """`model`: 'default' (the embedded SmolLM2), a .gguf file or a model folder."""
        try:
            return cls(LLM.load(model, device=device))
        except EngineError as e:
            raise BackendError(str(e)) from e

    @staticmethod
    def footprint(model: str = "default") -> Footprint:
        """What `model` will hold on a CUDA card, from its files, before it loads."""
        try:
            return footprint(model)
        except EngineError as e:
            raise BackendError(str(e)) from e

    @property
    def context(self) -> int:
        return self.llm.engine.max_model_len

    def adapters(self) -> list[str]:
        return self.llm.adapters

    def add_adapter(self, name: str, path: str | Path) -> None:
        try:
            self.llm.add_adapter(name, path)
        except AdapterError as e:
            raise AdapterUnavailable(f"adapter '{name}': {e}") from e

    def chat(
        self,
        requests: Sequence[ChatRequest],
        on_token: OnToken | None = None,
        cancel: threading.Event | None = None,
    ) -> list[RowResult]:
        prompts = self.llm.chat_prompts([[dict(m) for m in r.messages] for r in requests])
        check_fits(prompts, [r.sampling.max_tokens for r in requests], self.context)
        known = set(self.adapters())
        adapters = [r.adapter if r.adapter in known else None for r in requests]
        params = [_params(r) for r in requests]
        with self._lock:
            return self._run(prompts, params, adapters, on_token, cancel)

    def _run(self, prompts, params, adapters, on_token, cancel) -> list[RowResult]:
        n = len(prompts)
        texts: list[list[str]] = [[] for _ in range(n)]
        tokens, seconds = [0] * n, [0.0] * n
        reasons: list[str | None] = [None] * n
        if cancel is not None and cancel.is_set():
            raise BackendCancelled()
        start = time.perf_counter()
        try:
            with contextlib.closing(self.llm.stream(prompts, params, adapters)) as events:
                for ev in events:
                    i, e = ev.index, ev.event
                    tokens[i] += e.token_id is not None
                    if e.text:
                        texts[i].append(e.text)
                        if on_token is not None:
                            on_token(i, e.text)
                    if e.finished:
                        seconds[i], reasons[i] = time.perf_counter() - start, e.finish_reason
                    if cancel is not None and cancel.is_set():
                        raise BackendCancelled()  # closing the stream aborts the other rows
        except EngineError as e:
            raise BackendError(str(e)) from e
        return [
            RowResult("".join(texts[i]), tokens[i], seconds[i], reasons[i] or "", adapters[i])
            for i in range(n)
        ]

    @contextlib.contextmanager
    def idle(self) -> Iterator[None]:
        """The model idles while the caller runs something else on the card (SDXL painting):
        with release_while_idle its KV cache is released for that time; the next chat
        allocates it again. No chat runs meanwhile."""
        with self._lock:
            if self.release_while_idle:
                self.llm.release_cache()
            yield

    def close(self) -> None:
        """Nothing to release beyond memory, which goes with the object."""


def _params(r: ChatRequest) -> SamplingParams:
    s = r.sampling
    return SamplingParams(
        max_tokens=s.max_tokens,
        temperature=s.temperature,
        top_p=s.top_p,
        seed=s.seed,
        ignore_eos=s.ignore_eos,
        repetition_penalty=s.repetition_penalty,
        repetition_window=s.repetition_window,
        min_p=s.min_p,
        max_phrase_repeats=s.max_phrase_repeats,
        bad_words=s.bad_words,
    )
