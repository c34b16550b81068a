"""The TensorRT-LLM backend: NVIDIA's engine in this process through its LLM API (1.x, PyTorch
backend). One base model on the GPU (INT4 W4A16 AWQ where the checkpoint is), FP16 LoRA adapters
beside it, and every row of a batch submitted at once with its own LoRARequest (or None for the
base), so TensorRT-LLM's in-flight batching runs them together."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from storyapp.engine import AdapterError
from storyapp.engine.lora.loading import load_adapter

from .base import (
    AdapterUnavailable,
    BackendCancelled,
    BackendError,
    ChatRequest,
    OnToken,
    RowResult,
    Sampling,
    check_fits,
)
from .row_streams import run_rows
from .trtllm_mapping import LORA_MODULES, lora_target_modules, sampling_kwargs
from .trtllm_model import TrtModel, open_model
from .trtllm_probe import TensorRTLLMUnavailable, load_api, probe
from .trtllm_rows import TrtRow

log = logging.getLogger("storyapp")

MAX_LORA_RANK = 64
MAX_SEQ_LEN = 8192  # Llama 3.1 declares 128k; a KV cache that long would starve SDXL of memory
KV_CACHE_FRACTION = 0.4  # of the GPU memory free after the weights: the rest is SDXL's


@dataclass(slots=True, frozen=True)
class _Adapter:
    id: int  # TensorRT-LLM caches adapter weights by this id: one id per (name, path)
    path: str
    modules: frozenset[str]  # PEFT names: q_proj, ...


class TensorRTLLMBackend:
    name = "tensorrt_llm"

    def __init__(self, api: SimpleNamespace, model: TrtModel, max_loras: int = 4) -> None:
        self.api, self.trt_model = api, model
        self.model = model.describe()
        self.max_loras = max_loras
        self.context = min(model.config.max_position, MAX_SEQ_LEN)
        self._adapters: dict[str, _Adapter] = {}
        self._ids: dict[tuple[str, str], int] = {}
        self._llm: Any = None
        self._targets: list[str] = []
        self._lock = threading.Lock()  # one batch at a time, as with the other backends

    @classmethod
    def load(cls, model: str, device: str = "auto", max_loras: int = 4) -> TensorRTLLMBackend:
        """Checks the machine and the model folder; the GPU model itself is built on the first
        chat (or start()), once the adapters are known, because LoraConfig wants them."""
        if device == "cpu":
            raise BackendError(
                "TensorRT-LLM runs on an NVIDIA GPU; on the CPU use --backend embedded"
            )
        status = probe()
        if not status.usable:
            raise TensorRTLLMUnavailable(status.why)
        found = cls(load_api(), open_model(model, status.gpu), max_loras)
        log.info("TensorRT-LLM backend: %s; %s", found.model, status.why)
        return found

    def adapters(self) -> list[str]:
        return list(self._adapters)

    def add_adapter(self, name: str, path: str | Path) -> None:
        p = Path(path).expanduser()
        if p.is_file() and p.suffix == ".gguf":
            raise AdapterUnavailable(
                f"adapter '{name}': {p} is a GGUF LoRA; TensorRT-LLM reads PEFT adapter folders"
            )
        try:
            checked = load_adapter(name, p, self.trt_model.config, MAX_LORA_RANK)
        except AdapterError as e:
            raise AdapterUnavailable(f"adapter '{name}': {e}") from e
        folder = str(p.resolve() if p.is_dir() else p.resolve().parent)
        modules = frozenset(checked.targets)
        if self._llm is not None and not {LORA_MODULES[m] for m in modules} <= set(self._targets):
            raise AdapterUnavailable(
                f"adapter '{name}': touches {sorted(modules)}, but the model was built for "
                f"LoRA on {self._targets}; open the backend again to use it"
            )
        key = (name, folder)
        if key not in self._ids:
            self._ids[key] = len(self._ids) + 1
        self._adapters[name] = _Adapter(self._ids[key], folder, modules)

    def start(self) -> None:
        """Build the model on the GPU (TensorRT-LLM's load and warm-up: tens of seconds)."""
        if self._llm is not None:
            return
        known = list(self._adapters.values())
        modules = {m for a in known for m in a.modules} or set(LORA_MODULES)
        self._targets = lora_target_modules(modules)
        lora = self.api.LoraConfig(
            lora_dir=[a.path for a in known],
            lora_target_modules=self._targets,
            max_lora_rank=MAX_LORA_RANK,
            max_loras=self.max_loras,
            max_cpu_loras=max(self.max_loras, len(known)),
        )
        kv = self.api.KvCacheConfig(free_gpu_memory_fraction=KV_CACHE_FRACTION)
        folder = self.trt_model.folder
        try:
            self._llm = self.api.LLM(
                model=str(folder), lora_config=lora, kv_cache_config=kv, max_seq_len=self.context
            )
        except Exception as e:
            raise BackendError(f"TensorRT-LLM could not load {folder}: {_first_line(e)}") from e

    def chat(
        self,
        requests: Sequence[ChatRequest],
        on_token: OnToken | None = None,
        cancel: threading.Event | None = None,
    ) -> list[RowResult]:
        tok = self.trt_model.tokenizer
        prompts = [tok.chat([dict(m) for m in r.messages]) for r in requests]
        samplings = [r.sampling for r in requests]
        return self.complete(prompts, samplings, [r.adapter for r in requests], on_token, cancel)

    def complete(
        self,
        prompts: Sequence[list[int]],
        samplings: Sequence[Sampling],
        adapters: Sequence[str | None],
        on_token: OnToken | None = None,
        cancel: threading.Event | None = None,
    ) -> list[RowResult]:
        """Token-id prompts as they are (benchmarks need exact prompt lengths); otherwise as chat."""
        check_fits(prompts, [s.max_tokens for s in samplings], self.context)
        ran = [a if a in self._adapters else None for a in adapters]
        with self._lock:
            if cancel is not None and cancel.is_set():
                raise BackendCancelled()
            self.start()
            start = time.perf_counter()
            rows = self._submit(prompts, samplings, ran, on_token)
            try:
                run_rows(rows, cancel)
            except BackendCancelled:
                raise
            except Exception as e:
                raise self._error(e) from e
        return [
            RowResult(r.text, r.tokens, r.end - start, r.finish_reason, a)
            for r, a in zip(rows, ran, strict=True)
        ]

    def _submit(self, prompts, samplings, adapters, on_token) -> list[TrtRow]:
        """Every row is queued before any is read, so they run in one in-flight batch."""
        stop = self.trt_model.tokenizer.eos_ids
        rows: list[TrtRow] = []
        try:
            for i, (ids, s, name) in enumerate(zip(prompts, samplings, adapters, strict=True)):
                params = self.api.SamplingParams(**sampling_kwargs(s, stop))
                result = self._llm.generate_async(
                    ids, sampling_params=params, lora_request=self._lora(name), streaming=True
                )
                rows.append(TrtRow(i, result, on_token))
        except Exception as e:
            for row in rows:
                row.close()
            raise self._error(e) from e
        return rows

    def _lora(self, name: str | None) -> Any:
        if name is None:
            return None
        a = self._adapters[name]
        return self.api.LoRARequest(name, a.id, a.path)

    def _error(self, e: Exception) -> BackendError:
        if isinstance(e, self.api.RequestError):
            return BackendError(f"TensorRT-LLM refused the request: {_first_line(e)}")
        return BackendError(f"TensorRT-LLM failed: {_first_line(e)}")

    def close(self) -> None:
        """Stop TensorRT-LLM's executor and free the GPU memory it holds."""
        llm, self._llm = self._llm, None
        if llm is not None:
            llm.shutdown()


def _first_line(e: Exception) -> str:
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0]
