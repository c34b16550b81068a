"""The text backend over any OpenAI-compatible server: `storyapp serve`, vLLM, trtllm-serve, NVIDIA
NIM, llama.cpp's server. A batched stage becomes one streamed request per row, all in flight at
once, so the server batches them; cancel closes the streams (servers abort a closed stream)."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import openai

from .base import (
    AdapterUnavailable,
    BackendCancelled,
    BackendError,
    ChatRequest,
    OnToken,
    RowResult,
)
from .http_rows import RowStream
from .openai_errors import server_error
from .openai_flavors import FLAVORS, Flavor, match_llamacpp_id
from .row_streams import run_rows


class OpenAIHTTPBackend:
    name = "openai_http"

    def __init__(
        self,
        base_url: str,
        flavor: str = "vllm",
        api_key: str | None = None,
        model: str | None = None,
        timeout: float = 600.0,
    ) -> None:
        """`model`: the served base model's id; None: the first base model the server lists."""
        if flavor not in FLAVORS:
            raise BackendError(f"unknown flavor {flavor!r} (expected one of: {', '.join(FLAVORS)})")
        if not base_url.startswith(("http://", "https://")):
            raise BackendError(f"--base-url must start with http:// or https://, got {base_url!r}")
        root = base_url.rstrip("/")
        self.root = root[: -len("/v1")] if root.endswith("/v1") else root
        self.url = self.root + "/v1"
        self.flavor = Flavor(flavor)
        self.key = api_key or "none"  # the client insists on one; a server without a key ignores it
        self.client = openai.OpenAI(
            base_url=self.url, api_key=self.key, max_retries=0, timeout=timeout
        )
        try:
            listed = self.client.models.list().data
        except Exception as e:
            self.client.close()
            raise server_error(e, self.url) from e
        bases = [m.id for m in listed if getattr(m, "parent", None) is None]
        if model is None and not bases:
            self.client.close()
            raise BackendError(f"the server at {self.url} lists no models")
        self.model = model or bases[0]

    def adapters(self) -> list[str]:
        """vllm: whatever the server serves besides the base; others: the adapters registered."""
        if self.flavor.kind != "vllm":
            return list(self.flavor.ids)
        try:
            listed = self.client.models.list().data
        except Exception as e:
            raise server_error(e, self.url) from e
        return [m.id for m in listed if m.id != self.model]

    def add_adapter(self, name: str, path: str | Path) -> None:
        kind = self.flavor.kind
        if kind == "vllm":
            if name not in self.adapters():
                self._load_on_server(name, path)
        elif kind == "trtllm":
            try:
                self.flavor.register(name, path)
            except ValueError as e:
                raise AdapterUnavailable(f"adapter '{name}': {e}") from e
        else:
            found = match_llamacpp_id(name, path, self._llamacpp_adapters())
            if found is None:
                raise AdapterUnavailable(
                    f"adapter '{name}': the llama.cpp server at {self.root} has no LoRA loaded "
                    f"from {path} or named after '{name}' (start it with --lora {name}.gguf)"
                )
            self.flavor.register(name, path, found)

    def _load_on_server(self, name: str, path: str | Path) -> None:
        """vLLM's run-time load (also ours); the server reads the path on its own machine."""
        body = {"lora_name": name, "lora_path": str(Path(path).expanduser().resolve())}
        try:
            self.client.post("/load_lora_adapter", cast_to=str, body=body)
        except Exception as e:
            why = server_error(e, self.url)
            raise AdapterUnavailable(
                f"adapter '{name}': the server does not serve it and could not load {path} "
                f"({why}); start it with `storyapp serve --adapter {name}=PATH`"
            ) from e

    def _llamacpp_adapters(self) -> list[dict[str, Any]]:
        headers = {"Authorization": f"Bearer {self.key}"}
        try:
            r = httpx.get(self.root + "/lora-adapters", headers=headers, timeout=30)
            r.raise_for_status()
            return list(r.json())
        except (httpx.HTTPError, ValueError, TypeError) as e:
            raise AdapterUnavailable(f"cannot list {self.root}/lora-adapters: {e}") from e

    def chat(
        self,
        requests: Sequence[ChatRequest],
        on_token: OnToken | None = None,
        cancel: threading.Event | None = None,
    ) -> list[RowResult]:
        if cancel is not None and cancel.is_set():
            raise BackendCancelled()
        known = set(self.adapters())
        adapters = [r.adapter if r.adapter in known else None for r in requests]
        shapes = [self.flavor.shape(a, self.model) for a in adapters]
        start = time.perf_counter()
        rows = [
            RowStream(i, self._opener(r, model, extra), on_token)
            for i, (r, (model, extra)) in enumerate(zip(requests, shapes, strict=True))
        ]
        try:
            run_rows(rows, cancel)
        except BackendCancelled:
            raise
        except Exception as e:
            failed = next((r for r in rows if r.error is e), rows[0])
            raise server_error(e, self.url, shapes[failed.index][0]) from e
        return [
            RowResult(r.text, r.tokens, r.end - start, r.finish_reason, a)
            for r, a in zip(rows, adapters, strict=True)
        ]

    def _opener(self, r: ChatRequest, model: str, extra: dict[str, Any]):
        s = r.sampling
        body = dict(extra)
        if s.ignore_eos:
            body["ignore_eos"] = True  # vLLM's, ours, trtllm-serve's and llama.cpp's extra
        # vLLM's, ours and llama.cpp's extras (llama.cpp also reads repeat_penalty); a server
        # that knows neither ignores them
        if s.repetition_penalty != 1.0:
            body["repetition_penalty"] = s.repetition_penalty
            if s.repetition_window:
                body["repeat_last_n"] = s.repetition_window  # llama.cpp's; vLLM has no window
        if s.min_p:
            body["min_p"] = s.min_p
        if s.max_phrase_repeats:
            body["max_phrase_repeats"] = s.max_phrase_repeats  # ours alone
        if s.bad_words:
            body["bad_words"] = list(s.bad_words)  # vLLM's and ours
        kwargs: dict[str, Any] = {
            "model": model,
            "messages": [dict(m) for m in r.messages],
            "max_tokens": s.max_tokens,
            "temperature": s.temperature,
            "top_p": s.top_p,
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        if s.seed is not None:
            kwargs["seed"] = s.seed
        if body:
            kwargs["extra_body"] = body
        return lambda: self.client.chat.completions.create(**kwargs)

    def close(self) -> None:
        self.client.close()
