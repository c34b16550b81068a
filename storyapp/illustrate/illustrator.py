"""Illustrator: an SDXL pipeline that paints ImageRequests, step by step, and can be cancelled."""

from __future__ import annotations

import gc
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import replace

import torch

# diffusers' top-level name reads as its placeholder class to a type checker: the real module
from diffusers.pipelines.stable_diffusion_xl.pipeline_stable_diffusion_xl import (
    StableDiffusionXLPipeline,
)
from PIL import Image

from storyapp.system.openmp import release_worker_threads

from .device import dtype_for, pick_device, place
from .errors import IllustratorError, RenderCancelled
from .fast import ADAPTER, NO_FAST_LORA, fast_recipe, lora_file
from .loader import load_pipeline
from .preview import PreviewDecoder, preview_every
from .prompt_fit import FittedPrompt, fit_prompt
from .request import MAX_SEED, ImageRequest, RenderedImage
from .schedulers import make_scheduler

OnStep = Callable[[int, int], None]
OnPreview = Callable[[int, int, Image.Image], None]  # (step, steps, the picture so far)
Cancel = threading.Event | Callable[[], bool]
MAX_BATCH = 8  # pictures in one call: "More pictures" asks for a few


class Illustrator:
    """One pipeline, one render at a time (renders from several threads queue on a lock)."""

    def __init__(
        self,
        pipe: StableDiffusionXLPipeline,
        model: str,
        device: str = "cpu",
        preview: PreviewDecoder | None = None,
        fast_lora: str | os.PathLike | None = None,
    ) -> None:
        """`preview`: the decoder for live previews (None: step counts only). `fast_lora`: the
        LCM-LoRA file fast mode applies (checked now, loaded on the first fast render)."""
        self.pipe = pipe
        self.model = model
        self.device = device
        self.preview = preview
        self.fast_lora = lora_file(fast_lora) if fast_lora is not None else None
        self._lora_loaded = False
        self._scheduler_config = dict(pipe.scheduler.config)
        self._lock = threading.Lock()
        pipe.set_progress_bar_config(disable=True)

    @classmethod
    def load(
        cls,
        source: str | os.PathLike,
        device: str = "auto",
        config: str | os.PathLike | None = None,
        memory: str | None = None,
        vae_tiling: bool = False,
        preview: str | os.PathLike | None = None,
        fast_lora: str | os.PathLike | None = None,
    ) -> Illustrator:
        """`source`: a diffusers SDXL folder, an SDXL .safetensors checkpoint, or 'tiny'.
        `device`: 'auto' (CUDA when there is one), 'cpu' or 'cuda[:N]'. `config`: for a single
        checkpoint, a diffusers SDXL folder to take configs and tokenizers from. `memory` and
        `vae_tiling`: the card's memory plan for SDXL (None: decided from free memory).
        `preview`: a TAESD XL folder for live previews. `fast_lora`: the LCM-LoRA for fast mode.
        Bad preview or LoRA files fail here, before SDXL loads."""
        decoder = PreviewDecoder.load(preview) if preview is not None else None
        lora = lora_file(fast_lora) if fast_lora is not None else None
        where = pick_device(device)
        pipe, model = load_pipeline(source, dtype_for(where), config)
        try:
            return cls(pipe, model, place(pipe, where, memory, vae_tiling), decoder, lora)
        finally:
            release_worker_threads()

    @property
    def native_size(self) -> int:
        """The side the model was trained at (1024 for SDXL, 64 for 'tiny'): a good default
        width and height for ImageRequest."""
        return self.pipe.default_sample_size * self.pipe.vae_scale_factor

    def fit(self, prompt: str) -> FittedPrompt:
        """`prompt` cut to what both text encoders can read (see prompt_fit)."""
        tokenizers = [t for t in (self.pipe.tokenizer, self.pipe.tokenizer_2) if t is not None]
        return fit_prompt(prompt, tokenizers)

    def render(
        self,
        request: ImageRequest,
        on_step: OnStep | None = None,
        cancel: Cancel | None = None,
        on_preview: OnPreview | None = None,
        every: int | None = None,
    ) -> RenderedImage:
        """Paint `request`. `on_step(i, n)` runs after each denoising step, i = 1..n. When
        `cancel` is set (or returns True) the render stops after the current step and raises
        RenderCancelled; the Illustrator is then ready for the next render. With a preview
        decoder, `on_preview(i, n, picture)` gets the picture so far after step 1 and then every
        `every`-th step (None: every k-th, k from preview.preview_every), never after the last
        (the finished picture follows)."""
        seeds = [request.seed if request.seed is not None else secrets.randbelow(2**32)]
        try:
            return self._render(request, seeds, on_step, cancel, on_preview, every)[0]
        finally:
            release_worker_threads()

    def render_many(
        self,
        request: ImageRequest,
        k: int,
        on_step: OnStep | None = None,
        cancel: Cancel | None = None,
    ) -> tuple[RenderedImage, ...]:
        """`k` pictures of `request` from ONE pipeline call (num_images_per_prompt=k), picture j
        seeded `request.seed + j` (a random first seed when None) with a generator of its own, so
        each is the picture render() gives for its seed alone. Steps, cancel and errors as for
        render(); no previews."""
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_BATCH:
            raise IllustratorError(f"pictures at once must be from 1 to {MAX_BATCH}, got {k!r}")
        first = request.seed if request.seed is not None else secrets.randbelow(2**32)
        if first + k - 1 > MAX_SEED:
            raise IllustratorError(f"seed must be at most {MAX_SEED - k + 1} for {k} pictures")
        seeds = [first + j for j in range(k)]
        try:
            return tuple(self._render(request, seeds, on_step, cancel, None, None))
        finally:
            release_worker_threads()

    def _render(
        self,
        request: ImageRequest,
        seeds: list[int],
        on_step: OnStep | None,
        cancel: Cancel | None,
        on_preview: OnPreview | None,
        every: int | None,
    ) -> list[RenderedImage]:
        cancelled = _cancel_check(cancel)
        with self._lock:
            lora = self._use_mode(request.mode)
            prompt, negative = self.fit(request.prompt), self.fit(request.negative_prompt)
            done = replace(
                request, prompt=prompt.text, negative_prompt=negative.text, seed=seeds[0]
            )
            if cancelled():
                raise RenderCancelled(0, done.steps)

            previews = _Cadence(every) if on_preview and self.preview else None

            def step_end(
                pipe: StableDiffusionXLPipeline, i: int, _t: object, tensors: dict
            ) -> dict:
                if on_step is not None:
                    on_step(i + 1, pipe.num_timesteps)
                if previews is not None and previews.due(i + 1, pipe.num_timesteps):
                    assert self.preview is not None and on_preview is not None
                    picture = self.preview.decode(tensors["latents"])
                    previews.decoded(self.preview.seconds)
                    on_preview(i + 1, pipe.num_timesteps, picture)
                if cancelled():
                    # Raising (rather than setting pipe._interrupt, which still decodes the
                    # half-made latents through the VAE) stops now; render() cleans up below.
                    raise RenderCancelled(i + 1, pipe.num_timesteps)
                return tensors

            # a CPU generator gives the same starting noise on every device; one per picture,
            # so a picture of a batch is the one its seed gives alone
            generators = [torch.Generator("cpu").manual_seed(seed) for seed in seeds]
            self.pipe.scheduler = make_scheduler(done.scheduler, self._scheduler_config)
            state = snapshot(self.pipe)
            start = time.perf_counter()
            try:
                out = self.pipe(
                    prompt=done.prompt,
                    negative_prompt=done.negative_prompt or None,  # None: SDXL's zeroed negative
                    width=done.width,
                    height=done.height,
                    num_inference_steps=done.steps,
                    guidance_scale=done.guidance,
                    num_images_per_prompt=len(seeds),
                    generator=generators[0] if len(generators) == 1 else generators,
                    callback_on_step_end=step_end,
                )
            except BaseException as e:
                # a normal call ends with freeing the hooks and casting an upcast VAE back; an
                # exception skips both, leaving offloaded components on the GPU or the VAE in
                # float32 (every later render then fails on a dtype mismatch)
                restore(self.pipe, state, self.device.startswith("cuda"))
                if isinstance(e, torch.OutOfMemoryError):
                    many = f"{len(seeds)} pictures of " if len(seeds) > 1 else ""
                    raise IllustratorError(
                        f"out of memory rendering {many}{done.width}x{done.height} "
                        f"on {self.device}: try a smaller size"
                    ) from e
                raise
            seconds = time.perf_counter() - start
        return [
            RenderedImage(
                picture,
                replace(done, seed=seed),
                self.model,
                prompt.dropped,
                negative.dropped,
                seconds / len(seeds),
                lora,
            )
            for picture, seed in zip(out.images, seeds, strict=True)
        ]

    def _use_mode(self, mode: str) -> str:
        """The LCM-LoRA on for fast mode, off for quality and for a model distilled for few
        steps (fast by itself); the LoRA's file name or ''."""
        if mode != "fast" or not fast_recipe(self.model).lora:
            if self._lora_loaded:
                self.pipe.disable_lora()
            return ""
        if self.fast_lora is None:
            raise IllustratorError(NO_FAST_LORA)
        if not self._lora_loaded:
            from diffusers.utils import logging as diffusers_logging

            # an SDXL LCM-LoRA has no text-encoder part, which diffusers warns about each load
            verbosity = diffusers_logging.get_verbosity()
            diffusers_logging.set_verbosity_error()
            try:
                self.pipe.load_lora_weights(
                    str(self.fast_lora.parent),
                    weight_name=self.fast_lora.name,
                    adapter_name=ADAPTER,
                    local_files_only=True,
                )
            except Exception as e:
                lines = str(e).strip().splitlines()
                why = lines[0][:300] if lines else type(e).__name__
                raise IllustratorError(f"cannot apply LoRA {self.fast_lora}: {why}") from e
            finally:
                diffusers_logging.set_verbosity(verbosity)
            self._lora_loaded = True
        self.pipe.enable_lora()
        self.pipe.set_adapters([ADAPTER], [1.0])
        return f"{self.fast_lora.parent.name}/{self.fast_lora.name}"


