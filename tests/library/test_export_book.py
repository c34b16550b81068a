"""Exporting a picture book: every page's picture and text in every format, the cover from
page 1; EPUB passes epubcheck, the PDF has each page's text and page 1's picture."""

import base64
import dataclasses
import re
import zipfile
from html import escape
from pathlib import Path

import pytest
from PIL import Image

from storyapp.library import Library, export_files, export_version

from .book_helpers import TEXTS, book_pictures, book_version, page_png
from .checkers import check_epub, needs_poppler, pages, poppler, unembedded_fonts


@pytest.fixture
def book(lib: Library) -> int:
    _, vid = lib.add_story(book_version(), page_pictures=book_pictures(candidates=1))
    return vid


def test_epub_has_a_page_per_page_and_page_1_as_cover(
    lib: Library, book: int, tmp_path: Path
) -> None:
    out = export_version(lib, book, "epub", tmp_path / "book.epub")
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        opf = z.read("EPUB/package.opf").decode()
        xhtml = [z.read(f"EPUB/page-0{n}.xhtml").decode() for n in (1, 2, 3)]
        assert [z.read(f"EPUB/page-0{n}.png") for n in (1, 2, 3)] == [page_png(i) for i in range(3)]
        cover = z.read("EPUB/cover.xhtml").decode()
    assert names[0] == "mimetype" and "EPUB/story.xhtml" not in names
    assert not any(n.startswith("EPUB/cover.") and n.endswith(".png") for n in names)
    assert re.search(r'href="page-01.png" media-type="image/png" properties="cover-image"', opf)
    assert 'src="page-01.png"' in cover
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    assert spine == ["cover", "page-01", "page-02", "page-03"]
    for n, (page, text) in enumerate(zip(xhtml, TEXTS, strict=True), 1):
        assert f'<img src="page-0{n}.png"' in page and escape(text) in page
    assert "<h1>The Paper Boat</h1>" in xhtml[0] and "<h1>" not in xhtml[1]


@pytest.mark.slow
def test_epubcheck_accepts_a_book(lib: Library, book: int, tmp_path: Path) -> None:
    v = lib.get_version(book)
    unpainted = dataclasses.replace(  # a book whose last page has no picture yet
        v, id=0, kind="page", parent_version_id=v.id, created_at=None,
        pages=[*v.pages[:2], dataclasses.replace(v.pages[2], image_path=None, candidates=())],
    )  # fmt: skip
    other = lib.add_version(v.story_id, unpainted)
    check_epub(
        export_version(lib, book, "epub", tmp_path / "book.epub", author="A. Writer"),
        export_version(lib, other, "epub", tmp_path / "unpainted.epub", premise=True),
    )


@needs_poppler
def test_pdf_picture_book(lib: Library, book: int, tmp_path: Path) -> None:
    pdf = export_version(lib, book, "pdf", tmp_path / "book.pdf")
    assert pages(pdf) == 3
    for n, text in enumerate(TEXTS, 1):
        found = " ".join(poppler("pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-").split())
        assert text in found, f"page {n}: {found!r}"
    assert "The Paper Boat" in poppler("pdftotext", "-f", "1", "-l", "1", str(pdf), "-")
    assert unembedded_fonts(pdf) == []
    poppler("pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p"))
    [png] = sorted(tmp_path.glob("p*.png"))
    page = Image.open(png).convert("RGB")
    colors = page.getcolors(maxcolors=1 << 20)
    inked = sum(n for n, rgb in colors if rgb != (255, 255, 255))
    assert inked > 0.1 * page.width * page.height, "page 1 is (nearly) blank"
    assert any(b > r + 40 for _, (r, g, b) in colors), "the blue sky of page 1's picture is missing"


def test_html_shows_every_page_picture_then_its_text(
    lib: Library, book: int, tmp_path: Path
) -> None:
    html = export_version(lib, book, "html", tmp_path / "book.html").read_text()
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)"', html)
    assert [base64.b64decode(i) for i in images] == [page_png(i) for i in range(3)]
    for n, text in enumerate(TEXTS, 1):
        section = html.split(f'<section class="page" id="page-{n}">')[1].split("</section>")[0]
        assert section.index("<img") < section.index(escape(text))


def test_markdown_writes_every_page_picture(lib: Library, book: int, tmp_path: Path) -> None:
    written = export_files(lib, book, "md", tmp_path / "book.md")
    md = written[0].read_text()
    assert len(written) == 4
    assert [p.read_bytes() for p in written[1:]] == [page_png(i) for i in range(3)]
    for picture, text in zip(written[1:], TEXTS, strict=True):
        ref = f"(book_files/{picture.name})"
        assert ref in md and md.index(ref) < md.index(text)
    assert md.startswith("# The Paper Boat\n")
