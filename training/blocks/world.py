"""One story's choices: genre, plot, setting, protagonist, tone. Both outputs are made from it."""

import random
from dataclasses import dataclass

from . import people
from .text import PRONOUNS, Slots, article


@dataclass
class World:
    genre: dict
    plot: dict
    setting: dict
    cast: dict
    age: str
    gender: str
    slots: Slots
    tones: list[str]
    audience: str


def sample(rng: random.Random, genre: dict, plot: dict) -> World:
    settings = [genre["settings"][i] for i in plot.get("where", range(len(genre["settings"])))]
    setting = rng.choice(settings)
    s_index = genre["settings"].index(setting)
    cast = [
        c
        for i, c in enumerate(genre["cast"])
        if s_index in c.get("where", [s_index]) and i in plot.get("cast", [i])
    ]
    who = rng.choice(cast)
    age = rng.choice(who.get("ages", genre["ages"]))
    gender = rng.choice("fm")
    if age == "animal":
        name = rng.choice(people.ANIMAL_NAMES)
        years, role_words = "", who["role"]
    else:
        name = rng.choice(people.NAMES[gender])
        years = people.AGE_WORDS[(age, gender)][0].format(years=rng.choice(people.CHILD_AGES))
        role_words = f"{years} {who['role']}".strip()
    trait = rng.choice(people.TRAITS)
    in_place = setting.get("in_place", f"in {setting['place']}")
    slots = Slots(
        rng,
        setting["details"],
        name=name,
        role=who["role"],
        a_role=article(who["role"]),
        a_who=article(f"{trait} {role_words}"),
        trait=trait,
        more_trait=people.comparative(trait),
        place=setting["place"],
        in_place=in_place,
        # "at St. Aldric's, an old school on the moors, hears": an aside is closed by a comma
        in_place_then=in_place + ("," if "," in in_place else ""),
        spot=setting["spot"],
        in_spot=setting.get("in_spot", f"in {setting['spot']}"),
        **PRONOUNS[gender],
    )
    slots["habit"] = slots.fill(rng.choice(genre.get("habits", people.HABITS)))
    return World(
        genre,
        plot,
        setting,
        who,
        age,
        gender,
        slots,
        rng.sample(genre["tones"], 3),
        rng.choice(genre["audiences"]),
    )
