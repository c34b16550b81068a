"""transformers' Llama for a GGUF file, built from the engine's GGUF reader.

transformers reads a GGUF's metadata with gguf's GGUFReader, a view per vocabulary string, and
builds a name map per tensor: 25 s for the default model before training can start. This builds
the same model (the same config fields, every weight dequantized by gguf as transformers does,
q and k un-permuted from llama.cpp's rotary layout) in about 3 s. Files it does not cover (other
architectures, Llama 3.1's rope_freqs) return None, and the caller uses transformers' loader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from storyapp.engine.layers.rotary import from_interleaved
from storyapp.engine.loader.gguf_model import open_gguf, read_config
from storyapp.engine.loader.gguf_tensors import vector

NAMES = {
    "attn_norm": "input_layernorm",
    "attn_q": "self_attn.q_proj",
    "attn_k": "self_attn.k_proj",
    "attn_v": "self_attn.v_proj",
    "attn_output": "self_attn.o_proj",
    "ffn_norm": "post_attention_layernorm",
    "ffn_gate": "mlp.gate_proj",
    "ffn_up": "mlp.up_proj",
    "ffn_down": "mlp.down_proj",
}


def llama_from_gguf(path: Path):
    """A float32 LlamaForCausalLM with the file's weights, or None where this builder does not
    cover the file."""
    from transformers import LlamaConfig, LlamaForCausalLM

    header = open_gguf(path)
    if header.fields.get("general.architecture") != "llama":
        return None
    tensors = {t.name: t for t in header.tensors}
    if "rope_freqs.weight" in tensors:
        return None
    c = read_config(path, header)
    # rope_theta and rope_scaling: the names transformers 4 takes, and 5 still reads
    fields: dict[str, Any] = dict(
        vocab_size=c.vocab_size,
        hidden_size=c.hidden_size,
        intermediate_size=c.intermediate_size,
        num_hidden_layers=c.num_layers,
        num_attention_heads=c.num_heads,
        num_key_value_heads=c.num_kv_heads,
        head_dim=c.head_dim,
        rms_norm_eps=c.rms_eps,
        rope_theta=c.rope_theta,
        rope_scaling=c.rope_scaling,
        max_position_embeddings=c.max_position,
        tie_word_embeddings=c.tie_embeddings,
        bos_token_id=header.fields.get("tokenizer.ggml.bos_token_id"),
        eos_token_id=header.fields.get("tokenizer.ggml.eos_token_id"),
        pad_token_id=header.fields.get("tokenizer.ggml.padding_token_id"),
    )
    config = LlamaConfig(**fields)

    def weight(name: str) -> torch.Tensor:
        t = tensors[name]
        return vector(str(path), t).reshape([int(d) for d in reversed(t.shape)])

    state = {"model.embed_tokens.weight": weight("token_embd.weight")}
    state["model.norm.weight"] = weight("output_norm.weight")
    if not c.tie_embeddings:
        state["lm_head.weight"] = weight("output.weight")
    for i in range(c.num_layers):
        for gguf_name, hf_name in NAMES.items():
            w = weight(f"blk.{i}.{gguf_name}.weight")
            if gguf_name == "attn_q":
                w = from_interleaved(w, c.num_heads)
            elif gguf_name == "attn_k":
                w = from_interleaved(w, c.num_kv_heads)
            state[f"model.layers.{i}.{hf_name}.weight"] = w
    with torch.device("meta"):
        model = LlamaForCausalLM(config)
    model.load_state_dict(state, strict=False, assign=True)
    if c.tie_embeddings:
        model.tie_weights()
    missing = [n for n, p in model.named_parameters() if p.is_meta]
    if missing:
        raise ValueError(f"{path}: no weights in the file for {', '.join(missing[:3])}")
    model.model.rotary_emb = type(model.model.rotary_emb)(config=config)  # its buffers
    return model.float().eval()
