"""The story: a title line, an opening drawn from the setting, then the plot's beats."""

import itertools
import random
import re

from .tense import past
from .text import ALTERNATIVES
from .world import World

INTROS = [
    "{Name} was {a_who} who {habit}.",
    "Nobody {in_spot} was {more_trait} than {name}, {a_role} who {habit}.",
    "And here, most days, you could find {name}, {a_who} who {habit}.",
    "Everyone {in_spot} knew {name}, {a_who} who {habit}.",
]
# The opening's last sentence: where it happens and the idea's hook, told as the story is. A
# story that says them keeps what the person asked for (the idea's words, the premise's places).
LEADS = [
    "Then one day {in_place}, {name} {hook}.",
    "It was {in_place_then} that {name} {hook}.",
    "And so it was that {name}, {a_role} {in_place}, {hook}.",
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


def hook_as_in(idea: str, w: World) -> str:
    """The plot's hook with the `[a|b]` choice the idea made, so the story says what was asked."""
    template = w.plot["hook"]
    choices = [m.group(1).split("|") for m in ALTERNATIVES.finditer(template)]
    filled = [
        _choose(template, picked).format_map(w.slots) for picked in itertools.product(*choices)
    ]
    return next((hook for hook in filled if hook in idea), filled[0])


def _choose(template: str, picked: tuple[str, ...]) -> str:
    """`template` with its `[a|b]` alternatives replaced, in order, by `picked`."""
    parts = iter(picked)
    return ALTERNATIVES.sub(lambda _: next(parts), template)


def with_idea_lead(rng: random.Random, w: World, idea: str, text: str) -> str:
    """`text` with a last sentence in its opening paragraph that says where the story happens
    and what starts it, in the idea's words. `rng` is the caller's own, so adding the sentence
    leaves every other text of the data as it was."""
    lead = rng.choice(LEADS).format_map(dict(w.slots, hook=past(hook_as_in(idea, w))))
    title, opening, rest = text.split("\n\n", 2)
    return "\n\n".join([title, f"{opening} {lead[:1].upper()}{lead[1:]}", rest])
