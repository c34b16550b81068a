"""`storyapp library ...` and `storyapp export` on a real library file, run through main()."""

import json
from pathlib import Path

import pytest

from storyapp.cli import main
from storyapp.library import Library

from .helpers import full_version, make_png


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("STORYAPP_DEBUG", raising=False)
    return tmp_path / "home"


@pytest.fixture
def ids(home: Path) -> dict[str, int]:
    """Two stories in $STORYAPP_HOME/library: the whale (two versions) and a bare one."""
    with Library.open() as lib:
        whale = lib.new_story()
        first = lib.add_version(whale.id, full_version(), make_png())
        second = lib.add_version(
            whale.id, full_version(kind="story", parent_version_id=first), make_png(seed=1)
        )
        bare = lib.new_story()
        plain = lib.add_version(bare.id, full_version(story_text="# A Quiet Pond\n\nStill."))
    return {"whale": whale.id, "first": first, "second": second, "bare": bare.id, "plain": plain}


def cli(capsys: pytest.CaptureFixture, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str, *parts: str) -> None:
    assert err.startswith("storyapp: error: ") and err.endswith("\n"), err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for part in parts:
        assert part in err, err


def test_list_table_and_json(capsys, ids: dict[str, int], home: Path) -> None:
    code, out, err = cli(capsys, "library", "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["VERSION", "STORY", "KIND", "CREATED", "PICTURE", "TITLE"]
    rows = [line.split() for line in lines[1:4]]
    # newest story first; within a story, newest version first
    assert [r[:3] for r in rows] == [
        [str(ids["plain"]), str(ids["bare"]), "full"],
        [str(ids["second"]), str(ids["whale"]), "story"],
        [str(ids["first"]), str(ids["whale"]), "full"],
    ]
    assert rows[0][5:] == ["no", "A", "Quiet", "Pond"]
    assert lines[2].split(maxsplit=6)[5:] == ["yes", "The Lighthouse Keeper’s Whale"]
    assert lines[-1] == f"3 versions of 2 stories in {home / 'library'}"

    code, out, _ = cli(capsys, "library", "list", "--json")
    data = json.loads(out)
    assert data["library"] == str(home / "library")
    assert [s["id"] for s in data["stories"]] == [ids["bare"], ids["whale"]]
    whale = data["stories"][1]
    assert [v["id"] for v in whale["versions"]] == [ids["first"], ids["second"]]
    assert whale["versions"][0]["has_picture"] is True
    assert whale["title"] == "The Lighthouse Keeper’s Whale"


def test_list_of_an_empty_library(capsys, home: Path) -> None:
    code, out, _ = cli(capsys, "library", "list")
    assert code == 0
    assert out.startswith(f"no stories yet in {home / 'library'}")
    assert json.loads(cli(capsys, "library", "list", "--json")[1])["stories"] == []


def test_show_text_and_json(capsys, ids: dict[str, int], home: Path) -> None:
    code, out, err = cli(capsys, "library", "show", ids["second"])
    assert (code, err) == (0, "")
    assert out.startswith("The Lighthouse Keeper’s Whale\n")
    assert f"version:      {ids['second']} of story {ids['whale']} (story)" in out
    assert f"from version: {ids['first']}" in out
    assert f"all versions: {ids['first']}, {ids['second']}" in out
    assert "adapters:     story=story-writer, image_prompt=sd-prompt-writer" in out
    assert "story 9.5 s (600 tokens, 63.2/s)" in out
    assert "\nIMAGE PROMPT\n  a whale beside a lighthouse at dusk, oil painting\n" in out
    assert "Ωmega, naïve café, Жук." in out

    data = json.loads(cli(capsys, "library", "show", ids["second"], "--json")[1])
    with Library.open() as lib:
        version = lib.get_version(ids["second"])
        assert Path(data["image_file"]) == lib.image_file(version)
    assert Path(data["image_file"]).read_bytes() == make_png(seed=1)
    assert data["story_text"] == version.story_text
    assert data["settings"] == version.settings and data["timings"] == version.timings
    assert data["parent_version_id"] == ids["first"] and data["in_trash"] is False


def test_delete_trash_restore_and_empty(capsys, ids: dict[str, int], home: Path) -> None:
    def listed() -> set[int]:
        data = json.loads(cli(capsys, "library", "list", "--json")[1])
        return {v["id"] for s in data["stories"] for v in s["versions"]}

    with Library.open() as lib:
        picture = lib.image_file(lib.get_version(ids["first"]))

    code, out, _ = cli(capsys, "library", "delete", ids["first"])
    assert code == 0
    assert out == f"moved version {ids['first']} to the trash; to undo: " + (
        f"storyapp library restore {ids['first']}\n"
    )
    assert listed() == {ids["second"], ids["plain"]}
    code, out, _ = cli(capsys, "library", "trash")
    assert out.splitlines()[1].split()[:2] == ["version", str(ids["first"])]
    assert "in trash:     since" in cli(capsys, "library", "show", ids["first"])[1]

    assert cli(capsys, "library", "restore", ids["first"])[0] == 0
    assert listed() == {ids["first"], ids["second"], ids["plain"]}
    assert cli(capsys, "library", "trash")[1].startswith("the trash of ")

    cli(capsys, "library", "delete", ids["first"])
    cli(capsys, "library", "delete", "--story", ids["bare"])
    trash = json.loads(cli(capsys, "library", "trash", "--json")[1])["trash"]
    assert {(t["kind"], t["id"]) for t in trash} == {
        ("version", ids["first"]),
        ("story", ids["bare"]),
    }
    assert listed() == {ids["second"]}

    code, out, _ = cli(capsys, "library", "empty-trash", "--json")
    assert (code, json.loads(out)) == (0, {"removed": 3})  # the version; the story, its version
    assert not picture.exists()
    assert json.loads(cli(capsys, "library", "trash", "--json")[1])["trash"] == []
    code, _, err = cli(capsys, "library", "show", ids["first"])
    assert code == 1
    one_error_line(err, f"no version {ids['first']} in library {home / 'library'}")


@pytest.mark.parametrize(
    "args",
    [
        ("library", "show", 999),
        ("library", "delete", 999),
        ("library", "restore", 999),
        ("export", 999, "--out", "{tmp}/x.html"),
    ],
)
def test_unknown_id(capsys, ids, home: Path, tmp_path: Path, args: tuple) -> None:
    args = [str(a).format(tmp=tmp_path) for a in args]
    code, out, err = cli(capsys, *args)
    assert (code, out) == (1, "")
    one_error_line(err, f"no version 999 in library {home / 'library'}")
    assert not (tmp_path / "x.html").exists()


def test_unknown_story_id(capsys, ids, home: Path) -> None:
    code, _, err = cli(capsys, "library", "delete", "--story", 999)
    assert code == 1
    one_error_line(err, f"no story 999 in library {home / 'library'}")


def test_a_folder_that_is_not_a_library(capsys, tmp_path: Path, monkeypatch) -> None:
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"not ours")
    for args in (
        ("library", "list", "--library", other),
        ("export", 1, "--out", tmp_path / "x.pdf", "--library", other),
    ):
        code, _, err = cli(capsys, *args)
        assert code == 1
        one_error_line(err, f"{other} is not a storyapp library", "holiday.jpg")
    # the same through $STORYAPP_HOME, and a database of another program
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path))
    (tmp_path / "library").mkdir()
    (tmp_path / "library" / "library.sqlite3").write_bytes(b"SQLite format 3\x00" + b"x" * 200)
    code, _, err = cli(capsys, "library", "list")
    assert code == 1
    one_error_line(err, str(tmp_path / "library" / "library.sqlite3"), "not a storyapp library")
    assert sorted(p.name for p in other.iterdir()) == ["holiday.jpg"]
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("fmt", ["md", "html", "epub", "pdf"])
def test_unwritable_target(capsys, ids, tmp_path: Path, fmt: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("a file, not a folder")
    for out in (blocker / f"s.{fmt}", tmp_path / "missing" / f"s.{fmt}", f"/proc/s.{fmt}"):
        code, stdout, err = cli(capsys, "export", ids["first"], "--out", out)
        assert (code, stdout) == (1, "")
        one_error_line(err, f"cannot write {out}")
    code, _, err = cli(capsys, "export", ids["first"], "--format", fmt, "--out", tmp_path)
    assert code == 1
    one_error_line(err, f"cannot write {tmp_path}: it is a folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "home"]


def test_wrong_format(capsys, ids, home: Path, tmp_path: Path, monkeypatch) -> None:
    code, _, err = cli(capsys, "export", ids["first"], "--format", "docx", "--out", "x.docx")
    assert code == 1
    one_error_line(err, "unknown --format 'docx': use md, html, epub or pdf")
    code, _, err = cli(capsys, "export", ids["first"], "--out", tmp_path / "story.txt")
    assert code == 1
    one_error_line(err, "cannot tell the format from 'story.txt'", "--format")
    code, _, err = cli(
        capsys, "export", ids["first"], "--format", "md", "--out", tmp_path / "s.png"
    )
    assert code == 1
    one_error_line(err, "choose a name ending in .md")
    # a bad format is refused before the library folder is touched
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "fresh"))
    assert cli(capsys, "export", 1, "--format", "doc", "--out", tmp_path / "y.doc")[0] == 1
    assert not (tmp_path / "fresh").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


def test_picture_file_gone(capsys, ids, tmp_path: Path) -> None:
    with Library.open() as lib:
        picture = lib.image_file(lib.get_version(ids["first"]))
    picture.unlink()
    code, _, err = cli(capsys, "export", ids["first"], "--out", tmp_path / "s.html")
    assert code == 1
    one_error_line(err, f"cannot read the picture of version {ids['first']}: {picture}")
    assert not (tmp_path / "s.html").exists()


def test_export_names_what_it_wrote(capsys, ids, tmp_path: Path, monkeypatch) -> None:
    code, out, _ = cli(capsys, "export", ids["first"], "--out", tmp_path / "s.md", "--json")
    assert code == 0
    assert json.loads(out) == {
        "version_id": ids["first"],
        "format": "md",
        "files": [str(tmp_path / "s.md"), str(picture := next((tmp_path / "s_files").iterdir()))],
    }
    assert picture.read_bytes() == make_png()
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(capsys, "export", ids["plain"], "--format", "HTML", "--out", "page")
    assert (code, out) == (0, f"{tmp_path / 'page'}\n")
    assert (tmp_path / "page").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
