"""The premise paragraph (3-5 sentences), in the several shapes a base model writes one."""

import random

from .world import World

TEMPLATES = [
    "{Name} is {a_who} {in_place}. One day {he} {hook}. {He} wants {goal}. {obstacle} "
    "The story should feel {t1} and {t2}, for {audience}.",
    "{In_place}, {a_who} named {name} {hook}. {obstacle} Now {name} must find a way {goal}. "
    "The tone is {t1} and {t2}.",
    "This is a {t1} {genre} for {audience}. The main character is {name}, {a_who}, and the "
    "story takes place {in_place}. When {he} {hook}, {he} sets out {goal}. {obstacle}",
    "{Name}, {a_who}, {hook}. It all happens {in_place}. {He} is determined {goal}. But there "
    "is a catch. {obstacle}",
    "Setting: {place}. {Name} is {a_who}. When {he} {hook}, {he} resolves {goal}. {obstacle} "
    "A {t1}, {t2} {genre}.",
    "The story follows {name}, {a_who}, {in_place}. {Name} {hook}, and {he} wants {goal}. "
    "{obstacle} The mood is {t1}, with moments that are {t2}.",
]


def premise(rng: random.Random, w: World) -> str:
    s = w.slots
    values = dict(
        hook=s.fill(w.plot["hook"]),
        goal=s.fill(w.plot["goal"]),
        obstacle=s.fill(w.plot["obstacle"]),
        genre=w.genre["name"],
        audience=w.audience,
        t1=w.tones[0],
        t2=w.tones[1],
    )
    s.update(values)
    # "When she is the healer left when..." reads badly: those hooks skip the "When" shapes
    shapes = [t for t in TEMPLATES if " when " not in values["hook"] or "When {he}" not in t]
    text = s.fill(rng.choice(shapes))
    for key in values:
        del s[key]
    return text
