"""The shipped training data: exactly the messages the app sends, enough examples, every target in
form, held-out kept apart."""

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from storyapp.story import prompts
from storyapp.training import forms

if importlib.util.find_spec("open_clip") is None:
    pytest.skip(
        "CLIP's vocabulary is missing: pip install --no-deps open_clip_torch",
        allow_module_level=True,
    )

DATA = Path(__file__).resolve().parents[2] / "training" / "data"


def premise_problems(text: str) -> list[str]:
    sentences = len(re.findall(r"[.!?](\s|$)", text))
    return [] if 3 <= sentences <= 6 and "\n" not in text else [f"{sentences} sentences"]


FILES = {  # the pipeline's messages for the stage, the form of its reply, the fewest examples
    "story_writer": (prompts.story_messages, forms.story_problems, 200),
    "sd_prompt_writer": (
        lambda idea, p: prompts.image_prompt_messages(p),
        forms.prompt_problems,
        200,
    ),
    "premise_writer": (lambda idea, p: prompts.premise_messages(idea), premise_problems, 200),
}


def rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / f"{name}.jsonl").read_text().splitlines()]


def premise(row: dict) -> str:
    """The premise the row is about: the user turn's `Premise:` paragraph, or the premise
    writer's reply."""
    *_, user, reply = row["messages"]
    if user["content"].startswith("Story idea:") and "Premise: " not in user["content"]:
        return reply["content"]
    return next(p for p in user["content"].split("\n\n") if p.startswith("Premise: "))


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("split", ["", "_heldout"])
def test_rows_are_what_the_app_sends(name, split):
    """An adapter learns on the exact messages the pipeline sends for its stage: the system turn
    and the user turn, as the pipeline's own prompt functions build them from the idea and the
    premise."""
    build = FILES[name][0]
    data = rows(name + split)
    for r in data:
        *sent, reply = r["messages"]
        assert sent == list(build(r["idea"], premise(r).removeprefix("Premise: ")))
        assert [m["role"] for m in sent] == ["system", "user"] and reply["role"] == "assistant"


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("split", ["", "_heldout"])
def test_counts_and_forms(name, split):
    build, problems, at_least = FILES[name]
    data = rows(name + split)
    assert len(data) >= (30 if split else at_least)
    for i, r in enumerate(data):
        *system, user, assistant = r["messages"]
        assert [m["role"] for m in system] == ["system"]
        assert (user["role"], assistant["role"]) == ("user", "assistant")
        assert not problems(assistant["content"]), (i, problems(assistant["content"]))
    assert len({premise(r) for r in data}) == len(data)  # no premise twice


@pytest.mark.parametrize("name", FILES)
def test_heldout_never_in_training(name):
    train = {premise(r) for n in FILES for r in rows(n)}
    held = {premise(r) for r in rows(name + "_heldout")}
    assert not train & held
    assert not {r["idea"] for n in FILES for r in rows(n)} & {
        r["idea"] for r in rows(name + "_heldout")
    }
    targets = {r["messages"][-1]["content"] for r in rows(name)}
    assert not targets & {r["messages"][-1]["content"] for r in rows(name + "_heldout")}


def test_heldout_stories_are_new_plots():
    def titles(name):
        return {forms.parse_story(r["messages"][-1]["content"]).title for r in rows(name)}

    assert not titles("story_writer") & titles("story_writer_heldout")


def test_varied():
    stories = [r["messages"][-1]["content"] for r in rows("story_writer")]
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
