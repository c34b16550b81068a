"""The TensorRT-LLM backend: NVIDIA's engine in this process through its LLM API (1.x, PyTorch
backend). One base model on the GPU (INT4 W4A16 AWQ where the checkpoint is and the GPU runs
it), FP16 LoRA adapters beside it, and every row of a batch submitted at once with its own
LoRARequest (or None for the base), so TensorRT-LLM's in-flight batching runs them together.

Sized for one PC card shared with SDXL, not for a server: the batch is the stage's rows, the
context what a story needs, the LoRA workspace the largest adapter's rank, and the KV cache what
the memory plan leaves after SDXL's share (set_kv_budget). What depends on the installed
version (CUDA graphs beside LoRA, per-request seeds) comes from trtllm_versions."""

from __future__ import annotations

import logging
import os
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
from .trtllm_mapping import lora_target_modules, sampling_kwargs
from .trtllm_model import TrtModel, open_model
from .trtllm_probe import Gpu, TensorRTLLMUnavailable, load_api, probe
from .trtllm_rows import TrtRow
from .trtllm_versions import features

log = logging.getLogger("storyapp")

MAX_LORA_RANK = 64  # the largest adapter rank accepted; the workspace is sized to the largest used
DEFAULT_ROWS = 2  # the story stage: story and image prompt in one batch
DEFAULT_CONTEXT = 4096  # a story's prompt and its 900 tokens, with room; Llama 3.1 declares 128k
GiB = 2**30


@dataclass(slots=True, frozen=True)
class _Adapter:
    id: int  # TensorRT-LLM caches adapter weights by this id: one id per (name, path)
    path: str
    modules: frozenset[str]  # PEFT names: q_proj, ...
    rank: int


