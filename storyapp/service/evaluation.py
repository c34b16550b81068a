"""Evaluating the default adapters (`storyapp eval`): the pipeline's text stages on many ideas at
once, each story and image prompt written twice (by its adapter and by the base model with the
same instructions), then measured as a reader would (`story/quality.py`: loops, repetition, how
much of the idea and its names survive, length) and by the training metrics (form)."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from storyapp.backends import ChatRequest, RowResult, TextBackend
from storyapp.story import Settings, open_text_backend, prompts, quality
from storyapp.story.cleanup import clean_sd_prompt, clean_text, trim_unfinished
from storyapp.story.seeds import rewrite_seed
from storyapp.story.settings import (
    PREMISE_WRITER,
    PROMPT_WRITER,
    STORY_WRITER,
    TextSettings,
    adapter_paths,
)
from storyapp.system.atomic import replace
from storyapp.training import data, keywords, metrics

KINDS = ("sd_prompt", "story")
ADAPTER = {"story": STORY_WRITER, "sd_prompt": PROMPT_WRITER}


class EvalError(Exception):
    """Bad ideas file or output folder; the message is one line."""


@dataclass(slots=True)
class Idea:
    idea: str
    premise: str | None = None  # None: the premise stage writes it
    texts: dict[str, str] = field(default_factory=dict)  # "story/adapter" -> text
    # "story/adapter" -> the first draft, for a story written once more as the pipeline does
    first_drafts: dict[str, str] = field(default_factory=dict)
    scores: dict[str, dict] = field(default_factory=dict)


def evaluate(
    ideas_file: str | Path,
    out: Path,
    *,
    limit: int | None = None,
    max_tokens: int | None = None,
    model: str = "default",
    device: str = "auto",
    story_adapter: str | None = None,
    prompt_adapter: str | None = None,
    seed: int = 0,
) -> tuple[list[Idea], dict]:
    """Write and score every idea's texts, save them into `out` (see save); (ideas, summary).
    The default adapters are named explicitly: a missing one is an error here."""
    ideas = load_ideas(ideas_file, limit)
    paths = adapter_paths(Settings(model=model, device=device, image=False))
    settings = Settings(
        model=model,
        device=device,
        image=False,
        story_adapter=story_adapter or str(paths[STORY_WRITER][0]),
        prompt_adapter=prompt_adapter or str(paths[PROMPT_WRITER][0]),
    )
    if max_tokens:
        settings = settings.capped(max_tokens)
    start = time.perf_counter()
    backend = open_text_backend(settings)
    try:
        write_premises(backend, ideas, settings.premise, seed)
        write_texts(
            backend, ideas, {"story": settings.story, "sd_prompt": settings.sd_prompt}, seed
        )
    finally:
        backend.close()
    summary = score(ideas)
    meta = {
        "ideas_file": str(ideas_file),
        "model": backend.model,
        "adapters": {STORY_WRITER: settings.story_adapter, PROMPT_WRITER: settings.prompt_adapter},
        "max_tokens": {
            "story": settings.story.max_tokens,
            "sd_prompt": settings.sd_prompt.max_tokens,
        },
        "seed": seed,
        "seconds": round(time.perf_counter() - start, 1),
    }
    save(out, ideas, summary, meta)
    return ideas, summary


def load_ideas(path: str | Path, limit: int | None = None) -> list[Idea]:
    """`.jsonl`: chat examples (a held-out split): a row's `idea` field is the idea, and the
    premise stage writes its premise as the app does; a row without one gives its user turn's
    `Premise:` paragraph as both idea and premise. Anything else: one idea per line, blank lines
    and `#` lines skipped."""
    p = Path(path).expanduser()
    if not p.is_file():
        raise EvalError(f"{p}: no such ideas file")
    if p.suffix == ".jsonl":
        ideas = [
            Idea(idea) if idea else Idea(_premise(c, p), _premise(c, p))
            for c, idea in zip(_conversations(p), _idea_fields(p), strict=True)
        ]
    else:
        lines = p.read_text(encoding="utf-8", errors="replace").splitlines()
        ideas = [Idea(s.strip()) for s in lines if s.strip() and not s.startswith("#")]
    ideas = ideas[:limit] if limit else ideas
    if not ideas:
        raise EvalError(f"{p}: no ideas (expected one idea per line, or a .jsonl of examples)")
    return ideas


def _conversations(p: Path) -> list[list[dict[str, str]]]:
    try:
        return data.load(p)
    except Exception as e:
        raise EvalError(str(e)) from None


def _idea_fields(p: Path) -> list[str | None]:
    """Each row's `idea` (None where it has none), in the order data.load reads the rows."""
    lines = [line for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    out: list[str | None] = []
    for n, line in enumerate(lines, 1):
        idea = json.loads(line).get("idea")
        if idea is not None and (not isinstance(idea, str) or not idea.strip()):
            raise EvalError(f"{p}:{n}: field 'idea' is not a non-empty string")
        out.append(idea)
    return out


def _premise(conversation: list[dict[str, str]], p: Path) -> str:
    user = next((m["content"] for m in conversation if m["role"] == "user"), "")
    head = user.split("\n\n", 1)[0].strip()
    if not head.startswith("Premise:"):
        raise EvalError(f"{p}: a user turn does not start with 'Premise:' ({head[:40]!r})")
    return head.removeprefix("Premise:").strip()


def write_premises(backend: TextBackend, ideas: list[Idea], text: TextSettings, seed: int) -> None:
    """Stage 1 for the ideas that have no premise yet, in one batched call: the base model's
    premise and, where the backend has a premise writer, the adapter's too. The app's premise
    (the adapter's where there is one) is the one the later stages get."""
    todo = [i for i in ideas if i.premise is None]
    if not todo:
        return
    writers: list[tuple[str, str | None]] = []
    if PREMISE_WRITER in backend.adapters():
        writers.append(("adapter", PREMISE_WRITER))
    writers.append(("base", None))
    rows, requests = [], []
    for n, i in enumerate(todo):
        for who, adapter in writers:
            rows.append((i, who))
            sampling = text.sampling(seed + n)
            requests.append(ChatRequest(prompts.premise_messages(i.idea), adapter, sampling))
    for (i, who), r in zip(rows, _chat(backend, requests, "premises"), strict=True):
        i.texts[f"premise/{who}"] = _prose(r)
    for i in todo:
        i.premise = i.texts.get("premise/adapter", i.texts["premise/base"])


def write_texts(
    backend: TextBackend, ideas: list[Idea], settings: dict[str, TextSettings], seed: int
) -> None:
    """Stage 2 for every idea, adapter and base, all rows in one batched call. Adapter and base
    rows of an idea share a seed."""
    rows, requests = [], []
    for n, idea in enumerate(ideas):
        for kind in KINDS:
            for who, adapter in (("adapter", ADAPTER[kind]), ("base", None)):
                premise = idea.premise or idea.idea
                messages = (
                    prompts.story_messages(idea.idea, premise)
                    if kind == "story"
                    else prompts.image_prompt_messages(premise)
                )
                sampling = settings[kind].sampling(seed + n)
                rows.append((n, idea, kind, who))
                requests.append(ChatRequest(messages, adapter, sampling))
    lost = []  # (n, idea, who) of stories that ended on their own but lost the premise's cast
    for (n, idea, kind, who), r in zip(rows, _chat(backend, requests, "texts"), strict=True):
        if who == "adapter" and r.adapter != ADAPTER[kind]:
            raise EvalError(f"the backend ran the base model instead of {ADAPTER[kind]}")
        text = clean_sd_prompt(r.text) if kind == "sd_prompt" else _prose(r)
        idea.texts[f"{kind}/{who}"] = text
        ended = kind == "story" and r.finish_reason == "stop"
        if ended and quality.cast_lost(idea.premise or idea.idea, text):
            lost.append((n, idea, who))
    rewrite_lost_casts(backend, lost, settings["story"], seed)


def rewrite_lost_casts(
    backend: TextBackend, lost: list[tuple[int, Idea, str]], text: TextSettings, seed: int
) -> None:
    """Each story in `lost` (the idea's index, the idea, its writer) written once more, as the
    pipeline does (StoryPipeline.rewrite_story: the same request, the rewrite seed), all in one
    batched call; the first drafts are kept in first_drafts."""
    if not lost:
        return
    requests = []
    for n, idea, who in lost:
        messages = prompts.story_messages(idea.idea, idea.premise or idea.idea)
        adapter = ADAPTER["story"] if who == "adapter" else None
        requests.append(ChatRequest(messages, adapter, text.sampling(rewrite_seed(seed + n))))
    for (_, idea, who), r in zip(lost, _chat(backend, requests, "rewrites"), strict=True):
        key = f"story/{who}"
        idea.first_drafts[key] = idea.texts[key]
        idea.texts[key] = _prose(r)


def score(ideas: list[Idea]) -> dict:
    """Each text measured: form (training.metrics), and what a reader would notice
    (story.quality): loops, repetition, the idea's words and names kept, length, names
    consistent with the premise, the image prompt naming the story's subject. Summaries per
    kind and writer, and each adapter's margin over the base in points."""
    for idea in ideas:
        premise = idea.premise or idea.idea
        nouns = keywords.key_nouns(idea.idea)
        for key, text in idea.texts.items():
            kind, who = key.split("/")
            if kind == "premise":
                s = quality.measure(idea.idea, text, "premise").as_dict()
            elif kind == "story":
                s = quality.measure(idea.idea, text, "story").as_dict() | metrics.story(text)
                s["key_nouns"] = round(keywords.present(text, nouns), 2)
                s["names_consistent"] = quality.names_consistent(premise, text)
                first = idea.first_drafts.get(key, text)
                s["names_consistent_first_draft"] = quality.names_consistent(premise, first)
                s["rewritten"] = key in idea.first_drafts
            else:
                s = metrics.prompt(text)
                story = idea.texts.get(f"story/{who}", "")
                s["covers_subject"] = quality.covers_subject(text, story)
            idea.scores[key] = s
    summary: dict = {"ideas": len(ideas)}
    for who in ("adapter", "base"):
        premises = [i.scores[f"premise/{who}"] for i in ideas if f"premise/{who}" in i.scores]
        if premises:
            summary.setdefault("premise", {})[who] = _reader(premises)
    for kind in KINDS:
        rates: dict[str, dict[str, float]] = {}  # per writer
        for who in ("adapter", "base"):
            got = [i.scores[f"{kind}/{who}"] for i in ideas if f"{kind}/{who}" in i.scores]
            rates[who] = {
                "in_form": _pct(sum(s["issue"] for s in got), len(got)),
                "strict": _pct(sum(s["strict"] for s in got), len(got)),
            }
            if kind == "story":
                rates[who]["key_nouns"] = _mean([s["key_nouns"] for s in got])
                rates[who]["words"] = _mean([s["words"] for s in got])
                rates[who] |= _reader(got)
                for field_name in ("names_consistent", "names_consistent_first_draft"):
                    kept = sum(s[field_name] for s in got)
                    rates[who][field_name] = _pct(kept, len(got))
                rates[who]["rewritten"] = sum(s["rewritten"] for s in got)
            else:
                rates[who]["clip_tokens"] = _mean([s["clip_tokens"] for s in got])
                rates[who]["covers_subject"] = _pct(sum(s["covers_subject"] for s in got), len(got))
        margin = round(rates["adapter"]["in_form"] - rates["base"]["in_form"], 1)
        summary[kind] = {**rates, "margin": margin}
    return summary


def _reader(scores: list[dict]) -> dict[str, float]:
    """What a reader would notice, over many texts: loops (count), the worst and mean most
    repeated 3-gram, mean distinct 4-grams, the idea's words and names kept, in the asked
    length (percent)."""
    return {
        "loops": sum(s["loop"] for s in scores),
        "top_3gram_mean": _mean([s["top_3gram"] for s in scores]),
        "top_3gram_worst": max((s["top_3gram"] for s in scores), default=0),
        "distinct_4gram": _mean([s["distinct_4gram"] for s in scores]),
        "idea_kept": _mean([s["idea_kept"] for s in scores]),
        "idea_names_kept": _mean([s["idea_names_kept"] for s in scores]),
        "in_range": _pct(sum(s["in_range"] for s in scores), len(scores)),
    }


def save(out: Path, ideas: list[Idea], summary: dict, meta: dict) -> None:
    """eval.json and one text file per output, all appearing at once. `out` must be new,
    empty, or a previous evaluation's folder (replaced as a whole)."""
    if out.exists() and not (
        out.is_dir() and (not any(out.iterdir()) or (out / "eval.json").is_file())
    ):
        raise EvalError(f"{out} holds other files; give --out a new or empty folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    try:
        rows = []
        for n, idea in enumerate(ideas, 1):
            for key, text in idea.texts.items():
                kind, who = key.split("/")
                ext = "md" if kind == "story" else "txt"
                (tmp / f"{n:02d}-{kind}-{who}.{ext}").write_text(text + "\n", encoding="utf-8")
            for key, text in idea.first_drafts.items():
                kind, who = key.split("/")
                name = f"{n:02d}-{kind}-{who}-first-draft.md"
                (tmp / name).write_text(text + "\n", encoding="utf-8")
            rows.append({"n": n, "idea": idea.idea, "premise": idea.premise, "scores": idea.scores})
        body = {**meta, "summary": summary, "rows": rows}
        (tmp / "eval.json").write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
        os.chmod(tmp, 0o755)
        if out.exists():
            shutil.rmtree(out)
        replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _chat(backend: TextBackend, requests: list[ChatRequest], what: str) -> list[RowResult]:
    start = time.perf_counter()
    print(f"eval: {what}: {len(requests)} rows in one batch...", file=sys.stderr, flush=True)
    results = backend.chat(requests)
    tokens = sum(r.tokens for r in results)
    secs = time.perf_counter() - start
    print(f"eval: {what}: {tokens} tokens in {secs:.0f} s", file=sys.stderr, flush=True)
    return results


def _prose(r: RowResult) -> str:
    return clean_text(trim_unfinished(r.text) if r.finish_reason == "length" else r.text)


def _pct(k: int, n: int) -> float:
    return round(100.0 * k / n, 1) if n else 0.0


def _mean(xs: list[float]) -> float:
    return round(sum(xs) / len(xs), 3) if xs else 0.0
