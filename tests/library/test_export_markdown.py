from pathlib import Path

from storyapp.library import Library, export_version

from .helpers import full_version


def test_markdown_with_picture_in_its_files_folder(
    lib: Library, saved: int, png: bytes, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "my story.md"
    out.parent.mkdir()
    assert export_version(lib, saved, "markdown", out) == out
    assert sorted(p.name for p in out.parent.iterdir()) == ["my story.md", "my story_files"]
    (picture,) = (out.parent / "my story_files").iterdir()
    assert picture.read_bytes() == png
    text = out.read_text(encoding="utf-8")
    lines = text.split("\n\n")
    assert lines[0] == "# The Lighthouse Keeper’s Whale"
    assert (
        lines[1]
        == f"![a whale beside a lighthouse at dusk, oil painting](my%20story_files/{picture.name})"
    )
    assert lines[2].startswith("On the night the fog came, Élodie")
    assert "\\<script>" in text and "<script>" not in text.replace("\\<script>", "")
    assert text.count("# ") == 1


def test_markdown_without_picture(lib: Library, tmp_path: Path) -> None:
    story = lib.new_story()
    vid = lib.add_version(story.id, full_version(story_text="Just words."), None)
    out = export_version(lib, vid, "md", tmp_path / "plain.md")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("plain")] == ["plain.md"]
    assert out.read_text(encoding="utf-8") == "# Just words\n\nJust words.\n"
