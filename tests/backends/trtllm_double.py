"""A recording double of the parts of TensorRT-LLM's LLM API (1.x) the backend uses; the real
package needs an NVIDIA GPU. It keeps the real signatures and types: SamplingParams is a kw-only
dataclass with the real field names (an unknown field is a TypeError, as there), LoraConfig has
the real fields, generate_async returns a result that is iterated step by step, exposes
outputs[0].text (cumulative), token_ids and finish_reason, and can be aborted. Detokenizing uses
the model folder's real tokenizer, as TensorRT-LLM does.

Its "model" writes a scripted reply that names the adapter it ran with, so tests can see which
row got which adapter: "[story-writer] one two three ..." or "[base] ...".

What differs between releases is kept as in TensorRT-LLM (see storyapp/backends/trtllm_versions.py
for the sources): where LoraConfig lives (lora_helper up to 1.2; _torch.peft.lora.config from 1.3,
with lora_manager a warning shim), and LoRA inside CUDA graphs, which before 1.3 gives a row the
output of the adapter the graph was captured with: here, the first adapter the model ran.
"""

from __future__ import annotations

import importlib.machinery
import os
import sys
import threading
import time
import types
import warnings
from dataclasses import dataclass, field
from typing import Any

import pytest

WORDS = [
    "once",
    "upon",
    "a",
    "time",
    "a",
    "small",
    "fox",
    "found",
    "a",
    "lantern",
    "in",
    "the",
    "snow",
    "and",
    "carried",
    "it",
    "home",
]


class RequestError(RuntimeError):
    """tensorrt_llm.executor.RequestError: the executor refused a request."""


@dataclass(slots=True, kw_only=True)
class SamplingParams:
    end_id: int | None = None
    max_tokens: int = 32
    stop: str | list[str] | None = None
    stop_token_ids: list[int] | None = None
    n: int = 1
    top_k: int | None = None
    top_p: float | None = None
    seed: int | None = None
    temperature: float | None = None
    min_tokens: int | None = None
    repetition_penalty: float | None = None
    min_p: float | None = None
    bad: str | list[str] | None = None
    ignore_eos: bool = False
    detokenize: bool = True
    add_special_tokens: bool = True
    skip_special_tokens: bool = True


@dataclass
class LoraConfig:
    lora_dir: list[str] = field(default_factory=list)
    lora_ckpt_source: str = "hf"
    max_lora_rank: int = 64
    lora_target_modules: list[str] = field(default_factory=list)
    trtllm_modules_to_hf_modules: dict[str, str] = field(default_factory=dict)
    max_loras: int | None = None
    max_cpu_loras: int | None = None
    swap_gate_up_proj: bool = True


@dataclass(kw_only=True)
class LoraConfigV13:
    """tensorrt_llm._torch.peft.lora.config.LoraConfig (1.3): a strict model, new field names."""

    lora_dir: list[str] = field(default_factory=list)
    lora_ckpt_source: str = "hf"
    max_lora_rank: int = 64
    lora_target_modules: list[str] = field(default_factory=list)
    trtllm_modules_to_hf_modules: dict[str, str] = field(default_factory=dict)
    max_loras: int | None = None
    max_cpu_loras: int | None = None
    swap_gate_up_proj_lora_b_weight: bool = True
    overlap_lora_and_base: bool = False
    cuda_graph_specialize_lora: bool = False


@dataclass(kw_only=True)
class KvCacheConfig:
    free_gpu_memory_fraction: float | None = 0.9
    max_tokens: int | None = None
    enable_block_reuse: bool = True


@dataclass
class LoRARequest:
    lora_name: str
    lora_int_id: int
    lora_path: str = ""


@dataclass
class CompletionOutput:
    index: int
    text: str = ""
    token_ids: list[int] = field(default_factory=list)
    finish_reason: str | None = None


