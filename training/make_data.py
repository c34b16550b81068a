"""Write the default adapters' training data from the hand-written blocks in `blocks/`.

    python training/make_data.py [OUT_DIR]   # writes training/data/*.jsonl (seeded: same output)

Each example is one sampled world (genre, plot, setting, protagonist, tone) rendered three ways:
a premise, a story and an image prompt. The premise goes through the pipeline's own prompt
builders (`storyapp.story.prompts`: system turn + user turn), so an adapter is trained on exactly
what the app sends; the story and the image prompt are the assistant turns. Every example
is checked before anything is written. The held-out split uses plots the training split never
has (one from each of 8 genres), so it measures new stories, not memorized ones.
"""

import json
import random
import re
import sys
from pathlib import Path

from blocks import (
    comedy,
    fable,
    fairy,
    fantasy,
    ghost,
    historical,
    life,
    mystery,
    scifi,
    sea,
    western,
    youth,
)
from blocks.idea import idea as write_idea
from blocks.image import image_prompt
from blocks.premise import premise
from blocks.story import story, with_idea_lead
from blocks.world import World, sample

from storyapp.story.prompts import image_prompt_messages, premise_messages, story_messages
from storyapp.training import forms

GENRES = [fairy, fantasy, scifi, mystery, ghost, sea, life, fable, western, historical, comedy]
GENRES += [youth]
SEED = 20261128
N_STORY, N_PROMPT_EXTRA, N_HELDOUT, N_HELDOUT_PLOTS = 220, 100, 40, 8
OUT = Path(__file__).parent / "data"
LEFTOVER = re.compile(r"[{}\[\]|]")


def split_plots(rng: random.Random) -> tuple[list, list]:
    """Hold out one whole plot from each of N_HELDOUT_PLOTS genres: held-out stories are new
    stories, not new tellings of plots the adapter has read."""
    genres = rng.sample(GENRES, N_HELDOUT_PLOTS)
    held = [(g.GENRE, rng.choice(g.GENRE["plots"])) for g in genres]
    train = [(g.GENRE, p) for g in GENRES for p in g.GENRE["plots"] if (g.GENRE, p) not in held]
    return train, held


def worlds(rng: random.Random, plots: list, n: int) -> list[World]:
    """n worlds, plots taken in turn from a shuffled list so every plot is used about equally."""
    plots, out = list(plots), []
    while len(out) < n:
        rng.shuffle(plots)
        out += [sample(rng, g, p) for g, p in plots]
    return out[:n]


def render_story(rng: random.Random, w: World) -> str:
    for n_details in (2, 1, 0):
        w.slots.details = list(w.setting["details"])
        rng.shuffle(w.slots.details)
        text = story(rng, w, n_details)
        if not forms.story_problems(text):
            return text
    return text


def render_prompt(rng: random.Random, w: World) -> str:
    for n_quality in (3, 2, 1):
        text = image_prompt(rng, w, n_quality)
        if not forms.prompt_problems(text):
            return text
    return text


def check(kind: str, i: int, w: World, text: str) -> None:
    problems = forms.story_problems(text) if kind == "story" else forms.prompt_problems(text)
    if LEFTOVER.search(text):
        problems.append("template syntax left in the text")
    if kind == "prompt" and re.search(rf"\b{w.slots['name']}\b", text, re.I):
        problems.append("the protagonist's name is in the image prompt")
    if problems:
        sys.exit(f"{kind} example {i} ({w.plot['titles'][0]}): {'; '.join(problems)}\n{text}")


def example(idea: str, prompt: tuple, assistant: str) -> dict:
    """The pipeline's own messages for the stage, then the reply to learn; `idea` is the story
    idea the example starts from (the evaluation writes premises from the held-out ones)."""
    return {
        "idea": idea,
        "messages": [*map(dict, prompt), {"role": "assistant", "content": assistant}],
    }


def user_turn(row: dict) -> str:
    return next(m["content"] for m in row["messages"] if m["role"] == "user")


def build(
    rng: random.Random, ws: list[World], stories: bool, split: str
) -> tuple[list[dict], list[dict], list[dict]]:
    """(story rows, image-prompt rows, premise rows). Ideas come from a generator of their own,
    so adding them left every other text of the data as it was."""
    s_rows, p_rows, i_rows = [], [], []
    for i, w in enumerate(ws):
        text = premise(rng, w)
        idea = write_idea(random.Random(f"{split}-idea-{i}"), w)
        for what in (text, idea):
            if LEFTOVER.search(what):
                sys.exit(f"premise {i}: template syntax left in the text\n{what}")
        i_rows.append(example(idea, premise_messages(idea), text))
        if stories:
            body = with_idea_lead(random.Random(f"{split}-lead-{i}"), w, idea, render_story(rng, w))
            check("story", i, w, body)
            s_rows.append(example(idea, story_messages(idea, text), body))
        prompt = render_prompt(rng, w)
        check("prompt", i, w, prompt)
        p_rows.append(example(idea, image_prompt_messages(text), prompt))
    return s_rows, p_rows, i_rows


def write(out: Path, name: str, rows: list[dict]) -> None:
    path = out / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    print(f"{path}: {len(rows)} examples")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    rng = random.Random(SEED)
    train_plots, held_plots = split_plots(rng)
    held = worlds(rng, held_plots, N_HELDOUT)
    train = worlds(rng, train_plots, N_STORY)
    extra = worlds(rng, train_plots, N_PROMPT_EXTRA)
    h_story, h_prompt, h_premise = build(rng, held, stories=True, split="heldout")
    t_story, t_prompt, t_premise = build(rng, train, stories=True, split="train")
    _, x_prompt, _ = build(rng, extra, stories=False, split="extra")
    seen = {user_turn(r).split("\n\n")[0] for r in t_story + t_prompt + x_prompt}
    held_premises = {user_turn(r).split("\n\n")[0] for r in h_story}
    if seen & held_premises:
        sys.exit("a held-out premise also appears in the training data")
    out.mkdir(parents=True, exist_ok=True)
    write(out, "story_writer", t_story)
    write(out, "story_writer_heldout", h_story)
    write(out, "sd_prompt_writer", t_prompt + x_prompt)
    write(out, "sd_prompt_writer_heldout", h_prompt)
    write(out, "premise_writer", t_premise)
    write(out, "premise_writer_heldout", h_premise)


if __name__ == "__main__":
    main()
