"""A server of its own for the fault tests (import the fixtures, named with a leading underscore
so that test arguments do not shadow them): the default model (short context), small random PEFT
adapters written straight with safetensors, real uvicorn with the guards `storyapp serve` uses
(short deadlines, so that tests see them fire).
"""

import json
import resource
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file

from storyapp.engine import LLM
from storyapp.server.connection_guard import ConnectionLimits

from .live_server import LiveServer

KEY = "sk-faults-0123456789"
LIMITS = dict(header_timeout=2.0, body_timeout=2.0, per_client=256)


def write_adapter(folder: Path, cfg, seed: int, value: float | None = None, **config) -> Path:
    """A rank-4 LoRA on q_proj and v_proj of every layer; `value` overwrites one weight."""
    gen = torch.Generator().manual_seed(seed)
    tensors = {}
    for layer in range(cfg.num_layers):
        for target, out in (("q_proj", cfg.q_size), ("v_proj", cfg.kv_size)):
            key = f"base_model.model.model.layers.{layer}.self_attn.{target}"
            tensors[f"{key}.lora_A.weight"] = torch.randn(4, cfg.hidden_size, generator=gen) / 8
            tensors[f"{key}.lora_B.weight"] = torch.randn(out, 4, generator=gen) / 8
    if value is not None:
        tensors["base_model.model.model.layers.2.self_attn.v_proj.lora_B.weight"][1, 1] = value
    folder.mkdir(parents=True, exist_ok=True)
    save_file(tensors, folder / "adapter_model.safetensors")
    base = {"peft_type": "LORA", "r": 4, "lora_alpha": 8, "target_modules": ["q_proj", "v_proj"]}
    (folder / "adapter_config.json").write_text(json.dumps({**base, **config}))
    return folder


def raise_open_files(n: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(n, hard), hard))
    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < n:
        pytest.skip(f"cannot open {n} files (ulimit -n {hard})")


@pytest.fixture(scope="session", name="fault_llm")
def _fault_llm() -> LLM:
    return LLM.load("default", max_model_len=256, max_num_seqs=16)


@pytest.fixture(scope="session", name="allowed_dir")
def _allowed_dir(tmp_path_factory, fault_llm) -> Path:
    folder = tmp_path_factory.mktemp("allowed")
    write_adapter(folder / "good", fault_llm.config, 1)
    return folder


def start(llm: LLM, folder: Path, api_key: str | None) -> LiveServer:
    from storyapp.server import create_app

    for name in llm.adapters:
        llm.remove_adapter(name)
    llm.add_adapter("good", folder / "good")
    app = create_app(llm, "default", api_key=api_key, adapter_dirs=[folder])
    return LiveServer(app, ConnectionLimits(**LIMITS))


@pytest.fixture(scope="module", params=[None, KEY], ids=["keyless", "keyed"], name="any_server")
def _any_server(request, fault_llm, allowed_dir) -> Iterator[LiveServer]:
    """The same checks with and without an API key (one server at a time on the one engine)."""
    with start(fault_llm, allowed_dir, request.param) as live:
        live.key = request.param
        yield live


@pytest.fixture(scope="module", name="keyless")
def _keyless(fault_llm, allowed_dir) -> Iterator[LiveServer]:
    with start(fault_llm, allowed_dir, None) as live:
        live.key = None
        yield live


@pytest.fixture(scope="module", name="keyed")
def _keyed(fault_llm, allowed_dir) -> Iterator[LiveServer]:
    with start(fault_llm, allowed_dir, KEY) as live:
        live.key = KEY
        yield live
