"""Rows of one prefill that begin alike share that beginning's work, and answer exactly as if
each had run alone."""

import pytest
import torch

from storyapp.engine import SamplingParams
from storyapp.engine.prefix_sharing import SharedPrefix, shared_prefixes

SHARED = list(range(100, 140))  # 40 tokens


def test_rows_with_one_adapter_and_a_long_common_beginning_form_a_group():
    prompts = [SHARED + [1, 2], SHARED + [3], SHARED + [1, 5, 6]]
    assert shared_prefixes(prompts, ["a", "a", "a"]) == [SharedPrefix((0, 2, 1), 40)]


def test_rows_of_different_adapters_never_share():
    prompts = [SHARED + [1], SHARED + [2], SHARED + [3], SHARED + [4]]
    groups = shared_prefixes(prompts, ["a", None, "b", "a"])
    assert groups == [SharedPrefix((0, 3), 40)]


def test_a_short_common_beginning_is_not_worth_a_pass():
    prompts = [SHARED[:10] + [1] * 40, SHARED[:10] + [2] * 40]
    assert shared_prefixes(prompts, [None, None]) == []
    assert shared_prefixes(prompts, [None, None], min_tokens=10) == [SharedPrefix((0, 1), 10)]


def test_identical_prompts_leave_each_row_its_last_token():
    prompts = [SHARED, SHARED, SHARED]
    assert shared_prefixes(prompts, [None] * 3) == [SharedPrefix((0, 1, 2), 39)]


def test_unrelated_rows_stay_out_of_a_group():
    other = list(range(500, 560))
    prompts = [SHARED + [1], other, SHARED + [2], other[:5]]
    assert shared_prefixes(prompts, [None] * 4) == [SharedPrefix((0, 2), 40)]


@pytest.fixture
def with_adapter(llm_fp32, adapters):
    llm_fp32.add_adapter("prefix-qkvo8", adapters["qkvo8"])
    yield llm_fp32
    llm_fp32.remove_adapter("prefix-qkvo8")


@pytest.mark.slow
def test_rows_that_share_a_prefix_answer_as_they_would_alone(with_adapter):
    """Three rows of one adapter share their beginning; an unrelated base-model row runs beside
    them. (Rows of different adapters never share: the grouping tests above.)"""
    llm = with_adapter
    head = llm.encode(
        "Characters: Mia, eight years old, red braids, green dress; Ember, a small dragon with "
        "orange scales and a blue scarf. Write one line of visual phrases for the scene below."
    )
    scenes = ["Mia opens the bakery.", "Ember hides behind his tail.", "They bake bread."]
    prompts = [head + llm.encode(" Scene: " + s) for s in scenes] + [llm.encode("Rain falls")]
    names = ["prefix-qkvo8"] * 3 + [None]
    groups = shared_prefixes(prompts, names)
    assert [sorted(g.rows) for g in groups] == [[0, 1, 2]] and groups[0].length >= len(head)

    params = SamplingParams(max_tokens=4, ignore_eos=True)
    alone = [llm.generate(p, params, a)[0].token_ids for p, a in zip(prompts, names, strict=True)]
    llm.engine.cache.ensure()
    with torch.inference_mode():  # what a slot held before must never reach a row's answer
        llm.engine.cache.kv.fill_(float("nan"))
    together = llm.generate(prompts, params, names)
    assert [o.token_ids for o in together] == alone
