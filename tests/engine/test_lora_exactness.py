"""Every row of a mixed batch (different adapters, ranks, targets, plus base rows) gives the tokens
transformers + PEFT give with that one adapter, and the tokens of the same row run alone."""

import pytest

from storyapp.engine import SamplingParams

from .peft_adapters import greedy, peft_model

# Plain prompts, not chat: short prefills keep the float32 runs quick.
PROMPTS = ["The autumn leaves", "The moon is", "Some fruits are", "The old castle"]


@pytest.fixture(scope="module")
def loaded(llm_fp32, adapters):
    for name, path in adapters.items():
        if name not in llm_fp32.adapters:
            llm_fp32.add_adapter(name, path)
    return llm_fp32


@pytest.mark.slow
def test_mixed_batch_rows_equal_peft_and_rows_alone(loaded, adapters, hf_model):
    prompts = [loaded.encode(p) for p in PROMPTS]
    rows = [
        (prompts[0], "qkvo8"),
        (prompts[1], None),
        (prompts[2], "mlp4rs"),
        (prompts[3], "pattern16"),
        (prompts[0], "mlp4rs"),
    ]
    params = SamplingParams(max_tokens=16)
    mixed = loaded.generate([p for p, _ in rows], params, [a for _, a in rows])
    references = {None: hf_model}
    for (ids, adapter), out in zip(rows, mixed, strict=True):
        if adapter not in references:
            references[adapter] = peft_model(hf_model, adapters[adapter])
        assert out.token_ids == greedy(references[adapter], ids, 16), adapter
        assert out.token_ids == loaded.generate(ids, params, adapter)[0].token_ids, adapter
    assert len({tuple(o.token_ids) for o in mixed[:1] + mixed[4:]}) == 2, "adapters must matter"


@pytest.mark.slow
def test_one_prompt_fanned_out_to_several_adapters(llm, adapters):
    for name in ("qkvo8", "mlp4rs"):
        if name not in llm.adapters:
            llm.add_adapter(name, adapters[name])
    prompt = llm.encode(PROMPTS[1])
    outs = llm.generate(prompt, SamplingParams(max_tokens=8), ["qkvo8", "mlp4rs", None])
    assert [o.adapter for o in outs] == ["qkvo8", "mlp4rs", None]
    assert len({tuple(o.token_ids) for o in outs}) == 3
