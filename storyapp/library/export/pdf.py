"""PDF: title, picture and story on A4, in an embedded TrueType font (reportlab). A picture book
gives each of its pages a PDF page of its own: the picture, then the page's text."""

import io
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from storyapp.system.atomic import atomic_write

from ..errors import LibraryError
from .document import Document
from .fonts import family

MARGIN = 2.2 * cm
# Wider side margins keep lines near 75 characters, which reads better than the full A4 width.
SIDE_MARGIN = 3.0 * cm
MAX_IMAGE_SHARE = 0.55  # of the frame height, so the story starts on the first page
BOOK_IMAGE_SHARE = 0.6  # a book page's picture; its text fits below, title and all on page 1
FRAME_PADDING = 12  # SimpleDocTemplate's frame pads 6 pt on each side


def styles(font: str) -> tuple[ParagraphStyle, ParagraphStyle]:
    title = ParagraphStyle(
        "title", fontName=font, fontSize=24, leading=30, alignment=TA_CENTER, spaceAfter=18
    )
    body = ParagraphStyle(
        "body", fontName=font, fontSize=12, leading=18, alignment=TA_JUSTIFY, spaceAfter=8
    )
    return title, body


def picture(data: bytes, width: float, height: float, share: float = MAX_IMAGE_SHARE) -> Image:
    w, h = ImageReader(io.BytesIO(data)).getSize()
    scale = min(width / w, height * share / h)
    return Image(io.BytesIO(data), width=w * scale, height=h * scale)


def page_numbers(font: str) -> Callable[[Canvas, SimpleDocTemplate], None]:
    """A page callback that puts the page number, small and grey, centred in the bottom margin."""

    def draw(canvas: Canvas, page: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.setFillGray(0.4)
        canvas.drawCentredString(page.pagesize[0] / 2, MARGIN / 2, str(canvas.getPageNumber()))
        canvas.restoreState()

    return draw


def write(doc: Document, out: Path) -> None:
    font = family().name
    title_style, body_style = styles(font)
    with atomic_write(out, error=LibraryError) as f:
        page = SimpleDocTemplate(
            f,
            pagesize=A4,
            leftMargin=SIDE_MARGIN,
            rightMargin=SIDE_MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=doc.title,
            author=doc.author,
            creator="storyapp",
            lang=doc.language,
            initialFontName=font,  # else reportlab adds an unembedded Helvetica resource
        )
        flow: list[Flowable] = [Paragraph(escape(doc.title), title_style)]
        if doc.author:
            flow.append(Paragraph(f"<i>by {escape(doc.author)}</i>", body_style))
        size = (page.width - FRAME_PADDING, page.height - FRAME_PADDING)
        if doc.pages:
            if doc.premise:
                flow.append(Paragraph(f"<i>{escape(doc.premise)}</i>", body_style))
            flow += book_pages(doc, size, body_style)
        else:
            if doc.image is not None:
                flow += [picture(doc.image, *size), Spacer(1, 18)]
            if doc.premise:
                flow.append(Paragraph(f"<i>{escape(doc.premise)}</i>", body_style))
            flow += [Paragraph(escape(p), body_style) for p in doc.paragraphs]
        page.build(flow, onLaterPages=page_numbers(font))


def book_pages(doc: Document, size: tuple[float, float], body: ParagraphStyle) -> list[Flowable]:
    """Each book page on a PDF page of its own: its picture, then its text."""
    flow: list[Flowable] = []
    for page in doc.pages:
        if page.number > 1:
            flow.append(PageBreak())
        if page.image is not None:
            flow += [picture(page.image, *size, share=BOOK_IMAGE_SHARE), Spacer(1, 14)]
        flow += [Paragraph(escape(p), body) for p in page.paragraphs]
    return flow
