"""The public facade: load a model, then generate, stream or chat, each request with its own adapter."""

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch

from storyapp.system.openmp import release_worker_threads

from .engine import Engine, EngineConfig
from .errors import SequenceError
from .loader import load_weights
from .loader.random_model import SHAPES, RandomTokenizer, random_weights
from .loader.resolve import resolve
from .loader.tokenizer import Tokenizer, TokenizerLike
from .sampling import SamplingParams
from .sequence import TokenEvent
from .utils import cache_size, pick_device, pick_dtype, release_free_memory

Prompt = str | list[int]


@dataclass(slots=True)
class Completion:
    index: int
    text: str
    token_ids: list[int]
    finish_reason: str
    adapter: str | None
    prompt_tokens: int
    ttft_s: float
    latency_s: float


@dataclass(slots=True, frozen=True)
class StreamEvent:
    index: int  # which prompt (after fan-out) this event belongs to
    event: TokenEvent


class LLM:
    def __init__(self, engine: Engine, path: Path):
        self.engine, self.path = engine, path
        self.tokenizer = engine.tokenizer

    @staticmethod
    @torch.inference_mode()
    def load(
        model: str | Path = "default",
        *,
        device: str = "auto",
        dtype: str = "auto",
        quant: str = "int4",
        max_num_seqs: int | None = None,
        max_model_len: int | None = None,
        max_lora_rank: int = 64,
        max_loras: int = 8,
        max_cpu_loras: int | None = None,
    ) -> "LLM":
        dev = pick_device(device)
        dt = pick_dtype(dtype, dev)
        if str(model) in SHAPES:
            path = Path(str(model))
            weights = random_weights(str(model), dev, dt)
            tokenizer: TokenizerLike = RandomTokenizer(weights.config.vocab_size)
        else:
            path = resolve(model)
            weights = load_weights(path, dev, dt, quant)
            tokenizer = Tokenizer.load(path, weights.config.eos_ids)
        rows, context = cache_size(dev.type, max_num_seqs, max_model_len)
        cfg = EngineConfig(
            max_num_seqs=rows,
            max_model_len=context,
            max_lora_rank=max_lora_rank,
            max_loras=max_loras,
            max_cpu_loras=max_cpu_loras,
        )
        llm = LLM(Engine(weights, tokenizer, cfg, dev, dt), path)
        release_free_memory()
        release_worker_threads()  # the model is often stepped on another thread than this one
        return llm

    @property
    def config(self):
        return self.engine.model.config

    @property
    def weight_bytes(self) -> int:
        return self.engine.model.w.nbytes

    def release_cache(self) -> int:
        """Give the KV cache's memory back while the model is idle (e.g. while another model
        uses the card); the next request allocates it again. The bytes released (0 when it
        was already released); RuntimeError while requests are running."""
        if self.engine.has_work():
            raise RuntimeError("requests are running: the KV cache cannot be released now")
        released = self.engine.cache.free_memory()
        if self.engine.device.type == "cuda":
            torch.cuda.empty_cache()
        return released

    @property
    def cache_allocated(self) -> bool:
        return self.engine.cache.allocated

    def add_adapter(self, name: str, path: str | Path) -> None:
        """Load a LoRA adapter (PEFT folder or GGUF file); requests then name it to use it."""
        try:
            self.engine.adapters.add(name, path)
        finally:
            release_worker_threads()

    def remove_adapter(self, name: str) -> None:
        """New requests can no longer use it; running ones finish with it."""
        self.engine.adapters.remove(name)

    @property
    def adapters(self) -> list[str]:
        return self.engine.adapters.names()

    def encode(self, prompt: Prompt) -> list[int]:
        return self.tokenizer.encode(prompt) if isinstance(prompt, str) else list(prompt)

    @torch.inference_mode()
    def stream(
        self,
        prompts: Prompt | Sequence[Prompt],
        params: SamplingParams | Sequence[SamplingParams] | None = None,
        adapters: str | None | Sequence[str | None] = None,
    ) -> Generator[StreamEvent, None, None]:
        """Token events of all requests as they are made; closing the iterator aborts the rest."""
        ids, plist, alist = _expand(prompts, params, adapters, self.encode)
        seqs = []
        try:
            for p, sp, a in zip(ids, plist, alist, strict=True):
                seqs.append(self.engine.add(p, sp, a))
            index = {s.id: i for i, s in enumerate(seqs)}
            pending, failed = set(index), []
            while pending:
                for ev in self.engine.step():
                    if ev.request_id in index:
                        yield StreamEvent(index[ev.request_id], ev)
                        if ev.finished:
                            pending.discard(ev.request_id)
                        if ev.error:
                            failed.append((index[ev.request_id], ev.error))
            _raise_failed(failed)
        finally:
            for s in seqs:
                if s.finish_reason is None:
                    self.engine.abort(s.id)
            self.engine.drop_aborted()
            release_worker_threads()

    @torch.inference_mode()
    def generate(self, prompts, params=None, adapters=None) -> list[Completion]:
        ids, plist, alist = _expand(prompts, params, adapters, self.encode)
        seqs = [self.engine.add(p, sp, a) for p, sp, a in zip(ids, plist, alist, strict=True)]
        pending, failed = {s.id for s in seqs}, []
        index = {s.id: i for i, s in enumerate(seqs)}
        try:
            while pending:
                for ev in self.engine.step():
                    if ev.finished:
                        pending.discard(ev.request_id)
                    if ev.error and ev.request_id in index:
                        failed.append((index[ev.request_id], ev.error))
        finally:
            release_worker_threads()
        _raise_failed(failed)
        return [
            Completion(
                index=i,
                text=s.text.text,
                token_ids=list(s.output_ids),
                finish_reason=s.finish_reason or "",
                adapter=s.adapter,
                prompt_tokens=len(s.prompt_ids),
                ttft_s=s.first_token_at - s.started_at,
                latency_s=_now() - s.started_at,
            )
            for i, s in enumerate(seqs)
        ]

    def chat(self, messages, params=None, adapters=None) -> list[Completion]:
        """messages: one conversation (a list of role/content dicts) or a list of them."""
        return self.generate(self.chat_prompts(messages), params, adapters)

    def chat_prompts(self, messages) -> list[list[int]]:
        convs = [messages] if messages and isinstance(messages[0], dict) else messages
        return [self.tokenizer.chat(c) for c in convs]


