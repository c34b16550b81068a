"""The Models dialog and the training dialog in a real Qt window (offscreen): the catalog with a
recommendation for this machine, a download from a fake Hub with progress and Cancel, and
training adapters for a tiny model with an estimate first, progress, and Cancel."""

from __future__ import annotations

import pytest
from service.fake_hub import FakeHub, Repo

from storyapp.service.catalog import CATALOG, entry
from storyapp.service.model_download import installed

pytest.importorskip("pytestqt")
LLAMA = entry("llama-3.2-1b-instruct")


@pytest.fixture(autouse=True)
def _private(monkeypatch, tmp_path) -> None:
    import huggingface_hub.constants as hub

    monkeypatch.setattr(hub, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(hub, "DOWNLOAD_CHUNK_SIZE", 64 * 1024)
    monkeypatch.setenv("HF_TOKEN", "hf_test_token")
    monkeypatch.setenv("STORYAPP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("STORYAPP_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("STORYAPP_SIMULATE_GPU", raising=False)


def test_the_catalog_recommends_for_this_machine(qtbot, monkeypatch):
    from storyapp.gui.models_dialog import ModelsDialog

    dialog = ModelsDialog()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(CATALOG)
    assert dialog.machine.text().startswith("This machine: CPU only, ")
    assert dialog.table.selected_entry() == dialog.recommended
    assert dialog.recommended.name.endswith("-q4") and dialog.recommended.size < 2e9
    monkeypatch.setenv("STORYAPP_SIMULATE_GPU", "12GB")
    bigger = ModelsDialog()
    qtbot.addWidget(bigger)
    assert "12 GB card (simulated)" in bigger.machine.text()
    assert bigger.recommended.name == "llama-3.1-8b-instruct-q4"
    assert "(recommended)" in bigger.table.item(CATALOG.index(bigger.recommended), 0).text()


def test_download_with_progress_then_ready(qtbot, tiny, monkeypatch):
    from storyapp.gui.models_dialog import ModelsDialog

    with FakeHub({LLAMA.repo: Repo.from_folder(tiny, gated=True)}) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        dialog = ModelsDialog()
        qtbot.addWidget(dialog)
        dialog.table.select(LLAMA.name)
        with qtbot.waitSignal(dialog.downloaded, timeout=60_000) as ready:
            dialog.download_button.click()
            assert dialog.cancel_button.isEnabled() and not dialog.download_button.isEnabled()
    assert ready.args == [LLAMA.name, str(installed(LLAMA))]
    assert dialog.bar.value() == 1000 and dialog.status.text().endswith(
        " is ready in " + ready.args[1] + "."
    )
    row = CATALOG.index(LLAMA)
    assert dialog.table.item(row, 6).text() == "downloaded"


def test_cancel_stops_a_download_and_leaves_no_model(qtbot, tiny, monkeypatch):
    from storyapp.gui.models_dialog import ModelsDialog

    with FakeHub({LLAMA.repo: Repo.from_folder(tiny, gated=True)}) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        dialog = ModelsDialog()
        qtbot.addWidget(dialog)
        dialog.table.select(LLAMA.name)
        dialog.start_download()
        dialog.cancel_event.set()  # before the first chunk arrives: the download stops there
        with qtbot.waitSignal(dialog.failed, timeout=60_000) as failed:
            dialog.cancel_download()
    assert failed.args[0].startswith("download cancelled")
    assert installed(LLAMA) is None and dialog.download_button.isEnabled()


@pytest.mark.slow
def test_training_dialog_estimates_trains_and_can_be_cancelled(qtbot, tiny):
    from storyapp.gui.models_training_dialog import TrainingDialog
    from storyapp.story import Settings
    from storyapp.story.adapter_sets import adapters_for

    dialog = TrainingDialog(str(tiny), "cpu", max_steps=2, eval_ideas=1, eval_max_tokens=4)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.start_button.isEnabled, timeout=60_000)
    assert dialog.estimate.text().startswith("tiny-llama: float32 LoRA on the cpu: rank 16")
    assert "min" in dialog.estimate.text()
    with qtbot.waitSignal(dialog.stopped, timeout=120_000) as stopped:
        dialog.start_button.click()
        dialog.cancel_button.click()
    assert stopped.args[0] == "Stopped at step 1 of 2. Start continues from there."
    assert adapters_for(Settings(model=str(tiny)))["story-writer"].path is None
    with qtbot.waitSignal(dialog.finished_training, timeout=120_000) as done:
        dialog.start_button.click()
    assert set(done.args[0]) == {"story-writer", "sd-prompt-writer"}
    assert dialog.bar.value() == 1000 and dialog.status.text().startswith("Done: story-writer in ")
    assert (
        adapters_for(Settings(model=str(tiny)))["story-writer"].path == done.args[0]["story-writer"]
    )


def test_a_base_too_large_is_said_in_the_dialog(qtbot, tmp_path):
    import json

    from storyapp.gui.models_training_dialog import TrainingDialog

    folder = tmp_path / "big"
    folder.mkdir()
    config = {"architectures": ["LlamaForCausalLM"], "vocab_size": 128256, "hidden_size": 4096,
              "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
              "num_key_value_heads": 8}  # fmt: skip
    (folder / "config.json").write_text(json.dumps(config))
    dialog = TrainingDialog(str(folder), "cpu")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "too large" in dialog.estimate.text(), timeout=30_000)
    assert not dialog.start_button.isEnabled()


def test_first_run_offers_the_catalog_once():
    from storyapp.gui.models_dialog import first_run_wanted

    assert first_run_wanted("default", offered=False)
    assert not first_run_wanted("default", offered=True)
    assert not first_run_wanted("/models/llama", offered=False)


def test_the_window_offers_the_catalog_on_the_first_run_and_in_its_menu(qtbot, tmp_path):
    from storyapp.gui.main_window import MainWindow
    from storyapp.gui.models_dialog import ModelsDialog, offer_on_first_run
    from storyapp.gui.settings_store import SettingsStore

    window = MainWindow(SettingsStore(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    first = offer_on_first_run(window)
    assert isinstance(first, ModelsDialog) and first.isVisible()
    assert offer_on_first_run(window) is None  # once
    first.close()
    action = next(
        a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "Models…"
    )
    action.trigger()
    shown = [d for d in window.findChildren(ModelsDialog) if d.isVisible()]
    assert len(shown) == 1 and shown[0] is not first
    shown[0].close()
    window.close()
