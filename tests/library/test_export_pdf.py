from pathlib import Path

import pytest
from PIL import Image

from storyapp.library import Library, export_version
from storyapp.library.export import fonts

from .checkers import needs_poppler, pages, poppler
from .helpers import full_version

LONG = "# A long one\n\n" + "\n\n".join(f"Paragraph {i}: " + "word " * 120 for i in range(12))


@needs_poppler
def test_pdf_renders_with_embedded_fonts(lib: Library, saved: int, tmp_path: Path) -> None:
    pdf = export_version(lib, saved, "pdf", tmp_path / "story.pdf")
    assert pages(pdf) == 1
    poppler("pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page"))
    [png] = sorted(tmp_path.glob("page*.png"))
    page = Image.open(png).convert("RGB")
    colors = page.getcolors(maxcolors=1 << 20)
    inked = sum(n for n, rgb in colors if rgb != (255, 255, 255))
    assert inked > 0.1 * page.width * page.height, "page is (nearly) blank"
    assert any(b > r + 40 for _, (r, g, b) in colors), "the blue sky of the picture is missing"

    fonts = poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    for row in fonts:
        assert row.split()[-5] == "yes", f"font not embedded: {row}"

    text = " ".join(poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-").split())
    assert "The Lighthouse Keeper’s Whale" in text
    assert "Élodie heard a voice — low, patient" in text
    assert "“Keeper,” said the whale" in text
    assert "<script>alert(1)</script> Ωmega, naïve café" in text


@needs_poppler
def test_long_story_flows_over_pages(lib: Library, png: bytes, tmp_path: Path) -> None:
    story = lib.new_story()
    vid = lib.add_version(story.id, full_version(story_text=LONG), png)
    pdf = export_version(lib, vid, "pdf", tmp_path / "long.pdf")
    assert pages(pdf) >= 2
    assert "Paragraph 11:" in poppler("pdftotext", str(pdf), "-")
    first, second = (poppler("pdftotext", "-f", n, "-l", n, str(pdf), "-") for n in "12")
    assert second.split()[-1] == "2", "page 2 has no page number"
    assert first.split()[-1] != "1", "the first page should carry no number"


@needs_poppler
def test_bundled_font_when_the_system_has_none(
    lib: Library, saved: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh machine without DejaVu still gets an embedded font: reportlab's own Vera."""
    monkeypatch.setattr(fonts, "CANDIDATES", fonts.CANDIDATES[-1:])
    pdf = export_version(lib, saved, "pdf", tmp_path / "vera.pdf")
    rows = poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert rows and all("Vera" in r and r.split()[-5] == "yes" for r in rows), rows
    text = " ".join(poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-").split())
    assert "Élodie heard a voice — low, patient" in text
    poppler("pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "vera"))
