"""A picture book's scene prompts: the 6 rows (sd-prompt-writer, each its scene and the cast
sheet) in ONE batched call against the same 6 rows one call after another; then, with --book,
a whole 6-page book's time by stage.

    .venv/bin/python benchmarks/book_prompts.py [--tokens 48] [--repeats 3] [--book] [--json]

Every row generates exactly --tokens tokens (ignore_eos), so every mode makes the same tokens.
The batched call runs twice: as the engine runs it (the six rows share the prompt's common
beginning, computed once) and with prefix sharing off, to show what each part gives.
The adapters are the ones shipped for the default model. Runs alternate between the modes so
drifting load on a shared machine hits both alike; wall and CPU time are both given.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace

import torch

IDEA = "Mia, a girl who bakes bread, befriends Ember, a shy dragon"
SCENES = [
    "Mia opens the bakery before dawn and finds a small dragon asleep by the warm oven.",
    "Ember wakes, hides his face behind his tail and will not say a word.",
    "Mia gives Ember a warm roll; he smiles and his scales glow a soft orange.",
    "Together they bake bread, Ember lighting the oven with one careful puff of fire.",
    "The villagers line up at the door, amazed at the golden loaves.",
    "At sunset Mia and Ember sit on the roof, sharing the last loaf, best friends.",
]
CAST = (
    ("Mia", "eight years old, small, red braids, freckles, green dress, white apron"),
    ("Ember", "young dragon, round belly, orange scales, tiny wings, blue scarf"),
)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tokens", type=int, default=48, help="tokens per scene prompt")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--device", default="cpu")
    p.add_argument("--book", action="store_true", help="also time a whole 6-page book by stage")
    p.add_argument("--sdxl", default="tiny", help="the book's image model (default: tiny)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()

    from storyapp.story import Settings, TextSettings, open_text_backend
    from storyapp.story.book import CastMember
    from storyapp.story.book_pipeline import BookPipeline

    settings = Settings(
        device=args.device,
        ignore_eos=True,
        sd_prompt=TextSettings(args.tokens, 0.7, 0.9),
        image=False,
    )
    backend = open_text_backend(settings)
    pipe = BookPipeline(backend, None, settings)
    cast = [CastMember(n, look) for n, look in CAST]
    report = {
        "device": args.device,
        "threads": torch.get_num_threads(),
        "model": backend.model,
        "adapters": backend.adapters(),
        "repeats": args.repeats,
        "prompts": measure(pipe, cast, args.repeats),
    }
    if args.book:
        report["book"] = whole_book(backend, args.device, args.sdxl)
    print(json.dumps(report, indent=2) if args.json else table(report))


def measure(pipe, cast, repeats: int) -> dict:
    seeds = list(range(100, 100 + len(SCENES)))
    engine = pipe.backend.llm.engine

    def batched() -> int:
        return pipe.write_scene_prompts(SCENES, cast, seeds)[1].tokens

    def batched_unshared() -> int:
        engine.config.share_prefixes = False
        try:
            return batched()
        finally:
            engine.config.share_prefixes = True

    def one_by_one() -> int:
        return sum(
            pipe.write_scene_prompts([scene], cast, [seed])[1].tokens
            for scene, seed in zip(SCENES, seeds, strict=True)
        )

    modes = {"batched": batched, "batched_unshared": batched_unshared, "one_by_one": one_by_one}
    for run in modes.values():  # warm-up: first-call kernel and cache set-up
        run()
    wall: dict[str, list[float]] = {name: [] for name in modes}
    cpu: dict[str, list[float]] = {name: [] for name in modes}
    tokens = {}
    for _ in range(repeats):
        for name, run in modes.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            tokens[name] = run()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    assert len(set(tokens.values())) == 1, tokens
    med = {k: statistics.median(v) for k, v in wall.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    return {
        "rows": len(SCENES),
        "tokens": tokens["batched"],
        "batched_s": round(med["batched"], 3),
        "one_by_one_s": round(med["one_by_one"], 3),
        "batched_unshared_s": round(med["batched_unshared"], 3),
        "speedup": round(med["one_by_one"] / med["batched"], 2),
        "unshared_speedup": round(med["one_by_one"] / med["batched_unshared"], 2),
        "cpu_speedup": round(med_cpu["one_by_one"] / med_cpu["batched"], 2),
        "all_s": {k: [round(t, 3) for t in v] for k, v in wall.items()},
    }


def whole_book(backend, device: str, sdxl: str) -> dict:
    """A 6-page book with the default text settings and `sdxl`: each stage's seconds."""
    from storyapp.story import Settings
    from storyapp.story.book_pipeline import BookPipeline
    from storyapp.story.setup import open_illustrator

    settings = Settings(seed=1, device=device, sdxl=sdxl)
    if sdxl == "tiny":
        settings = replace(
            settings, illustration=replace(settings.illustration, width=64, height=64)
        )
    illustrator = open_illustrator(settings)
    start = time.perf_counter()
    book = BookPipeline(backend, illustrator, settings).run(IDEA, 6)
    return {
        "sdxl": sdxl,
        "total_s": round(time.perf_counter() - start, 2),
        "stages": {name: s.as_dict() for name, s in book.stages.items()},
    }


def table(report: dict) -> str:
    r = report["prompts"]
    lines = [
        f"scene prompts, {report['model']} on {report['device']} ({report['threads']} threads), "
        f"adapters {report['adapters']}, median of {report['repeats']}",
        f"{r['rows']} rows, {r['tokens']} tokens: batched {r['batched_s']:.2f} s, one by one "
        f"{r['one_by_one_s']:.2f} s, speedup {r['speedup']:.2f}x (cpu time {r['cpu_speedup']:.2f}x)",
        f"  batched without prefix sharing {r['batched_unshared_s']:.2f} s, speedup "
        f"{r['unshared_speedup']:.2f}x",
    ]
    if "book" in report:
        b = report["book"]
        lines.append(f"whole 6-page book ({b['sdxl']} SDXL): {b['total_s']:.1f} s")
        for name, s in b["stages"].items():
            lines.append(f"  {name:8} {s['seconds']:8.2f} s  {s['tokens']:5} tokens/steps")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
