"""The story idea a person types: a line or two naming who, where and what happens, in the
several shapes people write one. The premise and the story both keep what it names."""

import random

from .text import article
from .world import World

TEMPLATES = [
    "{a_role} {in_place}, who {hook}",
    "{A_role} {in_place_then} {hook}.",
    "{a_genre} about {a_role} named {name} who {hook}",
    "{name}, {a_role} {in_place}, {hook}",
    "{In_place}, {a_role} {hook} and wants {goal}.",
    "Write about {a_role} who {hook}. Setting: {place}.",
]


def idea(rng: random.Random, w: World) -> str:
    """One idea for world `w`; the slots it adds are removed again."""
    s = w.slots
    values = dict(
        hook=s.fill(w.plot["hook"]),
        goal=s.fill(w.plot["goal"]),
        a_genre=article(w.genre["name"]),
    )
    s.update(values)
    text = s.fill(rng.choice(TEMPLATES))
    for key in values:
        del s[key]
    return text[:1].upper() + text[1:]
