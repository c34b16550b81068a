"""Random rank-4 PEFT adapters on q_proj and v_proj for the default model, written by PEFT."""

from pathlib import Path

import torch


def make_adapters(folder: Path, gguf: Path, names: list[str]) -> dict[str, Path]:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    base = AutoModelForCausalLM.from_pretrained(
        str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32
    )
    out = {}
    for i, name in enumerate(names):
        torch.manual_seed(200 + i)
        config = LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
        model = get_peft_model(base, config)
        model.save_pretrained(folder / name)
        base = model.unload()
        out[name] = folder / name
    return out
