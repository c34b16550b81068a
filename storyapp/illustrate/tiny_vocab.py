"""Writes the tiny pipeline's CLIP tokenizer files (`tiny_tokenizer/`), laid out like OpenAI's:
the 256 byte symbols, the same with the end-of-word mark `</w>`, then BOS and EOS. There are no
merges, so each character is a token: small enough to commit, and real CLIP BPE code runs on it.

Regenerate with `python -m storyapp.illustrate.tiny_vocab`.
"""

from __future__ import annotations

import json
from pathlib import Path

FOLDER = Path(__file__).with_name("tiny_tokenizer")
BOS, EOS = "<|startoftext|>", "<|endoftext|>"


def byte_symbols() -> list[str]:
    """GPT-2/CLIP's printable stand-in for each byte value, in byte order."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1)]
    printable += range(ord("®"), ord("ÿ") + 1)
    shifted = iter(range(256, 512))
    return [chr(b) if b in printable else chr(next(shifted)) for b in range(256)]


def tiny_vocab() -> dict[str, int]:
    symbols = byte_symbols()
    tokens = [*symbols, *(s + "</w>" for s in symbols), BOS, EOS]
    return {t: i for i, t in enumerate(tokens)}


def files() -> dict[str, str]:
    config = {
        "tokenizer_class": "CLIPTokenizer",
        "model_max_length": 77,
        "bos_token": BOS,
        "eos_token": EOS,
        "unk_token": EOS,
        "pad_token": EOS,
    }
    return {
        "vocab.json": json.dumps(tiny_vocab(), ensure_ascii=True) + "\n",
        "merges.txt": "#version: 0.2\n",
        "tokenizer_config.json": json.dumps(config, indent=2) + "\n",
    }


def write(folder: Path = FOLDER) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files().items():
        (folder / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write()
