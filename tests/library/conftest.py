from collections.abc import Iterator
from pathlib import Path

import pytest

from storyapp.library import Library

from .helpers import full_version, make_png


@pytest.fixture
def png() -> bytes:
    return make_png()


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "lib") as library:
        yield library


@pytest.fixture
def saved(lib: Library, png: bytes) -> int:
    """The id of a saved version with a picture."""
    story = lib.new_story()
    return lib.add_version(story.id, full_version(), png)
