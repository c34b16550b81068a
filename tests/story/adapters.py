"""Small random PEFT adapters, written by PEFT itself: two that fit the default model, one that
does not (made for a different, tiny Llama)."""

from __future__ import annotations

from pathlib import Path

import torch

TARGETS = ["q_proj", "v_proj", "down_proj"]


def make_fitting(folder: Path, gguf: Path, names: list[str]) -> dict[str, Path]:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    base = AutoModelForCausalLM.from_pretrained(
        str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32
    )
    out = {}
    for i, name in enumerate(names):
        torch.manual_seed(100 + i)
        config = LoraConfig(r=4, lora_alpha=8, target_modules=TARGETS, init_lora_weights=False)
        model = get_peft_model(base, config)
        model.save_pretrained(folder / name)
        base = model.unload()
        out[name] = folder / name
    return out


def make_unfit(folder: Path) -> Path:
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
    model = get_peft_model(small, LoraConfig(r=4, target_modules=TARGETS))
    model.save_pretrained(folder / "unfit")
    return folder / "unfit"
