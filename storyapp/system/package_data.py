"""Data files shipped inside the storyapp package, found through importlib.resources so that an
installed wheel and the frozen app find them as the source tree does."""

from __future__ import annotations

import atexit
import contextlib
import functools
from importlib import resources
from pathlib import Path

_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


@functools.cache
def shipped_adapters() -> Path:
    """The folder of the default LoRA adapters, one subfolder each (story-writer,
    sd-prompt-writer, premise-writer). The engine reads them by path, so a package imported from a zip file has
    them extracted once, for the life of the process."""
    root = resources.files("storyapp") / "adapters"
    if isinstance(root, Path):
        return root
    return _extracted.enter_context(resources.as_file(root))
