"""Whether TensorRT-LLM can run here, and its API, imported only when asked for.

TensorRT-LLM 1.x runs on Linux (x86_64 or aarch64) with an NVIDIA GPU; native Windows was
dropped in 0.18 (there: the embedded engine on CUDA, or trtllm-serve in WSL2 over HTTP)."""

from __future__ import annotations

import importlib
import importlib.util
import platform
from dataclasses import dataclass
from types import SimpleNamespace

from .base import BackendError
from .trtllm_versions import LORA_CONFIG_MODULES

INSTALL_HINT = "pip install 'storyapp[trtllm]' on Linux with an NVIDIA GPU"


class TensorRTLLMUnavailable(BackendError):
    """TensorRT-LLM cannot run on this machine; the message says why in one line."""


@dataclass(slots=True, frozen=True)
class Gpu:
    name: str
    capability: tuple[int, int]
    total_bytes: int
    free_bytes: int

    def describe(self) -> str:
        gib = 2**30
        return (
            f"{self.name}, compute {self.capability[0]}.{self.capability[1]}, "
            f"{self.total_bytes / gib:.1f} GiB ({self.free_bytes / gib:.1f} free)"
        )


@dataclass(slots=True, frozen=True)
class Status:
    usable: bool
    why: str  # what is missing when not usable; the version and GPU when it is
    version: str | None = None
    gpu: Gpu | None = None


def cuda_gpu() -> Gpu | None:
    """The first CUDA GPU torch sees, or None."""
    import torch

    if not torch.cuda.is_available():
        return None
    free, total = torch.cuda.mem_get_info(0)
    return Gpu(torch.cuda.get_device_name(0), torch.cuda.get_device_capability(0), total, free)


def installed() -> bool:
    """Cheap: looks for the package without importing it."""
    return importlib.util.find_spec("tensorrt_llm") is not None


def probe() -> Status:
    """What `open_backend('tensorrt_llm')` would find, without loading a model."""
    if platform.system() != "Linux":
        return Status(False, f"TensorRT-LLM runs on Linux only (this is {platform.system()})")
    if not installed():
        return Status(False, f"TensorRT-LLM is not installed ({INSTALL_HINT})")
    gpu = cuda_gpu()
    if gpu is None:
        return Status(False, "TensorRT-LLM is installed but torch sees no CUDA GPU")
    try:
        api = load_api()
    except TensorRTLLMUnavailable as e:
        return Status(False, str(e), gpu=gpu)
    return Status(True, f"TensorRT-LLM {api.version} on {gpu.describe()}", api.version, gpu)


def load_api() -> SimpleNamespace:
    """The parts of the TensorRT-LLM API the backend uses, under one roof."""
    try:
        trt = importlib.import_module("tensorrt_llm")
        executor = importlib.import_module("tensorrt_llm.executor")
        llmapi = importlib.import_module("tensorrt_llm.llmapi")
        lora_config = _lora_config()
    except ImportError as e:
        raise TensorRTLLMUnavailable(
            f"TensorRT-LLM cannot be imported ({e}; {INSTALL_HINT})"
        ) from e
    except Exception as e:  # a broken CUDA or MPI install fails at import with anything
        raise TensorRTLLMUnavailable(f"TensorRT-LLM failed to import: {e}") from e
    return SimpleNamespace(
        version=getattr(trt, "__version__", "unknown"),
        LLM=trt.LLM,
        SamplingParams=trt.SamplingParams,
        LoRARequest=executor.LoRARequest,
        RequestError=getattr(executor, "RequestError", RuntimeError),
        KvCacheConfig=llmapi.KvCacheConfig,
        LoraConfig=lora_config,
    )


def _lora_config() -> type:
    """LoraConfig from the first module that has it: it has moved between releases."""
    tried = []
    for name in LORA_CONFIG_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            tried.append(name)
            continue
        if hasattr(module, "LoraConfig"):
            return module.LoraConfig
        tried.append(name)
    raise ImportError(f"no LoraConfig in {', '.join(tried)}")
