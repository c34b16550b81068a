"""TrueType fonts for the PDF, registered with reportlab so they are embedded (subset).

DejaVu Serif where the system has it (Linux), else Georgia (Windows); both cover Latin, Greek
and Cyrillic. Otherwise Bitstream Vera, which ships inside reportlab and so is always present
(Latin only: other scripts show as boxes)."""

import os
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_WINDOWS = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"
_VERA = Path(reportlab.__file__).parent / "fonts"


@dataclass(slots=True, frozen=True)
class Family:
    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


CANDIDATES = (
    Family(
        "StoryDejaVuSerif",
        _DEJAVU / "DejaVuSerif.ttf",
        _DEJAVU / "DejaVuSerif-Bold.ttf",
        _DEJAVU / "DejaVuSerif-Italic.ttf",
        _DEJAVU / "DejaVuSerif-BoldItalic.ttf",
    ),
    Family(
        "StoryGeorgia",
        _WINDOWS / "georgia.ttf",
        _WINDOWS / "georgiab.ttf",
        _WINDOWS / "georgiai.ttf",
        _WINDOWS / "georgiaz.ttf",
    ),
    Family(
        "StoryVera",
        _VERA / "Vera.ttf",
        _VERA / "VeraBd.ttf",
        _VERA / "VeraIt.ttf",
        _VERA / "VeraBI.ttf",
    ),
)


def _register(f: Family) -> None:
    faces = {
        "": f.regular,
        "-Bold": f.bold,
        "-Italic": f.italic,
        "-BoldItalic": f.bold_italic,
    }
    for suffix, path in faces.items():
        pdfmetrics.registerFont(TTFont(f.name + suffix, str(path)))
    for bold in (0, 1):
        for italic in (0, 1):
            face = ["", "-Italic", "-Bold", "-BoldItalic"][bold * 2 + italic]
            addMapping(f.name, bold, italic, f.name + face)


def family() -> Family:
    """The first of CANDIDATES whose files all exist, registered with reportlab."""
    for f in CANDIDATES:
        if all(p.is_file() for p in (f.regular, f.bold, f.italic, f.bold_italic)):
            if f.name not in pdfmetrics.getRegisteredFontNames():
                _register(f)
            return f
    raise FileNotFoundError("no TrueType font found for PDF export")
