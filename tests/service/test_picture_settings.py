import pytest
from PIL import Image

from storyapp.illustrate import write_png
from storyapp.service.app_settings import AppSettings
from storyapp.service.picture_settings import reuse_picture_settings
from storyapp.story import StoryError


def test_a_pictures_settings_become_the_apps(tmp_path):
    meta = {
        "prompt": "comic book panel of a fox",
        "negative_prompt": "blurry",
        "width": 1216,
        "height": 832,
        "steps": 4,
        "guidance": 1.0,
        "scheduler": "lcm",
        "seed": 99,
        "mode": "fast",
        "style": "comic",
        "model": "tiny",
    }
    png = write_png(tmp_path / "p.png", Image.new("RGB", (8, 8)), meta)
    s = reuse_picture_settings(AppSettings(max_tokens=50, seed=3), png)
    assert (s.width, s.height, s.steps, s.guidance, s.scheduler) == (1216, 832, 4, 1.0, "lcm")
    assert (s.image_mode, s.style, s.image_seed, s.negative_prompt) == (
        "fast",
        "comic",
        99,
        "blurry",
    )
    assert (s.max_tokens, s.seed) == (50, 3)  # the rest as it was
    image = s.pipeline().illustration
    assert (image.mode, image.style, image.seed) == ("fast", "comic", 99)


def test_a_picture_without_settings_is_one_line(tmp_path):
    png = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(png)
    with pytest.raises(StoryError, match="no settings to reuse"):
        reuse_picture_settings(AppSettings(), png)
