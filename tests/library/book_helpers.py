"""Test data for picture books: a book version with real small PNG pictures per page."""

from storyapp.library import PagePictures, PageRecord, StoryVersion

from .helpers import full_version, make_png

TEXTS = (
    "Mira found a paper boat on the pond, and on its sail a map.",
    "The map led Mira and Old Tam the heron past the reeds, to the willow.",
    "Under the willow's roots a tiny door stood open, and warm light came out.",
)
CAST = [
    {"name": "Mira", "look": "a girl of eight, small, red braids, freckles, yellow raincoat"},
    {"name": "Old Tam", "look": "a tall grey heron, one bent feather, a blue scarf"},
]
STYLE = "soft watercolour, storybook illustration"


def page_png(index: int, candidate: int = 0) -> bytes:
    return make_png(96, 64, seed=index * 10 + candidate)


def book_version(pages: int = 3, **changes: object) -> StoryVersion:
    """A book version (pictures not yet placed): page i's text, prompt and seed."""
    records = [
        PageRecord(
            text=TEXTS[i % len(TEXTS)] + ("" if i < len(TEXTS) else f" (page {i + 1})"),
            image_prompt=f"scene {i + 1}, {CAST[0]['look']}, {STYLE}",
            seed=1000 + i,
        )
        for i in range(pages)
    ]
    fields: dict[str, object] = dict(
        kind="book",
        story_text="# The Paper Boat\n\n" + "\n\n".join(r.text for r in records),
        image_prompt=records[0].image_prompt,
        pages=records,
        cast=CAST,
        style=STYLE,
    )
    fields.update(changes)
    return full_version(**fields)


def book_pictures(pages: int = 3, candidates: int = 0) -> dict[int, PagePictures]:
    return {
        i: PagePictures(
            image=page_png(i),
            candidates=tuple(page_png(i, c) for c in range(1, candidates + 1)) or None,
        )
        for i in range(pages)
    }
