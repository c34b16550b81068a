"""Adapters come and go at run time without disturbing running requests; memory is theirs alone."""

import pytest

from storyapp.engine import LLM, SamplingParams
from storyapp.engine.lora.device_form import form_bytes

# Each test here waits on a model, a server or adapters built for the module: minutes in all.
pytestmark = pytest.mark.slow

QUESTIONS = [f"Tell me fact number {i} about owls." for i in range(8)]


@pytest.fixture(scope="module")
def fresh(adapters) -> LLM:
    llm = LLM.load("default", max_loras=2)
    llm.add_adapter("qkvo8", adapters["qkvo8"])
    llm.add_adapter("mlp4rs", adapters["mlp4rs"])
    return llm


@pytest.mark.slow
def test_add_and_remove_while_eight_requests_stream(fresh, adapters):
    prompts = [fresh.chat_prompts([{"role": "user", "content": q}])[0] for q in QUESTIONS]
    names = ["qkvo8", "mlp4rs", None, "qkvo8", "mlp4rs", None, "qkvo8", None]
    params = SamplingParams(max_tokens=16, ignore_eos=True)
    undisturbed = [o.token_ids for o in fresh.generate(prompts, params, names)]

    texts: dict[int, list[int]] = {i: [] for i in range(8)}
    for n, ev in enumerate(fresh.stream(prompts, params, names)):
        texts[ev.index].append(ev.event.token_id)
        if n == 20:
            fresh.add_adapter("pattern16", adapters["pattern16"])
        if n == 40:
            fresh.remove_adapter("mlp4rs")  # in use by two running rows: they finish with it
            with pytest.raises(KeyError):
                fresh.engine.add([1, 2, 3], params, "mlp4rs")
    assert [[t for t in texts[i] if t is not None] for i in range(8)] == undisturbed
    assert "mlp4rs" not in fresh.adapters and "pattern16" in fresh.adapters
    assert not fresh.engine.adapters.retired, "the removed adapter is freed once its rows finish"
    out = fresh.generate(prompts[0], SamplingParams(max_tokens=4), "pattern16")
    assert out[0].token_ids


def test_loaded_adapters_cost_their_own_bytes(llm, adapters):
    from safetensors import safe_open

    for name in ("qkvo8", "pattern16"):  # other tests of the session may have loaded them
        if name in llm.adapters:
            llm.remove_adapter(name)
    before = llm.engine.adapters.nbytes
    for name in ("qkvo8", "pattern16"):
        llm.add_adapter(name, adapters[name])
    file_bytes = 0
    for name in ("qkvo8", "pattern16"):
        with safe_open(adapters[name] / "adapter_model.safetensors", "pt") as f:
            file_bytes += sum(f.get_tensor(k).nbytes for k in f.keys())  # noqa: SIM118
    assert llm.engine.adapters.nbytes - before == file_bytes


def test_base_weights_are_shared_not_copied(llm, adapters):
    packed = llm.engine.model.w.layers[0].qkv.weight.packed
    if "qkvo8" not in llm.adapters:
        llm.add_adapter("qkvo8", adapters["qkvo8"])
    llm.generate("Hi", SamplingParams(max_tokens=2), "qkvo8")
    assert llm.engine.model.w.layers[0].qkv.weight.packed is packed


def test_more_adapters_than_device_slots_still_run(fresh, adapters):
    if "pattern16" not in fresh.adapters:
        fresh.add_adapter("pattern16", adapters["pattern16"])
    names = ["qkvo8", "pattern16", "mlp4rs" if "mlp4rs" in fresh.adapters else None, "qkvo8"]
    outs = fresh.generate(["One", "Two", "Three", "Four"], SamplingParams(max_tokens=3), names)
    assert all(len(o.token_ids) > 0 for o in outs)
    assert len(fresh.engine.adapters.resident) <= 2


def test_cached_batch_layouts_never_outweigh_the_adapters(fresh, adapters):
    """Decode reuses a batch's stacked adapter layout step after step; the registry keeps a few
    such layouts, but their copies stay within the resident adapters' own bytes."""
    reg = fresh.engine.adapters
    names = ["qkvo8", "mlp4rs"]
    for name in names:  # earlier tests of this module remove some
        if name not in fresh.adapters:
            fresh.add_adapter(name, adapters[name])
    for rows in ([0, 1], [1, 0], [0, 1, 1], [1, 1, 0, 0], [0, 1, 0, 1, 0, 1, 0, 1]):
        reg.batch([names[i] for i in rows])
        resident = sum(form_bytes(f) for f in reg.resident.values())
        kept = reg.cached_batch_bytes
        assert len(kept) == 1 or sum(kept) <= resident
    assert len(reg.cached_batch_bytes) >= 1
