"""A client that goes away aborts its sequences: the engine's running count drops to zero."""

import time

import httpx
import pytest

from .conftest import KEY, metric_values

LONG = {
    "model": "ada",
    "messages": [{"role": "user", "content": "Write a long story about a fox."}],
    "max_tokens": 400,
    "ignore_eos": True,  # vLLM's extra: the request cannot end early by itself
    "temperature": 0,
}
HEADERS = {"Authorization": f"Bearer {KEY}"}


def _wait_idle(llm, seconds: float = 10) -> float:
    t = time.monotonic()
    while llm.engine.scheduler.running or llm.engine.scheduler.waiting:
        assert time.monotonic() - t < seconds, "the abandoned sequence is still running"
        time.sleep(0.05)
    return time.monotonic() - t


@pytest.mark.slow
def test_closing_a_stream_aborts_its_sequence(server, llm):
    body = {**LONG, "stream": True, "n": 2}
    with (
        httpx.Client(base_url=server.url, headers=HEADERS, timeout=60) as c,
        c.stream("POST", "/v1/chat/completions", json=body) as r,
    ):
        lines = r.iter_lines()
        got = [next(lines) for _ in range(6)]
        assert any(line.startswith("data: {") for line in got)
        assert len(llm.engine.scheduler.running) == 2
    _wait_idle(llm)


def _tokens_made(http) -> float:
    return metric_values(http)["storyapp_generation_tokens_total"]


@pytest.mark.slow
def test_a_client_timing_out_aborts_its_sequence(server, llm, http):
    """Judged by the tokens the engine made, once it is idle again: fewer than the request asked
    for. (Whether it is still running the moment the client gives up races the abort itself.)"""
    before = _tokens_made(http)
    with (
        httpx.Client(base_url=server.url, headers=HEADERS, timeout=0.5) as c,
        pytest.raises(httpx.ReadTimeout),
    ):
        c.post("/v1/chat/completions", json=LONG)
    _wait_idle(llm)
    made = _tokens_made(http) - before
    assert 0 < made < LONG["max_tokens"], f"{made:.0f} tokens made for the abandoned request"
