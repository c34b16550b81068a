import pytest
from transformers import CLIPTokenizer

from storyapp.illustrate import fit_prompt
from storyapp.illustrate.tiny_vocab import FOLDER


@pytest.fixture(scope="module")
def tok() -> CLIPTokenizer:
    return CLIPTokenizer.from_pretrained(FOLDER)  # one token per character, as a worst case


def full_length(tok, text: str) -> int:
    """Tokens the pipeline would feed the text encoder, BOS and EOS included."""
    return len(tok(text)["input_ids"])


def test_short_prompt_is_kept_as_is(tok):
    fitted = fit_prompt("a whale, at dusk", [tok])
    assert (fitted.text, fitted.dropped) == ("a whale, at dusk", ())
    assert fitted.tokens == len(tok.tokenize("a whale, at dusk"))


def test_long_prompt_drops_trailing_phrases(tok):
    phrases = ["a lighthouse keeper on a cliff", "a talking whale", "stormy sea", "oil painting"]
    phrases += ["dramatic light", "highly detailed", "by a famous painter", "trending"]
    fitted = fit_prompt(", ".join(phrases), [tok])
    assert full_length(tok, fitted.text) <= 77
    kept = fitted.text.split(", ")
    assert kept == phrases[: len(kept)] and 0 < len(kept) < len(phrases)
    assert list(fitted.dropped) == phrases[len(kept) :]
    # the next phrase really would not have fitted
    assert full_length(tok, ", ".join(phrases[: len(kept) + 1])) > 77


def test_one_long_phrase_is_cut_between_words(tok):
    words = "an old lighthouse keeper who talks every evening with a great grey whale about the sea and the stars"
    fitted = fit_prompt(words + ", oil painting", [tok])
    assert full_length(tok, fitted.text) <= 77
    assert words.startswith(fitted.text) and words[len(fitted.text)] == " "
    assert fitted.dropped == (words[len(fitted.text) + 1 :], "oil painting")


def test_a_word_longer_than_the_window_is_dropped_not_cut(tok):
    fitted = fit_prompt("x" * 100 + ", a whale", [tok])
    assert fitted.text == "" and fitted.dropped == ("x" * 100, "a whale")


def test_fitting_is_idempotent_and_whitespace_is_tidied(tok):
    once = fit_prompt("  a   whale ,, " + ", ".join(["stormy sea"] * 12), [tok])
    assert once.text.startswith("a whale, stormy sea")
    assert fit_prompt(once.text, [tok]) == type(once)(once.text, (), once.tokens)


def test_every_tokenizer_must_fit(tok):
    short = CLIPTokenizer.from_pretrained(FOLDER, model_max_length=22)  # 20 tokens of text
    fitted = fit_prompt("a whale, stormy sea, oil painting", [tok, short])
    assert fitted.text == "a whale, stormy sea"
    assert fit_prompt("a whale, stormy sea", [tok], max_tokens=7).text == "a whale"
