"""HTML: one self-contained page, the picture embedded as a data: URI; a picture book's pages one
after another, each its picture then its text."""

import base64
from html import escape
from pathlib import Path

from storyapp.system.atomic import atomic_write

from ..errors import LibraryError
from .document import Document

STYLE = """
body { margin: 0; padding: 2em 1em 4em; background: #fdfcf8; color: #222; }
main { max-width: 40em; margin: 0 auto; font: 1.15em/1.65 Georgia, "Iowan Old Style",
  "Palatino Linotype", Palatino, "DejaVu Serif", serif; }
h1 { font-weight: normal; font-size: 2.2em; line-height: 1.2; text-align: center;
  margin: 0.5em 0 0.8em; }
figure { margin: 0 0 2em; }
img { display: block; width: 100%; height: auto; max-height: 70vh; object-fit: contain;
  margin: 0 auto; }
p { margin: 0 0 1em; text-align: justify; hyphens: auto; }
"""
BOOK_STYLE = """section.page { margin: 0 0 3em; }
"""


def _figure(image: bytes, mime: str, alt: str) -> str:
    src = f"data:{mime};base64,{base64.b64encode(image).decode('ascii')}"
    return f'<figure><img src="{src}" alt="{escape(alt)}"></figure>'


def _book_pages(doc: Document) -> list[str]:
    lines = []
    for page in doc.pages:
        lines.append(f'<section class="page" id="page-{page.number}">')
        if page.image is not None:
            lines.append(_figure(page.image, page.image_mime, page.image_alt))
        lines.extend(f"<p>{escape(p)}</p>" for p in page.paragraphs)
        lines.append("</section>")
    return lines


def render(doc: Document) -> str:
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(doc.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="storyapp">',
        f"<title>{escape(doc.title)}</title>",
        f"<style>{STYLE}{BOOK_STYLE if doc.pages else ''}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(doc.title)}</h1>",
    ]
    if doc.author:
        lines.append(f'<p class="byline">by {escape(doc.author)}</p>')
    if doc.image is not None and not doc.pages:
        lines.append(_figure(doc.image, doc.image_mime, doc.image_alt))
    if doc.premise:
        lines.append(f'<p class="premise"><em>{escape(doc.premise)}</em></p>')
    if doc.pages:
        lines += _book_pages(doc)
    else:
        lines.extend(f"<p>{escape(p)}</p>" for p in doc.paragraphs)
    lines += ["</main>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"


def write(doc: Document, out: Path) -> None:
    with atomic_write(out, error=LibraryError) as f:
        f.write(render(doc).encode())
