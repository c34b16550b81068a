"""A plot's hook, written in the present as people type an idea ("hears footsteps every night"),
told in the past as the stories are ("heard footsteps every night")."""

import re

PAST = {
    "is": "was",
    "are": "were",
    "has": "had",
    "have": "had",
    "does": "did",
    "must": "had to",
    "will": "would",
    "believes": "believed",
    "builds": "built",
    "casts": "cast",
    "changes": "changed",
    "chimes": "chimed",
    "decides": "decided",
    "discovers": "discovered",
    "draws": "drew",
    "falls": "fell",
    "finds": "found",
    "follows": "followed",
    "gets": "got",
    "hears": "heard",
    "injures": "injured",
    "joins": "joined",
    "keeps": "kept",
    "lives": "lived",
    "loses": "lost",
    "meets": "met",
    "notices": "noticed",
    "opens": "opened",
    "orders": "ordered",
    "picks": "picked",
    "reaches": "reached",
    "realizes": "realized",
    "scatters": "scattered",
    "seems": "seemed",
    "sets": "set",
    "shows": "showed",
    "spreads": "spread",
    "suspects": "suspected",
    "takes": "took",
    "tries": "tried",
    "turns": "turned",
    "uses": "used",
    "wakes": "woke",
    "wants": "wanted",
}
WORD = re.compile(r"[a-z]+")


def past(hook: str) -> str:
    """`hook` with each present-tense verb of PAST in the past; other words as they were."""
    return WORD.sub(lambda m: PAST.get(m.group(0), m.group(0)), hook)
