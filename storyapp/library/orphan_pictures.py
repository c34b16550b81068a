"""Pictures no version refers to. They are moved to the library's trash folder, never deleted
unasked: a database restored from a backup may refer to them again, and then they come back."""

import sqlite3
import time
from pathlib import Path

from storyapp.system.atomic import TEMP_SUFFIX, replace

from .images import MIME
from .schema import IMAGES_DIR, TRASH_DIR


def referenced(conn: sqlite3.Connection) -> set[str]:
    """Every picture a version refers to, live or in the trash: its own, its pages' and their
    candidates' (see the picture_refs view)."""
    return {r[0] for r in conn.execute("SELECT DISTINCT image_path FROM picture_refs") if r[0]}


def trashed(root: Path) -> list[Path]:
    """The pictures in the trash folder, oldest first."""
    folder = root / TRASH_DIR
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.stat().st_mtime)


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
    return target


def bring_back(root: Path, used: set[str]) -> int:
    """Move referenced pictures that are missing from images/ back out of the trash folder."""
    back = 0
    for rel in used:
        kept = root / TRASH_DIR / Path(rel).name
        if not (root / rel).exists() and kept.is_file():
            replace(kept, root / rel)
            back += 1
    return back


def sweep(root: Path, used: set[str], older_than_s: float) -> int:
    """Move pictures no row refers to, older than `older_than_s`, into the trash folder; delete
    our own temp files of killed writes. Return how many pictures moved.

    The age guard spares a file another process has just written and not yet committed."""
    cutoff = time.time() - older_than_s
    moved = 0
    for path in (root / IMAGES_DIR).iterdir():
        if not path.is_file() or path.stat().st_mtime >= cutoff:
            continue
        if path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX):
            path.unlink(missing_ok=True)  # half-written, never a picture anyone saw
        elif path.suffix in MIME and f"{IMAGES_DIR}/{path.name}" not in used:
            (root / TRASH_DIR).mkdir(exist_ok=True)
            replace(path, _free_name(root / TRASH_DIR, path.name))
            moved += 1
    return moved
