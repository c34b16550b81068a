"""The 'Reuse settings from this picture' command: the shown picture's recorded settings become
the app's settings (its seed locked), for the next picture."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from storyapp.service.app_settings import AppSettings
from storyapp.service.picture_settings import reuse_picture_settings

from .image_view import ImageView


class ReusePictureAction(QAction):
    def __init__(
        self,
        view: ImageView,
        current: Callable[[], AppSettings],
        apply: Callable[[AppSettings], None],
        parent: QWidget,
    ) -> None:
        super().__init__("Reuse settings from this &picture", parent)
        self.setObjectName("reusePictureSettingsAction")
        self.view, self.current, self.apply = view, current, apply
        self.failed: str | None = None  # why the last try took nothing, in one line
        self.triggered.connect(self.reuse)
        self.update()

    def update(self) -> None:
        self.setEnabled(self.view.path is not None)

    def reuse(self) -> None:
        if self.view.path is None:
            return
        try:
            chosen = reuse_picture_settings(self.current(), self.view.path)
        except Exception as e:  # a picture without settings: say so, change nothing
            self.failed = str(e)
            self.setStatusTip(self.failed)
            return
        self.failed = None
        self.apply(chosen)
