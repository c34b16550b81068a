"""What a running job shows while it runs: the worker's stage, token and step signals turned
into streamed text, the step progress bar and the status bar. Connected to the worker through
this QObject's own methods, so each call is queued to the main thread."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage, QPixmap

from .widgets.image_panel import ImagePanel
from .widgets.premise_box import PremiseBox
from .widgets.status_bar import StatusBar
from .widgets.story_view import StoryView
from .worker import Worker


class LiveView(QObject):
    def __init__(
        self,
        worker: Worker,
        premise: PremiseBox,
        story: StoryView,
        image: ImagePanel,
        status: StatusBar,
    ) -> None:
        super().__init__(status)
        self.premise, self.story, self.image, self.status = premise, story, image, status
        self.steps = 0  # the painting's steps, when known before the first one
        self.preview: tuple[int, int, QPixmap] | None = None  # the running painting's last one
        worker.loading.connect(self.loading)
        worker.started.connect(self.started)
        worker.token.connect(self.token)
        worker.imageStep.connect(self.image_step)
        worker.preview.connect(self.image_preview)
        worker.stageDone.connect(self.stage_done)

    def loading(self, what: str) -> None:
        self.status.show_stage(f"Loading the {what}…")

    def started(self, stage: str, rows: list) -> None:
        self.status.stage_started(stage, rows)
        if "premise" in rows:
            self.premise.clear()
        if "story" in rows:
            self.story.start()
        if "sd_prompt" in rows:
            self.image.set_prompt("")
        if stage == "image":
            self.preview = None
            self.image.start_steps(self.steps)

    def token(self, _stage: str, row: str, text: str) -> None:
        self.status.token(row)
        if row == "premise":
            self.premise.append(text)
        elif row == "story":
            self.story.append_text(text)
        else:
            self.image.append_prompt(text)

    def image_step(self, i: int, n: int) -> None:
        self.image.step(i, n)
        self.status.step(i, n)

    def image_preview(self, i: int, n: int, picture: QImage) -> None:
        """The picture as it forms, in place of the old one until the finished one comes."""
        pixmap = QPixmap.fromImage(picture)
        self.preview = (i, n, pixmap)
        self.image.view.set_pixmap(pixmap)

    def keep_cancelled_preview(self) -> None:
        """After the painting was cancelled and the shown version is back: its last preview,
        marked as cancelled (it is not the version's picture)."""
        if self.preview is not None:
            i, n, pixmap = self.preview
            self.image.show_cancelled_preview(pixmap, i, n)
            self.preview = None

    def stage_done(self, stage: str, seconds: float, count: int, per_s: float) -> None:
        self.status.stage_done(stage, seconds, count, per_s)
        if stage == "image":
            self.preview = None
            self.image.end_steps()
