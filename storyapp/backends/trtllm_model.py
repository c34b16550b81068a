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
from .trtllm_probe import INT4_MIN_CAPABILITY, Gpu

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
    if quant and quant.startswith("W4A16") and gpu and gpu.capability < INT4_MIN_CAPABILITY:
        major, minor = gpu.capability
        raise BackendError(
            f"{folder / QUANT_FILE}: {quant} needs an Ampere or newer GPU (compute 8.0+); "
            f"{gpu.name} is compute {major}.{minor}: use the FP16 model folder instead"
        )
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
