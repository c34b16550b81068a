"""How each kind of OpenAI-compatible server is told which LoRA adapter a request uses.

vllm:     the request's `model` names the adapter (vLLM's convention; also `storyapp serve`).
trtllm:   `model` is the base; `lora_request` {lora_name, lora_int_id, lora_path} picks the
          adapter (trtllm-serve); the int id is derived from the name, so every client agrees.
llamacpp: `model` is the base; `lora` [{id, scale}] sets each adapter's scale for this request
          (llama.cpp's server, adapters loaded at its start with --lora, ids from /lora-adapters).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAVORS = ("vllm", "trtllm", "llamacpp")


def stable_int_id(name: str) -> int:
    """A positive 31-bit id that depends on the name alone (trtllm keys its adapter cache on it)."""
    return zlib.crc32(name.encode()) % (2**31 - 1) + 1


@dataclass(slots=True)
class Flavor:
    kind: str
    ids: dict[str, int] = field(default_factory=dict)  # adapter name -> server-side int id
    paths: dict[str, str] = field(default_factory=dict)  # adapter name -> path the server reads

    def register(self, name: str, path: str | Path, server_id: int | None = None) -> None:
        new = stable_int_id(name) if server_id is None else server_id
        clash = [n for n, i in self.ids.items() if i == new and n != name]
        if clash:
            raise ValueError(f"adapters '{name}' and '{clash[0]}' map to the same id {new}")
        self.ids[name], self.paths[name] = new, str(path)

    def shape(self, adapter: str | None, base: str) -> tuple[str, dict[str, Any]]:
        """The `model` field and the extra body fields for a request on `adapter` (None: base)."""
        if self.kind == "vllm":
            return adapter or base, {}
        if self.kind == "trtllm":
            if adapter is None:
                return base, {}
            lora = {
                "lora_name": adapter,
                "lora_int_id": self.ids[adapter],
                "lora_path": self.paths[adapter],
            }
            return base, {"lora_request": lora}
        # llama.cpp applies every loaded adapter at its global scale unless the request lists it
        scales = [{"id": i, "scale": 1.0 if n == adapter else 0.0} for n, i in self.ids.items()]
        return base, {"lora": scales}


def match_llamacpp_id(name: str, path: str | Path, loaded: list[dict[str, Any]]) -> int | None:
    """The id of the adapter llama.cpp loaded from `path`, or from a file named after `name`."""
    want = Path(path).expanduser().resolve()
    for entry in loaded:
        p = Path(str(entry.get("path", "")))
        if p.expanduser().resolve() == want or want in p.expanduser().resolve().parents:
            return int(entry["id"])
    for entry in loaded:
        if name in Path(str(entry.get("path", ""))).stem:
            return int(entry["id"])
    return None
