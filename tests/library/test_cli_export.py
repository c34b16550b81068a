"""One real `storyapp generate` (default model, tiny SDXL), then `storyapp library` and
`storyapp export` on the version it saved, each as a fresh process, as a user runs them."""

import base64
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image

from storyapp.library import split_title

from .checkers import check_epub, needs_poppler, pages, poppler, unembedded_fonts
from .html_page import Page

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Generated:
    env: dict[str, str]
    version_id: int
    run: Path  # the folder `generate` wrote
    picture: bytes
    title: str
    paragraphs: list[str]  # the story's body, one per non-blank line


@pytest.fixture(scope="module")
def generated(run_cli, tmp_path_factory: pytest.TempPathFactory) -> Generated:
    root = tmp_path_factory.mktemp("generated")
    env = {"STORYAPP_HOME": str(root / "home")}
    done = run_cli(
        "generate", "A fox who collects lost buttons", "--sdxl", "tiny", "--steps", "2",
        "--max-tokens", "24", "--seed", "5", "--json", "--out", root / "run", env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    version_id = json.loads(done.stdout)["version_id"]
    shown = run_cli("library", "show", version_id, "--json", env=env)
    assert shown.returncode == 0, shown.stderr
    version = json.loads(shown.stdout)
    story = (root / "run" / "story.md").read_text(encoding="utf-8").strip()
    assert version["story_text"] == story
    title, body = split_title(story)
    assert version["title"] == title
    return Generated(
        env=env,
        version_id=version_id,
        run=root / "run",
        picture=(root / "run" / "illustration.png").read_bytes(),
        title=title,
        paragraphs=[" ".join(line.split()) for line in body.splitlines() if line.strip()],
    )


def export(run_cli, g: Generated, out: Path, *args: str) -> Path:
    done = run_cli("export", g.version_id, "--out", out, *args, env=g.env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == str(out)
    return out


def test_list_and_show(run_cli, generated: Generated) -> None:
    g = generated
    listed = run_cli("library", "list", env=g.env)
    assert listed.returncode == 0, listed.stderr
    [row] = listed.stdout.splitlines()[1:-2]
    assert row.split()[:3] == [str(g.version_id), "1", "full"] and " yes " in row
    shown = run_cli("library", "show", g.version_id, env=g.env)
    assert shown.stdout.startswith(g.title + "\n")
    assert "\nIDEA\n  A fox who collects lost buttons\n" in shown.stdout
    picture = json.loads(run_cli("library", "show", g.version_id, "--json", env=g.env).stdout)
    assert Path(picture["image_file"]).read_bytes() == g.picture


def test_epub_validates(run_cli, generated: Generated, tmp_path: Path) -> None:
    book = export(run_cli, generated, tmp_path / "fox.epub")
    with zipfile.ZipFile(book) as z:
        assert z.read("EPUB/cover.png") == generated.picture
        opf = ElementTree.fromstring(z.read("EPUB/package.opf"))
        assert opf.findtext(".//{http://purl.org/dc/elements/1.1/}title") == generated.title
    check_epub(book)


@needs_poppler
def test_pdf_pages_render(run_cli, generated: Generated, tmp_path: Path) -> None:
    pdf = export(run_cli, generated, tmp_path / "fox.pdf")
    assert pages(pdf) >= 1
    assert unembedded_fonts(pdf) == []
    poppler("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p"))
    [png] = tmp_path.glob("p*.png")
    page = Image.open(png).convert("RGB")
    area = page.width * page.height
    colors = page.getcolors(maxcolors=1 << 24)
    inked = sum(n for n, rgb in colors if rgb != (255, 255, 255))
    colorful = sum(n for n, rgb in colors if max(rgb) - min(rgb) > 60)
    assert inked > 0.15 * area, "page 1 is (nearly) blank"
    assert colorful > 0.1 * area, "the illustration is missing from page 1"
    text = " ".join(poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-").split())
    assert text.startswith(" ".join(generated.title.split()))
    assert " ".join(" ".join(generated.paragraphs).split()) in text


def test_html_embeds_the_picture(run_cli, generated: Generated, tmp_path: Path) -> None:
    page = Page()
    page.feed(export(run_cli, generated, tmp_path / "fox.html").read_text(encoding="utf-8"))
    assert page.title == page.h1 == generated.title
    [img] = page.images
    kind, data = img["src"].split(",", 1)
    assert kind == "data:image/png;base64"
    assert base64.b64decode(data) == generated.picture
    assert [" ".join(p.split()) for p in page.paragraphs] == generated.paragraphs


def test_markdown_with_the_picture_beside(run_cli, generated: Generated, tmp_path: Path) -> None:
    done = run_cli(
        "export", generated.version_id, "--format", "md", "--out", tmp_path / "fox.md",
        "--json", env=generated.env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # the picture goes into fox_files/, never over a file beside fox.md the user did not name
    md, picture = (Path(f) for f in json.loads(done.stdout)["files"])
    assert md == tmp_path / "fox.md" and picture.parent == tmp_path / "fox_files"
    assert picture.read_bytes() == generated.picture
    text = md.read_text(encoding="utf-8")
    assert text.startswith(f"# {generated.title}\n\n![")
    assert f"](fox_files/{picture.name})\n" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fox.md", "fox_files"]


def test_delete_then_restore(run_cli, generated: Generated) -> None:
    g = generated
    assert run_cli("library", "delete", g.version_id, env=g.env).returncode == 0
    listed = json.loads(run_cli("library", "list", "--json", env=g.env).stdout)
    assert [s["versions"] for s in listed["stories"]] == [[]]
    trash = json.loads(run_cli("library", "trash", "--json", env=g.env).stdout)["trash"]
    assert [(t["kind"], t["id"]) for t in trash] == [("version", g.version_id)]
    assert run_cli("library", "restore", g.version_id, env=g.env).returncode == 0
    listed = json.loads(run_cli("library", "list", "--json", env=g.env).stdout)
    assert [v["id"] for v in listed["stories"][0]["versions"]] == [g.version_id]
