"""What live previews cost: the share of a render's time spent decoding previews with the tiny
autoencoder, on the tiny random SDXL (or a real one with --sdxl), every step and at the cadence
the illustrator picks.

    .venv/bin/python benchmarks/image_previews.py [--sdxl tiny] [--size 64] [--steps 8]
        [--repeats 3] [--preview-decoder DIR] [--json]

The rule (storyapp/illustrate/preview.py): a preview after step 1, then every k-th step with
k = ceil(decode time / (0.05 * step time)), so that one decode per k steps costs at most 5 % of
those k steps. Runs alternate between the three ways so drifting load hits them alike.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from storyapp.illustrate import Illustrator, ImageRequest
from storyapp.illustrate.preview import PreviewDecoder, preview_every
from storyapp.illustrate.tiny import build_tiny_preview_vae

WAYS = ("none", "every step", "auto")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sdxl", default="tiny")
    p.add_argument("--device", default="cpu")
    p.add_argument("--preview-decoder", help="a TAESD XL folder (default: a tiny random one)")
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--steps", type=int, default=8)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()

    illustrator = Illustrator.load(args.sdxl, device=args.device, preview=args.preview_decoder)
    if illustrator.preview is None:
        illustrator.preview = PreviewDecoder(build_tiny_preview_vae())
    request = ImageRequest(
        "a lighthouse on a cliff", width=args.size, height=args.size, steps=args.steps, seed=1
    )
    illustrator.render(request)  # warm-up
    walls: dict[str, list[float]] = {w: [] for w in WAYS}
    previews: dict[str, list[int]] = {w: [] for w in WAYS}
    decodes: list[float] = []
    steps: list[float] = []
    for _ in range(args.repeats):
        for way in WAYS:
            made: list[int] = []

            def seen(i: int, _n: int, _picture, made=made) -> None:
                made.append(i)
                decodes.append(illustrator.preview.seconds)  # type: ignore[union-attr]

            stamps: list[float] = []
            start = time.perf_counter()
            illustrator.render(
                request,
                on_step=lambda _i, _n, stamps=stamps: stamps.append(time.perf_counter()),
                on_preview=None if way == "none" else seen,
                every=1 if way == "every step" else None,
            )
            walls[way].append(time.perf_counter() - start)
            previews[way].append(len(made))
            if way == "none":  # the UNet steps alone (step 1 also holds the prompt encoding)
                steps += [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    base = statistics.median(walls["none"])
    step = statistics.median(steps)
    decode = statistics.median(decodes)
    result = {
        "sdxl": args.sdxl,
        "device": args.device,
        "size": args.size,
        "steps": args.steps,
        "render_s": base,
        "step_s": step,
        "decode_s": decode,
        "k": preview_every(step, decode),
        # the previews' share measured directly: decode time over UNet time, per previewed step
        # and over the render at the chosen cadence (the wall times below carry the machine's
        # noise as well)
        "decode_per_step": decode / step,
        "auto_share": statistics.median(previews["auto"]) * decode / (args.steps * step),
        "ways": {
            way: {
                "wall_s": statistics.median(walls[way]),
                "previews": statistics.median(previews[way]),
                "share": statistics.median(walls[way]) / base - 1,
            }
            for way in WAYS
        },
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{args.sdxl} {args.size}x{args.size}, {args.steps} steps on {args.device}: "
        f"render {base:.3f} s, step {step * 1e3:.1f} ms, one preview decode {decode * 1e3:.2f} ms "
        f"({decode / step * 100:.1f} % of a step) -> k = {result['k']}; previews at k cost "
        f"{result['auto_share'] * 100:.1f} % of the steps' time"
    )
    print("  wall time of whole renders (noisy on a shared machine):")
    for way, row in result["ways"].items():
        print(
            f"  {way:11} {row['wall_s']:.3f} s  {row['previews']:>4} previews  "
            f"{row['share'] * 100:+.1f} %"
        )


if __name__ == "__main__":
    main()
