"""`storyapp doctor`: what this machine can run, and what the app will use."""

from __future__ import annotations

import argparse
import json
import platform
import sys
from importlib import metadata

from storyapp.service.logs import log_path, version
from storyapp.system.paths import simulate_gpu

PACKAGES = ("torch", "transformers", "diffusers", "peft", "PySide6", "tensorrt_llm")


def add_parser(sub) -> None:
    p = sub.add_parser("doctor", help="show what this machine can run and which backend is used")
    p.add_argument("--json", action="store_true", help="print JSON instead of lines")
    p.add_argument(
        "--simulate-gpu",
        metavar="SIZE",
        help="print the memory plan for a card of this size (e.g. 8GB) instead of this machine's "
        "(default: $STORYAPP_SIMULATE_GPU)",
    )
    p.add_argument(
        "--plan-model",
        default="llama3-8b",
        help="the LLM the memory plan places: llama3-8b, llama3.2-3b, llama3.2-1b, smollm2-135m",
    )
    p.add_argument("--plan-size", type=int, default=1024, help="image side for the memory plan")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    report = gather()
    report["memory plan"] = memory_plan(
        getattr(args, "simulate_gpu", None) or simulate_gpu(),
        getattr(args, "plan_model", "llama3-8b"),
        getattr(args, "plan_size", 1024),
    )
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    width = max(map(len, report))
    for key, value in report.items():
        lines = value if isinstance(value, list) else [value]
        for i, line in enumerate(lines or ["none"]):
            print(f"{key if i == 0 else '':<{width}}  {line}")
    return 0


def gather() -> dict[str, str | list[str]]:
    from storyapp.backends.trtllm_probe import cuda_gpu, probe
    from storyapp.system.paths import app_home

    gpu = cuda_gpu()
    trt = probe()
    return {
        "storyapp": version(),
        "python": f"{platform.python_version()} ({sys.executable})",
        "platform": f"{platform.system()} {platform.machine()}",
        "packages": [f"{name} {_version(name)}" for name in PACKAGES],
        "device": _device(gpu),
        "4-bit kernel (cpu)": _int4_kernel(),
        "4-bit kernel (cuda)": _cuda_int4(gpu),
        "tensorrt-llm": trt.why,
        "tensorrt-llm version": _trt_version(trt.version),
        "tensorrt-llm int4": _trt_int4(gpu),
        "default model": _default_model(),
        "adapters": _adapters(),
        "image model": _image_model(),
        "data folder": str(app_home()),
        "log": str(log_path()),
        "backend": _backend(trt.usable),
    }


def _version(module: str) -> str:
    """The version of the distribution that provides `module` (PySide6 comes as
    PySide6-Essentials, for one)."""
    for dist in metadata.packages_distributions().get(module, []):
        return metadata.version(dist)
    return "not installed"


def _device(gpu) -> str:
    import torch

    if gpu is None:
        cuda = f"torch {torch.__version__} sees no CUDA GPU"
        return f"cpu, {torch.get_num_threads()} threads ({cuda})"
    return f"cuda: {gpu.describe()}, CUDA {torch.version.cuda}"


def _int4_kernel() -> str:
    import torch

    from storyapp.engine.layers.quant import int4_kernel_name

    return int4_kernel_name("cpu", torch.bfloat16)


def _cuda_int4(gpu) -> str:
    """Whether the int4 CUDA kernel runs on this card, and why not (below sm80: dense fp16)."""
    if gpu is None:
        return "no CUDA GPU"
    from storyapp.engine.layers.quant import int4_gate
    from storyapp.engine.utils import cuda_dtype

    # from the card the probe found, so doctor asks CUDA nothing more than the probe did
    return int4_gate(gpu.capability, cuda_dtype(gpu.capability, None))[1]


