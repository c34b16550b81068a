"""A run's folder appears whole or not at all."""

import json

import pytest

from storyapp.story import (
    OutputError,
    Settings,
    StageStats,
    StoryResult,
    check_out_dir,
    files_for,
    publish,
    run_record,
    write_run_files,
)


def result(**kw) -> StoryResult:
    base = dict(
        idea="a fox",
        kind="full",
        premise="A fox collects keys.",
        story="The Keys\n\nOnce upon a time.",
        sd_prompt="a red fox, keys",
        image=None,
        seeds={"seed": 1, "premise": 1, "story": 2, "sd_prompt": 3, "image": 4},
        stages={"premise": StageStats(2.0, 10)},
        adapters={"story": None, "sd_prompt": "sd-prompt-writer"},
    )
    return StoryResult(**{**base, **kw})


def write_run(folder, r=None):
    r = r or result()
    write_run_files(folder, r, run_record(r, Settings(), "embedded", "m.gguf", files_for(r)))


def test_files_and_record(tmp_path):
    out = publish(tmp_path / "a" / "run", write_run)
    assert sorted(p.name for p in out.iterdir()) == sorted(files_for(result()))
    assert (out / "story.md").read_text() == "The Keys\n\nOnce upon a time.\n"
    record = json.loads((out / "run.json").read_text())
    assert record["stages"]["premise"] == {"seconds": 2.0, "tokens": 10, "tokens_per_s": 5.0}
    assert record["adapters"] == {"story": None, "sd_prompt": "sd-prompt-writer"}
    assert record["files"] == files_for(result()) and record["version_id"] is None
    assert not [p for p in (tmp_path / "a").iterdir() if p.name.startswith(".")]


def test_failure_leaves_nothing(tmp_path):
    def broken(folder):
        write_run(folder)
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        publish(tmp_path / "run", broken)
    assert list(tmp_path.iterdir()) == []


def test_previous_run_is_replaced_whole(tmp_path):
    out = publish(tmp_path / "run", write_run)
    (out / "illustration.png").write_bytes(b"old picture")
    publish(out, lambda f: write_run(f, result(story="New")))
    assert (out / "story.md").read_text() == "New\n"
    assert not (out / "illustration.png").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_foreign_folders_are_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match="already holds other files"):
        check_out_dir(tmp_path)
    with pytest.raises(OutputError, match="not a folder"):
        check_out_dir(tmp_path / "notes.txt")
    check_out_dir(tmp_path / "new" / "deeper")  # missing parents are fine
    (tmp_path / "empty").mkdir()
    check_out_dir(tmp_path / "empty")
