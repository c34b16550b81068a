"""A card too small for any memory plan says so in one sentence before the LLM loads; the card
is simulated ($STORYAPP_SIMULATE_GPU) and the model's size read from its files on disk."""

import json
import time
from pathlib import Path

import pytest

from storyapp.story import Settings, open_text_backend
from storyapp.story.memory_plan import LLAMA3_8B_INT4, CardTooSmall
from storyapp.story.setup import check_card
from storyapp.system.paths import SIMULATE_GPU_ENV

LLAMA3_8B = {
    "architectures": ["LlamaForCausalLM"],
    "vocab_size": 128256,
    "hidden_size": 4096,
    "intermediate_size": 14336,
    "num_hidden_layers": 32,
    "num_attention_heads": 32,
    "num_key_value_heads": 8,
    "max_position_embeddings": 8192,
    "torch_dtype": "bfloat16",
}


@pytest.fixture
def sentinel_8b(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An 8B folder whose weights are 16 GB of holes (no loader could read them), and a loader
    that fails the test if it is reached."""
    folder = tmp_path / "llama3-8b"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(LLAMA3_8B))
    with open(folder / "model.safetensors", "wb") as f:
        f.truncate(16 * 10**9)  # sparse: nothing written

    def never(*args, **kwargs):
        raise AssertionError("the model was loaded")

    from storyapp.engine import LLM

    monkeypatch.setattr(LLM, "load", never)
    return folder


def test_a_card_too_small_says_so_before_the_model_loads(sentinel_8b, monkeypatch):
    monkeypatch.setenv(SIMULATE_GPU_ENV, "4GB")
    settings = Settings(model=str(sentinel_8b), image=False)
    start = time.perf_counter()
    with pytest.raises(CardTooSmall) as e:
        open_text_backend(settings)
    assert time.perf_counter() - start < 2
    message = str(e.value)
    assert message.startswith("4 GB card (simulated) has 3.8 GB free, but llama3-8b")
    assert "smaller model" in message and "--device cpu" in message
    assert message.count(". ") == 0  # one sentence


def test_the_plan_before_loading_reads_the_size_from_disk(sentinel_8b, monkeypatch):
    monkeypatch.setenv(SIMULATE_GPU_ENV, "12GB")
    found = check_card(Settings(model=str(sentinel_8b), image=False))
    assert found is not None and found.card == "12 GB card (simulated)"
    weights = found.text_peak - LLAMA3_8B_INT4.kv_bytes(4, 2048)  # the CUDA default cache
    assert 0.9 * 5 * 10**9 < weights < 5.5 * 10**9  # 16 GB of bfloat16 as int4, plus work


def test_no_check_on_the_cpu_or_without_a_simulated_card(sentinel_8b, monkeypatch):
    monkeypatch.setenv(SIMULATE_GPU_ENV, "1GB")
    assert check_card(Settings(model=str(sentinel_8b), device="cpu")) is None
    monkeypatch.setenv(SIMULATE_GPU_ENV, "1GB")
    assert check_card(Settings(backend="openai_http", model=str(sentinel_8b))) is None


def test_doctor_reads_the_simulated_card_from_the_environment(monkeypatch, capsys):
    import argparse

    from storyapp.cli import doctor

    monkeypatch.setattr(doctor, "gather", dict)
    monkeypatch.setenv(SIMULATE_GPU_ENV, "12GB")
    args = argparse.Namespace(json=False, plan_model="llama3-8b", plan_size=1024)
    doctor.run(args)
    assert "12 GB card (simulated)" in capsys.readouterr().out
