"""Random LoRA adapters for the default model, written by PEFT (the format's reference)."""

from pathlib import Path

import torch

SPECS = {
    "qkvo8": dict(r=8, lora_alpha=16, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"]),
    "mlp4rs": dict(
        r=4,
        lora_alpha=8,
        use_rslora=True,
        target_modules=["gate_proj", "up_proj", "down_proj", "q_proj"],
    ),
    "pattern16": dict(
        r=16,
        lora_alpha=16,
        target_modules=["v_proj", "down_proj"],
        rank_pattern={"down_proj": 2},
        alpha_pattern={"v_proj": 4},
    ),
}


def base_model(gguf_path: Path):
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(
        str(gguf_path.parent), gguf_file=gguf_path.name, dtype=torch.float32
    )


def make_adapters(folder: Path, gguf_path: Path, specs: dict = SPECS) -> dict[str, Path]:
    from peft import LoraConfig, get_peft_model

    out = {}
    for i, (name, spec) in enumerate(specs.items()):
        torch.manual_seed(i)
        model = get_peft_model(base_model(gguf_path), LoraConfig(init_lora_weights=False, **spec))
        for pname, p in model.named_parameters():
            if "lora_B" in pname:
                p.data *= 3  # large enough to change greedy choices
        model.save_pretrained(folder / name)
        out[name] = folder / name
    return out


def peft_model(gguf_path: Path, adapter: Path):
    from peft import PeftModel

    return PeftModel.from_pretrained(base_model(gguf_path), str(adapter))


def greedy(model, ids: list[int], n: int, eos: int = 2) -> list[int]:
    """transformers' greedy continuation, cut at the first end-of-turn token."""
    out = model.generate(torch.tensor([ids]), max_new_tokens=n, do_sample=False)[0, len(ids) :]
    tokens = out.tolist()
    return tokens[: tokens.index(eos)] if eos in tokens else tokens
