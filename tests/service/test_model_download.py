"""Catalog downloads against a fake Hub on loopback ($HF_ENDPOINT): progress, a resume after the
server drops the connection, a damaged file caught by its checksum, a gated model without a
token, a cancel, a full disk; a model is only ever visible complete."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from tiny_llama import make_tiny_llama

from storyapp.cli import main
from storyapp.service.catalog import CATALOG, entry
from storyapp.service.model_download import (
    PARTIAL,
    DownloadCancelled,
    DownloadError,
    download_model,
    installed,
)
from storyapp.story.adapter_sets import describe_base
from storyapp.system.paths import models_dir

from .fake_hub import COMMIT, FakeHub, Repo

LLAMA = entry("llama-3.2-1b-instruct")  # gated on the Hub: the fake one serves a tiny model
WEIGHTS = "model.safetensors"
CHUNK = 64 * 1024


@pytest.fixture(scope="module")
def tiny_files(tmp_path_factory) -> Path:
    folder = make_tiny_llama(tmp_path_factory.mktemp("hub") / "tiny")
    (folder / "original").mkdir()
    (folder / "original" / "consolidated.00.pth").write_bytes(b"\0" * 4096)  # never fetched
    return folder


@pytest.fixture(autouse=True)
def _hub_env(monkeypatch, tmp_path) -> None:
    import huggingface_hub.constants as hub

    monkeypatch.setattr(hub, "HF_HUB_OFFLINE", False)  # other tests' conftests set it
    monkeypatch.setattr(hub, "HF_TOKEN_PATH", str(tmp_path / "no-token"))
    monkeypatch.setattr(hub, "DOWNLOAD_CHUNK_SIZE", CHUNK)  # the Hub's 10 MB: the file is 1.4 MB
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.delenv("HUGGING_FACE_HUB_TOKEN", raising=False)
    monkeypatch.setenv("STORYAPP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "home"))


def serve(monkeypatch, tiny_files: Path, **faults) -> FakeHub:
    hub = FakeHub({LLAMA.repo: Repo.from_folder(tiny_files, gated=True, **faults)})
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setenv("HF_TOKEN", "hf_test_token")
    return hub


def test_a_download_reports_progress_and_lands_complete(monkeypatch, tiny_files):
    seen = []
    with serve(monkeypatch, tiny_files) as hub:
        folder = download_model(LLAMA, on_progress=seen.append)
    assert folder == models_dir() / LLAMA.name == installed(LLAMA)
    assert not (models_dir() / PARTIAL / LLAMA.name).exists()
    assert (folder / WEIGHTS).read_bytes() == (tiny_files / WEIGHTS).read_bytes()
    assert not (folder / "original").exists() and not (folder / ".cache").exists()
    done = [p.done for p in seen]
    assert done == sorted(done) and seen[-1].done == seen[-1].total > 1_000_000
    assert seen[-1].rate > 0 and seen[-1].seconds_left == 0
    assert describe_base(str(folder)).names >= {"llama321binstruct"}  # adapters know it by repo
    from storyapp.engine.loader.resolve import resolve

    assert resolve(LLAMA.name) == folder  # `--model llama-3.2-1b-instruct` finds it
    marker = json.loads((folder / "storyapp-model.json").read_text())
    assert marker["repo"] == marker["base"] == LLAMA.repo and marker["revision"] == COMMIT
    assert entry("llama-3.2-1b-instruct-q4").base == LLAMA.repo  # its GGUF's adapters are the same
    gets = len(hub.requests)
    with serve(monkeypatch, tiny_files) as hub:
        assert download_model(LLAMA) == folder  # there already: nothing fetched
        assert hub.requests == [] and gets > 0


def test_a_dropped_connection_resumes_where_it_stopped(monkeypatch, tiny_files):
    with serve(monkeypatch, tiny_files, drop_once={WEIGHTS}) as hub:
        folder = download_model(LLAMA)
    ranges = hub.file_gets(WEIGHTS)
    size = (tiny_files / WEIGHTS).stat().st_size
    resumed_at = size // 2 // CHUNK * CHUNK  # what was written before the cut: whole chunks
    assert ranges == [None, f"bytes={resumed_at}-"]  # the second GET asks for the rest only
    assert (folder / WEIGHTS).read_bytes() == (tiny_files / WEIGHTS).read_bytes()


def test_a_damaged_file_is_caught_by_its_checksum_and_never_used(monkeypatch, tiny_files):
    with serve(monkeypatch, tiny_files, damaged={WEIGHTS}), pytest.raises(DownloadError) as e:
        download_model(LLAMA)
    assert str(e.value).startswith(f"{WEIGHTS}: the downloaded file is damaged (checksum ")
    assert "\n" not in str(e.value)
    assert installed(LLAMA) is None and not (models_dir() / LLAMA.name).exists()
    assert not (models_dir() / PARTIAL / LLAMA.name / WEIGHTS).exists()


def test_a_gated_model_without_a_token_says_how_to_get_one(monkeypatch, tiny_files):
    with serve(monkeypatch, tiny_files) as hub:
        monkeypatch.delenv("HF_TOKEN")
        with pytest.raises(DownloadError) as e:
            download_model(LLAMA)
    message = str(e.value)
    assert message.startswith("Llama 3.2 1B Instruct is gated on the Hugging Face Hub")
    assert LLAMA.page in message and "HF_TOKEN" in message and "settings/tokens" in message
    assert not any("/resolve/" in p for _, p, _ in hub.requests)  # no file was asked for
    assert not (models_dir() / LLAMA.name).exists()


def test_a_wrong_token_names_the_license_page(monkeypatch, tiny_files):
    with serve(monkeypatch, tiny_files):
        monkeypatch.setenv("HF_TOKEN", "hf_someone_else")
        with pytest.raises(DownloadError) as e:
            download_model(LLAMA)
    assert "no access yet" in str(e.value) and LLAMA.page in str(e.value)


def test_a_cancelled_download_leaves_nothing_usable_and_keeps_finished_files(
    monkeypatch, tiny_files
):
    cancel = threading.Event()

    def stop_half_way(p) -> None:
        if p.file == WEIGHTS and p.done > p.total // 2:
            cancel.set()

    with serve(monkeypatch, tiny_files), pytest.raises(DownloadCancelled):
        download_model(LLAMA, on_progress=stop_half_way, cancel=cancel)
    assert installed(LLAMA) is None and not (models_dir() / LLAMA.name).exists()
    with serve(monkeypatch, tiny_files) as hub:
        folder = download_model(LLAMA)
    assert hub.file_gets("config.json") == []  # finished before the cancel: kept
    assert hub.file_gets(WEIGHTS) == [None]  # cut off by the cancel: fetched again
    assert (folder / WEIGHTS).read_bytes() == (tiny_files / WEIGHTS).read_bytes()


def test_a_full_disk_is_one_line_before_anything_is_written(monkeypatch, tiny_files, tmp_path):
    from library.faults import small_disk

    with small_disk(tmp_path / "disk", 512) as disk, serve(monkeypatch, tiny_files):
        with pytest.raises(DownloadError) as e:
            download_model(LLAMA, root=disk)
        assert list(disk.iterdir()) == []
    assert str(e.value).startswith(f"not enough space in {disk}: the download needs ")


def test_models_list_prints_the_catalog_with_sizes_and_needs(capsys):
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    for e in CATALOG:
        assert e.name in out
    line = next(x for x in out.splitlines() if x.startswith("llama-3.1-8b-instruct "))
    assert "16.1 GB" in line and "gated" in line
    assert "Llama 3.1 Community License" in out


def test_models_download_of_an_unknown_name_is_one_line(capsys):
    assert main(["models", "download", "llama-9"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("storyapp: error: unknown model 'llama-9': the catalog has llama-3.1")
    assert "\n" not in err


def test_models_download_from_the_command_line(monkeypatch, tiny_files, capsys):
    with serve(monkeypatch, tiny_files):
        assert main(["models", "download", LLAMA.name]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(models_dir() / LLAMA.name)
    assert "MB/s" in captured.err or "kB/s" in captured.err


def test_sdxl_and_its_vae_land_where_the_app_looks_in_either_order(monkeypatch):
    from storyapp.illustrate.download import CONFIG_FILES, VAE_FIX_DIR, WEIGHT_FILES
    from storyapp.story import Settings
    from storyapp.story.settings import sdxl_source

    sdxl, vae = entry("sdxl-base-1.0"), entry("sdxl-vae-fp16-fix")
    names = [p.replace("*", "vocab.json") for p in CONFIG_FILES + WEIGHT_FILES]
    files = {name: name.encode() * 50 for name in names}  # small stand-ins, checksummed
    vae_files = {"config.json": b"{}", "diffusion_pytorch_model.safetensors": b"v" * 4096}
    hub = FakeHub({sdxl.repo: Repo(files), vae.repo: Repo(vae_files)})
    with hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        assert sdxl_source(Settings()) is None
        vae_folder = download_model(vae)
        assert sdxl_source(Settings()) is None  # the VAE alone is no image model
        folder = download_model(sdxl)
    assert sdxl_source(Settings()) == str(folder) == str(installed(sdxl))
    assert vae_folder == folder / VAE_FIX_DIR and installed(vae) == vae_folder  # kept
    assert (vae_folder / "diffusion_pytorch_model.safetensors").read_bytes() == b"v" * 4096
    assert not any((models_dir() / PARTIAL).iterdir())
