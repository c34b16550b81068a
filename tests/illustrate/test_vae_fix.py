"""The fp16-fix VAE: found in or beside the model, and fetched by download-sdxl."""

from pathlib import Path

import huggingface_hub

from storyapp.illustrate.download import VAE_FIX_DIR, VAE_FIX_REPO, download_sdxl
from storyapp.illustrate.loader import fp16_fix_vae_dir


def make_vae(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "config.json").write_text("{}")
    (folder / "diffusion_pytorch_model.safetensors").write_bytes(b"")
    return folder


def test_found_inside_the_model_folder(tmp_path):
    model = tmp_path / "sdxl"
    model.mkdir()
    assert fp16_fix_vae_dir(model) is None
    assert fp16_fix_vae_dir(model) is None
    vae = make_vae(model / VAE_FIX_DIR)
    assert fp16_fix_vae_dir(model) == vae


def test_found_beside_a_single_file_checkpoint(tmp_path):
    checkpoint = tmp_path / "sdxl.safetensors"
    checkpoint.write_bytes(b"")
    vae = make_vae(tmp_path / "sdxl-vae-fp16-fix")
    assert fp16_fix_vae_dir(checkpoint) == vae


def test_a_folder_without_weights_is_not_it(tmp_path):
    (tmp_path / VAE_FIX_DIR).mkdir()
    (tmp_path / VAE_FIX_DIR / "config.json").write_text("{}")
    assert fp16_fix_vae_dir(tmp_path) is None


def test_download_offers_the_vae_fix(tmp_path, monkeypatch):
    calls = []

    def fake(repo, local_dir, allow_patterns, tqdm_class):
        calls.append((repo, Path(local_dir)))
        return str(local_dir)

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake)
    download_sdxl(tmp_path)
    assert calls[-1] == (VAE_FIX_REPO, tmp_path / VAE_FIX_DIR)
    calls.clear()
    download_sdxl(tmp_path, vae_fix=False)
    download_sdxl(tmp_path, configs_only=True)
    assert [repo for repo, _ in calls] == ["stabilityai/stable-diffusion-xl-base-1.0"] * 2
