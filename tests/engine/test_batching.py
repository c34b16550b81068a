"""Continuous batching: requests join and leave between steps; rows never disturb each other."""

import pytest
import torch

from storyapp.engine import SamplingParams

PROMPTS = [
    "A fruit I like is",
    "Rain falls when",
    "Hello in French is",
    "My cat",
    "The sky is blue because",
]


@pytest.mark.slow
def test_batched_rows_equal_rows_run_alone(llm_fp32):
    prompts = [llm_fp32.encode(p) for p in PROMPTS]
    params = SamplingParams(max_tokens=8)
    together = llm_fp32.generate(prompts, params)
    for p, out in zip(prompts, together, strict=True):
        assert llm_fp32.generate(p, params)[0].token_ids == out.token_ids


@pytest.mark.slow
def test_a_shorter_row_never_reads_what_its_slot_held_before(llm_fp32):
    prompts = [llm_fp32.encode(p) for p in (PROMPTS[0], PROMPTS[3])]
    assert len(prompts[0]) != len(prompts[1])  # the shorter row attends under a mask
    params = SamplingParams(max_tokens=6, ignore_eos=True)
    alone = [llm_fp32.generate(p, params)[0].token_ids for p in prompts]
    engine = llm_fp32.engine
    engine.cache.ensure()
    with torch.inference_mode():  # memory never written (torch.empty's), or a failed row's
        engine.cache.kv.fill_(float("nan"))
    together = llm_fp32.generate(prompts, params)
    assert [o.token_ids for o in together] == alone


@pytest.mark.slow
def test_requests_join_while_others_decode(llm_fp32):
    engine = llm_fp32.engine
    prompts = [llm_fp32.encode(p) for p in PROMPTS[:3]]
    params = SamplingParams(max_tokens=10, ignore_eos=True)
    alone = [llm_fp32.generate(p, params)[0].token_ids for p in prompts]
    seqs = [engine.add(prompts[0], params)]
    steps = 0
    while engine.has_work():
        engine.step()
        steps += 1
        if steps == 3:
            seqs.append(engine.add(prompts[1], params))  # joins mid-decode
        if steps == 5:
            seqs.append(engine.add(prompts[2], params))
            engine.abort(seqs[0].id)
    assert seqs[0].finish_reason == "abort" and len(seqs[0].output_ids) < 10
    assert [s.output_ids for s in seqs[1:]] == alone[1:]


@pytest.mark.slow
def test_more_requests_than_slots_all_finish(llm):
    prompts = [f"Number {i}:" for i in range(20)]  # max_num_seqs is 8
    outs = llm.generate(prompts, SamplingParams(max_tokens=4, ignore_eos=True))
    assert [len(o.token_ids) for o in outs] == [4] * 20
    assert llm.engine.cache.free_slots == llm.engine.cache.max_seqs


def test_a_cpu_prefill_runs_one_pass_per_length():
    from storyapp.engine.engine import length_groups

    assert length_groups([43] * 4) == [[0, 1, 2, 3]]  # equal rows: one pass
    assert length_groups([143, 156]) == [[1], [0]]  # the story stage's two prompts
    assert length_groups([30, 40, 30, 40, 35]) == [[1, 3], [4], [0, 2]]


@pytest.mark.slow
def test_rows_of_different_lengths_prefilled_apart_start_as_alone(llm_fp32):
    """The story stage's shape: a long and a short prompt, prefilled in two passes."""
    long = llm_fp32.encode("Once upon a time " * 20)
    short = llm_fp32.encode("The moon")
    params = SamplingParams(max_tokens=4)
    both = llm_fp32.generate([long, short], params)
    assert [o.token_ids for o in both] == [
        llm_fp32.generate(p, params)[0].token_ids for p in (long, short)
    ]
