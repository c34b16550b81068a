"""Models listed, chat per adapter, streaming, text completions, n, stop and seed, over HTTP with
the official openai client."""

import pytest

from .conftest import ADAPTERS

# Each test here waits on a model, a server or adapters built for the module: minutes in all.
pytestmark = pytest.mark.slow

HELLO = [{"role": "user", "content": "Say hello to a friend."}]


def test_models_lists_the_base_then_adapters_with_parent(client, adapter_dirs):
    models = client.models.list().data
    assert models[0].id == "default" and models[0].parent is None
    by_id = {m.id: m for m in models[1:]}
    assert set(ADAPTERS) <= set(by_id)
    for name in ADAPTERS:
        assert by_id[name].parent == "default"
        assert by_id[name].root == str(adapter_dirs[name])


@pytest.mark.slow
def test_chat_per_adapter_answers_with_that_adapter(client, llm):
    answers = {}
    for model in ["default", *ADAPTERS]:
        r = client.chat.completions.create(model=model, messages=HELLO, max_tokens=8, temperature=0)
        assert r.object == "chat.completion" and r.model == model
        assert r.choices[0].message.role == "assistant"
        assert r.choices[0].finish_reason in ("stop", "length")
        assert r.usage.prompt_tokens == len(llm.chat_prompts(HELLO)[0])
        assert 0 < r.usage.completion_tokens <= 8
        assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens
        answers[model] = r.choices[0].message.content
    assert len(set(answers.values())) == len(answers), f"adapters should differ: {answers}"


@pytest.mark.slow
def test_streaming_yields_the_same_text_as_one_answer(client):
    kw = dict(model="bea", messages=HELLO, max_tokens=8, temperature=0)
    whole = client.chat.completions.create(**kw)
    chunks = list(
        client.chat.completions.create(**kw, stream=True, stream_options={"include_usage": True})
    )
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    finished = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finished[-1] == whole.choices[0].finish_reason
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens == whole.usage.total_tokens
    assert len({c.id for c in chunks}) == 1


@pytest.mark.slow
def test_text_completions_many_prompts_and_choices(client):
    r = client.completions.create(
        model="cyd", prompt=["Once upon a time", "The recipe"], n=2, max_tokens=4, temperature=0
    )
    assert r.object == "text_completion"
    assert [c.index for c in r.choices] == [0, 1, 2, 3]
    assert r.choices[0].text == r.choices[1].text  # greedy: n copies agree
    assert r.usage.completion_tokens <= 16
    streamed = client.completions.create(
        model="cyd", prompt="Once upon a time", max_tokens=4, temperature=0, stream=True
    )
    assert "".join(c.choices[0].text for c in streamed) == r.choices[0].text


@pytest.mark.slow
def test_token_id_prompts(client, llm):
    ids = llm.tokenizer.encode("Once upon a time")
    by_ids = client.completions.create(model="default", prompt=ids, max_tokens=4, temperature=0)
    by_text = client.completions.create(
        model="default", prompt="Once upon a time", max_tokens=4, temperature=0
    )
    assert by_ids.choices[0].text == by_text.choices[0].text


@pytest.mark.slow
def test_stop_cuts_the_text_before_the_stop_string(client):
    kw = dict(model="default", prompt="The old lighthouse", max_tokens=10, temperature=0)
    full = client.completions.create(**kw, extra_body={"ignore_eos": True}).choices[0].text
    assert len(full) >= 12, full
    stop = full[8:11]
    cut = client.completions.create(**kw, stop=[stop, "never-there"]).choices[0]
    assert cut.finish_reason == "stop"
    assert cut.text == full[: full.index(stop)]


@pytest.mark.slow
def test_seed_makes_sampling_repeatable(client):
    kw = dict(model="ada", messages=HELLO, max_tokens=6, temperature=1.0, top_p=0.9, seed=7)
    first = client.chat.completions.create(**kw, n=2)
    again = client.chat.completions.create(**kw, n=2)
    assert [c.message.content for c in first.choices] == [c.message.content for c in again.choices]


@pytest.mark.slow
def test_max_phrase_repeats_reaches_the_engine(client):
    """Greedy text past its end loops on this model; the extra field keeps every three-word
    phrase to two sayings, over HTTP as in the engine."""
    from storyapp.story import quality

    kw = dict(model="default", prompt="The cat sat on the mat. The cat", max_tokens=120)
    loose = client.completions.create(**kw, temperature=0, extra_body={"ignore_eos": True})
    assert quality.repetition(loose.choices[0].text).top_3gram > 2
    guarded = client.completions.create(
        **kw, temperature=0, extra_body={"ignore_eos": True, "max_phrase_repeats": 2}
    )
    assert quality.repetition(guarded.choices[0].text).top_3gram <= 2


def test_bad_words_reach_the_engine(client):
    """vLLM's extra field: the word is never written."""
    import re

    said = re.compile(r"\b(her|she)\b", re.I)
    kw = dict(model="default", prompt="The girl walked her dog, and then she", max_tokens=40)
    free = client.completions.create(**kw, temperature=0).choices[0].text
    assert said.search(free)
    extra = {"bad_words": ["her", "she"]}
    barred = client.completions.create(**kw, temperature=0, extra_body=extra).choices[0].text
    assert not said.search(barred) and barred.strip()
