"""Sampling: seeds reproduce, greedy is argmax, stop strings and limits end a request cleanly."""

import pytest
import torch

from storyapp.engine import SamplingParams

QUESTION = [{"role": "user", "content": "Tell me about the sea."}]


def chat(llm, **params):
    return llm.chat(QUESTION, SamplingParams(**params))[0]


@pytest.mark.slow
def test_same_seed_same_text_different_seed_differs(llm):
    a = chat(llm, max_tokens=24, temperature=1.0, seed=7)
    b = chat(llm, max_tokens=24, temperature=1.0, seed=7)
    c = chat(llm, max_tokens=24, temperature=1.0, seed=8)
    assert a.token_ids == b.token_ids
    assert a.token_ids != c.token_ids


@pytest.mark.slow
def test_top_k_one_is_greedy(llm):
    greedy = chat(llm, max_tokens=16)
    assert chat(llm, max_tokens=16, temperature=0.8, top_k=1, seed=3).token_ids == greedy.token_ids


@pytest.mark.slow
def test_filters_keep_sampling_valid(llm):
    out = chat(
        llm,
        max_tokens=16,
        temperature=0.9,
        top_p=0.5,
        min_p=0.05,
        top_k=20,
        seed=1,
        repetition_penalty=1.3,
    )
    assert out.token_ids and out.finish_reason in ("stop", "length")


@pytest.mark.slow
def test_max_tokens_gives_exactly_that_many(llm):
    out = llm.generate("Once upon a time", SamplingParams(max_tokens=9, ignore_eos=True))[0]
    assert len(out.token_ids) == 9 and out.finish_reason == "length"


@pytest.mark.slow
def test_stop_string_cuts_the_text(llm):
    full = chat(llm, max_tokens=40)
    word = full.text.split()[3]
    out = chat(llm, max_tokens=40, stop=[word])
    assert out.finish_reason == "stop"
    assert word not in out.text and full.text.startswith(out.text)


@pytest.mark.slow
def test_streamed_text_equals_the_final_text(llm):
    ids = llm.chat_prompts(QUESTION)[0]
    pieces = [ev.event.text for ev in llm.stream(ids, SamplingParams(max_tokens=30, stop=["."]))]
    assert "".join(pieces) == llm.generate(ids, SamplingParams(max_tokens=30, stop=["."]))[0].text


@pytest.mark.slow
def test_closing_a_stream_aborts_and_the_engine_goes_on(llm):
    stream = llm.stream("Count: one, two,", SamplingParams(max_tokens=200, ignore_eos=True))
    for i, _ in enumerate(stream):
        if i == 3:
            break
    stream.close()
    assert not llm.engine.scheduler.running and not llm.engine.scheduler.waiting
    assert llm.generate("Hello", SamplingParams(max_tokens=3, ignore_eos=True))[0].token_ids


def test_the_engine_leaves_autograd_to_its_caller(llm):
    """Gradients are off inside load, generate and stream, not process-wide: training in the
    same process needs them."""
    assert torch.is_grad_enabled()
    for _ in llm.stream("Hello", SamplingParams(max_tokens=2, ignore_eos=True)):
        assert torch.is_grad_enabled()
    llm.generate("Hello", SamplingParams(max_tokens=2, ignore_eos=True))
    assert torch.is_grad_enabled() and not torch.is_inference_mode_enabled()


