"""Exports with the premise before the story and an author's byline, in every format; without
them, neither appears."""

import subprocess
import zipfile
from pathlib import Path
from shutil import which

import pytest

from storyapp.library import Library, export_version

PREMISE = "An old keeper, a lonely whale, one foggy night."


def test_markdown_and_html_with_premise_and_author(
    lib: Library, saved: int, tmp_path: Path
) -> None:
    md = export_version(lib, saved, "md", tmp_path / "s.md", premise=True, author="Ada Byron")
    parts = md.read_text(encoding="utf-8").split("\n\n")
    assert parts[0].startswith("# ") and parts[1] == "*by Ada Byron*"
    assert f"> {PREMISE}" in parts
    page = export_version(lib, saved, "html", tmp_path / "s.html", premise=True, author="Ada")
    html = page.read_text(encoding="utf-8")
    assert '<p class="byline">by Ada</p>' in html and f"<em>{PREMISE}</em>" in html
    plain = export_version(lib, saved, "md", tmp_path / "plain.md").read_text(encoding="utf-8")
    assert PREMISE not in plain and "*by " not in plain


def test_epub_and_pdf_with_premise_and_author(lib: Library, saved: int, tmp_path: Path) -> None:
    book = export_version(lib, saved, "epub", tmp_path / "s.epub", premise=True, author="Ada")
    with zipfile.ZipFile(book) as z:
        names = z.namelist()
        story = z.read(next(n for n in names if n.endswith("story.xhtml"))).decode()
        opf = z.read(next(n for n in names if n.endswith(".opf"))).decode()
    assert "<dc:creator>Ada</dc:creator>" in opf and PREMISE in story and "by Ada" in story
    pdf = export_version(lib, saved, "pdf", tmp_path / "s.pdf", premise=True, author="Ada")
    assert b"/Author (Ada)" in pdf.read_bytes()
    if which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) checks the PDF's text")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "by Ada" in text and "lonely whale" in text
