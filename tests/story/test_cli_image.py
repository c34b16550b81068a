"""`storyapp generate` with the picture flags: previews written as the picture forms, fast mode
recorded so the picture is remade bit for bit, and bad picture input refused in one line."""

import json
import os
import subprocess

import numpy as np
import pytest
from PIL import Image

from storyapp.illustrate import Illustrator, ImageRequest, read_png_meta
from storyapp.illustrate.tiny import (
    build_tiny_lcm_lora,
    build_tiny_pipeline,
    build_tiny_preview_vae,
)

from .conftest import storyapp_bin

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extras(tmp_path_factory):
    """A tiny random TAESD folder and LCM-LoRA file that fit the tiny SDXL."""
    root = tmp_path_factory.mktemp("extras")
    build_tiny_preview_vae().save_pretrained(root / "taesdxl")
    lora = build_tiny_lcm_lora(build_tiny_pipeline(), root / "lcm-lora-sdxl")
    return root / "taesdxl", lora


def _generate(tmp_path, *flags):
    args = [storyapp_bin(), "generate", "A fox who keeps a lighthouse", "--sdxl", "tiny",
            "--max-tokens", "8", "--no-save", *flags]  # fmt: skip
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "STORYAPP_HOME": str(tmp_path / "home")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    return subprocess.run(
        list(map(str, args)), capture_output=True, text=True, env=env, timeout=600
    )


def test_previews_and_fast_mode_remade_bit_for_bit(tmp_path, extras):
    taesd, lora = extras
    out, previews = tmp_path / "out", tmp_path / "previews"
    done = _generate(
        tmp_path, "--out", out, "--json", "--seed", "5", "--size", "64x64", "--steps", "4",
        "--image-mode", "fast", "--style", "comic", "--previews", previews,
        "--preview-decoder", taesd, "--fast-lora", lora,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in previews.iterdir())
    assert written and written[0] == "step-001.png" and "step-004.png" not in written
    with Image.open(previews / "step-001.png") as first:
        assert first.size == (64, 64)

    record = json.loads(done.stdout)
    assert record["settings"]["illustration"]["mode"] == "fast"
    meta = read_png_meta(out / "illustration.png")
    assert meta == record["image"]
    assert (meta["mode"], meta["scheduler"], meta["steps"], meta["guidance"]) == (
        "fast", "lcm", 4, 1.0,
    )  # fmt: skip
    assert meta["style"] == "comic" and meta["prompt"].startswith("comic book panel of")

    again = Illustrator.load("tiny", device="cpu", fast_lora=lora).render(
        ImageRequest.from_metadata(meta)
    )
    with Image.open(out / "illustration.png") as saved:
        assert np.array_equal(np.asarray(saved.convert("RGB")), np.asarray(again.image))


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        (["--steps", "0"], "steps must be an integer from 1"),
        (["--size", "100x64"], "width must be a multiple of 64"),
        (["--fast-lora", "BAD"], "not a LoRA file"),
        (["--preview-decoder", "BAD"], "not a TAESD XL folder"),
    ],
)
def test_bad_picture_input_is_one_line_and_nothing_is_made(tmp_path, flags, says):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "config.json").write_text(json.dumps({"_class_name": "UNet2DConditionModel"}))
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"\x00" * 32)
    flags = [str(junk) if f == "BAD" and flags[0] == "--fast-lora" else f for f in flags]
    flags = [str(bad) if f == "BAD" else f for f in flags]
    out = tmp_path / "out"
    done = _generate(tmp_path, "--out", out, *flags)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], done.stderr
    assert not out.exists() or not any(out.iterdir())
