"""Convert a PEFT LoRA folder into llama.cpp's GGUF LoRA format (what convert_lora_to_gguf.py writes).

    python benchmarks/lora_to_gguf.py ADAPTER_DIR BASE.gguf OUT.gguf [--f16]

The base model's GGUF gives the architecture and head counts: llama.cpp stores q/k rows with each
head's two rotary halves interleaved, so the rows of lora_B for q and k are permuted the same way.
"""

import argparse
import json
import re
from pathlib import Path

import numpy as np
from gguf import GGUFReader, GGUFType, GGUFWriter, Keys
from safetensors.torch import load_file

GGUF_NAMES = {
    "q_proj": "attn_q",
    "k_proj": "attn_k",
    "v_proj": "attn_v",
    "o_proj": "attn_output",
    "gate_proj": "ffn_gate",
    "up_proj": "ffn_up",
    "down_proj": "ffn_down",
}
KEY = re.compile(r"layers\.(\d+)\.(?:self_attn|mlp)\.(\w+)\.lora_([AB])\.weight$")


def llamacpp_permute(w: np.ndarray, heads: int) -> np.ndarray:
    """convert_hf_to_gguf.py's permute of q/k rows (rotary halves into pairs)."""
    return (
        w.reshape(heads, 2, w.shape[0] // heads // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)
    )


def _base_info(base_gguf: Path) -> tuple[str, int, int]:
    fields = GGUFReader(base_gguf).fields
    arch = fields["general.architecture"].contents()
    heads = fields[f"{arch}.attention.head_count"].contents()
    kv = fields.get(f"{arch}.attention.head_count_kv")
    return arch, heads, kv.contents() if kv else heads


def _alpha(cfg: dict, folder: Path) -> float:
    for key in ("use_rslora", "use_dora", "alpha_pattern", "rank_pattern", "modules_to_save"):
        if cfg.get(key):
            raise ValueError(f"{folder}: '{key}' has no equivalent in llama.cpp's LoRA format")
    return float(cfg.get("lora_alpha", cfg["r"]))


def convert(folder: str | Path, base_gguf: str | Path, out: str | Path, f16: bool = False) -> Path:
    folder, out = Path(folder), Path(out)
    cfg = json.loads((folder / "adapter_config.json").read_text())
    alpha = _alpha(cfg, folder)
    arch, heads, kv_heads = _base_info(Path(base_gguf))
    writer = GGUFWriter(str(out), arch)
    writer.add_type(GGUFType.ADAPTER)
    writer.add_string(Keys.Adapter.TYPE, "lora")
    writer.add_float32(Keys.Adapter.LORA_ALPHA, alpha)
    for key, t in sorted(load_file(folder / "adapter_model.safetensors").items()):
        m = KEY.search(key)
        if not m or m.group(2) not in GGUF_NAMES:
            raise ValueError(f"{folder}: tensor {key!r} is not LoRA on q/k/v/o/gate/up/down")
        layer, target, ab = int(m.group(1)), m.group(2), m.group(3)
        w = t.float().numpy()
        if ab == "B" and target in ("q_proj", "k_proj"):
            w = llamacpp_permute(w, heads if target == "q_proj" else kv_heads)
        w = w.astype(np.float16 if f16 else np.float32)
        writer.add_tensor(f"blk.{layer}.{GGUF_NAMES[target]}.weight.lora_{ab.lower()}", w)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("adapter", help="PEFT folder (adapter_config.json + adapter_model.safetensors)")
    p.add_argument("base", help="the base model's GGUF (architecture and head counts)")
    p.add_argument("out", help="GGUF file to write")
    p.add_argument("--f16", action="store_true", help="store F16 instead of F32")
    a = p.parse_args()
    print(convert(a.adapter, a.base, a.out, a.f16))


if __name__ == "__main__":
    main()
