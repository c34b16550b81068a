"""The model folder TensorRT-LLM loads: a Hugging Face Llama-family folder, FP16/BF16 or an
INT4 (W4A16 AWQ) checkpoint quantized with NVIDIA ModelOpt (it carries hf_quant_config.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from storyapp.engine import EngineError
from storyapp.engine.loader.hf_folder import read_config
from storyapp.engine.loader.tokenizer import Tokenizer
from storyapp.engine.models.config import ModelConfig

from .base import BackendError
from .trtllm_int4 import int4_awq_gate
from .trtllm_probe import Gpu

QUANT_FILE = "hf_quant_config.json"
NEEDS_FOLDER = (
    "TensorRT-LLM needs a Hugging Face model folder (e.g. Meta-Llama-3-8B-Instruct or its INT4 AWQ "
    "checkpoint made with ModelOpt); --model default is a GGUF file for the embedded backend"
)


@dataclass(slots=True, frozen=True)
class TrtModel:
    folder: Path
    config: ModelConfig
    tokenizer: Tokenizer
    quant: str | None  # e.g. "W4A16_AWQ"; None: the folder's own FP16/BF16 weights

    def weight_bytes(self) -> int:
        """The weights' size on the card: their files' size on disk (an INT4 checkpoint's files
        are already 4-bit)."""
        return sum(f.stat().st_size for f in self.folder.glob("*.safetensors"))

    def kv_bytes_per_token(self) -> int:
        """Keys and values of one token over all layers in a 16-bit cache."""
        c = self.config
        return c.num_layers * 2 * c.num_kv_heads * c.head_dim * 2

    def describe(self) -> str:
        if self.quant:
            return f"{self.folder.name} ({self.quant} base, FP16 adapters)"
        return f"{self.folder.name} (FP16/BF16 base: no {QUANT_FILE}, so not 4-bit)"


def open_model(model: str, gpu: Gpu | None) -> TrtModel:
    if model == "default" or model.endswith(".gguf"):
        raise BackendError(NEEDS_FOLDER)
    folder = Path(model).expanduser()
    if not folder.is_dir():
        raise BackendError(f"{folder}: no such model folder ({NEEDS_FOLDER})")
    try:
        config = read_config(folder)
        tokenizer = Tokenizer.load(folder, config.eos_ids)
    except EngineError as e:
        raise BackendError(str(e)) from e
    quant = read_quant(folder)
    if gpu is not None and (why := int4_refusal(folder, quant, gpu)):
        raise BackendError(why)
    return TrtModel(folder, config, tokenizer, quant)


def read_quant(folder: Path) -> str | None:
    """quantization.quant_algo of a ModelOpt checkpoint; None for an unquantized folder."""
    path = folder / QUANT_FILE
    if not path.is_file():
        return None
    try:
        algo = json.loads(path.read_text())["quantization"]["quant_algo"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise BackendError(f"{path}: expected quantization.quant_algo ({e!r})") from None
    return str(algo) if algo else None


def int4_refusal(folder: Path, quant: str | None, gpu: Gpu) -> str | None:
    """Why this GPU cannot run the folder's INT4 checkpoint in TensorRT-LLM; None when it can
    (or the folder is not INT4)."""
    if not quant or not quant.startswith("W4A16"):
        return None
    runs, why = int4_awq_gate(gpu.capability)
    if runs:
        return None
    return f"{folder / QUANT_FILE}: {quant} on {gpu.name}: {why}; use the FP16 model folder instead"


def int4_refusal_for(model: str, gpu: Gpu | None) -> str | None:
    """int4_refusal for a model setting, before anything loads; None for anything that is not
    a readable INT4 folder (its own errors come when the backend opens it)."""
    folder = Path(model).expanduser()
    if gpu is None or not folder.is_dir():
        return None
    try:
        return int4_refusal(folder, read_quant(folder), gpu)
    except BackendError:
        return None
