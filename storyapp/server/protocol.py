"""Request bodies, as OpenAI defines them (plus vLLM's sampling extras); unknown fields are refused
so that a parameter we would silently ignore is an error, not a surprise."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from typing_extensions import TypeIs

MAX_N = 16  # choices per prompt
MAX_PROMPTS = 32  # prompts in one completions request
Text = Annotated[str, Field(max_length=1_000_000)]
Stop = Annotated[str, Field(min_length=1, max_length=256)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StreamOptions(Strict):
    include_usage: bool = False


class Sampling(Strict):
    model: str = Field(min_length=1, max_length=256)
    max_tokens: int | None = Field(None, ge=1)  # the context bounds it too, checked per request
    temperature: float = Field(1.0, ge=0, le=2)
    top_p: float = Field(1.0, gt=0, le=1)
    n: int = Field(1, ge=1, le=MAX_N)
    stop: Stop | Annotated[list[Stop], Field(max_length=16)] | None = None
    seed: int | None = Field(None, ge=-(2**63), lt=2**64)
    stream: bool = False
    stream_options: StreamOptions | None = None
    user: str | None = Field(None, max_length=256)  # accepted, unused
    frequency_penalty: float = 0.0
    presence_penalty: float = 0.0
    # vLLM's extras, which the engine supports
    top_k: int = Field(0, ge=-1, le=100_000)
    min_p: float = Field(0.0, ge=0, lt=1)
    repetition_penalty: float = Field(1.0, gt=0, le=10)
    # llama.cpp's name: the penalty looks only at the last N tokens written (0: the prompt and
    # all of the output, as vLLM does)
    repeat_last_n: int = Field(0, ge=0, le=1_000_000)
    max_phrase_repeats: int = Field(0, ge=0, le=1_000_000)  # ours: see SamplingParams
    bad_words: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        [], max_length=256
    )  # vLLM's: words never written
    ignore_eos: bool = False

    @field_validator("frequency_penalty", "presence_penalty")
    @classmethod
    def _unsupported(cls, v: float) -> float:
        if v != 0:
            raise ValueError("not supported (use repetition_penalty)")
        return v

    @property
    def stops(self) -> list[str]:
        return [self.stop] if isinstance(self.stop, str) else list(self.stop or [])

    @property
    def include_usage(self) -> bool:
        return bool(self.stream_options and self.stream_options.include_usage)


class TextPart(Strict):
    type: Literal["text"]
    text: Text


class Message(Strict):
    role: Literal["system", "developer", "user", "assistant"]
    content: Text | Annotated[list[TextPart], Field(max_length=256)]
    name: str | None = Field(None, max_length=256)

    def as_dict(self) -> dict[str, str]:
        text = self.content
        if not isinstance(text, str):
            text = "".join(p.text for p in text)
        return {"role": "system" if self.role == "developer" else self.role, "content": text}


class ChatRequest(Sampling):
    messages: list[Message] = Field(min_length=1, max_length=1024)
    max_completion_tokens: int | None = Field(None, ge=1)  # OpenAI's newer name for max_tokens


TokenIds = Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=1, max_length=1_000_000)]


class CompletionRequest(Sampling):
    prompt: Text | list[Text] | TokenIds | list[TokenIds]

    @field_validator("prompt")
    @classmethod
    def _some(cls, v):
        if isinstance(v, list) and not v:
            raise ValueError("the prompt is empty")
        if isinstance(v, list) and not isinstance(v[0], int) and len(v) > MAX_PROMPTS:
            raise ValueError(f"at most {MAX_PROMPTS} prompts in one request")
        return v

    @property
    def prompts(self) -> list[str | list[int]]:
        v = self.prompt
        if isinstance(v, str) or _token_ids(v):
            return [v]
        return list(v)


def _token_ids(v: list[str] | list[int] | list[list[int]]) -> TypeIs[list[int]]:
    """One prompt of token ids (not a list of prompts)."""
    return bool(v) and isinstance(v[0], int)


class LoadAdapter(Strict):
    lora_name: str = Field(min_length=1, max_length=256)
    lora_path: str = Field(min_length=1, max_length=4096)


class UnloadAdapter(Strict):
    lora_name: str = Field(min_length=1, max_length=256)
    lora_int_id: int | None = None  # vLLM's body may carry it; names are what we key on