class TensorRTLLMBackend:
    name = "tensorrt_llm"

    def __init__(
        self,
        api: SimpleNamespace,
        model: TrtModel,
        max_rows: int = DEFAULT_ROWS,
        context: int = DEFAULT_CONTEXT,
        gpu: Gpu | None = None,
        cuda_graphs: bool | None = None,
    ) -> None:
        """`max_rows`: the most rows one call sends (more still run, queued by TensorRT-LLM).
        `cuda_graphs`: None lets the version table decide; True or False forces them (the
        verification script compares the two)."""
        self.api, self.trt_model, self.gpu = api, model, gpu
        self.model = model.describe()
        self.features = features(str(api.version))
        self.seed_notice = self.features.seed_notice()  # read by the pipeline: run.json, the app
        self.rows = max(1, max_rows)
        self.context = min(model.config.max_position, context)
        self.cuda_graphs = cuda_graphs
        self.kv_budget_bytes: int | None = None
        self._adapters: dict[str, _Adapter] = {}
        self._ids: dict[tuple[str, str], int] = {}
        self._llm: Any = None
        self._built: dict[str, Any] = {}  # the arguments the running model was built with
        self._rebuild: str | None = None  # why the running model must be built again
        self._lock = threading.Lock()  # one batch at a time, as with the other backends

    @classmethod
    def load(
        cls,
        model: str,
        device: str = "auto",
        max_rows: int = DEFAULT_ROWS,
        cuda_graphs: bool | None = None,
    ) -> TensorRTLLMBackend:
        """Checks the machine and the model folder; the GPU model itself is built on the first
        chat (or start()), once the adapters are known, because LoraConfig wants them."""
        if device == "cpu":
            raise BackendError(
                "TensorRT-LLM runs on an NVIDIA GPU; on the CPU use --backend embedded"
            )
        status = probe()
        if not status.usable:
            raise TensorRTLLMUnavailable(status.why)
        api = load_api()
        found = cls(
            api, open_model(model, status.gpu), max_rows, gpu=status.gpu, cuda_graphs=cuda_graphs
        )
        log.info("TensorRT-LLM backend: %s; %s", found.model, status.why)
        log.info("%s; %s", found.features.describe(), found.graph_choice())
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
        key = (name, folder)
        if key not in self._ids:
            self._ids[key] = len(self._ids) + 1
        adapter = _Adapter(self._ids[key], folder, frozenset(checked.targets), checked.max_rank)
        self._adapters[name] = adapter
        if self._llm is not None and (why := self._outgrown(name, adapter)):
            log.info("TensorRT-LLM: %s; the model is built again before the next request", why)
            self._rebuild = why

    def _outgrown(self, name: str, adapter: _Adapter) -> str | None:
        """Why the running model cannot take `adapter` as built; None when it can."""
        lora = self._built.get("lora_config")
        if lora is None:
            return f"adapter '{name}' needs LoRA, and the model was built without it"
        if adapter.rank > lora.max_lora_rank:
            return (
                f"adapter '{name}' has rank {adapter.rank}, the model was built for rank "
                f"{lora.max_lora_rank} at most"
            )
        wanted = lora_target_modules(adapter.modules)
        if not set(wanted) <= set(lora.lora_target_modules):
            return (
                f"adapter '{name}' touches {wanted}, the model was built for LoRA on "
                f"{lora.lora_target_modules}"
            )
        return None

    def set_kv_budget(self, budget_bytes: int | None) -> None:
        """The bytes the KV cache may take: the card's free memory less the weights, SDXL's
        share and margins (story/setup.py works it out from the memory plan). None: as many
        tokens as `rows` rows of `context` need."""
        self.kv_budget_bytes = budget_bytes
        if self._llm is not None and self._built["kv_cache_config"].max_tokens != self.kv_tokens():
            self._rebuild = "the KV cache's budget changed"

    def kv_tokens(self) -> int:
        """The KV cache's size in tokens: every row's full context, or fewer where the budget
        is smaller; BackendError when it cannot hold even one row."""
        need = self.rows * self.context
        if self.kv_budget_bytes is None:
            return need
        fit = max(0, self.kv_budget_bytes) // self.trt_model.kv_bytes_per_token()
        if fit < self.context:
            raise BackendError(
                f"after {self.trt_model.folder.name}'s weights and SDXL's share, the card leaves "
                f"{self.kv_budget_bytes / GiB:.2f} GiB for TensorRT-LLM's KV cache, under one "
                f"row of {self.context} tokens: choose a smaller model, turn images off, or use "
                "--backend embedded"
            )
        return min(need, fit)

    def twin(self, cuda_graphs: bool | None) -> TensorRTLLMBackend:
        """A backend for the same model, adapters and budget with `cuda_graphs` (None: the
        table's choice); nothing is built until it is used."""
        other = TensorRTLLMBackend(
            self.api, self.trt_model, self.rows, self.context, self.gpu, cuda_graphs
        )
        other.kv_budget_bytes = self.kv_budget_bytes
        for name, a in self._adapters.items():
            other.add_adapter(name, a.path)
        return other

    def graphs_with_lora(self) -> bool:
        """Whether CUDA graphs stay on while LoRA adapters are loaded."""
        if self.cuda_graphs is not None:
            return self.cuda_graphs
        return self.features.lora_cuda_graphs

    def graph_choice(self) -> str:
        if self.cuda_graphs is not None:
            return f"CUDA graphs {'on' if self.cuda_graphs else 'off'} (forced)"
        if self.features.lora_cuda_graphs:
            return "CUDA graphs on, LoRA included"
        return (
            f"CUDA graphs off while LoRA is loaded (TensorRT-LLM {self.features.version} "
            "does not run LoRA inside CUDA graphs reliably)"
        )

    def build_args(self) -> dict[str, Any]:
        """The keyword arguments of tensorrt_llm.LLM for the adapters registered now."""
        known = list(self._adapters.values())
        args: dict[str, Any] = {
            "model": str(self.trt_model.folder),
            "max_seq_len": self.context,
            "max_batch_size": self.rows,
            "max_num_tokens": self.rows * self.context,
            "kv_cache_config": self.api.KvCacheConfig(max_tokens=self.kv_tokens()),
        }
        if known:
            args["lora_config"] = self.api.LoraConfig(
                lora_dir=[a.path for a in known],
                lora_target_modules=lora_target_modules({m for a in known for m in a.modules}),
                max_lora_rank=max(a.rank for a in known),
                max_loras=min(len(known), self.rows),
                max_cpu_loras=len(known),
            )
        graphs = self.graphs_with_lora() if known else self.cuda_graphs is not False
        if not graphs:
            args["cuda_graph_config"] = None  # the documented way to turn them off (1.0 on)
        return args

    def start(self) -> None:
        """Build the model on the GPU (TensorRT-LLM's load and warm-up: tens of seconds), or
        build it again when an adapter or the KV budget outgrew it."""
        if self._llm is not None and self._rebuild is None:
            return
        if self._llm is not None:
            log.info("TensorRT-LLM: building the model again: %s", self._rebuild)
            self._shutdown()
        args = self.build_args()
        # One GPU: run TensorRT-LLM's executor in this process instead of a worker process,
        # so one CUDA context holds the card (tensorrt_llm/llmapi/utils.py reads this once).
        os.environ.setdefault("TLLM_WORKER_USE_SINGLE_PROCESS", "1")
        folder = self.trt_model.folder
        try:
            self._llm = self.api.LLM(**args)
        except Exception as e:
            raise BackendError(f"TensorRT-LLM could not load {folder}: {_first_line(e)}") from e
        self._built, self._rebuild = args, None
        lora = args.get("lora_config")
        log.info(
            "TensorRT-LLM built: %d rows of %d tokens, KV cache %d tokens, %s, %s",
            self.rows,
            self.context,
            args["kv_cache_config"].max_tokens,
            f"LoRA rank {lora.max_lora_rank} on {lora.lora_target_modules}" if lora else "no LoRA",
            "CUDA graphs off" if "cuda_graph_config" in args else "CUDA graphs on",
        )

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
        self._shutdown()
        self._rebuild = None

    def _shutdown(self) -> None:
        llm, self._llm = self._llm, None
        if llm is not None:
            llm.shutdown()


def _first_line(e: Exception) -> str:
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0]
