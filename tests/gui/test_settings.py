"""Settings and window state survive a restart."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication

from storyapp.gui.settings_store import SettingsStore
from storyapp.service.app_settings import AppSettings

from .conftest import SMALL


def test_store_round_trip(tmp_path) -> None:
    s = replace(
        SMALL,
        adapters=[("noir", "/adapters/noir"), ("haiku", "/adapters/haiku")],
        story_adapter="/adapters/noir",
        temperature=1.1,
        seed=None,
        negative_prompt="blurry",
        image=False,
        appearance="dark",
    )
    SettingsStore(tmp_path / "a.ini").save(s)
    assert SettingsStore(tmp_path / "a.ini").load() == s
    assert SettingsStore(tmp_path / "new.ini").load() == AppSettings()
    pipeline = s.pipeline()
    assert pipeline.story_adapter == "/adapters/noir" and pipeline.prompt_adapter is None
    assert pipeline.story.max_tokens == s.max_tokens and pipeline.premise.max_tokens <= 16


@pytest.mark.slow
def test_settings_and_geometry_survive_restart(make_window, tmp_path, qtbot) -> None:
    from storyapp.gui.theme import apply_theme, is_dark

    ini = tmp_path / "settings.ini"
    w = make_window(SMALL, ini)
    dialog = w.open_settings()
    dialog.temperature.setValue(1.15)
    dialog.top_p.setValue(0.8)
    dialog.max_tokens.setValue(24)
    dialog.random_seed.setChecked(False)
    dialog.seed.setValue(4242)
    dialog.adapters.add("noir", str(tmp_path / "noir"))
    dialog.guidance.setValue(4.5)
    dialog.negative.setPlainText("soft focus")
    dialog.appearance.setCurrentIndex(dialog.appearance.findData("dark"))
    dialog.accept()
    assert is_dark(QApplication.instance().property("storyappAppearance"))
    assert w.story.palette().base().color().lightness() < 80  # repainted dark, at once
    w.premise.set_expanded(False)
    w.resize(760, 700)  # within the offscreen screen (800 x 800)
    w.close()

    w2 = make_window(None, ini)  # a restart: nothing but the ini file carries over
    try:
        assert (w2.width(), w2.height()) == (760, 700)
        assert not w2.premise.is_expanded() and not w2.premise.view.isVisible()
        s = w2.settings
        assert (s.temperature, s.top_p, s.max_tokens, s.seed) == (1.15, 0.8, 24, 4242)
        assert s.adapters == [("noir", str(tmp_path / "noir"))] and s.story_adapter == ""
        assert (s.guidance, s.negative_prompt, s.appearance) == (4.5, "soft focus", "dark")
        assert s.sdxl == "tiny"
        again = w2.open_settings()
        assert again.temperature.value() == 1.15 and again.seed.value() == 4242
        assert again.adapters.adapters() == s.adapters
        again.reject()
    finally:
        apply_theme(QApplication.instance(), "light")


def test_http_backend_settings(make_window, tmp_path, qtbot) -> None:

    ini = tmp_path / "settings.ini"
    w = make_window(SMALL, ini)
    dialog = w.open_settings()
    assert not dialog.base_url.isEnabled() and not dialog.flavor.isEnabled()
    dialog.backend.setCurrentIndex(dialog.backend.findData("openai_http"))
    assert dialog.base_url.isEnabled() and dialog.flavor.isEnabled()
    dialog.base_url.setText(" http://127.0.0.1:8000/v1 ")
    dialog.flavor.setCurrentIndex(dialog.flavor.findData("trtllm"))
    dialog.accept()
    w.close()

    s = make_window(None, ini).settings
    assert (s.backend, s.base_url, s.flavor) == (
        "openai_http",
        "http://127.0.0.1:8000/v1",
        "trtllm",
    )
    pipeline = s.pipeline()
    assert (pipeline.backend, pipeline.base_url, pipeline.flavor) == (
        "openai_http",
        "http://127.0.0.1:8000/v1",
        "trtllm",
    )
