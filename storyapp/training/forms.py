"""Is a text in the form an adapter should write? Shared by the data checks, tests and metrics.

Image prompt: one line of comma-separated visual phrases, no sentences, within CLIP's window.
Story: a title line, then plain paragraphs separated by blank lines.
"""

import re
from dataclasses import dataclass

from . import clip_tokens

MAX_PROMPT_WORDS = 55
SENTENCE_END = re.compile(r"[.!?;:][\"')\]]?\s+\S")  # punctuation that ends a clause mid-line
PRONOUN_WORDS = ("i", "we", "you", "he", "she", "they", "his", "her", "their", "my", "our", "your")
# verbs that make a clause, and words about the story rather than the picture
CLAUSE_VERBS = (
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "does",
    "did",
)  # fmt: skip
STORY_WORDS = ("story", "tale")


def _any_word(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b({'|'.join(words)})\b", re.I)


PRONOUNS = _any_word(PRONOUN_WORDS)
CLAUSE = _any_word(CLAUSE_VERBS + STORY_WORDS)
WORD = re.compile(r"[A-Za-z0-9'’-]+")


@dataclass(slots=True)
class Story:
    title: str
    paragraphs: list[str]

    @property
    def words(self) -> int:
        return sum(len(WORD.findall(p)) for p in self.paragraphs)


def words(text: str) -> int:
    return len(WORD.findall(text))


def parse_story(text: str) -> Story:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    if not blocks:
        return Story("", [])
    first, _, rest = blocks[0].partition("\n")
    paragraphs = ([rest.strip()] if rest.strip() else []) + blocks[1:]
    return Story(first.strip().strip("#*").strip(), paragraphs)


def is_title(line: str) -> bool:
    return 0 < words(line) <= 12 and not line.rstrip().endswith((".", ",", ";"))


def distinct_4gram_ratio(text: str) -> float:
    toks = [w.lower() for w in WORD.findall(text)]
    grams = [tuple(toks[i : i + 4]) for i in range(len(toks) - 3)]
    return len(set(grams)) / len(grams) if grams else 0.0


def story_problems(
    text: str, paragraphs: tuple[int, int] = (4, 8), word_range: tuple[int, int] = (250, 500)
) -> list[str]:
    """Why `text` is not a story in form (empty: it is)."""
    s = parse_story(text)
    out = []
    if not is_title(s.title):
        out.append(f"no title line (first line: {s.title[:40]!r})")
    if not paragraphs[0] <= len(s.paragraphs) <= paragraphs[1]:
        out.append(f"{len(s.paragraphs)} paragraphs, not {paragraphs[0]}-{paragraphs[1]}")
    if not word_range[0] <= s.words <= word_range[1]:
        out.append(f"{s.words} words, not {word_range[0]}-{word_range[1]}")
    return out


def prompt_problems(text: str, max_words: int = MAX_PROMPT_WORDS) -> list[str]:
    """Why `text` is not an image prompt in form (empty: it is)."""
    t = text.strip()
    out = []
    if "\n" in t:
        out.append("more than one line")
    phrases = [p.strip() for p in t.rstrip(".").split(",") if p.strip()]
    if len(phrases) < 4:
        out.append(f"{len(phrases)} comma phrases, not 4 or more")
    if any(words(p) > 14 for p in phrases):
        out.append("a phrase of more than 14 words (a sentence?)")
    if SENTENCE_END.search(t) or PRONOUNS.search(t) or CLAUSE.search(t):
        out.append("sentence punctuation, pronouns or verbs (prose, not phrases)")
    if words(t) > max_words:
        out.append(f"{words(t)} words, more than {max_words}")
    n = clip_tokens.count(t)
    if n > clip_tokens.CLIP_WINDOW:
        out.append(f"{n} CLIP tokens, more than {clip_tokens.CLIP_WINDOW}")
    return out
