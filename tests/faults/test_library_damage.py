"""Item 4: a damaged library costs neither a finished story nor the readable rows; `library
check` names the damaged rows and `library repair` keeps every row it can read."""

import json
from pathlib import Path

import pytest
from library.faults import build, flip, intact, one_error_line

from storyapp.library import Library


def test_check_names_the_damaged_rows_and_reading_names_the_cause(run_cli, tmp_path) -> None:
    lib = tmp_path / "L"
    build(lib)
    flip(lib / "library.sqlite3", "versions")
    r = run_cli("library", "check", "--library", lib, "--json")
    assert r.returncode == 1, r.stderr
    report = json.loads(r.stdout)
    assert report["integrity"] and "version 1" in report["bad_rows"]
    r = run_cli("library", "list", "--library", lib)
    assert r.returncode == 1
    one_error_line(r.stderr, str(lib), "damaged", "storyapp library check")


def test_a_damaged_row_in_the_middle_is_named_not_thrown(run_cli, tmp_path: Path) -> None:
    lib = tmp_path / "L"
    build(lib)
    # inside a version row's text: SQLite reads it, we cannot decode it
    flip(lib / "library.sqlite3", "versions", offset=3072)
    r = run_cli("library", "check", "--library", lib)
    assert r.returncode == 1 and "cannot read version" in r.stdout, r.stdout
    r = run_cli("library", "list", "--library", lib)
    assert r.returncode == 1
    one_error_line(r.stderr, str(lib), "damaged", "storyapp library check")


def test_repair_keeps_every_readable_row_and_the_old_file(run_cli, tmp_path: Path) -> None:
    lib = tmp_path / "L"
    pictures = build(lib, count=3)
    flip(lib / "library.sqlite3", "stories")  # the stories are lost; the versions are not
    r = run_cli("library", "repair", "--library", lib)
    assert r.returncode == 0, r.stderr
    assert "kept as" in r.stdout and list(lib.glob("library.sqlite3.damaged-*"))
    intact(lib, pictures)
    assert run_cli("library", "check", "--library", lib).returncode == 0


@pytest.mark.slow
def test_generate_keeps_its_files_when_the_library_is_damaged(run_cli, tmp_path: Path) -> None:
    home = tmp_path / "home"
    lib = home / "library"
    pictures = build(lib)
    flip(lib / "library.sqlite3", "versions")
    damaged = (lib / "library.sqlite3").read_bytes()
    out = tmp_path / "out"
    r = run_cli(
        "generate", "a fox", "--no-image", "--max-tokens", "4", "--out", out,
        env={"STORYAPP_HOME": str(home)},
    )  # fmt: skip
    assert r.returncode == 1
    one_error_line(r.stderr, "not saved to the library", "damaged", "storyapp library check")
    assert sorted(p.name for p in out.iterdir()) == [
        "premise.md", "run.json", "sd_prompt.txt", "story.md"
    ]  # fmt: skip
    assert json.loads((out / "run.json").read_text())["version_id"] is None
    assert (lib / "library.sqlite3").read_bytes() == damaged
    assert {p.read_bytes() for p in (lib / "images").iterdir()} == set(pictures.values())


def test_a_failed_save_leaves_no_story_without_its_version(tmp_path: Path) -> None:
    from library.helpers import full_version

    from storyapp.library import LibraryError

    lib = tmp_path / "L"
    pictures = build(lib, count=1)
    with Library.open(lib) as library:
        with pytest.raises(LibraryError, match="neither PNG nor JPEG"):
            library.add_story(full_version(), b"not a picture")
        assert len(library.list_stories()) == 1
    intact(lib, pictures)