def _trt_version(probed: str | None) -> str:
    """The TensorRT-LLM found, whether it is in the tested range, and what the backend does on
    it (storyapp/backends/trtllm_versions.py)."""
    from storyapp.backends.trtllm_versions import TESTED_RANGE, features

    version = probed or _version("tensorrt_llm")
    if version == "not installed":
        return f"not installed (tested range {TESTED_RANGE})"
    found = features(version)
    graphs = "on" if found.lora_cuda_graphs else "off"
    seeds = "reproducible" if found.per_request_seeds else "not reproducible (one shared seed)"
    return f"{found.describe()}; CUDA graphs with LoRA {graphs}; text {seeds}"


def _trt_int4(gpu) -> str:
    """Whether TensorRT-LLM runs a W4A16 AWQ checkpoint on this card, and why not."""
    if gpu is None:
        return "no CUDA GPU"
    from storyapp.backends.trtllm_int4 import int4_awq_gate

    runs, why = int4_awq_gate(gpu.capability)
    return why if runs else f"no: {why}"


def memory_plan(simulate: str | None, model: str, side: int) -> str:
    """The card's memory plan for `model` + SDXL base fp16 at side x side: for a simulated card
    of `simulate` (e.g. '8GB'), else for this machine's card from its free memory now."""
    from storyapp.story.memory_plan import (
        MODELS,
        CardTooSmall,
        parse_size,
        plan,
        simulated_free,
    )

    if model not in MODELS:
        return f"unknown --plan-model {model!r} (expected one of {', '.join(MODELS)})"
    if simulate:
        try:
            size = parse_size(simulate)
        except ValueError as e:
            return str(e)
        card, free = f"{size / 2**30:g} GB card (simulated)", simulated_free(size)
    else:
        import torch

        if not torch.cuda.is_available():
            return (
                "no CUDA GPU (everything runs on the CPU); --simulate-gpu 8GB shows a card's plan"
            )
        free, total = torch.cuda.mem_get_info()
        card = f"{torch.cuda.get_device_name()} ({total / 2**30:.0f} GB)"
    try:
        return plan(card, free, MODELS[model], width=side, height=side).describe()
    except CardTooSmall as e:
        return str(e)


def _default_model() -> str:
    from storyapp.engine import EngineError
    from storyapp.engine.loader.resolve import default_model_path

    try:
        path = default_model_path()
    except EngineError as e:
        return f"missing: {e}"
    return f"{path} ({path.stat().st_size / 1e6:.0f} MB)"


def _adapters() -> list[str]:
    """The two adapters the app uses, checked against the default model."""
    from storyapp.engine import EngineError
    from storyapp.engine.loader.gguf_model import open_gguf, read_config
    from storyapp.engine.loader.resolve import default_model_path
    from storyapp.story import Settings
    from storyapp.story.settings import adapter_paths

    try:
        model = default_model_path()
        base = read_config(model, open_gguf(model))
    except EngineError as e:
        base, why = None, f"cannot check: {e}"
    lines = []
    for name, (path, _) in adapter_paths(Settings()).items():
        if not path.exists():
            state = "missing: the base model writes that part"
        else:
            state = _adapter_state(name, path, base) if base else why
        lines.append(f"{name}: {path} ({state})")
    return lines


def _adapter_state(name: str, path, base) -> str:
    from storyapp.engine import EngineError
    from storyapp.engine.lora.loading import load_adapter

    try:
        adapter = load_adapter(name, path, base, 64)
    except EngineError as e:
        return f"unusable: {e}"
    return f"rank {adapter.max_rank} on {len(adapter.targets)} modules, fits the default model"


def _image_model() -> str:
    from storyapp.story import NO_IMAGE_MODEL, Settings
    from storyapp.story.settings import sdxl_source

    return sdxl_source(Settings()) or NO_IMAGE_MODEL.removesuffix("; wrote the text only")


def _backend(trt_usable: bool) -> list[str]:
    """The app's default, and what choosing TensorRT-LLM in Settings would give."""
    from storyapp.engine.utils import pick_device

    device = pick_device("auto").type
    trt = (
        "TensorRT-LLM in this process (needs a Hugging Face model folder in Settings)"
        if trt_usable
        else "the embedded engine (TensorRT-LLM cannot run here)"
    )
    return [f"embedded engine on {device} (the default)", f"with TensorRT-LLM chosen: {trt}"]
