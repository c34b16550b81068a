"""The image prompt: comma-separated visual phrases, no names, no sentences."""

import random

from . import people
from .world import World

QUALITY = [
    "highly detailed",
    "intricate details",
    "sharp focus",
    "rich colors",
    "soft depth of field",
    "beautiful composition",
    "fine textures",
    "dramatic lighting",
    "masterpiece",
    "4k",
    "volumetric light",
    "subtle film grain",
]
FRAMING = ["wide shot", "medium shot", "low angle view", "full body view", "establishing shot"]
OWN_PLACE = " @"  # a picture that names its own place: the setting's scene would contradict it


def subject(rng: random.Random, w: World) -> str:
    role = w.cast.get("shown", w.cast["role"])
    if w.age == "animal":
        return f"{rng.choice(['a small', 'a little', 'a tiny'])} {role} {w.cast['look']}"
    return f"{people.AGE_WORDS[(w.age, w.gender)][1]} {role} {w.cast['look']}"


def image_prompt(rng: random.Random, w: World, n_quality: int = 3) -> str:
    picture = rng.choice(w.plot["picture"])
    phrases = [subject(rng, w), picture.removesuffix(OWN_PLACE)]
    if not picture.endswith(OWN_PLACE):
        phrases.append(rng.choice(w.setting["scene"]))
    phrases += [rng.choice(w.setting["light"]), rng.choice(w.genre["moods"])]
    style = rng.choice(w.genre["styles"])
    phrases.insert(0 if rng.random() < 0.3 else len(phrases), style)
    if rng.random() < 0.4:
        phrases.append(rng.choice(FRAMING))
    return ", ".join(phrases + rng.sample(QUALITY, n_quality))
