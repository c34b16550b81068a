"""Bad input gives one clear line and leaves nothing in the output folder."""

from pathlib import Path

import pytest

from storyapp.backends import AdapterUnavailable, EmbeddedBackend
from storyapp.cli import main
from storyapp.story import Failed, StoryError, StoryPipeline

from .conftest import SMALL, engine_idle


def generate(capsys, out: Path, *args: str) -> tuple[int, str]:
    """`storyapp generate` in this process: (exit code, stderr)."""
    code = main(["generate", *args, "--out", str(out), "--no-save", "--max-tokens", "8"])
    return code, capsys.readouterr().err


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("storyapp: error:")]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("idea", ["", "   \n\t "])
def test_empty_idea(capsys, tmp_path, idea):
    code, err = generate(capsys, tmp_path / "out", idea, "--sdxl", "tiny")
    assert code == 1 and "the idea is empty" in one_error_line(err)
    assert not (tmp_path / "out").exists()


def test_missing_sdxl(capsys, tmp_path):
    code, err = generate(capsys, tmp_path / "out", "a fox", "--sdxl", str(tmp_path / "nowhere"))
    assert code == 1 and "model not found" in one_error_line(err)
    assert str(tmp_path / "nowhere") in err and not (tmp_path / "out").exists()


def test_corrupt_sdxl(capsys, tmp_path):
    bad = tmp_path / "sdxl.safetensors"
    bad.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all")
    code, err = generate(capsys, tmp_path / "out", "a fox", "--sdxl", str(bad))
    assert code == 1 and "corrupt checkpoint" in one_error_line(err)
    assert not (tmp_path / "out").exists()


def test_bad_image_size(capsys, tmp_path):
    code, err = generate(capsys, tmp_path / "out", "a fox", "--sdxl", "tiny", "--size", "100x64")
    assert code == 1 and "multiple of 64" in one_error_line(err)
    assert not (tmp_path / "out").exists()


def test_foreign_out_folder(capsys, tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    code, err = generate(capsys, tmp_path, "a fox", "--sdxl", "tiny")
    assert code == 1 and "already holds other files" in one_error_line(err)
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


@pytest.mark.slow
def test_idea_over_the_context(capsys, tmp_path):
    idea = "a fox who collects keys and " * 800  # about 5,600 tokens, the context is 4,096
    code, err = generate(capsys, tmp_path / "out", idea, "--no-image")
    line = one_error_line(err)
    assert code == 1 and "the idea is too long" in line and "context of 4096 tokens" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_idea_over_the_context_in_the_pipeline(bare_backend, llm):
    events: list = []
    pipe = StoryPipeline(bare_backend, None, SMALL, events.append)
    steps = llm.engine.steps
    with pytest.raises(StoryError, match="the idea is too long") as info:
        pipe.run("a fox who collects keys and " * 800)
    assert info.value.stage == "premise" and isinstance(events[-1], Failed)
    assert llm.engine.steps == steps and engine_idle(llm)  # refused before it reached the engine


@pytest.mark.slow
def test_adapter_that_does_not_fit(capsys, tmp_path, unfit_adapter):
    code, err = generate(
        capsys, tmp_path / "out", "a fox", "--no-image", "--story-adapter", str(unfit_adapter)
    )
    line = one_error_line(err)
    assert code == 1 and "adapter 'story-writer'" in line and str(unfit_adapter) in line
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_adapter_errors_on_the_backend(llm, unfit_adapter, tmp_path):
    backend = EmbeddedBackend(llm)
    with pytest.raises(AdapterUnavailable, match="does not|layers|shape|fit"):
        backend.add_adapter("unfit", unfit_adapter)
    with pytest.raises(AdapterUnavailable, match="no such adapter"):
        backend.add_adapter("missing", tmp_path / "missing")
    assert "unfit" not in backend.adapters()


@pytest.mark.slow
def test_no_image_model_writes_the_text_and_says_how_to_add_one(capsys, tmp_path):
    code, err = generate(capsys, tmp_path / "out", "a fox who collects keys")
    assert code == 0, err
    notes = [line for line in err.splitlines() if "no image model" in line]
    assert len(notes) == 1 and "STORYAPP_SDXL" in notes[0] and "--sdxl PATH" in notes[0]
    assert "download-sdxl" in notes[0]
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["premise.md", "run.json", "sd_prompt.txt", "story.md"]


def test_bad_seed_and_token_cap(capsys, tmp_path):
    code, err = generate(capsys, tmp_path / "out", "a fox", "--no-image", "--seed", "-3")
    assert code == 1 and "seed must be an integer" in one_error_line(err)
    code = main(["generate", "a fox", "--out", str(tmp_path / "out"), "--max-tokens", "0"])
    assert code == 1 and "--max-tokens must be at least 1" in one_error_line(
        capsys.readouterr().err
    )
    assert not (tmp_path / "out").exists()
