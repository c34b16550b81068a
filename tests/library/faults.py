"""Faults for the library's fault-injection tests: real libraries, damaged bytes, read-only and
full filesystems (real mounts where this process may mount, else the test is skipped)."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyapp.library import Library

from .helpers import full_version, make_png

HOUR_AGO = 2 * 3600


def build(root: Path, count: int = 3, text_size: int = 0) -> dict[int, bytes]:
    """A real library with `count` stories of one version each; {version id: picture bytes}."""
    pictures = {}
    with Library.open(root) as lib:
        for i in range(count):
            png = make_png(seed=i)
            text = f"# Story {i}\n\nOnce, number {i}." + " Words." * text_size
            _, vid = lib.add_story(full_version(story_text=text), png)
            pictures[vid] = png
    return pictures


def age(folder: Path, seconds: float = HOUR_AGO) -> None:
    """Make every file in `folder` look `seconds` old (past the orphan age guard)."""
    then = time.time() - seconds
    for path in folder.iterdir():
        os.utime(path, (then, then))


def flip(db: Path, table: str | None = None, count: int = 64, offset: int = 0) -> None:
    """Flip `count` bytes: in the middle of the file, or `offset` bytes into `table`'s first
    b-tree page (at 0, its head, which SQLite must read to find or add any of its rows; further
    in, the rows themselves, stored from the page's end)."""
    data = bytearray(db.read_bytes())
    start = len(data) // 2
    if table is not None:
        conn = sqlite3.connect(db)
        page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        root = page.fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.close()
        start = (root - 1) * size + offset
    data[start : start + count] = bytes(b ^ 0xFF for b in data[start : start + count])
    db.write_bytes(bytes(data))


def intact(root: Path, pictures: dict[int, bytes]) -> None:
    """The library opens and every given version is there with its picture unchanged."""
    with Library.open(root) as lib:
        for vid, png in pictures.items():
            version = lib.get_version(vid)
            assert lib.image_file(version).read_bytes() == png, f"picture of version {vid}"


def one_error_line(stderr: str, *needles: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("storyapp: error:")]
    assert len(errors) == 1, stderr
    assert "Traceback" not in stderr, stderr
    for needle in needles:
        assert needle in errors[0], (needle, errors[0])
    return errors[0]


def _mount(*args: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` read-only for everyone: a read-only bind mount as root (chmod does not stop
    root), chmod otherwise."""
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        try:
            yield
        finally:
            for path in [folder, *folder.rglob("*")]:
                path.chmod(path.stat().st_mode | 0o200)
            folder.chmod(mode)
        return
    if not _mount("--bind", str(folder), str(folder)):
        pytest.skip("running as root without permission to mount: cannot make a folder read-only")
    try:
        if not _mount("-o", "remount,bind,ro", str(folder)):
            pytest.skip("cannot remount a bind mount read-only here")
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@contextlib.contextmanager
def small_disk(folder: Path, size_kib: int) -> Iterator[Path]:
    """A real filesystem of `size_kib` KiB at `folder` (tmpfs); skipped where it cannot be
    mounted."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(folder)):
        pytest.skip("cannot mount a small filesystem here (needs root and mount permission)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave: int) -> Path:
    """Fill the filesystem of `folder` until about `leave` bytes are free."""
    filler = folder / "filler"
    free = shutil.disk_usage(folder).free - leave
    with open(filler, "wb") as f, contextlib.suppress(OSError):
        f.write(b"\0" * max(free, 0))
    return filler


def rows(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()
