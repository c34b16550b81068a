"""The base model and tokenizer to train on: the embedded default, a GGUF file or an HF folder.

GGUF weights are dequantized to float32 (training needs real gradients through them), by
gguf_base for Llama files, else by transformers; `--qlora` instead loads the base in 4-bit NF4
with bitsandbytes, which needs CUDA."""

from pathlib import Path

import torch

from storyapp.engine.loader.resolve import resolve
from storyapp.engine.loader.tokenizer import Tokenizer

from .errors import TrainingError
from .gguf_base import llama_from_gguf

DEFAULT_NAME = "HuggingFaceTB/SmolLM2-135M-Instruct"


def base_name(model: str) -> str:
    """What `base_model_name_or_path` says in the saved adapter: the hub id servers resolve."""
    return DEFAULT_NAME if model == "default" else str(Path(model).expanduser())


def load_tokenizer(model: str):
    try:
        return Tokenizer.load(resolve(model)).hf  # GGUF conversions are cached by the engine
    except Exception as e:
        raise TrainingError(str(e)) from None


def load_model(model: str, device: torch.device, qlora: bool):
    from transformers import AutoModelForCausalLM

    path = resolve(model)
    kw: dict = {"dtype": torch.float32}
    if qlora:
        kw |= _qlora_options(device)
    try:
        m = llama_from_gguf(path) if path.is_file() and not qlora else None
        if m is None:
            where = {"gguf_file": path.name} if path.is_file() else {}
            folder = path.parent if path.is_file() else path
            m = AutoModelForCausalLM.from_pretrained(str(folder), **kw, **where)
    except Exception as e:
        raise TrainingError(f"{path}: cannot load the base model for training ({e})") from None
    if not qlora:
        m.to(device)  # type: ignore[arg-type]  # functools.wraps types the method as unbound
    m.config.use_cache = False
    return m


def _qlora_options(device: torch.device) -> dict:
    if device.type != "cuda":
        raise TrainingError(
            "--qlora needs a CUDA GPU (bitsandbytes 4-bit); on CPU, train without --qlora "
            "(float32 LoRA)"
        )
    try:
        import bitsandbytes  # noqa: F401
        from transformers import BitsAndBytesConfig
    except ImportError:
        raise TrainingError("--qlora needs bitsandbytes: pip install bitsandbytes") from None
    return {
        "quantization_config": BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16,
        ),
        "device_map": {"": device.index or 0},
    }


def set_threads(n: int) -> int:
    """On a busy CPU, fewer threads train faster: each parallel op waits for its slowest thread,
    and a thread the scheduler has parked stalls them all (10x slower seen on 2 shared cores)."""
    import os
    import sys

    if n <= 0:
        cores = os.cpu_count() or 1
        if sys.platform == "win32":
            load = 0.0  # Windows has no load average: every core counts as idle
        else:
            load = os.getloadavg()[0]
        n = max(1, min(cores, cores - int(load)))
    torch.set_num_threads(n)
    return n


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    dev = torch.device(name)
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise TrainingError("--device cuda: no CUDA GPU is available")
    return dev
