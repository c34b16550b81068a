"""The native decode layers (every layer of a decode step in one call): the same next-token
distribution as the op-by-op layers from the same cache, for the base model and the app's
adapters mixed in one batch; with strong random adapters on every projection at least as close
to the exact float32 engine; a row's logits have the same bits alone and in a batch; float32
stays op by op."""

from pathlib import Path

import pytest
import torch

from storyapp.bench.random_adapters import write_random_adapter
from storyapp.engine import SamplingParams
from storyapp.engine.native import decode_layers_library
from storyapp.engine.step_batch import StepBatch

pytestmark = [
    pytest.mark.skipif(decode_layers_library() is None, reason="the native kernels cannot run"),
    pytest.mark.slow,
]

PROMPTS = ["The autumn leaves", "Once upon a time, in a village by the sea, there", "Some fruits"]
APP_ADAPTERS = Path(__file__).parents[2] / "storyapp" / "adapters"


@pytest.fixture
def cache_slots(llm):
    """Slots of the engine's KV cache this test may write (given back after)."""
    cache = llm.engine.cache
    cache.ensure()
    taken = [cache.allocate() for _ in PROMPTS]
    yield taken
    for slot in taken:
        cache.release(slot)


def with_adapters(llm, names: list, folders: dict | None = None) -> list:
    """names, each added to llm (from `folders`, else the app's own adapters) if it is not."""
    for name in filter(None, names):
        if name not in llm.adapters:
            llm.add_adapter(name, folders[name] if folders else APP_ADAPTERS / name)
    return names


def prefill(llm, slots: list[int], adapters: list) -> tuple[list[int], list[int]]:
    """Each prompt prefilled into its slot (op by op, as the engine does): its length and its
    greedy next token."""
    ids = [llm.encode(p) for p in PROMPTS]
    batch = StepBatch.build(ids, [0] * len(ids), slots, True, "cpu")
    batch.lora = llm.engine.adapters.batch(adapters)
    logits = llm.engine.model.forward(batch)
    return [len(i) for i in ids], logits.argmax(-1).tolist()


def decode_logits(llm, rows: list[int], lengths, tokens, slots, adapters, fused: bool):
    """One decode step of `rows` (indices into the prompts) through the fused or op-by-op
    layers; logits [len(rows), V]."""
    model = llm.engine.model
    kept = model.decode_layers
    assert kept is not None, "the bfloat16 CPU engine should run the native decode layers"
    model.decode_layers = kept if fused else None
    try:
        batch = StepBatch.build(
            [[tokens[r]] for r in rows],
            [lengths[r] for r in rows],
            [slots[r] for r in rows],
            False,
            "cpu",
        )
        batch.lora = llm.engine.adapters.batch([adapters[r] for r in rows])
        return model.forward(batch)
    finally:
        model.decode_layers = kept


def agree(fused: torch.Tensor, ops: torch.Tensor) -> None:
    """The same distribution up to rounding (the op-by-op layers round activations to bfloat16
    before int8, the fused ones go to int8 from float32): logits close, and the fused choice
    within a near-tie of the op-by-op one. Each path alone is 0.9986-0.9997 in cosine from the
    float32 engine on the story-writer's row, so the two are held to 0.998 of each other."""
    for f, o in zip(fused, ops, strict=True):
        assert torch.nn.functional.cosine_similarity(f, o, dim=0) > 0.998
        assert (f - o).abs().max() < 0.05 * o.abs().max()
        assert o[f.argmax()] > o.max() - 0.5


@pytest.mark.parametrize(
    "names", [[None, None, None], ["story-writer", None, "sd-prompt-writer"]], ids=["base", "app"]
)
def test_the_fused_step_agrees_with_the_op_by_op_layers(llm, cache_slots, names):
    names = with_adapters(llm, names)
    lengths, tokens = prefill(llm, cache_slots, names)
    rows = [0, 1, 2]
    ops = decode_logits(llm, rows, lengths, tokens, cache_slots, names, fused=False)
    fused = decode_logits(llm, rows, lengths, tokens, cache_slots, names, fused=True)
    agree(fused, ops)
    if any(names):  # the adapters changed what the layers computed
        base = decode_logits(llm, rows, lengths, tokens, cache_slots, [None] * 3, fused=True)
        assert not torch.allclose(base[0], fused[0], atol=1e-3)


def test_strong_adapters_stay_as_close_to_float32_as_op_by_op(llm, llm_fp32, adapters, cache_slots):
    """Random adapters with large B (ranks 2-16, every projection among them) push activations
    where bfloat16 rounding shows: the fused step, which skips that rounding, is no further from
    the exact float32 engine than the op-by-op layers."""
    names = with_adapters(llm, ["pattern16", "qkvo8", "mlp4rs"], adapters)
    with_adapters(llm_fp32, names, adapters)
    lengths, tokens = prefill(llm, cache_slots, names)
    rows = [0, 1, 2]
    ops = decode_logits(llm, rows, lengths, tokens, cache_slots, names, fused=False)
    fused = decode_logits(llm, rows, lengths, tokens, cache_slots, names, fused=True)
    for r, name in enumerate(names):
        ids = llm.encode(PROMPTS[r]) + [tokens[r]]
        cache = llm_fp32.engine.cache
        cache.ensure()
        slot = cache.allocate()
        try:
            batch = StepBatch.build([ids], [0], [slot], True, "cpu")
            batch.lora = llm_fp32.engine.adapters.batch([name])
            exact = llm_fp32.engine.model.forward(batch)[0]
        finally:
            cache.release(slot)
        cosine = torch.nn.functional.cosine_similarity
        assert cosine(fused[r], exact, dim=0) >= cosine(ops[r], exact, dim=0) - 0.01, name


@pytest.fixture(scope="module")
def wide_adapter(tmp_path_factory, llm) -> dict:
    """Rank 64 on every module (down_proj has 1536 inputs): a token alone has its shrink shared
    by the threads."""
    folder = tmp_path_factory.mktemp("wide") / "wide64"
    return {"wide64": write_random_adapter(folder, llm.config, 64, "all", seed=5)}


@pytest.mark.parametrize("names", [["pattern16", None, "qkvo8"], ["wide64", "mlp4rs", "wide64"]])
def test_a_row_gets_the_same_bits_alone_and_in_a_batch(
    llm, adapters, wide_adapter, cache_slots, names
):
    names = with_adapters(llm, names, {**adapters, **wide_adapter})
    lengths, tokens = prefill(llm, cache_slots, names)
    batched = decode_logits(llm, [0, 1, 2], lengths, tokens, cache_slots, names, fused=True)
    for r in range(3):
        alone = decode_logits(llm, [r], lengths, tokens, cache_slots, names, fused=True)
        assert torch.equal(alone[0], batched[r]), r


def test_many_fused_steps_write_the_cache_later_steps_read(llm):
    """Greedy text from fused steps is the op-by-op text (each step reads the keys and values
    the steps before it wrote)."""
    ids = llm.chat_prompts([{"role": "user", "content": "Tell me about a dragon."}])[0]
    model, params = llm.engine.model, SamplingParams(max_tokens=16)
    fused = llm.generate(ids, params)[0].token_ids
    kept, model.decode_layers = model.decode_layers, None
    try:
        ops = llm.generate(ids, params)[0].token_ids
    finally:
        model.decode_layers = kept
    assert fused == ops


def test_float32_stays_op_by_op(llm_fp32):
    assert llm_fp32.engine.model.decode_layers is None
