"""`storyapp eval --ideas FILE`: how well the default adapters keep their form, against the base
model given the same instructions."""

import argparse
from pathlib import Path

from .options import add_adapter_options, add_model_options

IDEAS_HELP = (
    "one story idea per line (.txt; the base model first writes each premise, as in the app), "
    "or a chat-format .jsonl such as training/data/story_writer_heldout.jsonl (the premise is "
    "the user turn's 'Premise:' paragraph)"
)


def add_parser(sub) -> None:
    p = sub.add_parser(
        "eval",
        help="measure the adapters' stories and image prompts against the base model",
        description=__doc__,
    )
    p.add_argument("--ideas", required=True, help=IDEAS_HELP)
    p.add_argument("--out", default="out/eval", help="folder for eval.json and the texts")
    p.add_argument("--limit", type=int, help="only the first N ideas")
    p.add_argument("--max-tokens", type=int, help="cap every text stage at N tokens")
    add_model_options(p, precision=False)
    add_adapter_options(p)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from storyapp.service.evaluation import evaluate

    for name in ("limit", "max_tokens"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            raise ValueError(f"--{name.replace('_', '-')} must be at least 1")
    out = Path(args.out).expanduser()
    ideas, summary = evaluate(
        args.ideas,
        out,
        limit=args.limit,
        max_tokens=args.max_tokens,
        model=args.model,
        device=args.device,
        story_adapter=args.story_adapter,
        prompt_adapter=args.prompt_adapter,
        seed=args.seed,
    )
    print(table(ideas, summary))
    print(f"wrote {out / 'eval.json'}")
    return 0


def table(ideas, summary: dict) -> str:
    """One line per idea, then the in-form rates and margins."""
    head = f"{'#':>3}  {'prompt A':>9} {'prompt B':>9}  {'story A':>22} {'story B':>22}  idea"
    lines = [head, "     (CLIP tokens, ok)    (words/paragraphs/4-gram/nouns, ok)"]
    for n, i in enumerate(ideas, 1):
        cells = [_prompt_cell(i.scores.get(f"sd_prompt/{w}")) for w in ("adapter", "base")]
        cells += [_story_cell(i.scores.get(f"story/{w}")) for w in ("adapter", "base")]
        lines.append(
            f"{n:>3}  {cells[0]:>9} {cells[1]:>9}  {cells[2]:>22} {cells[3]:>22}  {i.idea[:40]}"
        )
    lines.append("")
    for kind, label in (("sd_prompt", "image prompts"), ("story", "stories")):
        s = summary[kind]
        lines.append(
            f"{label:<14} in form: adapter {s['adapter']['in_form']:5.1f} %  "
            f"base {s['base']['in_form']:5.1f} %  margin {s['margin']:+.1f} points"
        )
    lines.append("A: adapter, B: base model with the same instructions; ok: in form")
    lines += ["", reader_table(summary)]
    return "\n".join(lines)


READER = (  # (summary key, label, format)
    ("loops", "loops (a 3-gram said 5+ times)", "{:.0f}"),
    ("top_3gram_mean", "most repeated 3-gram, mean", "{:.1f}"),
    ("top_3gram_worst", "most repeated 3-gram, worst", "{:.0f}"),
    ("distinct_4gram", "distinct 4-grams, mean", "{:.3f}"),
    ("idea_kept", "idea's content words kept", "{:.0%}"),
    ("idea_names_kept", "idea's names kept", "{:.0%}"),
    ("in_range", "asked length (%)", "{:.0f}"),
    ("names_consistent_first_draft", "names as in premise, 1st draft (%)", "{:.0f}"),
    ("rewritten", "written once more for the names", "{:.0f}"),
    ("names_consistent", "names as in the premise (%)", "{:.0f}"),
)


def reader_table(summary: dict) -> str:
    """What a reader would notice, per text kind and writer, one measure per line."""
    premise = summary.get("premise", {})
    columns = [("premise", who) for who in ("adapter", "base") if who in premise]
    columns += [("story", "adapter"), ("story", "base")]
    head = f"{'':<32}" + "".join(f"{kind + ' ' + who[0].upper():>12}" for kind, who in columns)
    lines = [head]
    for key, label, fmt in READER:
        cells = [summary[kind][who].get(key) for kind, who in columns]
        if all(c is None for c in cells):
            continue
        lines.append(
            f"{label:<32}" + "".join(f"{'-' if c is None else fmt.format(c):>12}" for c in cells)
        )
    covers = [summary["sd_prompt"][w]["covers_subject"] for w in ("adapter", "base")]
    blank = " " * 12 * (len(columns) - 2)
    label = "image prompt names the subject (%)"
    lines.append(f"{label:<32}{blank}{covers[0]:>12.0f}{covers[1]:>12.0f}")
    lines.append("A: the stage's adapter, B: the base model with the same instructions")
    return "\n".join(lines)


def _prompt_cell(s: dict | None) -> str:
    return "-" if s is None else f"{s['clip_tokens']} {'ok' if s['issue'] else 'no'}"


def _story_cell(s: dict | None) -> str:
    if s is None:
        return "-"
    ok = "ok" if s["issue"] else "no"
    return f"{s['words']}/{s['paragraphs']}/{s['distinct_4gram']:.2f}/{s['key_nouns']:.2f} {ok}"