@dataclass(slots=True, frozen=True)
class Footprint:
    """What a model will hold on a card, known before its weights load."""

    weight_bytes: int
    kv_bytes_per_token: int  # all layers, keys and values, in the CUDA cache's dtype
    rows: int
    context: int


def footprint(
    model: str | Path = "default",
    max_num_seqs: int | None = None,
    max_model_len: int | None = None,
) -> Footprint:
    """A model's size on a CUDA card from its files on disk and its config alone; no tensor is
    read. Weights: a GGUF file's size; a folder's .safetensors scaled to int4 (5 bits a weight
    with its group's scale and zero, from 16-bit files); a random shape from its parameters."""
    if str(model) in SHAPES:
        cfg = SHAPES[str(model)]
        weights = _params(cfg) * 5 // 8
    else:
        path = resolve(model)
        if path.is_file():
            from .loader.gguf_model import open_gguf, read_config

            cfg, weights = read_config(path, open_gguf(path)), path.stat().st_size
        else:
            from .loader.hf_folder import read_config as read_folder_config

            cfg = read_folder_config(path)
            weights = sum(f.stat().st_size for f in path.glob("*.safetensors")) * 5 // 16
    rows, context = cache_size("cuda", max_num_seqs, max_model_len)
    context = min(context, cfg.max_position)
    kv_per_token = cfg.num_layers * 2 * cfg.num_kv_heads * cfg.head_dim * 2  # bfloat16
    return Footprint(weights, kv_per_token, rows, context)


def _params(cfg) -> int:
    q, kv, h = cfg.q_size, cfg.kv_size, cfg.hidden_size
    layer = h * (q + 2 * kv) + q * h + 3 * h * cfg.intermediate_size
    return cfg.num_layers * layer + cfg.vocab_size * h


def _raise_failed(failed: list[tuple[int, str]]) -> None:
    """After every other request has finished: the first failed one, by its index."""
    if failed:
        i, error = failed[0]
        more = f" ({len(failed) - 1} more failed)" if len(failed) > 1 else ""
        raise SequenceError(f"request {i}: {error}{more}")


def _now() -> float:
    import time

    return time.perf_counter()


def _expand(prompts, params, adapters, encode):
    """Align prompts, params and adapters; one prompt with several adapters fans out."""
    single = isinstance(prompts, str) or (
        isinstance(prompts, list) and prompts and isinstance(prompts[0], int)
    )
    plist = [prompts] if single else list(prompts)
    if adapters is None or isinstance(adapters, str):
        alist = [adapters] * len(plist)
    else:
        alist = list(adapters)
        if len(plist) == 1 and len(alist) > 1:
            plist = plist * len(alist)
        if len(alist) != len(plist):
            raise ValueError(f"{len(plist)} prompts but {len(alist)} adapters")
    if params is None or isinstance(params, SamplingParams):
        slist = [params or SamplingParams()] * len(plist)
    else:
        slist = list(params)
        if len(slist) != len(plist):
            raise ValueError(f"{len(plist)} prompts but {len(slist)} sampling params")
    return [encode(p) for p in plist], slist, alist
