"""The pipeline's events on stderr: a live line per stage on a terminal; elsewhere only the
notices, so logs stay clean."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from storyapp.story import (
    Cancelled,
    Event,
    Failed,
    ImageStep,
    Notice,
    PageStarted,
    StageDone,
    StageStarted,
    Token,
    VersionSaved,
)

from .visible import visible

ROW_NAMES = {
    "premise": "premise",
    "story": "story",
    "sd_prompt": "image prompt",
    "cast": "cast sheet",  # a picture book's rows
    "scene_prompt": "scene prompts",
}


class Progress:
    def __init__(self, stream: TextIO | None = None, live: bool | None = None) -> None:
        self.out = stream or sys.stderr
        self.live = self.out.isatty() if live is None else live
        self._counts: dict[str, int] = {}
        self._start = 0.0
        self._stage = ""
        self._page = ""  # "page i/n " while a picture book's page paints
        self._open = False  # a live line is showing

    def __call__(self, ev: Event) -> None:
        if isinstance(ev, Notice):
            self._line(f"storyapp: note: {ev.message}")
        elif isinstance(ev, VersionSaved):
            self._line(f"storyapp: saved as version {ev.version_id} of story {ev.story_id}")
        elif not self.live:
            return
        elif isinstance(ev, PageStarted):
            self._page = f"page {ev.i}/{ev.n} "
        elif isinstance(ev, StageStarted):
            self._stage, self._start = ev.stage, time.perf_counter()
            self._counts = {row: 0 for row in ev.rows}
            if ev.stage != "image":
                self._page = ""
            self._show(f"{ev.stage:8} {self._page}starting")
        elif isinstance(ev, Token):
            self._counts[ev.row] = self._counts.get(ev.row, 0) + 1
            if sum(self._counts.values()) % 4 == 0:
                self._show(self._token_line())
        elif isinstance(ev, ImageStep):
            self._show(f"{'image':8} {self._page}step {ev.i}/{ev.n}")
        elif isinstance(ev, StageDone):
            unit = "steps" if ev.stage == "image" else "tokens"
            page = self._page if ev.stage == "image" else ""
            self._show(
                f"{ev.stage:8} {page}done in {ev.seconds:.1f} s: {ev.tokens} {unit}, "
                f"{ev.tokens_per_s:.1f} {unit}/s"
            )
            self._end()
        elif isinstance(ev, Failed | Cancelled):
            self._end()

    def _token_line(self) -> str:
        seconds = max(time.perf_counter() - self._start, 1e-6)
        rows = " | ".join(f"{ROW_NAMES[r]} {n}" for r, n in self._counts.items())
        total = sum(self._counts.values())
        return f"{self._stage:8} {rows} tokens, {total / seconds:.1f} tokens/s"

    def _show(self, text: str) -> None:
        self.out.write("\r\033[K" + text)
        self.out.flush()
        self._open = True

    def _end(self) -> None:
        if self._open:
            self.out.write("\n")
            self.out.flush()
            self._open = False

    def _line(self, text: str) -> None:
        if self._open:
            self.out.write("\r\033[K")
        self.out.write(visible(text) + "\n")
        self.out.flush()
        self._open = False
