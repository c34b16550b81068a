"""Tokenizer and chat template through transformers, from a GGUF's metadata or a model folder."""

import hashlib
import tempfile
from pathlib import Path
from typing import Protocol

from storyapp.system.atomic import replace
from storyapp.system.paths import cache_dir

from ..errors import ModelLoadError

END_OF_TURN = ("<|im_end|>", "<|eot_id|>", "<|end_of_text|>", "<|endoftext|>", "</s>")


class TokenizerLike(Protocol):
    """What the engine needs of a tokenizer: Tokenizer, or a random model's RandomTokenizer."""

    eos_ids: list[int]
    vocab_size: int

    def encode(self, text: str) -> list[int]: ...

    def decode(self, ids: list[int]) -> str: ...

    def chat(self, messages: list[dict]) -> list[int]: ...


class Tokenizer:
    def __init__(self, hf, extra_eos: list[int] | None = None):
        self.hf = hf
        vocab = hf.get_vocab()
        eos = {i for i in [hf.eos_token_id, *(extra_eos or [])] if i is not None}
        eos |= {vocab[t] for t in END_OF_TURN if t in vocab}
        self.eos_ids = sorted(eos)
        self.vocab_size = len(vocab)

    @staticmethod
    def load(path: Path, eos_ids: list[int] | None = None) -> "Tokenizer":
        from transformers import AutoTokenizer

        try:
            if path.is_file():
                hf = from_gguf(path)
            else:
                hf = AutoTokenizer.from_pretrained(str(path))
        except Exception as e:
            raise ModelLoadError(f"{path}: cannot load its tokenizer ({e})") from None
        return Tokenizer(hf, eos_ids)

    def encode(self, text: str) -> list[int]:
        return self.hf.encode(text, add_special_tokens=False)

    def decode(self, ids: list[int]) -> str:
        return self.hf.decode(ids, skip_special_tokens=True)

    def chat(self, messages: list[dict]) -> list[int]:
        if not self.hf.chat_template:
            raise ModelLoadError("this model has no chat template; use plain completion")
        text = self.hf.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
        return self.encode(text)


def from_gguf(path: Path):
    """Convert a GGUF's tokenizer once and keep the result: later loads take a tenth of the time
    and memory of converting again."""
    from transformers import AutoTokenizer

    stat = path.stat()
    key = hashlib.sha256(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    cache = cache_dir("tokenizers")
    folder = cache / key[:24]
    if folder.is_dir():
        try:
            return AutoTokenizer.from_pretrained(str(folder))
        except Exception:
            pass  # a damaged cache entry: convert again below
    hf = AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=cache))
        hf.save_pretrained(str(tmp))
        replace(tmp, folder)
    except OSError:
        pass  # a read-only cache only costs speed
    return hf
