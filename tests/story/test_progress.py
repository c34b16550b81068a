"""The stderr display: a live line per stage on a terminal, only the notices elsewhere."""

import io

from storyapp.cli.progress import Progress
from storyapp.story import (
    Failed,
    ImageStep,
    Notice,
    PageStarted,
    StageDone,
    StageStarted,
    Token,
    VersionSaved,
)

EVENTS = [
    StageStarted("premise", ("premise",)),
    *[Token("premise", "premise", "word ")] * 8,
    StageDone("premise", 2.0, 8, 4.0),
    Notice("no story-writer adapter: using the base model"),
    StageStarted("story", ("story", "sd_prompt")),
    Token("story", "story", "a"),
    Token("story", "sd_prompt", "b"),
    Token("story", "story", "c"),
    Token("story", "sd_prompt", "d"),
    StageDone("story", 1.0, 4, 4.0),
    StageStarted("image"),
    ImageStep(1, 2),
    ImageStep(2, 2),
    StageDone("image", 0.5, 2, 4.0),
    VersionSaved(1, 7),
]


def test_terminal_shows_each_stage():
    out = io.StringIO()
    show = Progress(out, live=True)
    for ev in EVENTS:
        show(ev)
    text = out.getvalue()
    lines = [line.split("\r\033[K")[-1] for line in text.split("\n") if line]
    assert lines == [
        "premise  done in 2.0 s: 8 tokens, 4.0 tokens/s",
        "storyapp: note: no story-writer adapter: using the base model",
        "story    done in 1.0 s: 4 tokens, 4.0 tokens/s",
        "image    done in 0.5 s: 2 steps, 4.0 steps/s",
        "storyapp: saved as version 7 of story 1",
    ]
    assert "story | image prompt" not in text and "story 2 | image prompt 2 tokens" in text
    assert "image    step 1/2" in text


def test_elsewhere_only_notices_and_the_saved_version():
    out = io.StringIO()
    show = Progress(out, live=False)
    for ev in [*EVENTS, Failed("image", "boom")]:
        show(ev)
    assert out.getvalue().splitlines() == [
        "storyapp: note: no story-writer adapter: using the base model",
        "storyapp: saved as version 7 of story 1",
    ]


def test_a_picture_book_names_the_page_it_paints():
    out = io.StringIO()
    show = Progress(out, live=True)
    for i in (1, 2):
        for ev in (PageStarted(i, 2), StageStarted("image"), ImageStep(1, 1)):
            show(ev)
        show(StageDone("image", 0.5, 1, 2.0))
    show(StageStarted("premise", ("premise",)))
    text = out.getvalue()
    lines = [line.split("\r\033[K")[-1] for line in text.split("\n") if line]
    assert lines[:2] == [
        "image    page 1/2 done in 0.5 s: 1 steps, 2.0 steps/s",
        "image    page 2/2 done in 0.5 s: 1 steps, 2.0 steps/s",
    ]
    assert "image    page 2/2 step 1/1" in text and text.endswith("premise  starting")
