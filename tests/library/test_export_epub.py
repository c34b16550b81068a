import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from storyapp.library import Library, export_version

from .helpers import full_version

DEBIAN_JAR = Path("/usr/share/java/epubcheck.jar")


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


def check(*paths: Path) -> None:
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


def test_epub_structure(lib: Library, saved: int, png: bytes, tmp_path: Path) -> None:
    out = export_version(lib, saved, "epub", tmp_path / "story.epub")
    with zipfile.ZipFile(out) as z:
        first = z.infolist()[0]
        assert (first.filename, first.compress_type, first.extra) == (
            "mimetype",
            zipfile.ZIP_STORED,
            b"",
        )
        assert z.read("mimetype") == b"application/epub+zip"
        assert z.read("EPUB/cover.png") == png
        opf = z.read("EPUB/package.opf").decode()
        story = z.read("EPUB/story.xhtml").decode()
    assert "<dc:title>The Lighthouse Keeper’s Whale</dc:title>" in opf
    assert "<dc:language>en</dc:language>" in opf
    assert 'properties="cover-image"' in opf and 'properties="nav"' in opf
    assert '<dc:identifier id="book-id">urn:uuid:' in opf
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ωmega" in story


def test_epub_is_reproducible(lib: Library, saved: int, tmp_path: Path) -> None:
    a = export_version(lib, saved, "epub", tmp_path / "a.epub").read_bytes()
    b = export_version(lib, saved, "epub", tmp_path / "b.epub").read_bytes()
    assert a == b


@pytest.mark.slow
def test_epubcheck_accepts_both_kinds(lib: Library, saved: int, tmp_path: Path) -> None:
    story = lib.new_story()
    bare = lib.add_version(story.id, full_version(story_text="No title line, only a text."), None)
    check(
        export_version(lib, saved, "epub", tmp_path / "story.epub"),
        export_version(lib, bare, "epub", tmp_path / "bare.epub"),
    )
