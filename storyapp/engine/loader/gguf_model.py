"""A llama-architecture GGUF file as packed engine weights."""

import struct
from pathlib import Path

import numpy as np
import torch

from ..errors import ModelLoadError
from ..layers.embedding import BlockRows, DenseRows, RowTable
from ..models.config import ModelConfig
from ..models.weights import LayerWeights, ModelWeights
from . import gguf_tensors as gt
from .codes import build_fused, build_linear
from .gguf_header import GGUFHeader

ARCHITECTURES = {"llama", "mistral"}


def open_gguf(path: Path) -> GGUFHeader:
    if not path.is_file():
        raise ModelLoadError(f"no such model file: {path}")
    try:
        return GGUFHeader(path)
    except (OSError, ValueError, struct.error, OverflowError) as e:
        raise ModelLoadError(
            f"{path}: not a readable GGUF file ({e or type(e).__name__})"
        ) from None


def field(reader: GGUFHeader, key: str, default=None):
    return reader.fields.get(key, default)


def read_config(path: Path, reader: GGUFHeader) -> ModelConfig:
    arch = field(reader, "general.architecture")
    if arch not in ARCHITECTURES:
        raise ModelLoadError(f"{path}: architecture '{arch}' is not supported (llama family only)")

    def need(key: str):
        value = field(reader, f"{arch}.{key}")
        if value is None:
            raise ModelLoadError(f"{path}: metadata field '{arch}.{key}' is missing")
        return value

    heads = need("attention.head_count")
    hidden = need("embedding_length")
    vocab = field(reader, f"{arch}.vocab_size") or len(reader.fields["tokenizer.ggml.tokens"])
    scaling = None
    if field(reader, f"{arch}.rope.scaling.type") == "linear":
        scaling = {"rope_type": "linear", "factor": field(reader, f"{arch}.rope.scaling.factor")}
    eos = field(reader, "tokenizer.ggml.eos_token_id")
    return ModelConfig(
        vocab_size=vocab,
        hidden_size=hidden,
        intermediate_size=need("feed_forward_length"),
        num_layers=need("block_count"),
        num_heads=heads,
        num_kv_heads=field(reader, f"{arch}.attention.head_count_kv", heads),
        head_dim=field(reader, f"{arch}.attention.key_length", hidden // heads),
        rms_eps=field(reader, f"{arch}.attention.layer_norm_rms_epsilon", 1e-5),
        rope_theta=field(reader, f"{arch}.rope.freq_base", 10000.0),
        rope_scaling=scaling,
        max_position=need("context_length"),
        tie_embeddings="output.weight" not in {t.name for t in reader.tensors},
        name=field(reader, "general.name", path.stem),
        eos_ids=[eos] if eos is not None else [],
    )


def load_gguf(path: Path, device: torch.device, dtype: torch.dtype) -> ModelWeights:
    reader = open_gguf(path)
    cfg = read_config(path, reader)
    tensors = {t.name: t for t in reader.tensors}
    gt.warn_lossy(str(path), reader.tensors)

    def get(name: str):
        if name not in tensors:
            raise ModelLoadError(f"{path}: tensor '{name}' is missing")
        return tensors[name]

    def codes(name: str):
        t = get(name)
        try:
            return gt.decode(str(path), t)
        except (ValueError, RuntimeError) as e:
            raise ModelLoadError(f"{path}: tensor '{name}' is damaged ({e})") from None

    def norm(name: str) -> torch.Tensor:
        return gt.vector(str(path), get(name)).to(device)  # norms run in float32

    layers = []
    for i in range(cfg.num_layers):
        p = f"blk.{i}."
        layers.append(
            LayerWeights(
                attn_norm=norm(p + "attn_norm.weight"),
                qkv=build_fused([codes(p + f"attn_{x}.weight") for x in "qkv"], device, dtype),
                o=build_linear(codes(p + "attn_output.weight"), device, dtype),
                ffn_norm=norm(p + "ffn_norm.weight"),
                gate_up=build_fused(
                    [codes(p + f"ffn_{x}.weight") for x in ("gate", "up")], device, dtype
                ),
                down=build_linear(codes(p + "ffn_down.weight"), device, dtype),
            )
        )
    emb = get("token_embd.weight")
    gt.check_type(str(path), emb)
    if emb.tensor_type in gt.LOSSLESS - {gt.Q.Q4_0, gt.Q.Q4_1, gt.Q.Q8_0}:
        embed: RowTable = DenseRows(
            gt.vector(str(path), emb).reshape(-1, cfg.hidden_size).to(dtype)
        )
    else:
        embed = BlockRows(torch.from_numpy(np.array(emb.data, copy=True)), emb.tensor_type)
    head = codes("token_embd.weight" if cfg.tie_embeddings else "output.weight")
    rope_freqs = tensors.get("rope_freqs.weight")
    return ModelWeights(
        config=cfg,
        embed=embed,
        layers=layers,
        norm=norm("output_norm.weight"),
        lm_head=build_linear(head, device, dtype),
        rope_freqs=None if rope_freqs is None else gt.vector(str(path), rope_freqs),
    )
