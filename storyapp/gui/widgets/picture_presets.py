"""Choices people know for a picture: a size by aspect ratio at SDXL's trained resolutions, and a
named style whose words go around the image prompt."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from storyapp.illustrate.sizes import SIZES
from storyapp.illustrate.styles import STYLES


class AspectCombo(QComboBox):
    """Picking an aspect fills the width and height boxes; 'Custom' leaves them as typed."""

    def __init__(self, width: QSpinBox, height: QSpinBox, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="aspectCombo")
        self.setAccessibleName("Aspect ratio")
        self.width_box, self.height_box = width, height
        self.addItem("Custom", "")
        for aspect, (w, h) in SIZES.items():
            self.addItem(f"{aspect}  ({w}×{h})", f"{w}x{h}")
        self.activated.connect(self._chosen)
        for box in (width, height):
            box.valueChanged.connect(self._typed)

    def chosen_size(self) -> tuple[int, int] | None:
        """The chosen preset's (width, height); None for Custom."""
        data = str(self.currentData() or "")
        if not data:
            return None
        w, h = data.split("x")
        return int(w), int(h)

    def _chosen(self, _index: int) -> None:
        size = self.chosen_size()
        if size is not None:
            self.width_box.setValue(size[0])
            self.height_box.setValue(size[1])

    def _typed(self) -> None:
        """The preset that matches the boxes, else Custom."""
        found = self.findData(f"{self.width_box.value()}x{self.height_box.value()}")
        self.setCurrentIndex(max(found, 0))


class StyleCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="styleCombo")
        self.setAccessibleName("Picture style")
        self.addItem("None", "")
        for name in STYLES:
            self.addItem(name.capitalize(), name)

    def style_name(self) -> str:
        return str(self.currentData() or "")

    def set_style_name(self, name: str) -> None:
        self.setCurrentIndex(max(self.findData(name), 0))
