"""A picture scaled to fit its box, keeping its shape; a placeholder when there is none."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QWidget


class ImageView(QFrame):
    def __init__(self, parent: QWidget | None = None, placeholder: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("imageView")
        self.setAccessibleName("Illustration")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 200)
        self.placeholder = placeholder or "The illustration appears here."
        self._pixmap = QPixmap()
        self._scaled = QPixmap()
        self.path: Path | None = None  # the file shown, if any

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    def pixmap(self) -> QPixmap:
        return self._pixmap

    def set_image(self, path: str | Path | None) -> None:
        self._pixmap = QPixmap(str(path)) if path else QPixmap()
        self.path = Path(path) if path and not self._pixmap.isNull() else None
        name = Path(path).name if path else ""
        self.setAccessibleDescription("" if self._pixmap.isNull() else f"Picture {name}")
        self._rescale()

    def set_pixmap(self, pixmap: QPixmap) -> None:
        self._pixmap = pixmap
        self.path = None
        self._rescale()

    def clear(self) -> None:
        self.set_image(None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._pixmap.isNull():
            self._scaled = QPixmap()
        else:
            box = self.contentsRect().size() * self.devicePixelRatioF()
            self._scaled = self._pixmap.scaled(
                box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            self._scaled.setDevicePixelRatio(self.devicePixelRatioF())
        self.update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.contentsRect()
        if self._scaled.isNull():
            side = min(rect.width(), rect.height()) - 2
            square = QRectF(rect.x() + (rect.width() - side) / 2, rect.y() + 1, side, side)
            pen = QPen(self.palette().mid().color(), 1.2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(self.palette().base())
            painter.drawRoundedRect(square, 8, 8)
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                square.adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.placeholder,
            )
            return
        size = self._scaled.deviceIndependentSize()
        x = rect.x() + (rect.width() - size.width()) / 2
        target = QRectF(x, rect.y(), size.width(), size.height())
        clip = QPainterPath()
        clip.addRoundedRect(target, 8, 8)
        painter.setClipPath(clip)
        painter.drawPixmap(target.topLeft(), self._scaled)
