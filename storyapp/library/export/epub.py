"""EPUB 3, written directly with zipfile. A picture book is one XHTML page per book page, each
its picture then its text, with page 1's picture as the cover.

Why not ebooklib: the book is five small files, and writing them ourselves keeps full control of
what epubcheck checks (mimetype first and stored, nav doc, cover-image property, dcterms:modified)
with no lxml dependency and byte-for-byte reproducible output (fixed zip timestamps)."""

import zipfile
from html import escape
from pathlib import Path

from storyapp.system.atomic import atomic_write

from ..errors import LibraryError
from .document import DocPage, Document

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""
CSS = """body { font-family: serif; line-height: 1.5; margin: 0 5%; }
h1 { text-align: center; font-weight: normal; margin: 1em 0; }
p { margin: 0; text-indent: 1.5em; text-align: justify; }
h1 + p { text-indent: 0; }
.cover { margin: 0; padding: 0; text-align: center; }
.cover img { max-width: 100%; max-height: 100%; }
"""
BOOK_CSS = """.page figure { margin: 0 0 1em; text-align: center; }
.page img { max-width: 100%; max-height: 60vh; }
.page p { text-indent: 0; margin: 0 0 0.6em; }
"""


def _xhtml(doc: Document, title: str, body: str, extra: str = "") -> str:
    lang = escape(doc.language)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'xml:lang="{lang}" lang="{lang}">\n<head>\n<meta charset="utf-8"/>\n'
        f'<title>{escape(title)}</title>\n<link rel="stylesheet" href="style.css"/>\n{extra}'
        f"</head>\n{body}\n</html>\n"
    )


def _front(doc: Document) -> list[str]:
    front = [f"<h1>{escape(doc.title)}</h1>"]
    if doc.author:
        front.append(f"<p><em>by {escape(doc.author)}</em></p>")
    if doc.premise:
        front.append(f"<p><em>{escape(doc.premise)}</em></p>")
    return front


def story_page(doc: Document) -> str:
    paras = "\n".join(_front(doc) + [f"<p>{escape(p)}</p>" for p in doc.paragraphs])
    return _xhtml(doc, doc.title, f"<body>\n{paras}\n</body>")


def page_name(page: DocPage) -> str:
    return f"page-{page.number:02d}"


def picture_name(page: DocPage) -> str:
    return f"{page_name(page)}{page.image_suffix}"


def _cover_name(doc: Document) -> str:
    """The cover picture's file: a book's page 1 picture serves as both."""
    if doc.pages and doc.pages[0].image is not None:
        return picture_name(doc.pages[0])
    return f"cover{doc.image_suffix}"


def book_page(doc: Document, page: DocPage) -> str:
    parts = _front(doc) if page.number == 1 else []
    if page.image is not None:
        img = f'<img src="{picture_name(page)}" alt="{escape(page.image_alt)}"/>'
        parts.append(f"<figure>{img}</figure>")
    parts += [f"<p>{escape(p)}</p>" for p in page.paragraphs]
    title = f"{doc.title}, page {page.number}"
    body = "\n".join(parts)
    return _xhtml(doc, title, f'<body class="page">\n<section>\n{body}\n</section>\n</body>')


def cover_page(doc: Document) -> str:
    img = f'<img src="{_cover_name(doc)}" alt="{escape(doc.image_alt)}"/>'
    return _xhtml(doc, doc.title, f'<body class="cover">\n<div>{img}</div>\n</body>')


def nav_page(doc: Document) -> str:
    entries = ['<li><a href="cover.xhtml">Cover</a></li>'] if doc.image is not None else []
    if doc.pages:
        entries += [
            f'<li><a href="{page_name(p)}.xhtml">'
            f"{escape(doc.title) if p.number == 1 else f'Page {p.number}'}</a></li>"
            for p in doc.pages
        ]
    else:
        entries.append(f'<li><a href="story.xhtml">{escape(doc.title)}</a></li>')
    nav = (
        '<body>\n<nav epub:type="toc" id="toc">\n<h1>Contents</h1>\n<ol>\n'
        f"{''.join(entries)}\n</ol>\n</nav>\n</body>"
    )
    return _xhtml(doc, "Contents", nav)


