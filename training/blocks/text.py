"""Filling templates: `{slot}` fields, `[a|b|c]` alternatives, articles and pronouns."""

import random
import re

ALTERNATIVES = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")
PRONOUNS = {
    "f": dict(he="she", him="her", his="her", self="herself"),
    "m": dict(he="he", him="him", his="his", self="himself"),
}


def article(phrase: str) -> str:
    first = phrase.split()[0].lower()
    vowel = first[0] in "aeiou" and not first.startswith(("uni", "use", "one", "eu"))
    return ("an " if vowel or first.startswith("hour") else "a ") + phrase


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class Slots(dict):
    """Template values; `{detail}` draws a fresh setting sentence each time it is used."""

    def __init__(self, rng: random.Random, details: list[str], /, **values: str):
        super().__init__(values)
        self.rng, self.details = rng, list(details)
        rng.shuffle(self.details)

    def __missing__(self, key: str) -> str:
        if key in ("detail", "Detail"):
            if not self.details:
                raise KeyError("ran out of setting details")
            return self.fill(self.details.pop())
        if key[:1].isupper() and key.lower() in self:
            return cap(self[key.lower()])
        raise KeyError(key)

    def fill(self, template: str) -> str:
        while ALTERNATIVES.search(template):
            template = ALTERNATIVES.sub(lambda m: self.rng.choice(m.group(1).split("|")), template)
        return template.format_map(self)
