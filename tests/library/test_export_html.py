import base64
from html.parser import HTMLParser
from pathlib import Path

from storyapp.library import Library, export_version


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.title = ""
        self.h1 = ""
        self.images: list[dict[str, str | None]] = []
        self.paragraphs: list[str] = []
        self.tags: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag == "img":
            self.images.append(dict(attrs))
        elif tag not in ("meta", "link"):
            self.stack.append(tag)
            if tag == "p":
                self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        where = self.stack[-1] if self.stack else ""
        if where == "title":
            self.title += data
        elif where == "h1":
            self.h1 += data
        elif where == "p":
            self.paragraphs[-1] += data


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
