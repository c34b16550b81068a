"""One request as the engine runs it: its tokens, its adapter, its sampling state."""

import itertools
from dataclasses import dataclass, field
from enum import Enum

import torch

from .phrase_guard import PhraseGuard
from .sampling import SamplingParams
from .text_stream import TextStream

_ids = itertools.count()


class Status(Enum):
    WAITING = "waiting"
    RUNNING = "running"
    FINISHED = "finished"


@dataclass(slots=True)
class Sequence:
    prompt_ids: list[int]
    params: SamplingParams
    adapter: str | None
    text: TextStream
    id: int = field(default_factory=lambda: next(_ids))
    output_ids: list[int] = field(default_factory=list)
    status: Status = Status.WAITING
    finish_reason: str | None = None
    slot: int = -1
    generator: torch.Generator | None = None
    started_at: float = 0.0
    first_token_at: float = 0.0
    device: str = "cpu"  # where the logits are sampled: the generator must live there
    phrases: PhraseGuard | None = None  # set where params.max_phrase_repeats asks for one
    bad_ids: list[int] = field(default_factory=list)  # the tokens params.bad_words bars

    def __post_init__(self) -> None:
        if not self.params.greedy:
            self.generator = generator_for(self.device, self.params.seed)

    @property
    def length(self) -> int:
        return len(self.prompt_ids) + len(self.output_ids)

    @property
    def last_token(self) -> int:
        return self.output_ids[-1] if self.output_ids else self.prompt_ids[-1]


def generator_for(device: str | torch.device, seed: int | None) -> torch.Generator:
    """A generator on `device` (torch.multinomial wants it where the probabilities are). A seed
    repeats on one device; CPU and CUDA draw different streams, so their texts differ."""
    gen = torch.Generator(device=torch.device(device))
    gen.manual_seed(seed if seed is not None else torch.seed())
    return gen


@dataclass(slots=True, frozen=True)
class TokenEvent:
    """A step's result for one request: the new token, the text it made visible, and whether done."""

    request_id: int
    token_id: int | None
    text: str
    finished: bool = False
    finish_reason: str | None = (
        None  # "stop", "length", "abort", or "error" (then `error` says why)
    )
    error: str | None = None
