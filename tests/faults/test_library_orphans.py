"""Item 1: opening a library never deletes a picture. Pictures without a database are refused
with what to do; orphans go to the trash folder and come back with a restored database."""

import shutil
from pathlib import Path

from library.faults import age, build, intact, one_error_line
from library.helpers import make_png

from storyapp.illustrate import read_png_meta, write_png


def _pictures(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "images").iterdir())}


def test_an_emptied_database_does_not_cost_the_pictures(run_cli, tmp_path: Path) -> None:
    lib = tmp_path / "L"
    build(lib)
    age(lib / "images")
    before = _pictures(lib)
    (lib / "library.sqlite3").write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        Path(f"{lib / 'library.sqlite3'}{suffix}").unlink(missing_ok=True)
    r = run_cli("library", "list", "--library", lib)
    assert r.returncode == 1
    one_error_line(r.stderr, str(lib), "3 picture(s)", "restore", "storyapp library repair")
    assert _pictures(lib) == before
    (lib / "library.sqlite3").unlink()
    r = run_cli("library", "list", "--library", lib)
    assert r.returncode == 1
    one_error_line(r.stderr, "no library.sqlite3", "storyapp library repair")
    assert _pictures(lib) == before and not (lib / "library.sqlite3").exists()


def test_a_mistyped_library_folder_of_pictures_is_refused(run_cli, tmp_path: Path) -> None:
    pics = tmp_path / "pics"
    (pics / "images").mkdir(parents=True)
    (pics / "images" / "holiday.png").write_bytes(make_png(seed=7))
    age(pics / "images")
    r = run_cli("export", "1", "--library", pics, "--out", tmp_path / "x.md")
    assert r.returncode == 1
    one_error_line(r.stderr, str(pics), "picture(s)")
    assert sorted(p.name for p in pics.rglob("*")) == ["holiday.png", "images"]
    assert (pics / "images" / "holiday.png").read_bytes() == make_png(seed=7)


def test_orphans_go_to_the_trash_and_come_back_with_a_backup(run_cli, tmp_path: Path) -> None:
    lib = tmp_path / "L"
    first = build(lib, count=1)
    stale = tmp_path / "stale.sqlite3"
    shutil.copy(lib / "library.sqlite3", stale)
    pictures = first | build(lib, count=2)
    backup = tmp_path / "backup.sqlite3"
    shutil.copy(lib / "library.sqlite3", backup)
    age(lib / "images")
    shutil.copy(stale, lib / "library.sqlite3")  # an older database put back by mistake
    assert run_cli("library", "list", "--library", lib).returncode == 0
    assert len(list((lib / "images").iterdir())) == 1
    r = run_cli("library", "trash", "--library", lib)
    assert r.returncode == 0 and r.stdout.count(".png") == 2, r.stdout
    shutil.copy(backup, lib / "library.sqlite3")  # the right backup
    assert run_cli("library", "list", "--library", lib).returncode == 0
    intact(lib, pictures)


def test_repair_rebuilds_from_the_pictures_metadata(run_cli, tmp_path: Path) -> None:
    from PIL import Image

    lib = tmp_path / "L"
    (lib / "images").mkdir(parents=True)
    meta = {"prompt": "a red fox under a blue moon", "seed": 11, "steps": 4, "model": "tiny"}
    write_png(lib / "images" / "s4-abc.png", Image.new("RGB", (8, 8), "red"), meta)
    (lib / "library.sqlite3").write_bytes(b"")
    r = run_cli("library", "repair", "--library", lib)
    assert r.returncode == 0, r.stderr
    assert "1 picture recovered" in r.stdout
    r = run_cli("library", "list", "--library", lib, "--json")
    assert r.returncode == 0 and "a red fox under a blue moon" in r.stdout, r.stdout
    r = run_cli("library", "show", "1", "--library", lib, "--json")
    assert r.returncode == 0 and "s4-abc.png" in r.stdout
    assert read_png_meta(lib / "images" / "s4-abc.png")["seed"] == 11
