"""What a reader would say of a text, as numbers: does it repeat itself, does it keep the idea,
are the names the premise's, is it the asked length, does the picture show what the story is
about. Pure text measures, no model: the pipeline's loop guard, `storyapp eval` and the tests all
use these functions."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from storyapp.training import forms, keywords

# A 3-gram (three words in a row) said more than this many times is a degenerate loop.
LOOP_REPEATS = 4
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
SENTENCE = re.compile(r"[^.!?]+[.!?]*")
# Capitalised words that are not names.
NOT_NAMES = frozenset(
    """a an the and but or so if then when while as at in on of to for from by with after before
    one two three once every each this that these those there here his her their its our my your
    he she they it we you i me him them us no not yes mr mrs ms dr miss sir lady lord saint st
    monday tuesday wednesday thursday friday saturday sunday christmas god""".split()  # noqa: SIM905
)
PREMISE_SENTENCES = (3, 5)
STORY_PARAGRAPHS = (4, 8)


def words(text: str) -> list[str]:
    return [w.lower().strip("'’-") for w in WORD.findall(text)]


def ngrams(tokens: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


@dataclass(slots=True, frozen=True)
class Repetition:
    distinct_4gram: float  # distinct 4-grams / all 4-grams (1.0: nothing said twice)
    top_3gram: int  # how often the most repeated 3-gram occurs
    top_3gram_text: str

    @property
    def loop(self) -> bool:
        return self.top_3gram > LOOP_REPEATS


def repetition(text: str) -> Repetition:
    tokens = words(text)
    fours = ngrams(tokens, 4)
    distinct = len(set(fours)) / len(fours) if fours else 1.0
    counts = Counter(ngrams(tokens, 3))
    gram, top = counts.most_common(1)[0] if counts else ((), 0)
    return Repetition(round(distinct, 3), top, " ".join(gram))


def loop_start(text: str) -> int | None:
    """Where a degenerate loop begins, as a character offset: the start of the sentence that
    says, for the second time, a 3-gram the text goes on to say more than LOOP_REPEATS times.
    Cutting there leaves that 3-gram said once. None: no loop."""
    spans = [m.span() for m in WORD.finditer(text)]
    tokens = [text[a:b].lower().strip("'’-") for a, b in spans]
    seen: dict[tuple[str, ...], list[int]] = {}
    for i, gram in enumerate(ngrams(tokens, 3)):
        where = seen.setdefault(gram, [])
        where.append(i)
        if len(where) > LOOP_REPEATS:
            second = spans[where[1]][0]
            return _sentence_start(text, second)
    return None


def _sentence_start(text: str, offset: int) -> int:
    """The start of the sentence holding `offset` (after the last . ! ? or blank line)."""
    ends = [m.end() for m in re.finditer(r"[.!?][\"'’”)]?\s+|\n\s*\n", text[:offset])]
    return ends[-1] if ends else 0


def content_words(text: str) -> list[str]:
    """The words that carry a text's meaning: what a reader would expect to find again."""
    return keywords.key_nouns(text, limit=1000)


def kept(source: str, text: str) -> float:
    """The share of `source`'s content words that reach `text` (plurals and possessives match)."""
    return keywords.present(text, content_words(source))


def names(text: str) -> list[str]:
    """Proper names, in order of first appearance: capitalised words that never appear in lower
    case and are said mid-sentence, or begin two sentences or more. A story's title line is
    skipped (its words are capitalised for the title's sake)."""
    body = _without_title(text)
    lower = {w.strip("'’-") for w in WORD.findall(body) if w.islower()}
    mid: list[str] = []
    starts: Counter[str] = Counter()
    for line in body.splitlines():
        for sentence in SENTENCE.findall(line):
            for n, w in enumerate(WORD.findall(sentence)):
                bare = w.strip("'’-").removesuffix("'s").removesuffix("’s")
                if not bare[:1].isupper() or bare.lower() in NOT_NAMES or bare.lower() in lower:
                    continue
                if n > 0:
                    mid.append(bare)
                else:
                    starts[bare] += 1
    found = mid + [w for w, k in starts.items() if k >= 2]
    order = {w: body.find(w) for w in found}
    return sorted(dict.fromkeys(found), key=lambda w: order[w])


