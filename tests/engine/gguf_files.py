"""Small GGUF files for error tests, written with the gguf package."""

from pathlib import Path

import numpy as np
from gguf import GGMLQuantizationType, GGUFWriter


def write_gguf(path: Path, arch: str = "llama", tensor_type=GGMLQuantizationType.F32) -> Path:
    w = GGUFWriter(str(path), arch)
    w.add_block_count(1)
    w.add_embedding_length(64)
    w.add_feed_forward_length(128)
    w.add_head_count(2)
    w.add_head_count_kv(1)
    w.add_context_length(256)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(100)
    shapes = {
        "token_embd.weight": (100, 64),
        "output_norm.weight": (64,),
        "blk.0.attn_norm.weight": (64,),
        "blk.0.ffn_norm.weight": (64,),
        "blk.0.attn_q.weight": (64, 64),
        "blk.0.attn_k.weight": (32, 64),
        "blk.0.attn_v.weight": (32, 64),
        "blk.0.attn_output.weight": (64, 64),
        "blk.0.ffn_gate.weight": (128, 64),
        "blk.0.ffn_up.weight": (128, 64),
        "blk.0.ffn_down.weight": (64, 128),
    }
    for name, shape in shapes.items():
        data = np.ones(shape, dtype=np.float32)
        if name == "blk.0.attn_q.weight" and tensor_type != GGMLQuantizationType.F32:
            raw = np.zeros((64, 66), dtype=np.uint8)  # one 256-element IQ2_XXS block a row
            w.add_tensor(name, raw, raw_shape=raw.shape, raw_dtype=tensor_type)
            continue
        w.add_tensor(name, data)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path
