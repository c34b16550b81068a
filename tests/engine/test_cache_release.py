"""Releasing the KV cache while the model is idle (the card's memory plan does it while SDXL
paints): the memory goes, the next request allocates it again and gives the same tokens."""

import pytest

from storyapp.engine import LLM, SamplingParams

# Each test here waits on a model, a server or adapters built for the module: minutes in all.
pytestmark = pytest.mark.slow

GREEDY = SamplingParams(max_tokens=6, temperature=0.0, ignore_eos=True)
PROMPT = "Once upon a time, a fox"


@pytest.mark.slow  # two generations on CPU and the first step's warm-up: ~10 s here
def test_release_then_generate_gives_the_same_greedy_tokens(llm: LLM):
    before = llm.generate(PROMPT, GREEDY)[0].token_ids
    cache = llm.engine.cache
    full = cache.nbytes
    assert llm.release_cache() == full > 0
    assert not llm.cache_allocated and cache.kv.numel() == 0
    assert cache.nbytes == full  # its size is still known (the memory plan reads it)
    assert llm.release_cache() == 0  # twice is harmless
    after = llm.generate(PROMPT, GREEDY)[0].token_ids
    assert llm.cache_allocated and cache.kv.numel() * cache.kv.element_size() == full
    assert after == before


def test_release_refused_while_a_request_runs(llm: LLM):
    events = llm.stream(PROMPT, GREEDY)
    next(events)
    with pytest.raises(RuntimeError, match="running"):
        llm.release_cache()
    events.close()
    assert llm.release_cache() > 0
    assert llm.generate(PROMPT, GREEDY)[0].token_ids