@pytest.mark.parametrize(
    "bad", [dict(max_tokens=0), dict(temperature=-1), dict(top_p=0), dict(min_p=1), dict(top_k=-1)]
)
def test_bad_params_are_named(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        SamplingParams(**bad)


def nucleus_of(probs: torch.Tensor, top_p: float) -> set[int]:
    """The reference nucleus, by a full sort."""
    ranked, order = probs.sort(descending=True)
    return set(order[: int((ranked.cumsum(-1) - ranked <= top_p).sum())].tolist())


def decaying(decay: float, seed: int = 0) -> torch.Tensor:
    """5000 probabilities falling off by exp(-decay) a rank, in a shuffled order."""
    gen = torch.Generator().manual_seed(seed)
    return torch.softmax(-decay * torch.arange(5000.0)[torch.randperm(5000, generator=gen)], -1)


# nucleus sizes at top_p 0.9: 12 (among the first 256 candidates), 2241 (among 4096), 4370 (sort)
DECAYS = {"first-candidates": 0.2, "wider-candidates": 0.001, "full-sort": 0.0001}


@pytest.mark.parametrize("decay", DECAYS.values(), ids=DECAYS.keys())
def test_top_p_draws_only_from_the_nucleus(decay):
    from storyapp.engine.layers.sampler import NUCLEUS_CANDIDATES, nucleus_draw

    probs = decaying(decay)
    nucleus = nucleus_of(probs, 0.9)
    tier = sum(len(nucleus) > width for width in NUCLEUS_CANDIDATES)
    assert tier == list(DECAYS.values()).index(decay)
    uniform = torch.rand(300, generator=torch.Generator().manual_seed(0))
    drawn = set(nucleus_draw(probs.expand(300, -1), torch.full((300,), 0.9), uniform).tolist())
    assert drawn <= nucleus and len(drawn) > 1


def test_rows_of_every_tier_in_one_call_each_draw_from_their_own_nucleus():
    from storyapp.engine.layers.sampler import nucleus_draw

    rows = [decaying(d, seed=i) for i, d in enumerate([0.0001, 0.2, 0.001, 0.2, 0.0001])]
    top_p = torch.tensor([0.9, 0.9, 0.5, 0.95, 0.7])
    nuclei = [nucleus_of(p, float(t)) for p, t in zip(rows, top_p, strict=True)]
    drawn: list[set[int]] = [set() for _ in rows]
    gen = torch.Generator().manual_seed(1)
    for _ in range(100):
        tokens = nucleus_draw(torch.stack(rows), top_p, torch.rand(len(rows), generator=gen))
        for i, token in enumerate(tokens.tolist()):
            drawn[i].add(token)
    for i, (got, nucleus) in enumerate(zip(drawn, nuclei, strict=True)):
        assert got <= nucleus and len(got) > 1, i


def test_a_row_trimmed_by_min_p_is_drawn_from_the_first_candidates(monkeypatch):
    """min_p leaves fewer tokens than the first candidates, holding less than top_p of the mass:
    the candidates hold all of it, so the vocabulary is not sorted, and each draw is the one a
    full sort gives."""
    from storyapp.engine.layers.sampler import inverse_cdf, nucleus_draw

    probs = decaying(0.01)
    probs = probs.masked_fill(probs < 0.2 * probs.max(), 0)[None]
    assert 1 < int((probs > 0).sum()) < 256 and float(probs.sum()) < 0.9
    uniform = torch.rand(300, generator=torch.Generator().manual_seed(2))
    ranked, order = probs.sort(descending=True)
    by_sort = order[0, inverse_cdf(ranked.expand(300, -1), uniform)]

    def no_sort(*args, **kwargs):
        raise AssertionError("the whole vocabulary was sorted")

    monkeypatch.setattr(torch.Tensor, "sort", no_sort)
    drawn = nucleus_draw(probs.expand(300, -1), torch.full((300,), 0.9), uniform)
    assert torch.equal(drawn, by_sort) and len(set(drawn.tolist())) > 1


def test_only_a_row_with_a_logit_not_finite_fails():
    """An inf or a nan fails its row alone; huge finite logits (their sum overflows) do not."""
    from storyapp.engine.layers.sampler import sample

    logits = torch.zeros(4, 50)
    logits[0, 3] = 1.0
    logits[1, 7] = float("inf")
    logits[2, 9] = float("nan")
    logits[3, :] = 3e38
    logits[3, 5] = 3.3e38
    rows = [_seq(SamplingParams()) for _ in range(4)]
    assert sample(logits, rows) == [3, None, None, 5]


def test_min_p_drops_only_what_is_under_its_share_of_the_largest():
    """A probability exactly min_p times the row's largest stays; the float just under goes;
    a row without min_p keeps all."""
    from storyapp.engine.layers.sampler import drop_below_min_p

    just_under = float(torch.nextafter(torch.tensor(0.125), torch.tensor(0.0)))
    row = [0.5, 0.125, just_under, 0.25, 1e-6]
    probs = torch.tensor([row, row])
    drop_below_min_p(probs, [0.25, 0.0])
    assert probs.tolist() == [[0.5, 0.125, 0.0, 0.25, 0.0], torch.tensor(row).tolist()]


def test_repetition_window_holds_back_only_what_the_row_just_wrote():
    """Greedy picks token 0, the most likely; a penalty over everything (window 0) holds back
    the prompt's token 0 too, a window of 2 only the last two tokens written."""
    from storyapp.engine.layers.sampler import sample
    from storyapp.engine.sequence import Sequence
    from storyapp.engine.text_stream import TextStream

    logits = torch.tensor([[4.0, 3.9, 3.8, 3.7, 1.0]])

    def pick(window: int, output: list[int]) -> int:
        params = SamplingParams(repetition_penalty=1.5, repetition_window=window)
        seq = Sequence([0, 4], params, None, TextStream(str, []))
        seq.output_ids = list(output)
        return sample(logits.clone(), [seq])[0]

    assert pick(0, []) == 1  # the prompt's 0 is held back
    assert pick(2, []) == 0  # nothing written yet: nothing held back
    assert pick(2, [1, 3, 0]) == 1  # 0 was just written
    assert pick(2, [0, 1, 3]) == 0  # 0 fell out of the window; 1 and 3 are held back
    with pytest.raises(ValueError, match="repetition_window must be >= 0"):
        SamplingParams(repetition_window=-1)


def _seq(params: SamplingParams, prompt: list[int] | None = None):
    from storyapp.engine.sequence import Sequence
    from storyapp.engine.text_stream import TextStream

    return Sequence(prompt or [0], params, None, TextStream(str, []))


def test_a_seeded_row_draws_the_same_tokens_whatever_shares_its_batch():
    from storyapp.engine.layers.sampler import sample

    logits = torch.randn(3, 1000, generator=torch.Generator().manual_seed(1)) * 3
    mine = SamplingParams(temperature=0.9, top_p=0.9, seed=7)
    others = [SamplingParams(temperature=1.2, top_k=5, seed=1), SamplingParams(min_p=0.1)]

    def run(batch: bool) -> list[int]:
        row = _seq(mine)
        rest = [_seq(p) for p in others]
        return [
            sample(logits, [row, *rest])[0] if batch else sample(logits[:1], [row])[0]
            for _ in range(20)
        ]

    assert run(batch=True) == run(batch=False)


def test_draws_follow_the_probabilities():
    from storyapp.engine.layers.sampler import inverse_cdf

    weights = torch.tensor([[0.1, 0.0, 0.6, 0.3]]).expand(40000, -1)
    uniform = torch.rand(40000, generator=torch.Generator().manual_seed(0))
    counts = torch.bincount(inverse_cdf(weights, uniform), minlength=4) / 40000
    assert counts[1] == 0
    assert torch.allclose(counts, weights[0], atol=0.01)


def test_each_row_keeps_its_own_top_k():
    from storyapp.engine.layers.sampler import sample

    logits = torch.tensor([[5.0, 4.9, 4.8, 4.7, 4.6]] * 2)
    two = [_seq(SamplingParams(temperature=1.0, top_k=2, seed=s)) for s in range(40)]
    whole = [_seq(SamplingParams(temperature=1.0, seed=s)) for s in range(40)]
    picks = [sample(logits, [a, b]) for a, b in zip(two, whole, strict=True)]
    assert {p[0] for p in picks} == {0, 1}
    assert len({p[1] for p in picks}) > 2


def test_a_rows_bad_words_are_never_drawn_and_other_rows_keep_theirs():
    from storyapp.engine.layers.sampler import sample
    from storyapp.engine.sequence import Sequence
    from storyapp.engine.text_stream import TextStream

    logits = torch.tensor([[4.0, 3.9, 3.8, 1.0], [4.0, 3.9, 3.8, 1.0]])
    barred = Sequence([1], SamplingParams(), None, TextStream(str, []))
    barred.bad_ids = [0, 1]
    free = Sequence([1], SamplingParams(), None, TextStream(str, []))
    assert sample(logits.clone(), [barred, free]) == [2, 0]


def test_bad_words_are_checked():
    with pytest.raises(ValueError, match="bad_words"):
        SamplingParams(bad_words=(" ",))


@pytest.mark.slow
def test_the_engine_never_writes_a_bad_word(llm):
    """Each one-token spelling is barred: ' her', 'her', ' Her', 'Her'."""
    import re

    tokens = llm.engine.word_tokens("her")
    assert {llm.tokenizer.decode([t]) for t in tokens} >= {" her", " Her", "Her"}
    question = [{"role": "user", "content": "Write two sentences about a girl and her cat."}]
    free = llm.chat(question, SamplingParams(max_tokens=60))[0].text
    assert re.search(r"\bher\b", free, re.I)  # the model says it when it may
    barred = llm.chat(question, SamplingParams(max_tokens=60, bad_words=("her",)))[0].text
    assert not re.search(r"\bher\b", barred, re.I) and len(barred.split()) > 10
