"""The story: a title line, an opening drawn from the setting, then the plot's beats."""

import random
import re

from .world import World

INTROS = [
    "{Name} was {a_who} who {habit}.",
    "Nobody {in_spot} was {more_trait} than {name}, {a_role} who {habit}.",
    "And here, most days, you could find {name}, {a_who} who {habit}.",
    "Everyone {in_spot} knew {name}, {a_who} who {habit}.",
]
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")


def opening(rng: random.Random, w: World, n_details: int) -> str:
    s = w.slots
    intro = s.fill(rng.choice(INTROS))
    details = [s["detail"] for _ in range(n_details)]
    parts = [*details, intro] if rng.random() < 0.6 else [intro, *details]
    return " ".join(parts)


def reshape(rng: random.Random, paragraphs: list[str]) -> list[str]:
    """Vary the paragraph count (5 to 7): join two middle beats, or split the longest one."""
    r = rng.random()
    if r < 0.25:
        i = rng.randrange(1, len(paragraphs) - 2)
        return paragraphs[:i] + [paragraphs[i] + " " + paragraphs[i + 1]] + paragraphs[i + 2 :]
    if r < 0.5:
        i = max(range(1, len(paragraphs) - 1), key=lambda k: len(paragraphs[k]))
        sentences = SENTENCE.split(paragraphs[i])
        if len(sentences) >= 4:
            cut = len(sentences) // 2
            halves = [" ".join(sentences[:cut]), " ".join(sentences[cut:])]
            return paragraphs[:i] + halves + paragraphs[i + 1 :]
    return paragraphs


def story(rng: random.Random, w: World, n_details: int = 2) -> str:
    s = w.slots
    title = s.fill(rng.choice(w.plot["titles"]))
    paragraphs = [opening(rng, w, n_details)] + [s.fill(b) for b in w.plot["beats"]]
    return title + "\n\n" + "\n\n".join(reshape(rng, paragraphs))
