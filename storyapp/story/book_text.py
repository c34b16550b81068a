"""A picture book's text, read from what the model wrote: the title and exactly N scenes, the
cast sheet (with a fallback when none can be read), which characters a scene names, and each
scene's image prompt put together so it always carries the looks and the style line.

Small models rarely write N clean 'Scene k:' sections or a tidy 'Name: look' list, so every
reader here takes what it can and never fails on the model's output."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from storyapp.training import forms

from . import quality
from .book import CastMember

MAX_CAST = 4
MAX_LOOK_WORDS = 10  # four looks and the style line still fit CLIP's 75 tokens
DEFAULT_STYLE = "picture book illustration, soft colours, gentle ink lines"
# Given in turn to characters whose look the model did not write: each stays the same on every
# page, and two characters do not share one.
GENERIC_LOOKS = (
    "young, slim, short brown hair, red coat, blue trousers",
    "older, tall, grey hair, green sweater, brown boots",
    "small child, curly black hair, yellow raincoat",
    "middle-aged, broad, bushy beard, navy jacket, orange scarf",
)

_MARKER = re.compile(
    r"^[ \t*#_]*(?:scene|page|part|chapter)[ \t]*(\d+)[ \t*_]*[:.)\-–—]?[ \t*_]*",
    re.IGNORECASE | re.MULTILINE,
)
_CAST_LINE = re.compile(
    r"^[ \t]*(?:[-*•]|\d+[.)])?[ \t]*\**[ \t]*"
    r"(?P<name>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})"
    r"[ \t]*\**[ \t]*(?::|[ \t]-[ \t]|–|—)[ \t]*\**[ \t]*(?P<look>.+)$"
)
_SENTENCE = re.compile(r"[^.!?…]+[.!?…]+[\"'”’)]*|[^.!?…]+$")


def title_and_body(text: str) -> tuple[str, str]:
    """The first line as the title when it reads as one (short, no sentence end, not a scene
    marker), and the rest; ('', text) otherwise."""
    head, sep, rest = text.strip().partition("\n")
    head_clean = head.strip().strip("#*_ ").removeprefix("Title:").strip()
    if sep and rest.strip() and not _MARKER.match(head) and forms.is_title(head_clean):
        return head_clean.strip("\"'“”"), rest.strip()
    return "", text.strip()


def split_scenes(text: str, n: int) -> list[str]:
    """`text` as exactly `n` scenes: by its 'Scene k:' markers when it has at least n, else by
    paragraphs, else by sentences, else by words, each run of pieces kept in order. Fewer than
    `n` words in all gives some empty scenes (the caller says so)."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    for pieces in (_marked(text), _paragraphs(text), _sentences(text), text.split()):
        pieces = [p for p in pieces if p.strip()]
        if len(pieces) >= n:
            return [_unmarked(scene) for scene in _grouped(pieces, n)]
    words = text.split()
    return words + [""] * (n - len(words))


def _unmarked(scene: str) -> str:
    """A scene's text without Markdown emphasis or headings (a picture book page is plain)."""
    return " ".join(re.sub(r"\*{1,3}|_{2,3}|(?:^|\s)#+\s", " ", scene).split())


def _marked(text: str) -> list[str]:
    starts = list(_MARKER.finditer(text))
    if not starts:
        return []
    ends = [m.start() for m in starts[1:]] + [len(text)]
    return [" ".join(text[m.end() : end].split()) for m, end in zip(starts, ends, strict=True)]


def _paragraphs(text: str) -> list[str]:
    body = _MARKER.sub("", text)
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", body)]


def _sentences(text: str) -> list[str]:
    body = " ".join(_MARKER.sub("", text).split())
    return [s.strip() for s in _SENTENCE.findall(body)]


