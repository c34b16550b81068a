"""No three-word phrase said more than N times in a row's text. The words written so far are
counted as a reader counts them (`storyapp.story.quality`'s loop measure: case and edge
apostrophes ignored), and the tokens that would begin a phrase's next repeat are barred from the
row's next draw. A repetition penalty holds back single tokens over a short window; this holds
back one phrase, however far apart its repeats are, and nothing else."""

import re
from collections import Counter
from collections.abc import Callable

WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


def _word(text: str) -> str:
    return text.lower().strip("'’-")


class PhraseGuard:
    __slots__ = ("limit", "_encode", "_starts", "_words", "_next", "_read")

    def __init__(
        self, limit: int, encode: Callable[[str], list[int]], starts: dict[str, list[int]]
    ) -> None:
        """`limit`: the most times a phrase may be said; `encode`: the tokenizer's; `starts`: a
        word's first tokens, kept by the engine for all its rows."""
        self.limit, self._encode, self._starts = limit, encode, starts
        self._words: list[str] = []  # the words that are complete (something follows them)
        self._next: dict[tuple[str, str], Counter[str]] = {}  # two words -> what followed
        self._read = 0  # where the words not yet counted begin in the text

    def barred(self, text: str) -> list[int]:
        """The token ids the next draw must not take, given all the text written so far."""
        self._count(text)
        tail = [_word(w) for w in WORD.findall(text, self._read)]  # a word being written
        last = tuple((self._words[-2:] + tail)[-2:])
        followed = self._next.get(last) if len(last) == 2 else None
        if not followed:
            return []
        return [t for w, n in followed.items() if n >= self.limit for t in self._first_tokens(w)]

    def _count(self, text: str) -> None:
        for m in WORD.finditer(text, self._read):
            if m.end() == len(text):
                break  # the next token may still add to this word
            self._words.append(_word(m.group()))
            self._read = m.end()
            if len(self._words) >= 3:
                a, b, c = self._words[-3:]
                self._next.setdefault((a, b), Counter())[c] += 1

    def _first_tokens(self, word: str) -> list[int]:
        """The tokens a word begins with, after a space or not, in lower case or capitalised:
        the ways a model starts writing it."""
        if word not in self._starts:
            forms = {f"{sep}{w}" for sep in ("", " ") for w in (word, word.capitalize())}
            self._starts[word] = sorted({ids[0] for f in forms if (ids := self._encode(f))})
        return self._starts[word]
