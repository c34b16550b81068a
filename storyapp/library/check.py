"""`library check`: SQLite's integrity check, then which rows cannot be read and which versions'
pictures are missing. Reads only; never changes the library."""

from dataclasses import dataclass, field
from pathlib import Path

from .errors import LibraryError
from .models import StoryVersion
from .salvage import integrity, read_only, read_rows
from .schema import DB_NAME, TRASH_DIR


@dataclass(slots=True)
class CheckReport:
    db: Path
    stories: int = 0
    versions: int = 0
    integrity: list[str] = field(default_factory=list)
    bad_rows: list[str] = field(default_factory=list)
    missing_pictures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.integrity or self.bad_rows or self.missing_pictures)


def check(root: Path) -> CheckReport:
    """Check the library database at `root` (a folder)."""
    root = Path(root).expanduser().absolute()
    db = root / DB_NAME
    if not db.is_file():
        raise LibraryError(f"no library database {db}")
    report = CheckReport(db=db)
    with read_only(db) as conn:
        report.integrity = integrity(conn)
        found = read_rows(conn)
    report.stories, report.versions = len(found.stories), len(found.versions)
    report.bad_rows = found.bad
    for v in found.versions:
        report.missing_pictures += [
            f"version {v.id}{what}: {path}{_where(root, path)}"
            for what, path in pictures_of(v)
            if not (root / path).is_file()
        ]
    return report


def pictures_of(v: StoryVersion) -> list[tuple[str, str]]:
    """(which, path) for every picture the version refers to: its own, then each page's
    picture and candidates (page 1's picture is also the version's: named once)."""
    found = [("", v.image_path)] if v.image_path else []
    for page in v.pages:
        name = f", page {page.position + 1}"
        if page.image_path and page.image_path != v.image_path:
            found.append((name, page.image_path))
        found += [(f"{name} candidate {n}", c) for n, c in enumerate(page.candidates, 1)]
    return found


def _where(root: Path, path: str) -> str:
    kept = (root / TRASH_DIR / Path(path).name).is_file()
    return " (it is in the trash folder)" if kept else ""
