import base64
from pathlib import Path

from storyapp.library import Library, export_version

from .html_page import Page


def test_html_is_self_contained_and_escaped(
    lib: Library, saved: int, png: bytes, tmp_path: Path
) -> None:
    out = export_version(lib, saved, "html", tmp_path / "story.html")
    text = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(text)
    assert page.title == page.h1 == "The Lighthouse Keeper’s Whale"
    assert page.lang == "en"
    [img] = page.images
    assert img["alt"] == "a whale beside a lighthouse at dusk, oil painting"
    prefix = "data:image/png;base64,"
    assert img["src"].startswith(prefix)
    assert base64.b64decode(img["src"][len(prefix) :]) == png
    assert len(page.paragraphs) == 3
    assert page.paragraphs[0].startswith("On the night the fog came, Élodie heard a voice —")
    assert page.paragraphs[2].endswith("<script>alert(1)</script> Ωmega, naïve café, Жук.")
    assert "script" not in page.tags
    assert "max-width: 40em" in text and "serif" in text
    assert "http://" not in text and "https://" not in text  # nothing fetched from outside
