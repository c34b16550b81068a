"""One real server for the session: the default model as users run it (int4 weights, bfloat16
activations), four random adapters, an API key."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from random_peft import make_adapters

from storyapp.engine import LLM, SamplingParams

from .live_server import LiveServer

ADAPTERS = ["ada", "bea", "cyd", "dot"]
KEY = "sk-test-0123456789"
MAX_LEN = 512
QUESTIONS = [f"In one sentence, what is {w}?" for w in (
    "rain", "a cat", "a star", "bread", "music", "a river", "snow", "a book",
)]  # fmt: skip
CONCURRENT_TOKENS = 6


def metric_values(http) -> dict[str, float]:
    """GET /metrics as {sample name with its labels: value}."""
    lines = http.get("/metrics").text.splitlines()
    samples = (line.rsplit(" ", 1) for line in lines if line and not line.startswith("#"))
    return {name: float(value) for name, value in samples}


def concurrent_requests() -> list[tuple[str, str]]:
    """32 (adapter, question) pairs: every adapter, every question."""
    return [(ADAPTERS[i % 4], QUESTIONS[i // 4]) for i in range(32)]


@pytest.fixture(scope="session")
def adapter_dirs(tmp_path_factory) -> dict[str, Path]:
    from storyapp.engine.loader.resolve import default_model_path

    spec = dict(r=4, target_modules=["q_proj", "v_proj"])
    folder = tmp_path_factory.mktemp("adapters")
    return make_adapters(folder, default_model_path(), dict.fromkeys(ADAPTERS, spec), seed=200)


@pytest.fixture(scope="session")
def llm(adapter_dirs) -> LLM:
    llm = LLM.load("default", max_num_seqs=32, max_model_len=MAX_LEN)
    for name, path in adapter_dirs.items():
        llm.add_adapter(name, path)
    return llm


@pytest.fixture(scope="session")
def direct(llm) -> list[str]:
    """The engine's own greedy answers to the 32 concurrent requests, computed before the server
    owns the engine (one batch of 32 here; the server's batches will be made differently)."""
    pairs = concurrent_requests()
    prompts = [llm.chat_prompts([{"role": "user", "content": q}])[0] for _, q in pairs]
    params = SamplingParams(max_tokens=CONCURRENT_TOKENS)
    return [c.text for c in llm.generate(prompts, params, [a for a, _ in pairs])]


@pytest.fixture(scope="session")
def server(llm, direct, adapter_dirs) -> Iterator[LiveServer]:
    from storyapp.server import create_app

    roots = {n: str(p) for n, p in adapter_dirs.items()}
    from storyapp.system.package_data import shipped_adapters

    folder = next(iter(adapter_dirs.values())).parent
    # as `storyapp serve` does by default: the shipped adapters' folder may be loaded from too
    dirs = [folder, shipped_adapters()]
    app = create_app(llm, "default", api_key=KEY, adapter_roots=roots, adapter_dirs=dirs)
    with LiveServer(app) as live:
        yield live


@pytest.fixture(scope="session")
def client(server):
    from openai import OpenAI

    with OpenAI(base_url=server.url + "/v1", api_key=KEY, max_retries=0, timeout=120) as c:
        yield c


@pytest.fixture(scope="session")
def http(server):
    import httpx

    headers = {"Authorization": f"Bearer {KEY}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=120) as c:
        yield c
