import json
import os
import stat

import pytest
from PIL import Image, PngImagePlugin

from storyapp.illustrate import IllustratorError, read_png_meta, write_png
from storyapp.illustrate.png_meta import png_bytes

META = {
    "prompt": "a lighthouse keeper, a talking whale",
    "negative_prompt": "blurry",
    "seed": 1234567890123,
    "steps": 30,
    "guidance": 6.5,
    "width": 64,
    "height": 32,
    "scheduler": "euler_a",
    "model": "tiny",
}


def image() -> Image.Image:
    return Image.new("RGB", (64, 32), (200, 120, 40))


def test_round_trip_with_typed_values(tmp_path):
    path = write_png(tmp_path / "a.png", image(), META)
    assert read_png_meta(path) == META
    with Image.open(path) as im:
        assert im.size == (64, 32) and im.format == "PNG"
        assert im.text["seed"] == "1234567890123" and im.text["guidance"] == "6.5"
        assert json.loads(im.text["storyapp"])["prompt"] == META["prompt"]


def test_bytes_in_memory_are_the_bytes_written(tmp_path):
    assert png_bytes(image(), META) == write_png(tmp_path / "a.png", image(), META).read_bytes()


def test_plain_fields_are_text_chunks(tmp_path):
    data = write_png(tmp_path / "a.png", image(), META).read_bytes()
    for key in [*META, "storyapp"]:
        assert b"tEXt" + key.encode() + b"\0" in data


def test_non_latin_prompt_survives(tmp_path):
    meta = {**META, "prompt": "灯台守と話すクジラ, 🐋"}
    assert read_png_meta(write_png(tmp_path / "a.png", image(), meta))["prompt"] == meta["prompt"]


def test_reads_plain_text_chunks_of_other_tools(tmp_path):
    info = PngImagePlugin.PngInfo()
    info.add_text("prompt", "a whale")
    info.add_text("seed", "42")
    info.add_text("Software", "elsewhere")
    image().save(tmp_path / "b.png", pnginfo=info)
    assert read_png_meta(tmp_path / "b.png") == {"prompt": "a whale", "seed": 42}
    image().save(tmp_path / "c.png")
    assert read_png_meta(tmp_path / "c.png") == {}


def test_atomic_write_leaves_no_temp_files(tmp_path):
    path = tmp_path / "a.png"
    write_png(path, image(), META)
    os.chmod(path, 0o640)
    write_png(path, image(), {**META, "seed": 7})
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]
    assert read_png_meta(path)["seed"] == 7
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_failed_write_keeps_the_old_file(tmp_path):
    path = write_png(tmp_path / "a.png", image(), META)
    with pytest.raises(OSError):
        write_png(path, Image.new("I;16", (4, 4)).convert("CMYK"), META)  # PNG has no CMYK
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]
    assert read_png_meta(path) == META


def test_unreadable_files_are_named(tmp_path):
    (tmp_path / "x.png").write_bytes(b"not a png")
    with pytest.raises(IllustratorError, match="not a readable image: .*x.png"):
        read_png_meta(tmp_path / "x.png")
    with pytest.raises(IllustratorError, match="image not found"):
        read_png_meta(tmp_path / "missing.png")
