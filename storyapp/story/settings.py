"""Every setting of a generation, with its default. Plain data: the GUI edits it, the CLI fills
it from flags, run.json and the library record it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from storyapp.backends.base import Sampling
from storyapp.system.package_data import shipped_adapters
from storyapp.system.paths import adapters_env, sdxl_env
from storyapp.training import forms

STORY_WRITER, PROMPT_WRITER = "story-writer", "sd-prompt-writer"
# Small bases lose the idea in their premises; where an adapter for the base has been trained
# (the embedded model's ships), it writes the premise, otherwise the base model does, as a large
# base such as Llama-3-8B does well.
PREMISE_WRITER = "premise-writer"
TINY = "tiny"
TINY_STEPS = 4
NEGATIVE = "blurry, low quality, deformed, text, watermark, signature"


@dataclass(slots=True, frozen=True)
class TextSettings:
    max_tokens: int
    temperature: float = 0.8
    top_p: float = 0.95
    repetition_penalty: float = 1.0
    repetition_window: int = 0  # see SamplingParams: 0 covers the prompt too
    min_p: float = 0.0
    max_phrase_repeats: int = 0  # see SamplingParams: 0 no limit
    bad_words: tuple[str, ...] = ()  # see SamplingParams

    def sampling(self, seed: int | None, ignore_eos: bool = False) -> Sampling:
        """What a backend is asked for a row of this stage."""
        return Sampling(
            max_tokens=self.max_tokens,
            temperature=self.temperature,
            top_p=self.top_p,
            seed=seed,
            ignore_eos=ignore_eos,
            repetition_penalty=self.repetition_penalty,
            repetition_window=self.repetition_window,
            min_p=self.min_p,
            max_phrase_repeats=self.max_phrase_repeats,
            bad_words=self.bad_words,
        )


# What makes an image prompt read as prose (the pronouns and clause verbs of its form check): the
# image-prompt row never writes them. Not the form's "story": its token begins "storybook", a style.
IMAGE_PROMPT_BAD_WORDS = forms.PRONOUN_WORDS + forms.CLAUSE_VERBS


def prose(max_tokens: int, temperature: float) -> TextSettings:
    """A prose stage's settings: the row holds back what it just wrote (penalty 1.1 over its
    last 64 tokens: no stutter, while the idea's and the premise's names stay free to use), says
    no three-word phrase more than 3 times (a loop, to a reader, is one said 5 times or more) and
    the unlikely tail is dropped (min_p). Chosen on `storyapp eval` over the held-out ideas (see
    the story-writer's model card); a penalty of 1.2 and above reads as incoherent on the
    embedded model."""
    return TextSettings(
        max_tokens,
        temperature,
        repetition_penalty=1.1,
        repetition_window=64,
        min_p=0.05,
        max_phrase_repeats=3,
    )


@dataclass(slots=True, frozen=True)
class ImageSettings:
    width: int | None = None  # None: the model's native size (1024 for SDXL, 64 for tiny)
    height: int | None = None
    steps: int | None = None  # None: 30, or TINY_STEPS for the tiny model
    guidance: float = 6.0
    scheduler: str = "dpmpp_2m_karras"
    negative_prompt: str = NEGATIVE
    mode: str = "quality"  # fast: the fast recipe for the model (illustrate/fast.py)
    style: str = ""  # a named style (illustrate/styles.py) whose words go around the prompt
    seed: int | None = None  # locked: every picture uses it; None: from the run's seed
    previews: bool = False  # live previews wanted (a notice says how to add the decoder if missing)
    preview_decoder: str | None = None  # TAESD XL folder; None: the catalog's download, if there
    fast_lora: str | None = None  # LCM-LoRA file or folder; None: the catalog's download, if there


@dataclass(slots=True, frozen=True)
class Settings:
    seed: int | None = None  # None: a random one, recorded
    backend: str = "embedded"
    model: str = "default"  # HTTP backends: 'default' is the server's base model
    base_url: str | None = None  # HTTP backends: the OpenAI-compatible server, e.g. .../v1
    flavor: str = "vllm"  # HTTP backends: how requests name adapters (vllm, trtllm, llamacpp)
    device: str = "auto"
    story_adapter: str | None = None  # None: the default folder, if it is there
    prompt_adapter: str | None = None
    premise: TextSettings = field(default_factory=lambda: prose(160, 0.7))
    story: TextSettings = field(default_factory=lambda: prose(900, 0.8))
    # Cooler than prose: on the 40 held-out premises the prompt writer kept its form (comma
    # phrases, no pronouns) in 40 and 39 of 40 at 0.5, 37 of 40 at 0.7 (two seeds each); no
    # phrase said twice, as the 77 tokens CLIP reads are few; no pronoun or verb of a clause
    # (its misses were "in her hand").
    sd_prompt: TextSettings = field(
        default_factory=lambda: TextSettings(
            96, 0.5, 0.9, max_phrase_repeats=1, bad_words=IMAGE_PROMPT_BAD_WORDS
        )
    )
    ignore_eos: bool = False  # benchmarks only: every row makes exactly max_tokens
    image: bool = True
    sdxl: str | None = None  # a folder, a .safetensors file or 'tiny'; None: see sdxl_source()
    sdxl_config: str | None = None  # configs for a single-file checkpoint
    illustration: ImageSettings = field(default_factory=ImageSettings)

    def capped(self, max_tokens: int) -> Settings:
        """Every text stage limited to at most `max_tokens` tokens."""

        def cap(t: TextSettings) -> TextSettings:
            return replace(t, max_tokens=min(t.max_tokens, max_tokens))

        return replace(
            self, premise=cap(self.premise), story=cap(self.story), sd_prompt=cap(self.sd_prompt)
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_adapter_dir() -> Path:
    """$STORYAPP_ADAPTERS, else the adapters shipped in the package."""
    return adapters_env() or shipped_adapters()


def adapter_paths(settings: Settings) -> dict[str, tuple[Path, bool]]:
    """name -> (path, given) for the story and image-prompt adapters: `given` when the user
    named the path, so a missing one is an error rather than a reason to fall back to the base
    model. The premise writer is left out: it is only taken where the base is known to be the
    one it was trained on (the embedded engine, adapter_sets.py), since a large base writes
    good premises by itself."""
    root = default_adapter_dir()
    found = {}
    for name, given in (
        (STORY_WRITER, settings.story_adapter),
        (PROMPT_WRITER, settings.prompt_adapter),
    ):
        found[name] = (Path(given).expanduser(), True) if given else (root / name, False)
    return found


def sdxl_source(settings: Settings) -> str | None:
    """The image model to use: the setting, else $STORYAPP_SDXL, else the downloaded SDXL base
    if there is one, else None (no image model)."""
    if settings.sdxl:
        return settings.sdxl
    if env := sdxl_env():
        return env
    from storyapp.illustrate.download import default_model_dir

    folder = default_model_dir()
    return str(folder) if (folder / "model_index.json").is_file() else None
