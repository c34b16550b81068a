"""The download itself needs the internet and is never run here; its progress plumbing is."""

from storyapp.illustrate import default_model_dir
from storyapp.illustrate.download import CONFIG_FILES, WEIGHT_FILES, _progress_bar


def test_progress_reports_bytes_of_the_snapshot_bar_only():
    seen = []
    bar_class = _progress_bar(lambda done, total: seen.append((done, total)))
    files = bar_class(total=3, desc="Fetching 3 files")
    data = bar_class(name="huggingface_hub.snapshot_download", total=0, unit="B")
    data.total = 300  # snapshot_download grows the total as each file starts
    data.update(100)
    files.update(1)
    data.update(200)
    assert seen == [(100, 300), (300, 300)]


def test_fetches_the_fp16_diffusers_layout():
    assert "model_index.json" in CONFIG_FILES
    assert all(".fp16." in f for f in WEIGHT_FILES) and len(WEIGHT_FILES) == 4
    assert default_model_dir().name == "stable-diffusion-xl-base-1.0"
