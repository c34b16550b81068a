"""Atomic files and folders: the POSIX branch on real files, the Windows branch with the OS facts
passed in (real files too, where Linux behaves alike)."""

import errno
import os
import stat
import subprocess
import sys
from dataclasses import replace as with_
from pathlib import Path

import pytest

from storyapp.system import atomic
from storyapp.system.atomic import OS, atomic_write, fsync_dir, fsync_file, publish, write_atomic

WINDOWS = OS(windows=True, sleep=lambda s: None)


class Refused(Exception):
    pass


@pytest.fixture
def opened(monkeypatch) -> list[tuple[Path, int]]:
    """Every os.open: (path, flags)."""
    calls = []
    real = os.open

    def spy(path, flags, *args, **kw):
        calls.append((Path(path), flags))
        return real(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", spy)
    return calls


SHARING_VIOLATION = "The process cannot access the file because it is being used by another process"


def held_open(times: int, why: str = "Access is denied"):
    """os.replace as Windows does it while another program holds the target `times` times:
    ERROR_ACCESS_DENIED or ERROR_SHARING_VIOLATION, both PermissionError (EACCES) in Python."""
    left = [times]

    def rename(src, dst):
        if left[0]:
            left[0] -= 1
            raise PermissionError(errno.EACCES, why, str(dst))
        os.replace(src, dst)

    return rename


def test_write_replaces_whole_keeps_the_mode_and_leaves_no_temp(tmp_path):
    out = tmp_path / "a.txt"
    write_atomic(out, b"one")
    os.chmod(out, 0o640)
    write_atomic(out, b"two")
    assert out.read_bytes() == b"two"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_failed_write_keeps_the_old_file_and_no_temp(tmp_path):
    out = tmp_path / "story.pdf"
    out.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write(out) as f:
        f.write(b"half of a new")
        raise RuntimeError("renderer crashed")
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["story.pdf"]


def test_errors_name_the_file_in_the_callers_type(tmp_path):
    missing = tmp_path / "no" / "a.txt"
    with pytest.raises(Refused, match=f"cannot write {missing}: No such file") as e:
        write_atomic(missing, b"x", error=Refused)
    assert isinstance(e.value.__cause__, OSError)
    with pytest.raises(OSError, match=f"cannot write {tmp_path}: it is a folder"):
        write_atomic(tmp_path, b"x")


def test_posix_fsyncs_the_folder_and_reads_files_to_fsync_them(tmp_path, opened):
    write_atomic(tmp_path / "a.txt", b"x")
    assert (tmp_path, os.O_RDONLY) in opened
    opened.clear()
    fsync_file(tmp_path / "a.txt")
    assert opened == [(tmp_path / "a.txt", os.O_RDONLY)]


def test_windows_opens_no_folder_and_fsyncs_files_through_a_write_handle(tmp_path, opened):
    write_atomic(tmp_path / "a.txt", b"x", system=WINDOWS)
    fsync_dir(tmp_path, system=WINDOWS)
    assert not [path for path, _ in opened if path.is_dir()]
    opened.clear()
    fsync_file(tmp_path / "a.txt", system=WINDOWS)
    assert [(path, flags & os.O_ACCMODE) for path, flags in opened] == [
        (tmp_path / "a.txt", os.O_RDWR)
    ]


@pytest.mark.parametrize("why", ["Access is denied", SHARING_VIOLATION])
def test_windows_retries_a_replace_that_fails_twice_then_works(tmp_path, why):
    out = tmp_path / "a.txt"
    out.write_bytes(b"old")
    waits = []
    system = with_(WINDOWS, rename=held_open(2, why), sleep=waits.append)
    write_atomic(out, b"new", system=system)
    assert out.read_bytes() == b"new"
    assert waits == list(WINDOWS.retry_waits[:2])
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_windows_retries_a_folder_publish_held_by_another_program(tmp_path):
    out = publish(tmp_path / "run", writer(one=b"1"), WINDOWS)
    waits = []
    system = with_(WINDOWS, rename=held_open(2, SHARING_VIOLATION), sleep=waits.append)
    publish(out, writer(two=b"2"), system)
    assert files(out) == {"two": b"2"} and len(waits) == 2


def test_windows_gives_up_saying_another_program_may_hold_it(tmp_path):
    out = tmp_path / "a.txt"
    out.write_bytes(b"old")
    waits = []
    system = with_(WINDOWS, rename=held_open(99), sleep=waits.append)
    with pytest.raises(
        Refused,
        match=f"cannot write {out}: .*another program may have it open: close it and try again",
    ):
        write_atomic(out, b"new", error=Refused, system=system)
    assert waits == list(WINDOWS.retry_waits)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_posix_does_not_retry_a_refused_replace(tmp_path):
    waits = []
    system = OS(windows=False, rename=held_open(1), sleep=waits.append)
    with pytest.raises(OSError, match="Access is denied"):
        write_atomic(tmp_path / "a.txt", b"x", system=system)
    assert waits == []


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def writer(**contents: bytes):
    def write(folder: Path) -> None:
        for name, data in contents.items():
            (folder / name).write_bytes(data)

    return write


@pytest.mark.parametrize("system", [OS(), WINDOWS], ids=["posix", "windows"])
def test_publish_new_empty_and_previous_folders(tmp_path, system):
    out = tmp_path / "a" / "run"
    publish(out, writer(one=b"1"), system)
    assert files(out) == {"one": b"1"}
    publish(out, writer(two=b"2"), system)
    assert files(out) == {"two": b"2"}
    empty = tmp_path / "empty"
    empty.mkdir()
    publish(empty, writer(three=b"3"), system)
    assert files(empty) == {"three": b"3"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "empty"]
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["run"]


def test_a_failed_publish_leaves_the_previous_folder(tmp_path):
    out = publish(tmp_path / "run", writer(one=b"1"))

    def broken(folder: Path) -> None:
        (folder / "half").write_bytes(b"x")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        publish(out, broken)
    assert files(out) == {"one": b"1"}
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_killed_runs_are_removed_and_a_moved_previous_run_comes_back(tmp_path):
    pid = dead_pid()
    (tmp_path / f".run.tmp-{pid}-abc").mkdir()
    (tmp_path / f".run.old-{pid}-def" / "run").mkdir(parents=True)
    (tmp_path / f".run.old-{pid}-def" / "run" / "story.md").write_text("kept")
    running = tmp_path / f".other.tmp-{os.getpid()}-ghi"
    running.mkdir()
    gone = atomic.remove_leftovers(tmp_path)
    assert sorted(p.name for p in gone) == [f".run.old-{pid}-def", f".run.tmp-{pid}-abc"]
    assert (tmp_path / "run" / "story.md").read_text() == "kept"
    assert running.is_dir()
