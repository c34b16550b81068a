from pathlib import Path

import pytest

from storyapp.library import FORMATS, Library, LibraryError, export_version


@pytest.mark.parametrize("fmt", ["markdown", "html", "epub", "pdf"])
def test_unwritable_target_leaves_nothing(
    lib: Library, saved: int, tmp_path: Path, fmt: str
) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file, not a folder")
    for out in (blocker / f"story.{fmt}", tmp_path / "missing" / f"story.{fmt}"):
        with pytest.raises(LibraryError, match=f"cannot write {out}"):
            export_version(lib, saved, fmt, out)
    with pytest.raises(LibraryError, match="cannot write /proc/story"):
        export_version(lib, saved, fmt, f"/proc/story.{fmt}")
    with pytest.raises(LibraryError, match="it is a folder"):
        export_version(lib, saved, fmt, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "lib"]


def test_unknown_version_and_format(lib: Library, saved: int, tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match=f"no version 999 in library {lib.root}"):
        export_version(lib, 999, "pdf", tmp_path / "x.pdf")
    with pytest.raises(LibraryError, match="unknown export format 'docx'"):
        export_version(lib, saved, "docx", tmp_path / "x.docx")
    assert not (tmp_path / "x.pdf").exists()
    assert set(FORMATS) == {"markdown", "md", "html", "epub", "pdf"}


def test_export_replaces_an_existing_file_whole(lib: Library, saved: int, tmp_path: Path) -> None:
    out = tmp_path / "story.html"
    out.write_text("old")
    export_version(lib, saved, "HTML", out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name != "lib"] == ["story.html"]
