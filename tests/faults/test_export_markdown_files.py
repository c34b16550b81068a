"""Item 6: a Markdown export never overwrites a file the user did not name, and exports to one
name at once never pair one version's text with another's picture."""

import re
import threading
from pathlib import Path
from urllib.parse import unquote

from library.faults import build

from storyapp.library import Library, export_files


def _picture_of(md: Path) -> Path:
    link = re.search(r"!\[[^\]]*\]\(([^)]+)\)", md.read_text(encoding="utf-8"))
    return md.parent / unquote(link.group(1))


def test_a_picture_beside_the_markdown_file_is_left_alone(run_cli, tmp_path: Path) -> None:
    lib = tmp_path / "L"
    pictures = build(lib, count=1)
    mine = tmp_path / "story.png"
    mine.write_bytes(b"the user's own picture")
    r = run_cli("export", "1", "--library", lib, "--out", tmp_path / "story.md")
    assert r.returncode == 0, r.stderr
    assert mine.read_bytes() == b"the user's own picture"
    picture = _picture_of(tmp_path / "story.md")
    assert picture.parent == tmp_path / "story_files"
    assert picture.read_bytes() == pictures[1]
    assert r.stdout.split() == [str(tmp_path / "story.md"), str(picture)]


def test_concurrent_exports_to_one_name_stay_consistent(tmp_path: Path) -> None:
    lib = tmp_path / "L"
    pictures = build(lib, count=2)
    out = tmp_path / "story.md"
    with Library.open(lib) as library:
        for _ in range(10):
            threads = [
                threading.Thread(target=export_files, args=(library, vid, "md", out))
                for vid in pictures
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            text = out.read_text(encoding="utf-8")
            vid = 1 if "Once, number 0." in text else 2
            assert _picture_of(out).read_bytes() == pictures[vid]
    assert len(list((tmp_path / "story_files").iterdir())) == 2
