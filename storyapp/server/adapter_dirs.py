"""Where /v1/load_lora_adapter may read from: inside the folders the server was started with.
Anything else is refused with one answer whether it exists or not, so the route tells a client
nothing about the rest of the disk."""

import os
from pathlib import Path

from .errors import OpenAIError


class AdapterDirs:
    def __init__(self, folders: list[str | Path]):
        self.roots = [Path(os.path.realpath(Path(f).expanduser())) for f in folders]

    def check(self, path: str) -> str:
        """The path, resolved (links followed), if it lies inside one of the folders."""
        try:
            resolved = Path(os.path.realpath(Path(path).expanduser()))
        except (ValueError, OSError):  # a NUL byte, a loop of links, ...
            resolved = None
        if resolved is None or not any(resolved.is_relative_to(r) for r in self.roots):
            raise OpenAIError(
                403,
                "lora_path is outside the adapter folders this server loads from "
                "(storyapp serve --adapter-dir)",
                "lora_path",
                "forbidden_path",
            )
        return str(resolved)
