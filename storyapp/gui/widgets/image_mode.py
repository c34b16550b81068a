"""The picture's mode: Quality (the model's own steps) or Fast (the LCM-LoRA, a few steps)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

MODES = {
    "quality": "Quality (about 30 steps)",
    "fast": "Fast (4 steps, LCM-LoRA)",
}
FAST_TIP = (
    "Fast paints in 4 steps with the LCM-LoRA for SDXL: add it with "
    "`storyapp models download lcm-lora-sdxl`"
)


class ImageModeCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="imageModeCombo")
        self.setAccessibleName("Picture mode")
        self.setToolTip(FAST_TIP)
        for mode, label in MODES.items():
            self.addItem(label, mode)

    def mode(self) -> str:
        return str(self.currentData())

    def set_mode(self, mode: str) -> None:
        self.setCurrentIndex(max(self.findData(mode), 0))
