"""Item 5: a read-only library can be listed and says "read-only" when written; a full disk is
named as such; a picture that cannot be written leaves no story behind."""

import os
import shutil
from pathlib import Path

import pytest
from library.faults import build, fill, intact, one_error_line, read_only, rows, small_disk
from library.helpers import big_image, full_version

from storyapp.library import Library, LibraryError


def test_a_read_only_library_lists_and_names_the_cause(run_cli, tmp_path: Path) -> None:
    lib = tmp_path / "L"
    pictures = build(lib)
    with read_only(lib):
        r = run_cli("library", "list", "--library", lib)
        assert r.returncode == 0, r.stderr
        assert r.stdout.count("Story ") >= 3
        r = run_cli("export", "1", "--library", lib, "--out", tmp_path / "one.pdf")
        assert r.returncode == 0, r.stderr
        r = run_cli("library", "delete", "1", "--library", lib)
        assert r.returncode == 1
        one_error_line(r.stderr, str(lib), "read-only")
        assert "copy it to a writable folder" in r.stderr
        assert "not a SQLite database" not in r.stderr
        with Library.open(lib) as library, pytest.raises(LibraryError, match="read-only"):
            library.add_story(full_version(), big_image(1, 1000))
    intact(lib, pictures)


def test_a_full_disk_is_named_and_leaves_no_empty_story(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 1024) as disk:
        lib = disk / "L"
        pictures = build(lib, count=1)
        fill(disk, leave=64 * 1024)
        with Library.open(lib) as library, pytest.raises(LibraryError) as e:
            library.add_story(full_version(), big_image(2, 512 * 1024))
        assert "the disk is full" in str(e.value) and str(lib) in str(e.value)
        assert "free some space" in str(e.value)
        assert rows(lib / "library.sqlite3", "stories") == 1
        assert rows(lib / "library.sqlite3", "versions") == 1
        assert len(os.listdir(lib / "images")) == 1
        intact(lib, pictures)


def test_opening_on_a_full_disk_names_the_cause(run_cli, tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 256) as disk:
        filler = fill(disk, leave=0)
        r = run_cli("library", "list", "--library", disk / "L")
        assert r.returncode == 1
        line = one_error_line(r.stderr, str(disk / "L"))
        assert "disk is full" in line or "No space left" in line, line
        assert "not a SQLite database" not in line
        filler.unlink()
        shutil.rmtree(disk / "L", ignore_errors=True)
