"""Count CLIP tokens the way SDXL's text encoders see a prompt (77 with BOS and EOS), offline.

CLIP's BPE merges ship inside the `open_clip_torch` wheel (`open_clip/bpe_simple_vocab_16e6.txt.gz`).
Importing that package needs torchvision, so we only find its folder (`pip install --no-deps
open_clip_torch` is enough) and build transformers' CLIPTokenizer from the merges, laid out as
OpenAI's vocabulary is: 256 byte symbols, the same with `</w>`, one token per merge, then BOS, EOS.
"""

import gzip
import importlib.util
from functools import cache
from pathlib import Path

from .errors import TrainingError

CLIP_WINDOW = 77  # tokens, BOS and EOS included
N_MERGES = 49152 - 256 - 2


def vocab_file() -> Path:
    spec = importlib.util.find_spec("open_clip")
    if spec is None or not spec.submodule_search_locations:
        raise TrainingError(
            "CLIP's vocabulary is missing: run `pip install --no-deps open_clip_torch`"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "bpe_simple_vocab_16e6.txt.gz"


def _bytes_to_unicode() -> list[str]:
    """GPT-2/CLIP's printable stand-in for each byte value, in CLIP's vocabulary order."""
    bs = list(range(ord("!"), ord("~") + 1))
    bs += list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return [chr(c) for c in cs]


@cache
def tokenizer():
    from transformers import CLIPTokenizer

    with gzip.open(vocab_file()) as f:
        lines = f.read().decode("utf-8").split("\n")[1 : N_MERGES + 1]
    symbols = _bytes_to_unicode()
    tokens = symbols + [s + "</w>" for s in symbols]
    tokens += ["".join(line.split()) for line in lines] + ["<|startoftext|>", "<|endoftext|>"]
    vocab = {t: i for i, t in enumerate(tokens)}
    return CLIPTokenizer(vocab=vocab, merges=[tuple(line.split()) for line in lines])


def count(text: str) -> int:
    """Tokens of `text` in CLIP's window, BOS and EOS included."""
    return len(tokenizer()(text, truncation=False)["input_ids"])
