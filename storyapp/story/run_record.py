"""run.json: everything needed to know how a run's files were made, and to make them again."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .result import StoryResult
from .settings import Settings, adapter_paths

FORMAT = 1


def run_record(
    result: StoryResult,
    settings: Settings,
    backend: str,
    model: str,
    files: list[str],
    version_id: int | None = None,
) -> dict[str, Any]:
    """`files`: the names written beside run.json. `version_id`: the library version saved, if
    any. Adapters are given per row as the name that ran, or null for the base model."""
    image = result.image
    return {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "kind": result.kind,
        "idea": result.idea,
        "seeds": result.seeds,
        "settings": settings.as_dict(),
        "backend": backend,
        "model": model,
        "adapters": result.adapters,
        "adapter_paths": recorded_adapter_paths(settings),
        "image_model": image.model if image else None,
        "image": image.metadata() if image else None,
        "stages": {name: stats.as_dict() for name, stats in result.stages.items()},
        "notices": list(result.notices),
        "files": files,
        "version_id": version_id,
    }


def recorded_adapter_paths(settings: Settings) -> dict[str, str | None]:
    """Where each adapter came from: for the embedded engine the folder chosen for its base
    (None: none fits, the base wrote that part), else the folder given to the backend."""
    from .setup import is_embedded

    if is_embedded(settings):
        from .adapter_sets import adapters_for

        chosen = adapters_for(settings).items()
        return {name: str(c.path) if c.path else None for name, c in chosen}
    return {name: str(path) for name, (path, _) in adapter_paths(settings).items()}


def write_run_files(folder: Path, result: StoryResult, record: dict[str, Any]) -> None:
    """The run's files into `folder`: premise.md, story.md, sd_prompt.txt, illustration.png (if
    there is a picture) and run.json."""
    _text(folder / "premise.md", result.premise)
    _text(folder / "story.md", result.story)
    _text(folder / "sd_prompt.txt", result.sd_prompt)
    if result.image is not None:
        result.image.save(folder / "illustration.png")
    write_record(folder, record)


def write_record(folder: Path, record: dict[str, Any]) -> None:
    _text(folder / "run.json", json.dumps(record, indent=2, ensure_ascii=False))


def files_for(result: StoryResult) -> list[str]:
    names = ["premise.md", "story.md", "sd_prompt.txt"]
    return names + (["illustration.png"] if result.image is not None else []) + ["run.json"]


def _text(path: Path, text: str) -> None:
    path.write_text(text.rstrip() + "\n", encoding="utf-8")
