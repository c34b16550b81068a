"""Per-request sampling parameters."""

from dataclasses import dataclass, field


@dataclass(slots=True)
class SamplingParams:
    max_tokens: int = 256
    temperature: float = 0.0
    top_k: int = 0
    top_p: float = 1.0
    min_p: float = 0.0
    repetition_penalty: float = 1.0
    # 0: the penalty covers the prompt and every token written (as in transformers and vLLM);
    # N: only the last N tokens written, so words the prompt gives (names, places) stay free
    # and only what the row just said is held back (llama.cpp's repeat_last_n, without the
    # prompt)
    repetition_window: int = 0
    # N: no three-word phrase said more than N times in the text written (its next repeat's first
    # tokens are barred; engine/phrase_guard.py); 0: no limit
    max_phrase_repeats: int = 0
    # words never written (vLLM's and TensorRT-LLM's bad words): each spelling of a word that is
    # one token (with or without a leading space, lower case or capitalised) is barred
    bad_words: tuple[str, ...] = ()
    stop: list[str] = field(default_factory=list)
    seed: int | None = None
    ignore_eos: bool = False

    def __post_init__(self) -> None:
        if self.max_tokens < 1:
            raise ValueError(f"max_tokens must be at least 1, got {self.max_tokens}")
        if self.temperature < 0:
            raise ValueError(f"temperature must be >= 0, got {self.temperature}")
        if not 0 < self.top_p <= 1:
            raise ValueError(f"top_p must be in (0, 1], got {self.top_p}")
        if not 0 <= self.min_p < 1:
            raise ValueError(f"min_p must be in [0, 1), got {self.min_p}")
        if self.top_k < 0:
            raise ValueError(f"top_k must be >= 0, got {self.top_k}")
        if self.repetition_window < 0:
            raise ValueError(f"repetition_window must be >= 0, got {self.repetition_window}")
        if self.max_phrase_repeats < 0:
            raise ValueError(f"max_phrase_repeats must be >= 0, got {self.max_phrase_repeats}")
        if any(not w.strip() or len(w) > 64 for w in self.bad_words):
            raise ValueError("bad_words must be words of 1 to 64 characters")
        if self.repetition_penalty <= 0:
            raise ValueError(f"repetition_penalty must be > 0, got {self.repetition_penalty}")

    @property
    def greedy(self) -> bool:
        return self.temperature == 0.0 or self.top_k == 1
