"""The shipped training data: enough examples, every target in form, held-out kept apart."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyapp.training import forms
from storyapp.training.instructions import SD_PROMPT_INSTRUCTION, STORY_INSTRUCTION

if importlib.util.find_spec("open_clip") is None:
    pytest.skip(
        "CLIP's vocabulary is missing: pip install --no-deps open_clip_torch",
        allow_module_level=True,
    )

DATA = Path(__file__).resolve().parents[2] / "training" / "data"
FILES = {
    "story_writer": (STORY_INSTRUCTION, forms.story_problems, 200),
    "sd_prompt_writer": (SD_PROMPT_INSTRUCTION, forms.prompt_problems, 200),
}


def rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / f"{name}.jsonl").read_text().splitlines()]


def premise(row: dict) -> str:
    return row["messages"][0]["content"].split("\n\n")[0]


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("split", ["", "_heldout"])
def test_counts_and_forms(name, split):
    instruction, problems, at_least = FILES[name]
    data = rows(name + split)
    assert len(data) >= (30 if split else at_least)
    for i, r in enumerate(data):
        user, assistant = r["messages"]
        assert (user["role"], assistant["role"]) == ("user", "assistant")
        assert user["content"].startswith("Premise: ")
        assert user["content"].endswith("\n\n" + instruction)
        assert not problems(assistant["content"]), (i, problems(assistant["content"]))
    assert len({premise(r) for r in data}) == len(data)  # no premise twice


@pytest.mark.parametrize("name", FILES)
def test_heldout_never_in_training(name):
    train = {premise(r) for n in FILES for r in rows(n)}
    held = {premise(r) for r in rows(name + "_heldout")}
    assert not train & held
    targets = {r["messages"][1]["content"] for r in rows(name)}
    assert not targets & {r["messages"][1]["content"] for r in rows(name + "_heldout")}


def test_heldout_stories_are_new_plots():
    def titles(name):
        return {forms.parse_story(r["messages"][1]["content"]).title for r in rows(name)}

    assert not titles("story_writer") & titles("story_writer_heldout")


def test_varied():
    stories = [r["messages"][1]["content"] for r in rows("story_writer")]
    titles = {forms.parse_story(s).title for s in stories}
    paragraphs = {len(forms.parse_story(s).paragraphs) for s in stories}
    assert len(titles) >= 100 and len(paragraphs) >= 3
    genres = {"fairy tale", "science fiction", "western", "ghost story", "comedy", "animal fable"}
    premises = " ".join(premise(r) for r in rows("story_writer"))
    assert sum(g in premises for g in genres) >= 4


def test_generator_reproduces_the_files(tmp_path):
    script = DATA.parent / "make_data.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, capture_output=True)
    for f in DATA.glob("*.jsonl"):
        assert (tmp_path / f.name).read_bytes() == f.read_bytes(), f.name