def _text_items(doc: Document) -> tuple[list[str], list[str]]:
    """(manifest items, spine refs) of the story's text pages and a book's pictures."""
    if not doc.pages:
        item = '<item id="story" href="story.xhtml" media-type="application/xhtml+xml"/>'
        return [item], ['<itemref idref="story"/>']
    items, spine = [], []
    for page in doc.pages:
        name = page_name(page)
        items.append(f'<item id="{name}" href="{name}.xhtml" media-type="application/xhtml+xml"/>')
        spine.append(f'<itemref idref="{name}"/>')
        if page.image is not None:
            cover = ' properties="cover-image"' if page.number == 1 else ""
            ident = "cover-image" if page.number == 1 else f"{name}-image"
            items.append(
                f'<item id="{ident}" href="{picture_name(page)}" '
                f'media-type="{page.image_mime}"{cover}/>'
            )
    return items, spine


def package(doc: Document) -> str:
    text_items, spine = _text_items(doc)
    items = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        *text_items,
        '<item id="css" href="style.css" media-type="text/css"/>',
    ]
    cover_meta = ""
    if doc.image is not None:
        items.append('<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>')
        if _cover_name(doc) == f"cover{doc.image_suffix}":
            items.append(
                f'<item id="cover-image" href="cover{doc.image_suffix}" '
                f'media-type="{doc.image_mime}" properties="cover-image"/>'
            )
        spine.insert(0, '<itemref idref="cover"/>')
        cover_meta = '\n    <meta name="cover" content="cover-image"/>'
    modified = doc.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    manifest = "\n    ".join(items)
    spine_refs = "\n    ".join(spine)
    creator = f"\n    <dc:creator>{escape(doc.author)}</dc:creator>" if doc.author else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" \
xml:lang="{escape(doc.language)}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="book-id">{escape(doc.identifier)}</dc:identifier>
    <dc:title>{escape(doc.title)}</dc:title>{creator}
    <dc:language>{escape(doc.language)}</dc:language>
    <meta property="dcterms:modified">{modified}</meta>{cover_meta}
  </metadata>
  <manifest>
    {manifest}
  </manifest>
  <spine>
    {spine_refs}
  </spine>
</package>
"""


def files(doc: Document) -> list[tuple[str, bytes]]:
    """The book's files in zip order; `mimetype` must come first."""
    out = [
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER.encode()),
        ("EPUB/package.opf", package(doc).encode()),
        ("EPUB/nav.xhtml", nav_page(doc).encode()),
        ("EPUB/style.css", (CSS + (BOOK_CSS if doc.pages else "")).encode()),
    ]
    if not doc.pages:
        out.append(("EPUB/story.xhtml", story_page(doc).encode()))
    for page in doc.pages:
        out.append((f"EPUB/{page_name(page)}.xhtml", book_page(doc, page).encode()))
        if page.image is not None:
            out.append((f"EPUB/{picture_name(page)}", page.image))
    if doc.image is not None:
        out.append(("EPUB/cover.xhtml", cover_page(doc).encode()))
        if _cover_name(doc) == f"cover{doc.image_suffix}":
            out.append((f"EPUB/cover{doc.image_suffix}", doc.image))
    return out


def write(doc: Document, out: Path) -> None:
    stamp = doc.created_at.utctimetuple()[:6]
    with atomic_write(out, error=LibraryError) as f, zipfile.ZipFile(f, "w") as z:
        for name, data in files(doc):
            stored = name == "mimetype" or name.endswith((".png", ".jpg"))
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            z.writestr(info, data)
