"""The Quality / Fast choice in Settings, Pictures: kept in the settings, given to the
pipeline with live previews on."""

from __future__ import annotations

from storyapp.gui.settings_dialog import SettingsDialog
from storyapp.gui.widgets.image_mode import ImageModeCombo

from .conftest import small


def test_picture_mode_round_trips_into_the_pipeline(qtbot) -> None:
    dialog = SettingsDialog(small(image_mode="fast"))
    qtbot.addWidget(dialog)
    combo = dialog.findChild(ImageModeCombo, "imageModeCombo")
    assert combo is not None and combo.mode() == "fast"
    chosen = dialog.settings()
    assert chosen.image_mode == "fast"
    illustration = chosen.pipeline().illustration
    assert illustration.mode == "fast" and illustration.previews
    combo.set_mode("quality")
    assert dialog.settings().pipeline().illustration.mode == "quality"
    combo.set_mode("no such mode")  # an old or hand-edited settings file: the first choice
    assert combo.mode() == "quality"
