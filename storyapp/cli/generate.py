"""`storyapp generate IDEA`: premise, story, image prompt and illustration into a folder."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from storyapp.backends import ALIASES, BACKENDS
from storyapp.system.paths import API_KEY_ENV, SDXL_ENV, set_api_key

from .options import add_adapter_options, add_image_options, add_model_options, image_settings

if TYPE_CHECKING:
    from storyapp.backends import TextBackend
    from storyapp.illustrate import Illustrator
    from storyapp.story import OnEvent, Settings

    from .progress import Progress


def add_parser(sub) -> None:
    p = sub.add_parser("generate", help="write a story and its illustration from an idea")
    p.add_argument("idea", help="a few words about the story you want")
    p.add_argument("--out", type=Path, help="folder for the files (default: stories/<time>-<idea>)")
    p.add_argument("--seed", type=int, help="the same seed gives the same story and picture")
    p.add_argument("--no-image", action="store_true", help="write the text parts only")
    p.add_argument(
        "--pages",
        type=int,
        metavar="N",
        help="a picture book of N pages (2 to 12), each with its own picture: book.json, "
        "page-01.png ..., story.md",
    )
    p.add_argument(
        "--sdxl",
        metavar="PATH|tiny",
        help=f"SDXL diffusers folder or .safetensors checkpoint (default: ${SDXL_ENV}, else "
        "the downloaded SDXL base); 'tiny': a tiny random SDXL, for trying things out",
    )
    p.add_argument("--sdxl-config", metavar="DIR", help="configs for a single-file checkpoint")
    add_model_options(p, precision=False)
    add_adapter_options(p)
    p.add_argument(
        "--backend",
        default="embedded",
        choices=[*BACKENDS, *ALIASES],
        help="embedded: the engine in this process; openai: an OpenAI-compatible server "
        "(--base-url) that serves the adapters as 'story-writer' and 'sd-prompt-writer'; "
        "tensorrt-llm: NVIDIA TensorRT-LLM in this process (Linux, NVIDIA GPU, --model FOLDER)",
    )
    p.add_argument("--base-url", metavar="URL", help="the server, e.g. http://127.0.0.1:8000/v1")
    p.add_argument(
        "--flavor",
        default="vllm",
        choices=["vllm", "trtllm", "llamacpp"],
        help="how the server picks an adapter: vllm (model field; also storyapp serve), trtllm "
        "(lora_request), llamacpp (lora)",
    )
    p.add_argument("--api-key", metavar="KEY", help=f"the server's key (or ${API_KEY_ENV})")
    p.add_argument("--json", action="store_true", help="print run.json to stdout")
    p.add_argument("--no-save", action="store_true", help="do not save into the story library")
    add_image_options(p)
    p.add_argument("--max-tokens", type=int, metavar="N", help="cap every text stage at N tokens")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from storyapp.story import StoryPipeline, check_idea, check_out_dir

    from .visible import visible_json

    check_idea(args.idea)
    if args.pages is not None:
        from .generate_book import run_book

        return run_book(args)
    opened = open_run(args, check_out_dir)
    pipeline = StoryPipeline(
        opened.backend, opened.illustrator, opened.settings, on_event=opened.on_event
    )
    result = pipeline.run(args.idea)
    record, problem = _publish(opened, result, args.no_save)
    if args.json:
        print(visible_json(record))
    else:
        print(opened.out)
    if problem:
        print(f"storyapp: error: not saved to the library: {problem}", file=sys.stderr)
        return 1
    return 0


class OpenedRun(NamedTuple):
    settings: Settings
    out: Path
    illustrator: Illustrator | None
    backend: TextBackend
    progress: Progress
    on_event: OnEvent


def open_run(args: argparse.Namespace, check_dir: Callable[[Path], None]) -> OpenedRun:
    """What a generate run needs, in the order that fails soonest: the settings, the previews
    folder, the output folder (checked by `check_dir`), the image model (bad SDXL files fail
    here, before any text), then the text backend."""
    from storyapp.story import check_image_options, open_illustrator, open_text_backend

    from .progress import Progress

    settings = _settings(args)
    if args.previews:
        _previews_folder(Path(args.previews))
    out = args.out or _default_out(args.idea)
    check_dir(out)
    illustrator = open_illustrator(settings)
    check_image_options(settings.illustration, illustrator)
    backend = open_text_backend(settings)
    progress = Progress()
    on_event = _with_previews(Path(args.previews), progress) if args.previews else progress
    return OpenedRun(settings, out, illustrator, backend, progress, on_event)


def _publish(run: OpenedRun, result, no_save: bool):
    """Write the files into their folder first, whatever the library says; then save into the
    library and add the version id to run.json. Returns (record, library problem or None)."""
    from storyapp.service.saving import save_run
    from storyapp.story import files_for, publish, run_record, write_run_files

    settings, backend = run.settings, run.backend
    record = run_record(result, settings, backend.name, backend.model, files_for(result))
    publish(run.out, lambda folder: write_run_files(folder, result, record))
    if no_save:
        return record, None
    png = result.image.png() if result.image is not None else None

    def save() -> tuple[int, int]:
        story_id, version_id, _ = save_run(result, settings, backend.name, backend.model, png)
        return story_id, version_id

    return record, save_to_library(run, record, save)


def save_to_library(
    run: OpenedRun, record: dict[str, Any], save: Callable[[], tuple[int, int]]
) -> str | None:
    """`save()` (story id, version id) into the library, then the version id into the run
    folder's run.json. The library's problem in one line, or None."""
    import sqlite3

    from storyapp.library import LibraryError
    from storyapp.story import VersionSaved
    from storyapp.system.atomic import write_atomic

    try:
        story_id, version_id = save()
    except (LibraryError, sqlite3.Error, OSError) as e:
        return str(e)
    record["version_id"] = version_id
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    try:
        write_atomic(run.out / "run.json", text.encode(), error=LibraryError)
    except LibraryError as e:
        return f"saved as version {version_id}, but {e}"
    run.progress(VersionSaved(story_id, version_id))
    return None


def _settings(args: argparse.Namespace):
    from storyapp.story import Settings

    if args.api_key:
        set_api_key(args.api_key)
    settings = Settings(
        seed=args.seed,
        backend=ALIASES.get(args.backend, args.backend),
        model=args.model,
        base_url=args.base_url,
        flavor=args.flavor,
        device=args.device,
        story_adapter=args.story_adapter,
        prompt_adapter=args.prompt_adapter,
        image=not args.no_image,
        sdxl=args.sdxl,
        sdxl_config=args.sdxl_config,
        illustration=image_settings(args),
    )
    if args.seed is not None:
        from storyapp.story.seeds import spread

        spread(args.seed)  # a bad seed fails now, not after the model has loaded
    if args.max_tokens is not None:
        if args.max_tokens < 1:
            raise ValueError(f"--max-tokens must be at least 1, got {args.max_tokens}")
        settings = settings.capped(args.max_tokens)
    return settings


def _previews_folder(folder: Path) -> None:
    """The previews' folder, made now: a file in its place fails before any model loads."""
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"--previews {folder}: not a folder")
    folder.mkdir(parents=True, exist_ok=True)


def _with_previews(folder: Path, progress):
    """`progress`, and each Preview written to `folder` as step-NNN.png (atomically)."""
    from storyapp.illustrate import write_png
    from storyapp.story import Preview

    def on_event(ev) -> None:
        if isinstance(ev, Preview):
            write_png(folder / f"step-{ev.i:03d}.png", ev.image, {"step": ev.i, "steps": ev.n})
        progress(ev)

    return on_event


def _default_out(idea: str) -> Path:
    """A new folder under stories/, made now: a second run of the same idea in the same second
    gets its own (…-2). Given back at exit if the run put nothing in it."""
    import atexit

    from storyapp.story.output_dir import new_folder, remove_if_empty

    slug = "-".join(re.findall(r"[a-z0-9]+", idea.lower())[:6]) or "story"
    out = new_folder(Path("stories") / f"{time.strftime('%Y%m%d-%H%M%S')}-{slug}")
    atexit.register(remove_if_empty, out)
    return out
