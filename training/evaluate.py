"""Held-out check of the default adapters in our engine: adapter vs base, same messages.

    python training/evaluate.py [--n 40] [--out out/adapter_eval.json]

Each held-out premise goes to the base model and to the adapter with the same messages (the
row's system and user turns: what the app sends and the adapter was trained on), sampled as the
story pipeline samples (story: 900 tokens, temperature 0.8, top-p 0.95; image prompt: 96 tokens,
0.7, 0.9), one seed per premise.
Prints a Markdown table and writes every output with its measurements to a JSON file."""

import argparse
import json
import sys
import time
from pathlib import Path

import torch

from storyapp.engine import LLM, SamplingParams
from storyapp.system.package_data import shipped_adapters
from storyapp.training import metrics

ROOT = Path(__file__).resolve().parents[1]
KINDS = {
    "story": ("story-writer", "story_writer_heldout.jsonl", (900, 0.8, 0.95)),
    "prompt": ("sd-prompt-writer", "sd_prompt_writer_heldout.jsonl", (96, 0.7, 0.9)),
}


def run(llm: LLM, kind: str, n: int) -> list[dict]:
    adapter, file, (max_tokens, temp, top_p) = KINDS[kind]
    lines = (ROOT / "training" / "data" / file).read_text().splitlines()
    rows = [json.loads(line) for line in lines][:n]
    convs = [r["messages"][:-1] for r in rows]  # all but the reply
    params = [
        SamplingParams(max_tokens=max_tokens, temperature=temp, top_p=top_p, seed=i)
        for i in range(n)
    ]
    measure = metrics.story if kind == "story" else metrics.prompt
    out = []
    for who in (None, adapter):
        t0 = time.perf_counter()
        done = llm.chat(convs, params, adapters=[who] * n)
        secs = time.perf_counter() - t0
        for i, c in enumerate(done):
            out.append(
                {
                    "kind": kind,
                    "model": who or "base",
                    "premise": i,
                    "text": c.text,
                    "seconds_batch": round(secs, 1),
                    **measure(c.text),
                }
            )
        print(f"{kind} {who or 'base'}: {n} in {secs:.0f} s", file=sys.stderr, flush=True)
    return out


def pct(rs: list[dict], key: str) -> str:
    return f"{100 * sum(r[key] for r in rs) / len(rs):.0f} %"


def table(results: list[dict]) -> str:
    lines = [
        "| output | model | n | in form (training spec) | in form (issue 10) | mean words | other |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        for model in ("base", KINDS[kind][0]):
            rs = [r for r in results if r["kind"] == kind and r["model"] == model]
            if not rs:
                continue
            words = sum(r["words"] for r in rs) / len(rs)
            if kind == "story":
                other = f"title {pct(rs, 'title')}, mean paragraphs {sum(r['paragraphs'] for r in rs) / len(rs):.1f}, mean distinct 4-grams {sum(r['distinct_4gram'] for r in rs) / len(rs):.2f}"
            else:
                other = f"mean CLIP tokens {sum(r['clip_tokens'] for r in rs) / len(rs):.0f}, <= 77: {100 * sum(r['clip_tokens'] <= 77 for r in rs) / len(rs):.0f} %"
            lines.append(
                f"| {kind} | {model} | {len(rs)} | {pct(rs, 'strict')} | {pct(rs, 'issue')} | {words:.0f} | {other} |"
            )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=40, help="held-out premises per output kind")
    ap.add_argument("--kinds", default="prompt,story")
    ap.add_argument("--adapters", default=str(shipped_adapters()))
    ap.add_argument("--threads", type=int, default=1, help="1 is fastest on a busy CPU")
    ap.add_argument("--out", default=str(ROOT / "out" / "adapter_eval.json"))
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    llm = LLM.load("default", max_num_seqs=16)
    for kind in args.kinds.split(","):
        llm.add_adapter(KINDS[kind][0], Path(args.adapters) / KINDS[kind][0])
    results = [r for kind in args.kinds.split(",") for r in run(llm, kind, args.n)]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"args": vars(args), "results": results}, indent=1) + "\n")
    print(table(results))


if __name__ == "__main__":
    main()
