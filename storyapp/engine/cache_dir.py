"""The per-user cache folder: $STORYAPP_CACHE, else the platform's cache folder for storyapp."""

import os
from pathlib import Path

from platformdirs import user_cache_dir


def cache_dir(*parts: str) -> Path:
    return Path(os.environ.get("STORYAPP_CACHE") or user_cache_dir("storyapp"), *parts)
