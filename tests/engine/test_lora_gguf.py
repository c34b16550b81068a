"""llama.cpp's GGUF LoRA format gives the same tokens as the PEFT folder it was converted from."""

import json

import numpy as np
import pytest
from gguf import GGUFWriter
from safetensors.torch import load_file

from storyapp.engine import SamplingParams
from storyapp.engine.lora.peft_format import KEY

GGUF_NAMES = {
    "q_proj": "attn_q",
    "k_proj": "attn_k",
    "v_proj": "attn_v",
    "o_proj": "attn_output",
    "gate_proj": "ffn_gate",
    "up_proj": "ffn_up",
    "down_proj": "ffn_down",
}


def llamacpp_permute(w: np.ndarray, heads: int) -> np.ndarray:
    """convert_hf_to_gguf.py's permute of q/k rows (rotary halves into pairs)."""
    return (
        w.reshape(heads, 2, w.shape[0] // heads // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)
    )


def peft_to_gguf(folder, out, heads=9, kv_heads=3):
    cfg = json.loads((folder / "adapter_config.json").read_text())
    writer = GGUFWriter(str(out), "llama")
    writer.add_string("general.type", "adapter")
    writer.add_string("adapter.type", "lora")
    writer.add_float32("adapter.lora.alpha", float(cfg["lora_alpha"]))
    for key, t in sorted(load_file(folder / "adapter_model.safetensors").items()):
        m = KEY.search(key)
        layer, target, ab = int(m.group(1)), m.group(2), m.group(3)
        w = t.float().numpy()
        if ab == "B" and target in ("q_proj", "k_proj"):
            w = llamacpp_permute(w, heads if target == "q_proj" else kv_heads)
        writer.add_tensor(f"blk.{layer}.{GGUF_NAMES[target]}.weight.lora_{ab.lower()}", w)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return out


@pytest.mark.slow
def test_gguf_lora_equals_its_peft_source(llm, adapters, tmp_path):
    path = peft_to_gguf(adapters["qkvo8"], tmp_path / "qkvo8.gguf")
    for name, source in (("peft-src", adapters["qkvo8"]), ("gguf-copy", path)):
        if name not in llm.adapters:
            llm.add_adapter(name, source)
    prompt = llm.chat_prompts([{"role": "user", "content": "Describe a river."}])[0]
    peft_out, gguf_out, base = llm.generate(
        prompt, SamplingParams(max_tokens=16), ["peft-src", "gguf-copy", None]
    )
    assert gguf_out.token_ids == peft_out.token_ids
    assert peft_out.token_ids != base.token_ids


@pytest.mark.slow
def test_cli_complete_with_adapter(run_cli, adapters):
    base = run_cli(
        "complete", "Describe a river.", "--chat", "--temperature", "0", "--max-tokens", "12"
    )
    tuned = run_cli(
        "complete",
        "Describe a river.",
        "--chat",
        "--temperature",
        "0",
        "--max-tokens",
        "12",
        "--adapter",
        adapters["qkvo8"],
    )
    assert base.returncode == 0 and tuned.returncode == 0, tuned.stderr
    assert tuned.stdout.rstrip("\n") and tuned.stdout != base.stdout


@pytest.mark.slow
def test_cli_refuses_a_pickled_adapter(run_cli, tmp_path):
    (tmp_path / "adapter_model.bin").write_bytes(b"\x80\x04")
    out = run_cli("complete", "hi", "--adapter", tmp_path / "adapter_model.bin")
    assert out.returncode != 0 and "pickled adapters are refused" in out.stderr
    assert "Traceback" not in out.stderr
