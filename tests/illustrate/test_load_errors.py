import json

import pytest
from safetensors.torch import save_file

from storyapp.illustrate import Illustrator, IllustratorError
from storyapp.illustrate import loader as loader_module


def load(source, **kw):
    return Illustrator.load(source, device="cpu", **kw)


def one_line(err: pytest.ExceptionInfo) -> str:
    text = str(err.value)
    assert "\n" not in text
    return text


def test_missing_path(tmp_path):
    with pytest.raises(IllustratorError) as err:
        load(tmp_path / "nowhere")
    assert (
        one_line(err)
        == f"model not found: {tmp_path / 'nowhere'} (expected a diffusers SDXL folder, a .safetensors checkpoint or 'tiny')"
    )


def test_folder_without_model_index(tmp_path):
    with pytest.raises(IllustratorError) as err:
        load(tmp_path)
    assert one_line(err) == f"not a diffusers SDXL folder: {tmp_path} (model_index.json missing)"


def test_folder_of_another_pipeline(tmp_path):
    (tmp_path / "model_index.json").write_text(
        json.dumps({"_class_name": "StableDiffusionPipeline"})
    )
    with pytest.raises(IllustratorError, match="not an SDXL base model: .*StableDiffusionPipeline"):
        load(tmp_path)


def test_incomplete_folder(tmp_path):
    (tmp_path / "model_index.json").write_text(
        json.dumps({"_class_name": "StableDiffusionXLPipeline"})
    )
    for name in ("unet", "vae", "text_encoder", "tokenizer", "tokenizer_2", "scheduler"):
        (tmp_path / name).mkdir()
    with pytest.raises(IllustratorError) as err:
        load(tmp_path)
    assert one_line(err) == f"incomplete SDXL folder: {tmp_path} (text_encoder_2 missing)"
    (tmp_path / "text_encoder_2").mkdir()
    with pytest.raises(IllustratorError, match=r"no unet/\*.safetensors weights"):
        load(tmp_path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "header too small"),
        (b"garbage" * 50, "header too large"),
        (None, "incomplete metadata"),
    ],
)
def test_corrupt_checkpoint(tmp_path, content, reason):
    path = tmp_path / "model.safetensors"
    if content is None:  # a real file cut short, as by an interrupted download
        save_file({"model.diffusion_model.x": __import__("torch").zeros(1000)}, str(path))
        content = path.read_bytes()[:-100]
    path.write_bytes(content)
    with pytest.raises(IllustratorError) as err:
        load(path)
    assert one_line(err).startswith(f"corrupt checkpoint {path}: ")
    assert reason in str(err.value)


def test_checkpoint_of_another_model(tmp_path):
    import torch

    path = tmp_path / "sd15.safetensors"
    keys = ["model.diffusion_model.a", "first_stage_model.b", "cond_stage_model.transformer.c"]
    save_file({k: torch.zeros(1) for k in keys}, str(path))
    with pytest.raises(IllustratorError) as err:
        load(path)
    assert one_line(err).startswith(
        f"not an SDXL base checkpoint: {path} (no CLIP ViT-L text encoder"
    )


def test_pickled_checkpoints_are_refused(tmp_path):
    (tmp_path / "old.ckpt").write_bytes(b"\x80\x04")
    with pytest.raises(
        IllustratorError, match=r"unsupported checkpoint: .*old.ckpt \(expected .safetensors"
    ):
        load(tmp_path / "old.ckpt")
    with pytest.raises(IllustratorError, match="checkpoint not found"):
        load(tmp_path / "gone.safetensors")


def test_single_file_without_configs_says_how_to_get_them(tmp_path, monkeypatch):
    import huggingface_hub.constants
    import torch

    monkeypatch.setattr(loader_module, "default_model_dir", lambda: tmp_path / "none")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    path = tmp_path / "xl.safetensors"
    save_file({k + "w": torch.zeros(1) for k in loader_module.CHECKPOINT_PARTS}, str(path))
    with pytest.raises(IllustratorError) as err:
        load(path)
    assert one_line(err).startswith(f"no SDXL configs for checkpoint {path}: pass config=")


def test_unknown_device():
    with pytest.raises(IllustratorError, match="unknown device 'gpu7'"):
        Illustrator.load("tiny", device="gpu7")
