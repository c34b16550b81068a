"""A render's preview (a PIL picture made in the worker thread) as a QImage, which, unlike a
QPixmap, may be made outside the GUI thread and sent through a signal."""

from __future__ import annotations

from PIL.Image import Image
from PySide6.QtGui import QImage


def qimage_from_pil(picture: Image) -> QImage:
    rgb = picture.convert("RGB")
    data = rgb.tobytes()
    image = QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888)
    return image.copy()  # the QImage above only borrows `data`
