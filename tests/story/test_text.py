"""The pieces that need no model: prompts, cleanup, seeds, settings."""

import pytest

from storyapp.story import Settings, prompts
from storyapp.story.cleanup import clean_sd_prompt, clean_text, trim_unfinished
from storyapp.story.seeds import MAX_SEED, spread
from storyapp.story.settings import adapter_paths, sdxl_source


def test_prompts_carry_the_instructions():
    story = prompts.story_messages("a fox", "A fox collects keys.")[-1]["content"]
    assert "Story idea: a fox\n" in story and "Premise: A fox collects keys." in story
    assert "title alone on the first line" in story and "4 to 8 paragraphs" in story
    image = prompts.image_prompt_messages("A fox collects keys.")[-1]["content"]
    assert "comma-separated" in image and "one line" in image and "55 words" in image
    premise = prompts.premise_messages("  a fox  ")[-1]["content"]
    assert "Story idea: a fox\n" in premise
    assert [m["role"] for m in prompts.premise_messages("x")] == ["system", "user"]


def test_sd_prompt_is_one_clean_line_of_phrases():
    text = 'Prompt: "a red fox, snowy forest, dawn light, watercolor"\nThat is my prompt.'
    assert clean_sd_prompt(text) == "a red fox, snowy forest, dawn light, watercolor"
    assert clean_sd_prompt("\n\n**Image prompt:** castle, fog,\n") == "castle, fog"
    assert clean_sd_prompt("") == ""


def test_long_sd_prompt_is_cut_at_a_phrase_boundary():
    phrases = [f"phrase number {i} here" for i in range(30)]  # 4 words each
    cut = clean_sd_prompt(", ".join(phrases))
    assert len(cut.split()) <= 55
    assert cut.endswith("here") and cut in ", ".join(phrases)
    no_commas = " ".join(["word"] * 80)
    assert clean_sd_prompt(no_commas) == " ".join(["word"] * 55)


def test_unfinished_sentences_are_trimmed():
    assert trim_unfinished('He said "go!" and left. And then') == 'He said "go!" and left.'
    assert trim_unfinished("no sentence ends") == "no sentence ends"
    assert clean_text("  a  \n\n\n\nb   \n") == "a\n\nb"


def test_seeds_spread_over_rows_and_image():
    assert spread(7) == {"seed": 7, "premise": 7, "story": 8, "sd_prompt": 9, "image": 10}
    assert 0 <= spread(None)["seed"] < 2**31
    for bad in (-1, MAX_SEED, 1.5, True, "3"):
        with pytest.raises(ValueError, match="seed must be an integer"):
            spread(bad)


def test_settings_cap_and_paths(tmp_path, monkeypatch):
    capped = Settings().capped(50)
    assert (capped.premise.max_tokens, capped.story.max_tokens, capped.sd_prompt.max_tokens) == (
        50,
        50,
        50,
    )
    assert capped.story.temperature == Settings().story.temperature
    monkeypatch.setenv("STORYAPP_ADAPTERS", str(tmp_path))
    paths = adapter_paths(Settings(prompt_adapter="~/mine"))
    assert paths["story-writer"] == (tmp_path / "story-writer", False)
    assert paths["sd-prompt-writer"][1] is True
    assert "~" not in str(paths["sd-prompt-writer"][0])


def test_sdxl_source_order(tmp_path, monkeypatch):
    assert sdxl_source(Settings()) is None  # conftest: no env, an empty cache
    monkeypatch.setenv("STORYAPP_SDXL", "/models/sdxl")
    assert sdxl_source(Settings()) == "/models/sdxl"
    assert sdxl_source(Settings(sdxl="tiny")) == "tiny"
