from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from storyapp.story import ImageSettings, Settings, TextSettings

TARGETS = ["q_proj", "v_proj", "down_proj"]  # the random adapters' modules
# Small everything: the tests exercise the real model and the real diffusers path, not quality.
SMALL = Settings(
    seed=11,
    premise=TextSettings(24, 0.7),
    story=TextSettings(32, 0.8),
    sd_prompt=TextSettings(24, 0.7, 0.9),
    illustration=ImageSettings(width=64, height=64, steps=2),
)
# Smaller still, where only the flow matters.
TINY_TEXT = replace(
    SMALL, premise=TextSettings(8), story=TextSettings(8), sd_prompt=TextSettings(8)
)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No network, no SDXL or adapters from this machine's settings, a private library."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("STORYAPP_ADAPTERS", str(tmp_path / "no-adapters"))
    monkeypatch.delenv("STORYAPP_SDXL", raising=False)


@pytest.fixture(scope="session")
def gguf() -> Path:
    from storyapp.engine.loader.resolve import default_model_path

    return default_model_path()


@pytest.fixture(scope="session")
def adapter_dirs(tmp_path_factory: pytest.TempPathFactory, gguf: Path) -> dict[str, Path]:
    from random_peft import make_adapters

    spec = dict(r=4, lora_alpha=8, target_modules=TARGETS)
    names = ["story-writer", "sd-prompt-writer"]
    return make_adapters(
        tmp_path_factory.mktemp("adapters"), gguf, dict.fromkeys(names, spec), seed=100
    )


@pytest.fixture(scope="session")
def unfit_adapter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from random_peft import make_unfit

    return make_unfit(tmp_path_factory.mktemp("unfit"), TARGETS)


@pytest.fixture(scope="session")
def llm():
    from storyapp.engine import LLM

    return LLM.load("default")


@pytest.fixture
def backend(llm, adapter_dirs: dict[str, Path]):
    """The embedded backend with both adapters loaded."""
    from storyapp.backends import EmbeddedBackend

    b = EmbeddedBackend(llm)
    for name, path in adapter_dirs.items():
        if name not in b.adapters():
            b.add_adapter(name, path)
    return b


@pytest.fixture
def bare_backend(llm):
    """The embedded backend with no adapters: the state until trained adapters ship."""
    from storyapp.backends import EmbeddedBackend

    for name in list(llm.adapters):
        llm.remove_adapter(name)
    return EmbeddedBackend(llm)


@pytest.fixture(scope="session")
def illustrator():
    from storyapp.illustrate import Illustrator

    return Illustrator.load("tiny", device="cpu")


@pytest.fixture
def settings() -> Settings:
    return SMALL


@pytest.fixture
def make_pipeline(request: pytest.FixtureRequest, illustrator) -> Callable:
    """StoryPipeline(backend, tiny illustrator, SMALL settings with `changes`); `b`: another
    backend than the one with both adapters."""
    from storyapp.story import StoryPipeline

    def make(events: list | None = None, b=None, **changes) -> StoryPipeline:
        on_event = events.append if events is not None else None
        b = b or request.getfixturevalue("backend")
        return StoryPipeline(b, illustrator, replace(SMALL, **changes), on_event)

    return make


@pytest.fixture
def step_rows(llm) -> Iterator[list[list[str | None]]]:
    """For each forward pass of the engine, the adapter of each of its rows (None: base)."""
    seen: list[list[str | None]] = []
    registry = llm.engine.adapters
    original = registry.batch

    def batch(rows):
        seen.append(list(rows))
        return original(rows)

    registry.batch = batch
    yield seen
    del registry.batch


def engine_idle(llm) -> bool:
    return not llm.engine.has_work() and not llm.engine.adapters.in_use


def cancel_on(predicate: Callable, events: list) -> tuple[threading.Event, Callable]:
    """A cancel Event set by the first event that matches `predicate` (recorded in `events`)."""
    cancel = threading.Event()

    def on_event(ev) -> None:
        events.append(ev)
        if predicate(ev):
            cancel.set()

    return cancel, on_event


def storyapp_bin() -> Path:
    """The installed console script beside this interpreter, as a user runs it."""
    return Path(sys.executable).parent / "storyapp"
