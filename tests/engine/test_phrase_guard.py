"""The phrase guard: no three-word phrase said more than N times, counted as a reader counts
words, with the real tokenizer; and on the real model, a greedy row that loops without it."""

import pytest

from storyapp.engine import SamplingParams
from storyapp.engine.phrase_guard import PhraseGuard
from storyapp.story import quality


@pytest.fixture(scope="module")
def tokenizer(llm):
    return llm.engine.tokenizer


@pytest.fixture(scope="module")
def encode(tokenizer):
    return tokenizer.encode


def guard(encode, limit=2) -> PhraseGuard:
    return PhraseGuard(limit, encode, {})


def first(encode, text: str) -> int:
    return encode(text)[0]


def test_a_phrase_at_its_limit_bars_the_tokens_that_would_say_it_again(encode):
    g = guard(encode)
    text = "They met at the same hour. Later, at the same place. Now at the"
    barred = g.barred(text)
    assert first(encode, " same") in barred and first(encode, "Same") in barred
    assert first(encode, " place") not in barred  # "the same place" was said once
    assert g.barred(text + " end") == []  # "the end": nothing follows it yet


def test_case_and_edge_apostrophes_count_as_the_same_word(encode):
    g = guard(encode)
    assert first(encode, " hour") in g.barred("AT THE SAME hour. 'At the same' hour. At the same")


def test_below_the_limit_and_across_calls(encode):
    g = guard(encode, limit=3)
    text = "at the same hour. at the same hour. at the"
    assert g.barred(text) == []  # said twice, the limit is three
    text += " same hour. at the"
    assert first(encode, " same") in g.barred(text)  # counted from where the last call left off


def test_a_word_still_being_written_is_the_phrase_s_last_word(encode):
    g = guard(encode)
    # "same" could still become "sameness": the words before it are complete, and what
    # follows "the same" is barred as if it were
    text = "the same old hat. the same old coat. the same"
    assert first(encode, " old") in g.barred(text)


def test_a_name_of_several_tokens_is_one_word(tokenizer, encode):
    """Its tokens repeat as a group each time it is said; its words do not, so nothing is barred
    as the name is written again (a guard on tokens would stop the hero's name)."""
    g = guard(encode, limit=1)
    name = "Timberlake"
    pieces = encode(" " + name)
    assert len(pieces) >= 2
    said = " ".join(f"{name} {verb}." for verb in ("ran", "sat", "ate", "hid", "sang"))
    for k in range(1, len(pieces)):
        assert g.barred(said + " " + tokenizer.decode(pieces[:k]).strip()) == []


@pytest.mark.slow
def test_a_greedy_row_that_loops_says_no_phrase_past_the_limit(llm):
    """Greedy decoding past the end of text loops on this model (see the pipeline's loop-cut
    test); with the guard at 4 no three-word phrase is said a fifth time."""
    question = [{"role": "user", "content": "Write a premise for a story about a dog."}]
    loose = SamplingParams(max_tokens=300, ignore_eos=True)
    looped = llm.chat(question, loose)[0].text
    assert quality.repetition(looped).top_3gram > 4  # the row does loop without the guard
    guarded = SamplingParams(max_tokens=300, ignore_eos=True, max_phrase_repeats=4)
    text = llm.chat(question, guarded)[0].text
    assert quality.repetition(text).top_3gram <= 4
    assert len(quality.words(text)) > 150  # it went on writing, not stopped


def test_the_limit_is_checked():
    with pytest.raises(ValueError, match="max_phrase_repeats"):
        SamplingParams(max_phrase_repeats=-1)
