"""The step loop: schedule, run one forward pass, sample, emit token events."""

import time
from dataclasses import dataclass

import torch

from .errors import ContextOverflowError
from .kv_cache import KVCache
from .layers.sampler import sample
from .loader.tokenizer import TokenizerLike
from .lora import AdapterRegistry
from .models.llama import LlamaModel
from .models.weights import ModelWeights
from .native import lora_kernel, native_for
from .phrase_guard import PhraseGuard
from .prefix_sharing import shared_prefixes
from .sampling import SamplingParams
from .scheduler import Scheduler
from .sequence import Sequence, TokenEvent
from .step_batch import StepBatch
from .text_stream import TextStream
from .utils import kv_cache_dtype


@dataclass(slots=True)
class EngineConfig:
    max_num_seqs: int = 8
    max_model_len: int = 4096
    max_batched_tokens: int = 4096
    max_lora_rank: int = 64
    max_loras: int = 8  # adapters resident on the device (and in one batch)
    max_cpu_loras: int | None = None  # adapters kept in host memory; None: no limit
    share_prefixes: bool = True  # rows of one prefill that begin alike compute that once


class Engine:
    def __init__(
        self, weights: ModelWeights, tokenizer: TokenizerLike, cfg: EngineConfig, device, dtype
    ):
        self.config, self.tokenizer, self.device, self.dtype = cfg, tokenizer, device, dtype
        self.max_model_len = min(cfg.max_model_len, weights.config.max_position)
        self.cache = KVCache(
            weights.config,
            cfg.max_num_seqs,
            self.max_model_len,
            device,
            kv_cache_dtype(device, dtype),
        )
        self.model = LlamaModel(weights, self.cache, device, dtype)
        self.scheduler = Scheduler(self.cache, cfg.max_batched_tokens, cfg.max_loras)
        self.adapters = AdapterRegistry(
            weights.config,
            device,
            cfg.max_lora_rank,
            cfg.max_loras,
            cfg.max_cpu_loras,
            lora_kernel() if native_for(device, dtype) else None,
        )
        self.eos_ids = set(tokenizer.eos_ids)
        self.word_starts: dict[str, list[int]] = {}  # the phrase guards' shared cache
        self._word_tokens: dict[str, list[int]] = {}  # bad words' token ids, by word
        self.steps = 0

    def add(
        self, prompt_ids: list[int], params: SamplingParams, adapter: str | None = None
    ) -> Sequence:
        if not prompt_ids:
            raise ValueError("the prompt is empty")
        if len(prompt_ids) >= self.max_model_len:
            raise ContextOverflowError(
                f"prompt of {len(prompt_ids)} tokens does not fit the context of "
                f"{self.max_model_len} tokens"
            )
        self.cache.ensure()
        self.adapters.acquire(adapter)
        seq = Sequence(
            prompt_ids,
            params,
            adapter,
            TextStream(self.tokenizer.decode, params.stop),
            device=str(self.device),
        )
        if params.max_phrase_repeats:
            seq.phrases = PhraseGuard(
                params.max_phrase_repeats, self.tokenizer.encode, self.word_starts
            )
        seq.bad_ids = sorted({t for w in params.bad_words for t in self.word_tokens(w)})
        seq.started_at = time.perf_counter()
        self.scheduler.add(seq)
        return seq

    def word_tokens(self, word: str) -> list[int]:
        """The tokens that each spell `word` whole: with or without a leading space, lower case
        or capitalised. A spelling the tokenizer splits in several tokens is not barred (its
        first token may begin other words too)."""
        if word not in self._word_tokens:
            found = set()
            for form in {word.lower(), word.capitalize()}:
                for spelling in (form, " " + form):
                    ids = self.tokenizer.encode(spelling)
                    if len(ids) == 1:
                        found.add(ids[0])
            self._word_tokens[word] = sorted(found)
        return self._word_tokens[word]

    def abort(self, request_id: int) -> None:
        self.scheduler.abort(request_id)

    def has_work(self) -> bool:
        return self.scheduler.has_work()

    def drop_aborted(self) -> list[TokenEvent]:
        """Finish the sequences aborted since the last step, without running one; their events."""
        events = []
        for seq in self.scheduler.take_aborted():
            self.adapters.release(seq.adapter)
            events.append(TokenEvent(seq.id, None, seq.text.flush(), True, "abort"))
        return events

    @torch.inference_mode()
    def step(self) -> list[TokenEvent]:
        events = self.drop_aborted()
        seqs, prefill = self.scheduler.schedule()
        if not seqs:
            return events
        if not prefill:
            starts = None
        elif self.config.share_prefixes:
            starts = self._prefill_shared_prefixes(seqs)
        else:
            starts = [0] * len(seqs)
        if starts is not None and torch.device(self.device).type == "cpu":
            logits = self._prefill_by_length(seqs, starts)
        else:
            logits = self.model.forward(self._batch(seqs, starts))
        tokens = sample(logits, seqs)
        self.steps += 1
        now = time.perf_counter()
        for seq, token in zip(seqs, tokens, strict=True):
            ev = self._fail(seq) if token is None else self._advance(seq, token, now)
            if ev.finished:
                self.adapters.release(seq.adapter)
            events.append(ev)
        return events

    def _prefill_shared_prefixes(self, seqs: list[Sequence]) -> list[int]:
        """Compute each shared prefix once (one row per group, all groups in one pass), copy
        its keys and values to the group's other slots; where each row's own prefill starts."""
        groups = shared_prefixes([s.prompt_ids for s in seqs], [s.adapter for s in seqs])
        starts = [0] * len(seqs)
        if not groups:
            return starts
        leaders = [seqs[g.rows[0]] for g in groups]
        prefixes = [s.prompt_ids[: g.length] for s, g in zip(leaders, groups, strict=True)]
        batch = StepBatch.build(
            prefixes, [0] * len(groups), [s.slot for s in leaders], True, self.device
        )
        batch.lora = self.adapters.batch([s.adapter for s in leaders])
        self.model.forward(batch)
        for leader, g in zip(leaders, groups, strict=True):
            self.cache.copy_prefix(leader.slot, [seqs[i].slot for i in g.rows[1:]], g.length)
            for i in g.rows:
                starts[i] = g.length
        return starts

    def _prefill_by_length(self, seqs: list[Sequence], starts: list[int]) -> torch.Tensor:
        """A CPU prefill in one pass per length of new tokens: a pad position costs as much as a
        real token there (the matmuls are bound by arithmetic at prefill), and in the story
        stage (prompts of 156 and 143 tokens, two adapters) two passes took 0.39-0.65 s against
        0.60-0.73 s for one padded pass, alternating. Logits [rows, V] in row order."""
        parts: dict[int, torch.Tensor] = {}
        for rows in length_groups(
            [len(s.prompt_ids) - b for s, b in zip(seqs, starts, strict=True)]
        ):
            batch = self._batch([seqs[i] for i in rows], [starts[i] for i in rows])
            parts.update(zip(rows, self.model.forward(batch), strict=True))
        return torch.stack([parts[i] for i in range(len(seqs))])

    def _batch(self, seqs: list[Sequence], starts: list[int] | None) -> StepBatch:
        """A prefill from `starts` (each row's prompt past them), or a decode step when None."""
        prefill = starts is not None
        if starts is not None:
            rows = [s.prompt_ids[start:] for s, start in zip(seqs, starts, strict=True)]
        else:
            rows, starts = [[s.last_token] for s in seqs], [s.length - 1 for s in seqs]
        slots = [s.slot for s in seqs]
        batch = StepBatch.build(rows, starts, slots, prefill, self.device)
        batch.lora = self.adapters.batch([s.adapter for s in seqs])
        return batch

    def _fail(self, seq: Sequence) -> TokenEvent:
        """Stop one sequence whose logits went non-finite; the rest of the batch continues (the
        NaN it leaves in its cache slot is never read: attention clears what it masks)."""
        self.scheduler.finish(seq, "error")
        who = f"the adapter '{seq.adapter}'" if seq.adapter else "the base model"
        error = (
            f"{who} produced non-finite logits (NaN or inf) for this request after "
            f"{len(seq.output_ids)} tokens; the request was stopped"
        )
        return TokenEvent(seq.id, None, seq.text.flush(), True, "error", error)

    def _advance(self, seq: Sequence, token: int, now: float) -> TokenEvent:
        if not seq.output_ids:
            seq.first_token_at = now
        p = seq.params
        if token in self.eos_ids and not p.ignore_eos:
            self.scheduler.finish(seq, "stop")
            return TokenEvent(seq.id, token, seq.text.flush(), True, "stop")
        seq.output_ids.append(token)
        delta = seq.text.update(seq.output_ids)
        reason = None
        if seq.text.stopped:
            reason = "stop"
        elif len(seq.output_ids) >= p.max_tokens or seq.length >= self.max_model_len:
            reason = "length"
        if reason:
            self.scheduler.finish(seq, reason)
            delta += seq.text.flush()
        return TokenEvent(seq.id, token, delta, reason is not None, reason)


def length_groups(lengths: list[int]) -> list[list[int]]:
    """Row indices in groups to prefill together: rows of one length, the longest first."""
    groups: dict[int, list[int]] = {}
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        groups.setdefault(lengths[i], []).append(i)
    return list(groups.values())
