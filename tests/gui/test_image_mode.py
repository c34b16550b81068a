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


def test_aspect_presets_fill_the_size_and_styles_round_trip(qtbot) -> None:
    from storyapp.gui.widgets.picture_presets import AspectCombo, StyleCombo

    dialog = SettingsDialog(small(width=832, height=1216, style="watercolor"))
    qtbot.addWidget(dialog)
    aspect = dialog.findChild(AspectCombo, "aspectCombo")
    style = dialog.findChild(StyleCombo, "styleCombo")
    assert aspect.chosen_size() == (832, 1216)  # the saved size is a preset: shown as one
    assert style.style_name() == "watercolor"
    aspect.setCurrentIndex(aspect.findData("1344x768"))
    aspect.activated.emit(aspect.currentIndex())  # as a user's pick sends it
    style.set_style_name("comic")
    chosen = dialog.settings()
    assert (chosen.width, chosen.height, chosen.style) == (1344, 768, "comic")
    assert chosen.pipeline().illustration.style == "comic"
    odd = SettingsDialog(small(width=64, height=64))
    qtbot.addWidget(odd)
    assert odd.findChild(AspectCombo, "aspectCombo").chosen_size() is None  # Custom