class _Cadence:
    """Which steps get a preview: step 1 (a first look, and the decode's cost), then every k-th,
    k from the measured step and decode times unless `every` fixes it."""

    def __init__(self, every: int | None) -> None:
        self.every = every
        self.k: int | None = every
        self.last = time.perf_counter()
        self.step_seconds: list[float] = []
        self.decode_seconds = 0.0

    def due(self, i: int, n: int) -> bool:
        now = time.perf_counter()
        if i > 1:  # step 1's time holds the prompt encoding; later steps are the UNet alone
            self.step_seconds.append(now - self.last)
        self.last = now
        if i >= n:
            return False
        if i == 1:
            return True
        if self.k is None:
            step = sum(self.step_seconds) / len(self.step_seconds)
            self.k = preview_every(step, self.decode_seconds)
        return i % self.k == 0

    def decoded(self, seconds: float) -> None:
        self.decode_seconds = seconds
        self.last = time.perf_counter()  # the decode is not the step's time


Snapshot = dict[str, tuple[torch.dtype, torch.device]]
COMPONENTS = ("unet", "vae", "text_encoder", "text_encoder_2")


def snapshot(pipe: StableDiffusionXLPipeline) -> Snapshot:
    """Each weighted component's dtype and device before a render."""
    found = ((name, getattr(pipe, name, None)) for name in COMPONENTS)
    return {name: (m.dtype, m.device) for name, m in found if m is not None}


def restore(pipe: StableDiffusionXLPipeline, state: Snapshot, cuda: bool) -> None:
    """Put the pipeline back as `snapshot` saw it after a failed render: offload hooks freed,
    dtypes back, components of a pipeline without hooks back on their device; on CUDA the
    cached blocks the failed render left are handed back."""
    pipe.maybe_free_model_hooks()
    offloaded = bool(getattr(pipe, "_all_hooks", None)) or any(
        hasattr(getattr(pipe, n, None), "_hf_hook") for n in state
    )
    for name, (dtype, device) in state.items():
        module = getattr(pipe, name)
        if module.dtype != dtype:
            module.to(dtype=dtype)
        if not offloaded and module.device != device:
            module.to(device)
    if cuda:
        gc.collect()
        torch.cuda.empty_cache()


def _cancel_check(cancel: Cancel | None) -> Callable[[], bool]:
    if cancel is None:
        return lambda: False
    if isinstance(cancel, threading.Event):
        return cancel.is_set
    if callable(cancel):
        return cancel
    raise TypeError(f"cancel must be a threading.Event or a callable, not {type(cancel).__name__}")
