"""Random LoRA adapters in PEFT's file format, shaped for any base config (no training needed)."""

import json
from pathlib import Path

import torch
from safetensors.torch import save_file

from storyapp.engine.lora.adapter import module_shapes
from storyapp.engine.models.config import ModelConfig

TARGET_SETS = {
    "qkvo": ["q_proj", "k_proj", "v_proj", "o_proj"],
    "all": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
}


def write_random_adapter(
    folder: Path, cfg: ModelConfig, rank: int, targets: str, seed: int
) -> Path:
    gen = torch.Generator().manual_seed(seed)
    shapes = module_shapes(cfg)
    tensors = {}
    for layer in range(cfg.num_layers):
        for target in TARGET_SETS[targets]:
            n_in, n_out = shapes[target]
            group = "self_attn" if target[0] in "qkvo" else "mlp"
            key = f"base_model.model.model.layers.{layer}.{group}.{target}"
            a = torch.randn(rank, n_in, generator=gen) / n_in**0.5
            b = torch.randn(n_out, rank, generator=gen) * 0.01
            tensors[f"{key}.lora_A.weight"] = a.half()
            tensors[f"{key}.lora_B.weight"] = b.half()
    folder.mkdir(parents=True, exist_ok=True)
    save_file(tensors, folder / "adapter_model.safetensors")
    config = {
        "peft_type": "LORA",
        "r": rank,
        "lora_alpha": 2 * rank,
        "target_modules": TARGET_SETS[targets],
        "bias": "none",
    }
    (folder / "adapter_config.json").write_text(json.dumps(config, indent=2))
    return folder
