"""What the user chose in the desktop app's settings dialog, as plain data, turned into the
pipeline's Settings. The GUI's settings_store.py keeps it in QSettings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from storyapp.story import ImageSettings, Settings
from storyapp.story.settings import NEGATIVE

APPEARANCES = ("system", "light", "dark")


@dataclass(slots=True)
class AppSettings:
    backend: str = "embedded"
    base_url: str = ""  # the HTTP backend's server, e.g. http://127.0.0.1:8000/v1
    flavor: str = "vllm"  # how that server picks an adapter
    model: str = "default"  # 'default', a .gguf file or a model folder
    device: str = "auto"
    adapters: list[tuple[str, str]] = field(default_factory=list)  # (name, path) the user added
    story_adapter: str = ""  # a path; "": the bundled story-writer
    prompt_adapter: str = ""  # a path; "": the bundled sd-prompt-writer
    image: bool = True
    sdxl: str = ""  # a folder or .safetensors; "": $STORYAPP_SDXL or the downloaded SDXL base
    sdxl_config: str = ""
    temperature: float = 0.8
    top_p: float = 0.95
    max_tokens: int = 900
    seed: int | None = None  # None: a new random seed each run
    width: int = 0  # 0: the model's native size
    height: int = 0
    steps: int = 0  # 0: the model's default
    guidance: float = 6.0
    scheduler: str = "dpmpp_2m_karras"
    negative_prompt: str = NEGATIVE
    image_mode: str = "quality"  # fast: the LCM-LoRA, 4 steps (see storyapp.illustrate.fast)
    style: str = ""  # a named style (storyapp.illustrate.styles); "": none
    image_seed: int | None = None  # the picture's seed, locked; None: from the run's seed
    appearance: str = "system"

    def pipeline(self) -> Settings:
        """The pipeline's Settings. Max tokens caps every text stage; temperature and top-p are
        the story's (the premise and image prompt keep their tuned defaults)."""
        s = Settings(
            seed=self.seed,
            backend=self.backend,
            base_url=self.base_url or None,
            flavor=self.flavor,
            model=self.model or "default",
            device=self.device,
            story_adapter=self.story_adapter or None,
            prompt_adapter=self.prompt_adapter or None,
            story=replace(
                Settings().story,
                max_tokens=self.max_tokens,
                temperature=self.temperature,
                top_p=self.top_p,
            ),
            image=self.image,
            sdxl=self.sdxl or None,
            sdxl_config=self.sdxl_config or None,
            illustration=ImageSettings(
                width=self.width or None,
                height=self.height or None,
                steps=self.steps or None,
                guidance=self.guidance,
                scheduler=self.scheduler,
                negative_prompt=self.negative_prompt,
                mode=self.image_mode,
                style=self.style,
                seed=self.image_seed,
                previews=True,  # the image panel shows the picture as it forms
            ),
        )
        return s.capped(self.max_tokens)