def _grouped(pieces: Sequence[str], n: int) -> list[str]:
    """`pieces` in `n` runs, in order, as even in count as they divide."""
    bounds = [round(k * len(pieces) / n) for k in range(n + 1)]
    return [" ".join(pieces[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


# the headings a model echoes from the prompts ("Premise: ..."), never a character's name
LABELS = frozenset(
    ("name", "look", "characters", "character", "cast", "cast sheet", "premise", "story",
     "story idea", "idea", "scene", "title", "setting", "style", "page")
)  # fmt: skip


def parse_cast(text: str) -> list[CastMember]:
    """The 'Name: look' lines of a cast sheet, at most MAX_CAST, each look cut to MAX_LOOK_WORDS
    words; lines that are not one (a heading, a name that is a common word) are skipped."""
    found: dict[str, CastMember] = {}
    for line in text.splitlines():
        m = _CAST_LINE.match(line)
        if m is None:
            continue
        name = m.group("name").strip()
        if name.lower() in quality.NOT_NAMES or name.lower() in LABELS:
            continue
        look = clean_look(m.group("look"))
        if len(look.split()) >= 2 and name not in found:
            found[name] = CastMember(name, look)
        if len(found) == MAX_CAST:
            break
    return list(found.values())


def clean_look(text: str) -> str:
    """A look as one line: no markup or quotes, at most MAX_LOOK_WORDS words, cut after a whole
    phrase where it can be, no trailing punctuation."""
    words = text.replace("*", " ").replace('"', " ").split()
    if len(words) > MAX_LOOK_WORDS:
        cut = " ".join(words[:MAX_LOOK_WORDS])
        head, comma, _ = cut.rpartition(",")
        words = (head if comma and len(head.split()) >= 4 else cut).split()
    return " ".join(words).strip(" ,;.:")


def fallback_cast(idea: str, premise: str, have: Sequence[CastMember] = ()) -> list[CastMember]:
    """`have`, then the idea's and the premise's names it lacks, each given the next generic
    look, up to MAX_CAST."""
    cast = list(have)[:MAX_CAST]
    taken = {c.name.lower() for c in cast}
    looks = iter(look for look in GENERIC_LOOKS if look not in {c.look for c in cast})
    for name in [*quality.idea_name_list(idea), *quality.names(premise)]:
        if len(cast) == MAX_CAST:
            break
        if name.lower() in taken or any(name.lower() in t.split() for t in taken):
            continue
        look = next(looks, None)
        if look is None:
            break
        cast.append(CastMember(name, look))
        taken.add(name.lower())
    return cast


def cast_lines(cast: Sequence[CastMember]) -> str:
    """The cast sheet as the scene-prompt rows read it: one 'Name: look' a line."""
    return "\n".join(f"{c.name}: {c.look}" for c in cast)


def shown(scene: str, cast: Sequence[CastMember]) -> list[CastMember]:
    """The cast members `scene` names (by full name, or by any word of it that is a name); the
    first member when it names none, as a scene that says only 'she' is mostly the hero's."""
    said = {w.lower().removesuffix("'s").removesuffix("’s") for w in quality.WORD.findall(scene)}
    named = [c for c in cast if _named(c.name, scene, said)]
    return named or list(cast[:1])


def _named(name: str, scene: str, said: set[str]) -> bool:
    if name.lower() in scene.lower() and len(name.split()) > 1:
        return True
    parts = [p.lower() for p in name.split() if p.lower() not in quality.NOT_NAMES]
    return any(p in said for p in parts)


def compose_prompt(
    visual: str,
    cast: Sequence[CastMember],
    style: str,
    fits: Callable[[str], bool] | None = None,
) -> str:
    """A scene's image prompt: the model's visual phrases, then 'Name, look' for each member of
    `cast`, word for word, then `style`. `fits(text)`: whether the illustrator reads `text`
    whole (None: a word-count estimate of CLIP's 75 tokens); the model's phrases are dropped
    from the end, as many as needed, so the looks and the style line are never what the
    illustrator's prompt fitting cuts."""
    fixed = [f"{c.name}, {c.look}" for c in cast] + ([style] if style.strip() else [])
    phrases = [p for p in (" ".join(part.split()) for part in visual.split(",")) if p]
    check = fits or estimated_fit
    while phrases and not check(", ".join([*phrases, *fixed])):
        phrases.pop()
    return ", ".join([*phrases, *fixed])


def estimated_fit(text: str, limit: int = 75) -> bool:
    """Whether `text` likely fits CLIP's window: about 4 tokens for 3 words, and each comma."""
    return len(text.split()) * 4 // 3 + text.count(",") <= limit


def story_markdown(title: str, pages: Sequence[str]) -> str:
    """The book's text as story.md: the title, then each page's text under its number."""
    parts = [f"# {title}"] if title else []
    for i, text in enumerate(pages, 1):
        parts.append(f"## Page {i}\n\n{text.strip()}")
    return "\n\n".join(parts) + "\n"
