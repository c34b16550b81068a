"""The outside tools that check exports: epubcheck for EPUB, poppler for PDF."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

DEBIAN_JAR = Path("/usr/share/java/epubcheck.jar")

needs_poppler = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftoppm", "pdffonts", "pdftotext", "pdfinfo")),
    reason="poppler-utils (pdftoppm, pdffonts, pdftotext, pdfinfo) is not installed",
)


def epubcheck() -> list[str] | None:
    """The command that runs epubcheck. Debian's /usr/bin/epubcheck is a bare jar that needs
    binfmt_misc, which containers often lack, so run jars through java."""
    found = shutil.which("epubcheck")
    jar = Path(os.path.realpath(found)) if found else DEBIAN_JAR
    if jar.is_file() and jar.read_bytes()[:2] == b"PK":
        # C1-only JIT and serial GC: epubcheck runs in half the time on small machines.
        java = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(jar)]
        return java if shutil.which("java") else None
    return [found] if found else None


def check_epub(*paths: Path) -> None:
    """Run epubcheck on each book, in parallel (the JVM start dominates)."""
    command = epubcheck()
    if command is None:
        pytest.skip("epubcheck is not installed (Debian package: epubcheck)")
    runs = [
        subprocess.Popen(
            [*command, str(p)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for p in paths
    ]
    for path, run in zip(paths, runs, strict=True):
        output = run.communicate(timeout=120)[0]
        assert run.returncode == 0, f"{path.name}:\n{output}"
        assert "No errors or warnings detected" in output, f"{path.name}:\n{output}"


def poppler(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def pages(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(pdf)), re.M).group(1))


def unembedded_fonts(pdf: Path) -> list[str]:
    """pdffonts rows of fonts not embedded; fails when the PDF has no fonts at all."""
    rows = poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert rows, "no fonts in the PDF"
    return [row for row in rows if row.split()[-5] != "yes"]