class Recorder:
    """What the backend did, in order, plus knobs to make the double fail or go slowly."""

    def __init__(self) -> None:
        self.llms: list[LLM] = []
        self.events: list[tuple] = []  # ("submit", request id) / ("step", request id)
        self.submitted: list[dict[str, Any]] = []
        self.aborted: list[int] = []
        self.fail_load: Exception | None = None
        self.fail_submit_at: int | None = None  # the n-th submission (0-based) raises
        self.fail_step: Exception | None = None  # raised by the first step of every request
        self.step_s = 0.0
        self.draws = 0  # sampled requests so far: the shared generator's position
        self.lock = threading.Lock()


class GenerationResult:
    def __init__(self, llm: LLM, rid: int, script: list[int], params: SamplingParams) -> None:
        self.request_id, self._llm, self._script, self._params = rid, llm, script, params
        self.outputs = [CompletionOutput(0)]
        self._done = False
        self._aborted = False

    @property
    def finished(self) -> bool:
        return self._done

    def abort(self) -> None:
        with self._llm.recorder.lock:
            self._llm.recorder.aborted.append(self.request_id)
        self._aborted = True

    def __iter__(self):
        return self

    def __next__(self) -> GenerationResult:
        if self._done:
            raise StopIteration
        rec = self._llm.recorder
        time.sleep(rec.step_s)
        with rec.lock:
            rec.events.append(("step", self.request_id))
        if rec.fail_step is not None:
            self._done = True
            raise rec.fail_step
        out = self.outputs[0]
        if self._aborted:
            out.finish_reason, self._done = "cancelled", True
            return self
        out.token_ids.append(self._script[len(out.token_ids)])
        out.text = self._llm.tokenizer.decode(out.token_ids, skip_special_tokens=True)
        stops = set(self._params.stop_token_ids or [])
        if out.token_ids[-1] in stops:
            out.finish_reason, self._done = "stop", True
        elif len(out.token_ids) >= self._params.max_tokens:
            out.finish_reason, self._done = "length", True
        return self


# TorchLlmArgs fields the backend may pass; TensorRT-LLM refuses any other (pydantic, extra
# inputs forbidden)
LLM_ARGS = {
    "lora_config",
    "kv_cache_config",
    "max_seq_len",
    "max_batch_size",
    "max_num_tokens",
    "cuda_graph_config",
}


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("rc")[0].split(".")[:3])


