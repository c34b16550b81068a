"""Every `STORYAPP_*` environment variable the app reads, and the folders they point to. The
other modules read them through these functions, so each variable is named only here."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_ENV = "STORYAPP_HOME"  # the data folder: library, logs
CACHE_ENV = "STORYAPP_CACHE"  # tokenizers, built kernels, the downloaded SDXL base
KERNELS_ENV = "STORYAPP_KERNELS"  # 'torch': the native kernels off
SDXL_ENV = "STORYAPP_SDXL"  # a diffusers SDXL folder or a .safetensors checkpoint
ADAPTERS_ENV = "STORYAPP_ADAPTERS"  # a folder holding story-writer/ and sd-prompt-writer/
API_KEY_ENV = "STORYAPP_API_KEY"  # the HTTP server's key: kept out of settings and records
DEBUG_ENV = "STORYAPP_DEBUG"  # any value: the CLI raises instead of printing one line
GUI_SETTINGS_ENV = "STORYAPP_GUI_SETTINGS"  # an .ini file instead of the user's settings
SIMULATE_GPU_ENV = "STORYAPP_SIMULATE_GPU"  # e.g. 8GB: plan memory for a card of that size


def _env(name: str) -> str | None:
    """The variable's value; None when it is unset or empty."""
    return os.environ.get(name) or None


def app_home() -> Path:
    """$STORYAPP_HOME, else the platform's per-user data folder for storyapp."""
    env = _env(HOME_ENV)
    return Path(env).expanduser() if env else Path(platformdirs.user_data_dir("storyapp"))


def cache_dir(*parts: str) -> Path:
    """$STORYAPP_CACHE, else the platform's per-user cache folder for storyapp; `parts` below."""
    return Path(_env(CACHE_ENV) or platformdirs.user_cache_dir("storyapp"), *parts)


def user_adapters_dir() -> Path:
    """The user's own adapters, one folder per base model (trained here or copied in): searched
    before the shipped ones."""
    return app_home() / "adapters"


# Written last into a downloaded model's folder: the repository it came from; marks it complete.
MODEL_MARKER = "storyapp-model.json"


def models_dir() -> Path:
    """Where `storyapp models download` puts the catalog's models, one folder each."""
    return cache_dir("models")


def kernels_off() -> bool:
    """Whether $STORYAPP_KERNELS asks for torch's kernels only."""
    return os.environ.get(KERNELS_ENV, "").strip().lower() == "torch"


def sdxl_env() -> str | None:
    """$STORYAPP_SDXL: the image model when the settings name none."""
    return _env(SDXL_ENV)


def adapters_env() -> Path | None:
    """$STORYAPP_ADAPTERS: the folder of the default adapters."""
    env = _env(ADAPTERS_ENV)
    return Path(env).expanduser() if env else None


def api_key() -> str | None:
    """$STORYAPP_API_KEY: the key an HTTP server wants, or the one `storyapp serve` asks for."""
    return _env(API_KEY_ENV)


def set_api_key(key: str) -> None:
    """Hand a key given on the command line to the HTTP backend, never through the settings
    (they go into run.json and the library)."""
    os.environ[API_KEY_ENV] = key


def debug() -> bool:
    """Whether $STORYAPP_DEBUG is set: errors raise with their traceback."""
    return _env(DEBUG_ENV) is not None


def gui_settings_file() -> str | None:
    """$STORYAPP_GUI_SETTINGS: an .ini file for the desktop app's settings instead of the user's."""
    return _env(GUI_SETTINGS_ENV)


def simulate_gpu() -> str | None:
    """$STORYAPP_SIMULATE_GPU: a card size (e.g. '8GB') the memory plan assumes instead of this
    machine's card; `storyapp doctor` shows its plan and loading the LLM checks it first."""
    return _env(SIMULATE_GPU_ENV)
