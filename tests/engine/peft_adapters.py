"""The engine tests' adapter specs (ranks, scalings, target sets) and transformers' reference
answers for them."""

import copy
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


def peft_model(base, adapter: Path):
    """PEFT's model of `adapter` on a copy of `base` (transformers' Llama on the GGUF; the
    copy leaves `base` as it was, and is much quicker than reading the GGUF again)."""
    from peft import PeftModel

    return PeftModel.from_pretrained(copy.deepcopy(base), str(adapter))


def greedy(model, ids: list[int], n: int, eos: int = 2) -> list[int]:
    """transformers' greedy continuation, cut at the first end-of-turn token."""
    out = model.generate(torch.tensor([ids]), max_new_tokens=n, do_sample=False)[0, len(ids) :]
    tokens = out.tolist()
    return tokens[: tokens.index(eos)] if eos in tokens else tokens
