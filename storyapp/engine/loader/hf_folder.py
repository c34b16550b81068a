"""A Hugging Face folder (config.json + safetensors + tokenizer) of a Llama 2/3-family model.

Weights are quantized to int4 groups at load (``quant="int4"``) or kept in bfloat16 (``"bf16"``),
one tensor at a time, so no full float copy of the model is ever held.
"""

from pathlib import Path

import numpy as np
import torch
from gguf import GGMLQuantizationType
from gguf.quants import quantize
from safetensors import safe_open

from ..errors import ModelLoadError
from ..layers.embedding import BlockRows, DenseRows, RowTable
from ..layers.quant import quantize_affine
from ..layers.rotary import to_interleaved
from ..models.config import ModelConfig
from ..models.weights import LayerWeights, ModelWeights
from ..utils import read_json
from .codes import DenseCodes, Int4Codes, build_fused, build_linear
from .config_fields import check_fields

ARCHITECTURES = {"LlamaForCausalLM", "MistralForCausalLM"}
MODEL_TYPES = {"llama", "mistral"}
QUANTS = ("int4", "bf16")


def read_config(folder: Path) -> ModelConfig:
    path, c = read_json(folder, "config.json", ModelLoadError, "a model folder")
    check_fields(path, c)
    archs = set(c.get("architectures") or [])
    if not archs & ARCHITECTURES and c.get("model_type") not in MODEL_TYPES:
        raise ModelLoadError(
            f"{path}: architecture {sorted(archs) or c.get('model_type')} is not supported "
            "(llama family only)"
        )
    # transformers 5 writes "rope_parameters"; older configs rope_theta + rope_scaling
    rope = c.get("rope_parameters") or {
        **(c.get("rope_scaling") or {}),
        "rope_theta": c.get("rope_theta"),
    }
    scaling = rope if rope.get("rope_type", rope.get("type", "default")) != "default" else None
    try:
        heads = c["num_attention_heads"]
        eos = c.get("eos_token_id")
        return ModelConfig(
            vocab_size=c["vocab_size"],
            hidden_size=c["hidden_size"],
            intermediate_size=c["intermediate_size"],
            num_layers=c["num_hidden_layers"],
            num_heads=heads,
            num_kv_heads=c.get("num_key_value_heads", heads),
            head_dim=c.get("head_dim") or c["hidden_size"] // heads,
            rms_eps=c.get("rms_norm_eps", 1e-5),
            rope_theta=rope.get("rope_theta") or 10000.0,
            rope_scaling=scaling,
            max_position=c.get("max_position_embeddings", 4096),
            tie_embeddings=c.get("tie_word_embeddings", False),
            name=folder.name,
            eos_ids=eos if isinstance(eos, list) else [eos] if eos is not None else [],
        )
    except KeyError as e:
        raise ModelLoadError(f"{path}: field {e} is missing") from None


class TensorIndex:
    """Tensor name -> the safetensors file holding it; loads one tensor at a time."""

    def __init__(self, folder: Path):
        files = sorted(folder.glob("*.safetensors"))
        if not files:
            bins = sorted(p.name for p in folder.glob("*.bin"))
            hint = (
                f" (found {bins[0]}: pickled weights are not loaded, they can run code)"
                if bins
                else ""
            )
            raise ModelLoadError(f"{folder}: no .safetensors weights{hint}")
        self.where: dict[str, Path] = {}
        for f in files:
            try:
                with safe_open(f, "pt") as st:
                    self.where.update(dict.fromkeys(st.keys(), f))
            except Exception as e:
                raise ModelLoadError(f"{f}: not a readable safetensors file ({e})") from None
        self.folder = folder

    def __contains__(self, name: str) -> bool:
        return name in self.where

    def get(self, name: str) -> torch.Tensor:
        if name not in self.where:
            raise ModelLoadError(f"{self.folder}: tensor '{name}' is missing")
        with safe_open(self.where[name], "pt") as st:
            return st.get_tensor(name)


def load_hf_folder(folder: Path, device, dtype, quant: str = "int4") -> ModelWeights:
    if quant not in QUANTS:
        raise ValueError(f"unknown quantization '{quant}' (expected {' or '.join(QUANTS)})")
    cfg = read_config(folder)
    st = TensorIndex(folder)

    def codes(name: str, heads: int = 0):
        w = st.get(name).float()
        if heads:
            w = to_interleaved(w, heads)
        if quant == "bf16":
            return DenseCodes(w.to(torch.bfloat16))
        return Int4Codes(*quantize_affine(w))

    def norm(name: str) -> torch.Tensor:
        return st.get(name).float().to(device)

    layers = []
    for i in range(cfg.num_layers):
        p = f"model.layers.{i}."
        qkv = [
            codes(p + "self_attn.q_proj.weight", cfg.num_heads),
            codes(p + "self_attn.k_proj.weight", cfg.num_kv_heads),
            codes(p + "self_attn.v_proj.weight"),
        ]
        layers.append(
            LayerWeights(
                attn_norm=norm(p + "input_layernorm.weight"),
                qkv=build_fused(qkv, device, dtype),
                o=build_linear(codes(p + "self_attn.o_proj.weight"), device, dtype),
                ffn_norm=norm(p + "post_attention_layernorm.weight"),
                gate_up=build_fused(
                    [codes(p + "mlp.gate_proj.weight"), codes(p + "mlp.up_proj.weight")],
                    device,
                    dtype,
                ),
                down=build_linear(codes(p + "mlp.down_proj.weight"), device, dtype),
            )
        )
    emb = st.get("model.embed_tokens.weight")
    if quant == "bf16":
        embed: RowTable = DenseRows(emb.to(torch.bfloat16))
    else:  # rows kept as Q8_0 blocks: 8.5 bits a weight, decoded on lookup
        raw = quantize(emb.float().numpy(), GGMLQuantizationType.Q8_0)
        embed = BlockRows(torch.from_numpy(np.ascontiguousarray(raw)), GGMLQuantizationType.Q8_0)
    head_name = "lm_head.weight" if "lm_head.weight" in st else "model.embed_tokens.weight"
    return ModelWeights(
        config=cfg,
        embed=embed,
        layers=layers,
        norm=norm("model.norm.weight"),
        lm_head=build_linear(codes(head_name), device, dtype),
    )
