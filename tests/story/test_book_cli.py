"""`storyapp generate IDEA --pages N` as a user runs it: a fresh process, the default model
(random adapters), the tiny SDXL; and a page count out of range refused in one line."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from storyapp.cli import main
from storyapp.illustrate import read_png_meta
from storyapp.library import Library

from .conftest import storyapp_bin

PAGES = [f"page-{i:02d}.png" for i in range(1, 7)]


@pytest.mark.slow
def test_generate_pages_writes_the_book_its_pictures_and_a_record_of_two_batched_calls(
    tmp_path, adapter_dirs
):
    out = tmp_path / "book"
    args = [
        storyapp_bin(), "generate", "Mia, a girl who bakes bread, befriends Ember, a shy dragon",
        "--pages", "6", "--sdxl", "tiny", "--out", out, "--seed", "4", "--steps", "2",
        "--size", "64x64", "--max-tokens", "16", "--json",
        "--story-adapter", adapter_dirs["story-writer"],
        "--prompt-adapter", adapter_dirs["sd-prompt-writer"],
    ]  # fmt: skip
    home = tmp_path / "home"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "STORYAPP_HOME": str(home)}
    done = subprocess.run(
        list(map(str, args)), capture_output=True, text=True, env=env, timeout=900
    )
    assert done.returncode == 0, done.stderr

    record = json.loads(done.stdout)
    assert record == json.loads((out / "run.json").read_text())
    files = ["book.json", *PAGES, "premise.md", "story.md", "run.json"]
    assert sorted(p.name for p in out.iterdir()) == sorted(record["files"]) == sorted(files)
    assert record["kind"] == "book" and record["pages"] == 6
    # after the premise, two batched text calls: scenes + cast sheet, then the 6 scene prompts
    assert [c["rows"] for c in record["text_calls"]] == [
        ["premise"],
        ["story", "cast"],
        [f"page-{i:02d}" for i in range(1, 7)],
    ]
    assert record["adapters"]["scene_prompt"] == "sd-prompt-writer"

    book = json.loads((out / "book.json").read_text())
    assert book["seed"] == 4 and book["cast"] and all(c["name"] and c["look"] for c in book["cast"])
    assert [p["image"] for p in book["pages"]] == PAGES
    assert record["seeds"]["pages"] == [p["seed"] for p in book["pages"]]
    story = (out / "story.md").read_text()
    for page, name in zip(book["pages"], PAGES, strict=True):
        meta = read_png_meta(out / name)
        # the tiny SDXL reads one character a token: it takes the prompt's first phrases
        assert meta["seed"] == page["seed"] and page["prompt"].startswith(meta["prompt"])
        assert page["prompt"].endswith(book["style"])
        assert page["text"] in story

    # and kept in the library as a book version, one page record per page
    assert f"saved as version {record['version_id']}" in done.stderr
    with Library.open(home / "library") as lib:
        version = lib.get_version(record["version_id"])
        assert [p.text for p in version.pages] == [p["text"] for p in book["pages"]]
        assert [p.seed for p in version.pages] == [p["seed"] for p in book["pages"]]


@pytest.mark.parametrize("pages", ["1", "13"])
def test_a_page_count_out_of_range_is_one_line_and_nothing_is_written(tmp_path, capsys, pages):
    out = tmp_path / "book"
    code = main(["generate", "an idea", "--pages", pages, "--sdxl", "tiny", "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert err == f"storyapp: error: pages must be a whole number from 2 to 12, got {pages}"
    assert not out.exists()
