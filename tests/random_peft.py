"""Random PEFT adapters, written by PEFT itself (the format's reference): the one builder the
engine, story and server tests share. Imported as `random_peft` (pytest puts tests/ on the
path)."""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import torch


@functools.cache
def _loaded(gguf: Path):
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(
        str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32
    )


def base_model(gguf: Path):
    """transformers' Llama on the GGUF, dequantized to float32: a copy of the one loaded per
    test process (transformers takes ~25 s to read a GGUF; a copy takes 0.3 s)."""
    return copy.deepcopy(_loaded(gguf))


def make_adapters(
    folder: Path, gguf: Path, specs: dict[str, dict], seed: int = 0, b_scale: float = 1.0
) -> dict[str, Path]:
    """One adapter per name in `specs` (LoraConfig fields) for the model in `gguf`, seeded
    `seed`, `seed + 1`, ...; `b_scale` multiplies lora_B, to make outputs change visibly."""
    from peft import LoraConfig, get_peft_model

    base = base_model(gguf)
    out = {}
    for i, (name, spec) in enumerate(specs.items()):
        torch.manual_seed(seed + i)
        model = get_peft_model(base, LoraConfig(init_lora_weights=False, **spec))
        if b_scale != 1.0:
            for pname, p in model.named_parameters():
                if "lora_B" in pname:
                    p.data *= b_scale
        model.save_pretrained(folder / name)
        base = model.unload()
        out[name] = folder / name
    return out


def make_unfit(folder: Path, targets: list[str]) -> Path:
    """A LoRA adapter for a 64-wide, 2-layer Llama: the wrong shapes for SmolLM2-135M."""
    from peft import LoraConfig, get_peft_model
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    small = LlamaForCausalLM(
        LlamaConfig(
            vocab_size=256,
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
        )
    )
    model = get_peft_model(small, LoraConfig(r=4, target_modules=targets))
    model.save_pretrained(folder / "unfit")
    return folder / "unfit"
