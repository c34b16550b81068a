"""How `storyapp library` shows stories, versions and the trash: text tables for people,
plain JSON-ready dicts for scripts."""

from __future__ import annotations

import dataclasses
import textwrap
from datetime import datetime
from typing import Any

from storyapp.library import Library, Story, StoryVersion, TrashItem
from storyapp.library.titles import UNTITLED

from .visible import visible, visible_json

TITLE_WIDTH = 60


def when(t: datetime | None) -> str:
    """A time in the user's local zone, to the minute."""
    return t.astimezone().strftime("%Y-%m-%d %H:%M") if t else "-"


def iso(t: datetime | None) -> str | None:
    return t.isoformat() if t else None


def dump(data: Any) -> str:
    return visible_json(data)


def counted(n: int, one: str, many: str = "") -> str:
    """'1 story', '2 stories': `many` defaults to `one` + 's'."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def table(header: tuple[str, ...], rows: list[tuple[str, ...]], right: int = 0) -> str:
    """Columns padded to their widest cell; the first `right` columns right-aligned (ids)."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for r in [header, *rows]:
        cells = [
            c.rjust(w) if i < right else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def short(text: str, width: int = TITLE_WIDTH) -> str:
    text = " ".join(visible(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def version_title(version: StoryVersion, story: Story) -> str:
    return version.title or story.title or UNTITLED


def listing_rows(shelf: list[tuple[Story, list[StoryVersion]]]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for story, versions in shelf:
        if not versions:  # every version trashed one by one: the story itself is still here
            rows.append(("-", str(story.id), "-", when(story.updated_at), "-", short(story.title)))
        for v in reversed(versions):
            picture = "yes" if v.image_path else "no"
            title = short(version_title(v, story))
            rows.append((str(v.id), str(story.id), v.kind, when(v.created_at), picture, title))
    return rows


def listing_text(shelf: list[tuple[Story, list[StoryVersion]]], lib: Library) -> str:
    if not shelf:
        return f"no stories yet in {lib.root}; make one with: storyapp generate IDEA"
    header = ("VERSION", "STORY", "KIND", "CREATED", "PICTURE", "TITLE")
    count = sum(len(vs) for _, vs in shelf)
    return visible(
        table(header, listing_rows(shelf), right=2)
        + f"\n\n{counted(count, 'version')} of {counted(len(shelf), 'story', 'stories')} in {lib.root}"
    )


def version_summary(v: StoryVersion, story: Story) -> dict[str, Any]:
    return {
        "id": v.id,
        "kind": v.kind,
        "title": version_title(v, story),
        "created_at": iso(v.created_at),
        "has_picture": v.image_path is not None,
    }


def listing_json(shelf: list[tuple[Story, list[StoryVersion]]], lib: Library) -> dict[str, Any]:
    return {
        "library": str(lib.root),
        "stories": [
            {
                "id": story.id,
                "title": story.title,
                "created_at": iso(story.created_at),
                "updated_at": iso(story.updated_at),
                "versions": [version_summary(v, story) for v in versions],
            }
            for story, versions in shelf
        ],
    }


def version_json(v: StoryVersion, story: Story, lib: Library) -> dict[str, Any]:
    data = dataclasses.asdict(v)
    data.update(
        title=version_title(v, story),
        created_at=iso(v.created_at),
        deleted_at=iso(v.deleted_at),
        in_trash=v.deleted_at is not None or story.deleted_at is not None,
        image_file=str(lib.image_file(v)) if v.image_path else None,
    )
    return data


def _timings(timings: dict[str, dict[str, float]]) -> str:
    parts = []
    for stage, t in timings.items():
        unit = "steps" if stage == "image" else "tokens"
        part = f"{stage} {t.get('seconds', 0):.1f} s"
        if t.get("tokens"):
            part += f" ({t['tokens']:g} {unit}, {t.get('tokens_per_s', 0):.1f}/s)"
        parts.append(part)
    return "; ".join(parts) or "-"


def _block(name: str, text: str) -> list[str]:
    body = [
        textwrap.fill(visible(p), 88, initial_indent="  ", subsequent_indent="  ")
        for p in text.splitlines()
        if p.strip()
    ]
    return ["", name.upper(), *(body or ["  -"])]


def version_text(v: StoryVersion, story: Story, lib: Library, siblings: list[int]) -> str:
    seeds = v.settings.get("seeds") or {}
    trashed = v.deleted_at or story.deleted_at
    adapters = ", ".join(f"{row}={name}" for row, name in v.adapters.items()) or "-"
    facts = [
        ("version", f"{v.id} of story {story.id} ({v.kind}), created {when(v.created_at)}"),
        ("from version", str(v.parent_version_id) if v.parent_version_id else "-"),
        ("in trash", f"since {when(trashed)}" if trashed else "no"),
        ("picture", str(lib.image_file(v)) if v.image_path else "none"),
        ("model", v.model or "-"),
        ("adapters", adapters),
        ("backend", v.backend or "-"),
        ("seeds", ", ".join(f"{k} {s}" for k, s in seeds.items()) or "-"),
        ("timings", _timings(v.timings)),
        ("all versions", ", ".join(map(str, siblings)) or "-"),
    ]
    width = max(len(k) for k, _ in facts)
    lines = [version_title(v, story), ""]
    lines += [f"{k + ':':{width + 1}} {val}" for k, val in facts]
    for name, text in (
        ("idea", v.idea),
        ("premise", v.premise),
        ("image prompt", v.image_prompt),
        ("negative prompt", v.negative_prompt),
        ("story", v.story_text),
    ):
        lines += _block(name, text)
    return visible("\n".join(lines))


def trash_rows(items: list[TrashItem]) -> list[tuple[str, ...]]:
    return [(i.kind, str(i.id), when(i.deleted_at), short(i.title or UNTITLED)) for i in items]


def trash_text(items: list[TrashItem], lib: Library) -> str:
    if not items:
        return f"the trash of {lib.root} is empty"
    return visible(table(("KIND", "ID", "DELETED", "TITLE"), trash_rows(items)))


def trash_json(items: list[TrashItem], lib: Library) -> dict[str, Any]:
    return {
        "library": str(lib.root),
        "trash": [
            {"kind": i.kind, "id": i.id, "title": i.title, "deleted_at": iso(i.deleted_at)}
            for i in items
        ],
    }
