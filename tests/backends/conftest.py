import json
import shutil
import sys
from pathlib import Path

import pytest

from storyapp.backends import trtllm_probe
from storyapp.system.package_data import shipped_adapters

from .trtllm_double import Recorder, modules

ASSETS = shipped_adapters()
RTX_4090 = trtllm_probe.Gpu("NVIDIA GeForce RTX 4090", (8, 9), 24 * 2**30, 22 * 2**30)


@pytest.fixture(scope="session")
def model_folder(tmp_path_factory) -> Path:
    """A Hugging Face folder for the default model's shape: config.json and the real tokenizer
    (what TensorRT-LLM reads besides the weights, which the double does not need)."""
    from storyapp.engine.loader.gguf_model import open_gguf, read_config
    from storyapp.engine.loader.resolve import default_model_path
    from storyapp.engine.loader.tokenizer import from_gguf

    gguf = default_model_path()
    cfg = read_config(gguf, open_gguf(gguf))
    folder = tmp_path_factory.mktemp("smollm2-trt")
    config = {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "vocab_size": cfg.vocab_size,
        "hidden_size": cfg.hidden_size,
        "intermediate_size": cfg.intermediate_size,
        "num_hidden_layers": cfg.num_layers,
        "num_attention_heads": cfg.num_heads,
        "num_key_value_heads": cfg.num_kv_heads,
        "max_position_embeddings": cfg.max_position,
        "rms_norm_eps": cfg.rms_eps,
        "rope_theta": cfg.rope_theta,
        "tie_word_embeddings": cfg.tie_embeddings,
        "eos_token_id": cfg.eos_ids[0] if cfg.eos_ids else 2,
    }
    (folder / "config.json").write_text(json.dumps(config))
    from_gguf(gguf).save_pretrained(folder)
    return folder


@pytest.fixture
def adapters(tmp_path) -> dict[str, Path]:
    """The shipped adapters, copied so a test may change them."""
    out = {}
    for name in ("story-writer", "sd-prompt-writer"):
        out[name] = tmp_path / name
        shutil.copytree(ASSETS / name, out[name], ignore=shutil.ignore_patterns("*.png"))
    return out


@pytest.fixture
def trt(monkeypatch) -> Recorder:
    """TensorRT-LLM's double installed in sys.modules and an RTX 4090 in place of torch's view
    of the GPU: the two things this machine does not have."""
    recorder = Recorder()
    for name, module in modules(recorder).items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(trtllm_probe, "cuda_gpu", lambda: RTX_4090)
    return recorder