def _without_title(text: str) -> str:
    head, sep, rest = text.strip().partition("\n")
    return rest if sep and rest.strip() and forms.is_title(head) else text


def main_name(text: str) -> str | None:
    """The name said most often (the protagonist, as a reader would guess)."""
    found = names(text)
    if not found:
        return None
    said = Counter(
        w.removesuffix("'s").removesuffix("’s") for w in WORD.findall(_without_title(text))
    )
    return max(found, key=lambda n: said[n])


def names_consistent(premise: str, story: str) -> bool:
    """Every name of the premise is in the story, and the story's main character is one of
    the premise's (a story that renames its hero fails)."""
    return cast_lost(premise, story) is None


def cast_lost(premise: str, story: str) -> str | None:
    """How the story departs from the premise's names, in words ("leaves out Mara and Salt
    Waste", "calls its hero Jack"); None when it keeps them."""
    premise_names = names(premise)
    story_names = set(names(story)) | set(WORD.findall(story))
    missing = [n for n in premise_names if n not in story_names]
    if missing:
        listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
        return f"leaves out {listed}"
    hero = main_name(story)
    if hero is None or not premise_names or hero in premise_names or hero in premise:
        return None
    return f"calls its hero {hero}"


def sentences(text: str) -> int:
    return len([s for s in SENTENCE.findall(text) if WORD.search(s)])


def subject_words(story: str, k: int = 3) -> list[str]:
    """The story's main subject: its k most frequent content words that are not names."""
    skip = {n.lower() for n in names(story)}
    content = set(content_words(story)) - skip
    return [w for w, _ in Counter(words(_without_title(story))).most_common() if w in content][:k]


def covers_subject(sd_prompt: str, story: str) -> bool:
    """The image prompt names at least one of the story's main subject words."""
    subject = subject_words(story)
    return not subject or keywords.present(sd_prompt, subject) > 0


def idea_name_list(idea: str) -> list[str]:
    """The idea's names; its first word too when a comma follows it ("Sunita, an accountant")."""
    first = re.match(r"\s*([A-Z][A-Za-z'’-]+),", idea)
    lead = [first.group(1)] if first and first.group(1).lower() not in NOT_NAMES else []
    return lead + [n for n in names(idea) if n not in lead]


@dataclass(slots=True, frozen=True)
class TextQuality:
    words: int
    repetition: Repetition
    idea_kept: float  # share of the idea's content words found in the text
    idea_names_kept: float  # share of the idea's names found in the text
    in_range: bool  # premise: 3-5 sentences; story: 4-8 paragraphs

    def as_dict(self) -> dict:
        return {
            "words": self.words,
            "distinct_4gram": self.repetition.distinct_4gram,
            "top_3gram": self.repetition.top_3gram,
            "top_3gram_text": self.repetition.top_3gram_text,
            "loop": self.repetition.loop,
            "idea_kept": round(self.idea_kept, 3),
            "idea_names_kept": round(self.idea_names_kept, 3),
            "in_range": self.in_range,
        }


def measure(idea: str, text: str, kind: str) -> TextQuality:
    """`kind`: 'premise' or 'story'."""
    idea_names = idea_name_list(idea)
    found = set(names(text)) | set(WORD.findall(text))
    names_kept = sum(n in found for n in idea_names) / len(idea_names) if idea_names else 1.0
    if kind == "story":
        paragraphs = len(forms.parse_story(text).paragraphs)
        in_range = STORY_PARAGRAPHS[0] <= paragraphs <= STORY_PARAGRAPHS[1]
    else:
        in_range = PREMISE_SENTENCES[0] <= sentences(text) <= PREMISE_SENTENCES[1]
    return TextQuality(len(words(text)), repetition(text), kept(idea, text), names_kept, in_range)
