import zipfile
from pathlib import Path

import pytest

from storyapp.library import Library, export_version

from .checkers import check_epub
from .helpers import full_version


def test_epub_structure(lib: Library, saved: int, png: bytes, tmp_path: Path) -> None:
    out = export_version(lib, saved, "epub", tmp_path / "story.epub")
    with zipfile.ZipFile(out) as z:
        first = z.infolist()[0]
        assert (first.filename, first.compress_type, first.extra) == (
            "mimetype",
            zipfile.ZIP_STORED,
            b"",
        )
        assert z.read("mimetype") == b"application/epub+zip"
        assert z.read("EPUB/cover.png") == png
        opf = z.read("EPUB/package.opf").decode()
        story = z.read("EPUB/story.xhtml").decode()
    assert "<dc:title>The Lighthouse Keeper’s Whale</dc:title>" in opf
    assert "<dc:language>en</dc:language>" in opf
    assert 'properties="cover-image"' in opf and 'properties="nav"' in opf
    assert '<dc:identifier id="book-id">urn:uuid:' in opf
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ωmega" in story


def test_epub_is_reproducible(lib: Library, saved: int, tmp_path: Path) -> None:
    a = export_version(lib, saved, "epub", tmp_path / "a.epub").read_bytes()
    b = export_version(lib, saved, "epub", tmp_path / "b.epub").read_bytes()
    assert a == b


@pytest.mark.slow
def test_epubcheck_accepts_both_kinds(lib: Library, saved: int, tmp_path: Path) -> None:
    story = lib.new_story()
    bare = lib.add_version(story.id, full_version(story_text="No title line, only a text."), None)
    check_epub(
        export_version(lib, saved, "epub", tmp_path / "story.epub"),
        export_version(lib, bare, "epub", tmp_path / "bare.epub"),
    )
