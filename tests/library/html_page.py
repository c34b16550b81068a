"""An HTML export, parsed: its title, heading, pictures and paragraphs."""

from html.parser import HTMLParser


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
