"""The key nouns of an idea, and whether a text keeps them: a cheap check that a story is about
the idea it was given. Without a part-of-speech tagger, a "key noun" is a content word of four
or more letters that is not a common function word, verb or adjective."""

import re

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# The last line: what an idea or premise calls itself, or asks of the writer ("Write about a
# baker. Setting: a harbor town."), not what the story holds.
COMMON = frozenset(
    """about above after again against along also among another around away back because been
    before behind being below between both came come comes could does doing down during each
    every from gets give goes going gone have having here into just keep know like little made
    make makes many more most much must need needs never next only other over same should since
    some soon still such take takes than that their them then there these they thing things this
    those though through till told under until upon very want wants were what when where which
    while will with without would your young old small large great whole last first find finds
    must tries trying named called always becomes become whose

    story premise tone tale write setting""".split()  # noqa: SIM905 (a word list reads better as text)
)


def key_nouns(idea: str, limit: int = 8) -> list[str]:
    """Up to `limit` distinct content words of `idea`, lower case, in order of appearance."""
    out: list[str] = []
    for w in WORD.findall(idea):
        w = w.lower().strip("'’-")
        if len(w) >= 4 and w not in COMMON and w not in out and not w.endswith("ly"):
            out.append(w)
    return out[:limit]


def _stem(word: str) -> str:
    """Enough of a word that its plural and possessive forms still match."""
    for suffix in ("'s", "’s", "ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def present(text: str, nouns: list[str]) -> float:
    """The share of `nouns` found in `text` (1.0 when there are none)."""
    if not nouns:
        return 1.0
    low = text.lower()
    found = sum(re.search(rf"\b{re.escape(_stem(n))}", low) is not None for n in nouns)
    return found / len(nouns)
