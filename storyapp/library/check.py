"""`library check`: SQLite's integrity check, then which rows cannot be read and which versions'
pictures are missing. Reads only; never changes the library."""

from dataclasses import dataclass, field
from pathlib import Path

from .errors import LibraryError
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
        if not v.image_path or (root / v.image_path).is_file():
            continue
        kept = (root / TRASH_DIR / Path(v.image_path or "").name).is_file()
        where = " (it is in the trash folder)" if kept else ""
        report.missing_pictures.append(f"version {v.id}: {v.image_path}{where}")
    return report
