"""The samplers a request can name, built from the model's own scheduler config so its training
schedule (betas, timestep spacing, prediction type) is kept."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diffusers import (
    DPMSolverMultistepScheduler,
    EulerAncestralDiscreteScheduler,
    EulerDiscreteScheduler,
    LCMScheduler,
)
from diffusers.schedulers.scheduling_utils import SchedulerMixin


def make_scheduler(name: str, config: Mapping[str, Any]) -> SchedulerMixin:
    """A fresh scheduler per render: no step state can leak from one render (or a cancelled
    one) into the next."""
    if name == "euler_a":
        return EulerAncestralDiscreteScheduler.from_config(config)
    if name == "dpmpp_2m_karras":
        return DPMSolverMultistepScheduler.from_config(
            config, algorithm_type="dpmsolver++", solver_order=2, use_karras_sigmas=True
        )
    if name == "euler_a_trailing":  # SDXL-Turbo's, whatever spacing the checkpoint's config says
        return EulerAncestralDiscreteScheduler.from_config(config, timestep_spacing="trailing")
    if name == "euler_trailing":  # SDXL-Lightning's
        return EulerDiscreteScheduler.from_config(config, timestep_spacing="trailing")
    if name == "lcm":  # fast mode's: the LCM-LoRA was distilled for it
        return LCMScheduler.from_config(config)
    raise ValueError(f"unknown scheduler {name!r}")