class LLM:
    def __init__(
        self, model: str, *, recorder: Recorder, version: str = "1.1.0", **kwargs: Any
    ) -> None:
        from transformers import AutoTokenizer

        unknown = set(kwargs) - LLM_ARGS
        if unknown:
            raise TypeError(f"Extra inputs are not permitted: {sorted(unknown)}")
        if recorder.fail_load is not None:
            raise recorder.fail_load
        # CUDA graphs are on unless cuda_graph_config=None (the default since 1.0)
        self.cuda_graphs = kwargs.get("cuda_graph_config", "default") is not None
        self.lora_graphs = version_tuple(version) >= (1, 3, 0)
        self.captured_with: str | None = None
        lora = kwargs.get("lora_config")
        for folder in lora.lora_dir if lora else []:
            if not os.path.isfile(os.path.join(folder, "adapter_config.json")):
                raise ValueError(f"{folder} is not a LoRA checkpoint")
        self.model, self.kwargs, self.recorder = model, kwargs, recorder
        self.tokenizer = AutoTokenizer.from_pretrained(model)
        self.shut_down = False
        recorder.llms.append(self)

    def generate_async(
        self,
        inputs: list[int] | str,
        sampling_params: SamplingParams | None = None,
        lora_request: LoRARequest | None = None,
        streaming: bool = False,
    ) -> GenerationResult:
        rec = self.recorder
        assert not self.shut_down, "generate_async after shutdown"
        assert isinstance(sampling_params, SamplingParams)
        assert lora_request is None or isinstance(lora_request, LoRARequest)
        with rec.lock:
            n = len(rec.submitted)
            if rec.fail_submit_at == n:
                raise RequestError(f"request {n} refused: the queue is full")
            rec.submitted.append(
                {
                    "prompt": inputs,
                    "params": sampling_params,
                    "lora": lora_request,
                    "stream": streaming,
                }
            )
            rec.events.append(("submit", n))
        who = lora_request.lora_name if lora_request else "base"
        words = WORDS
        if sampling_params.seed is not None and (sampling_params.temperature or 0) > 0:
            # TorchSampler draws every request from one shared generator: a seeded row's text
            # depends on what was drawn before it, not on its seed
            with rec.lock:
                rec.draws += 1
                turn = rec.draws % len(WORDS)
            words = WORDS[turn:] + WORDS[:turn]
        if lora_request and self.cuda_graphs and not self.lora_graphs:
            self.captured_with = self.captured_with or who
            who = self.captured_with  # the graph replays the adapter it was captured with
        script = self.tokenizer.encode(f"[{who}] " + " ".join(words), add_special_tokens=False)
        if sampling_params.ignore_eos:
            script = script * (1 + sampling_params.max_tokens // len(script))
        else:
            script = script + [self.tokenizer.convert_tokens_to_ids("<|im_end|>")]
        return GenerationResult(self, n, script, sampling_params)

    def shutdown(self) -> None:
        self.shut_down = True


MODULE_NAMES = (
    "tensorrt_llm",
    "tensorrt_llm.executor",
    "tensorrt_llm.llmapi",
    "tensorrt_llm.lora_helper",
    "tensorrt_llm.lora_manager",
    "tensorrt_llm._torch.peft.lora.config",
)


def modules(recorder: Recorder, version: str = "1.1.0") -> dict[str, types.ModuleType]:
    """sys.modules entries for `tensorrt_llm` and the submodules the backend imports, laid out
    as `version` has them."""

    def module(name: str, **attrs: Any) -> types.ModuleType:
        m = types.ModuleType(name)
        m.__spec__ = importlib.machinery.ModuleSpec(name, None)
        m.__dict__.update(attrs)
        return m

    def llm(model: str, **kwargs: Any) -> LLM:
        return LLM(model, recorder=recorder, version=version, **kwargs)

    found = {
        "tensorrt_llm": module(
            "tensorrt_llm", __version__=version, LLM=llm, SamplingParams=SamplingParams
        ),
        "tensorrt_llm.executor": module(
            "tensorrt_llm.executor", LoRARequest=LoRARequest, RequestError=RequestError
        ),
        "tensorrt_llm.llmapi": module("tensorrt_llm.llmapi", KvCacheConfig=KvCacheConfig),
    }
    if version_tuple(version) < (1, 3, 0):
        found["tensorrt_llm.lora_helper"] = module(
            "tensorrt_llm.lora_helper", LoraConfig=LoraConfig
        )
        found["tensorrt_llm.lora_manager"] = module(
            "tensorrt_llm.lora_manager", LoraConfig=LoraConfig
        )
    else:
        config = "tensorrt_llm._torch.peft.lora.config"
        found[config] = module(config, LoraConfig=LoraConfigV13)
        found["tensorrt_llm.lora_manager"] = _ShimModule("tensorrt_llm.lora_manager", LoraConfigV13)
    return found


class _ShimModule(types.ModuleType):
    """tensorrt_llm.lora_manager in 1.3: LoraConfig re-exported, with a FutureWarning."""

    def __init__(self, name: str, lora_config: type) -> None:
        super().__init__(name)
        self.__spec__ = importlib.machinery.ModuleSpec(name, None)
        self._lora_config = lora_config

    def __getattr__(self, attr: str) -> Any:
        if attr == "LoraConfig":
            warnings.warn("tensorrt_llm.lora_manager has moved", FutureWarning, stacklevel=2)
            return self._lora_config
        raise AttributeError(attr)


def install(monkeypatch: pytest.MonkeyPatch, recorder: Recorder, version: str) -> Recorder:
    """The double as TensorRT-LLM `version` in sys.modules, replacing any other version's."""
    for name in MODULE_NAMES:
        monkeypatch.delitem(sys.modules, name, raising=False)
    for name, m in modules(recorder, version).items():
        monkeypatch.setitem(sys.modules, name, m)
    return recorder
