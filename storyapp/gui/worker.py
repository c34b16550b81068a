"""The worker: a QObject living in its own QThread that loads the models and runs jobs on the
Qt-free pipeline. Everything it has to say reaches the widgets through its signals (queued to
the main thread); nothing here touches a widget. Cancel is the job's threading.Event, set
straight from the main thread so it is seen within a step even while a job is running.

Connect these signals to methods of QObjects that live in the main thread, never to lambdas or
plain functions: PySide calls those in the emitting thread, that is, in the worker."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThread, Signal, Slot

from storyapp.library import LibraryError
from storyapp.service.book_jobs import BookJob, run_book_job
from storyapp.service.engines import Engines
from storyapp.service.jobs import Job, run_job
from storyapp.service.logs import log_path
from storyapp.story import (
    Cancelled,
    Event,
    Failed,
    ImageStep,
    Notice,
    Preview,
    Settings,
    StageDone,
    StageStarted,
    StoryCancelled,
    StoryError,
    Token,
    VersionSaved,
)
from storyapp.story.events import PageStarted

from .widgets.preview_image import qimage_from_pil

log = logging.getLogger(__name__)


class Worker(QObject):
    loading = Signal(str)  # what is being loaded: "language model" or "image model"
    ready = Signal(str)  # the text model's name: loaded and idle
    imageModel = Signal(str, str)  # state ('ready', 'none', 'off', 'error'), detail
    started = Signal(str, list)  # stage, rows it writes
    token = Signal(str, str, str)  # stage, row, new text
    imageStep = Signal(int, int)  # steps done, steps in all
    preview = Signal(int, int, object)  # step, steps in all, the picture so far (a QImage)
    stageDone = Signal(str, float, int, float)  # stage, seconds, tokens (or steps), per second
    notice = Signal(str)
    failed = Signal(str, str)  # what failed (a stage, 'load', 'image model', 'save'), message
    cancelled = Signal(str)  # the stage that stopped
    versionSaved = Signal(int, int)  # story id, version id
    pageStarted = Signal(int, int)  # a picture book's page i (1-based) of n starts painting
    finished = Signal(object)  # the saved StoryVersion, or None (failed or cancelled)

    _prepareRequested = Signal(object)
    _runRequested = Signal(object)

    def __init__(self, engines: Engines | None = None) -> None:
        super().__init__()
        self.engines = engines or Engines()
        self._reported = False
        self._prepareRequested.connect(self._prepare)
        self._runRequested.connect(self._run)

    # Called from the main thread: queued to the worker's thread.
    def prepare(self, settings: Settings) -> None:
        """Load what `settings` need (in the background), so the first Generate starts at once."""
        self._prepareRequested.emit(settings)

    def submit(self, job: Job | BookJob) -> None:
        self._runRequested.emit(job)

    @Slot(object)
    def _prepare(self, settings: Settings) -> None:
        self._load(settings)

    @Slot(object)
    def _run(self, job: Job | BookJob) -> None:
        saved = None
        self._reported = False
        try:
            if job.cancel.is_set():
                raise StoryCancelled("premise" if job.kind in ("full", "book") else job.kind)
            if isinstance(job, BookJob) and not job.needs_models:  # a change of pages: no model
                saved = run_book_job(job, None, self._on_event)
            elif self._load(job.settings):  # a load failure has been reported already
                if isinstance(job, BookJob):
                    saved = run_book_job(job, self.engines, self._on_event)
                else:
                    saved = run_job(job, self.engines, self._on_event)
        except StoryCancelled as e:
            if not self._reported:
                self.cancelled.emit(e.stage)
        except StoryError as e:
            if not self._reported:
                self.failed.emit(e.stage, str(e))
        except LibraryError as e:
            self.failed.emit("save", f"the result could not be saved: {e}")
        except Exception as e:  # the app carries on; the message says what went wrong
            log.exception("job failed")
            self.failed.emit(job.kind, f"{type(e).__name__}: {e} (details in {log_path()})")
        self.finished.emit(saved)

    def _load(self, settings: Settings) -> bool:
        """Load the text backend and the illustrator if needed; False when the text backend
        could not be loaded (the failure was reported). An image model that fails to load is
        reported and the text goes on alone."""
        e = self.engines
        try:
            if not e.text_loaded(settings):
                self.loading.emit("language model")
                e.text(settings)
                if e.text_notice:
                    self.notice.emit(e.text_notice)
        except Exception as err:
            self.failed.emit("load", str(err))
            return False
        if not e.image_loaded(settings):
            self.loading.emit("image model")
            try:
                e.image(settings)
            except Exception as err:
                self.failed.emit("image model", str(err))
        self._image_state(settings)
        self.ready.emit(e.backend.model if e.backend else "")
        return True

    def _image_state(self, settings: Settings) -> None:
        e = self.engines
        if not settings.image:
            self.imageModel.emit("off", "")
        elif e.illustrator is not None:
            self.imageModel.emit("ready", e.illustrator.model)
        elif e.image_error:
            self.imageModel.emit("error", e.image_error)
        else:
            self.imageModel.emit("none", "")

    def _on_event(self, ev: Event) -> None:
        if isinstance(ev, Token):
            self.token.emit(ev.stage, ev.row, ev.text)
        elif isinstance(ev, ImageStep):
            self.imageStep.emit(ev.i, ev.n)
        elif isinstance(ev, Preview):
            self.preview.emit(ev.i, ev.n, qimage_from_pil(ev.image))
        elif isinstance(ev, StageStarted):
            self.started.emit(ev.stage, list(ev.rows))
        elif isinstance(ev, StageDone):
            self.stageDone.emit(ev.stage, ev.seconds, ev.tokens, ev.tokens_per_s)
        elif isinstance(ev, Notice):
            self.notice.emit(ev.message)
        elif isinstance(ev, Failed):
            self._reported = True
            self.failed.emit(ev.stage, ev.message)
        elif isinstance(ev, Cancelled):
            self._reported = True
            self.cancelled.emit(ev.stage)
        elif isinstance(ev, VersionSaved):
            self.versionSaved.emit(ev.story_id, ev.version_id)
        elif isinstance(ev, PageStarted):
            self.pageStarted.emit(ev.i, ev.n)


class WorkerThread:
    """A Worker in its own QThread, started at once; stop() waits for the running job to end
    (cancel it first)."""

    def __init__(self, engines: Engines | None = None) -> None:
        self.thread = QThread()
        self.thread.setObjectName("storyappWorker")
        self.worker = Worker(engines)
        self.worker.moveToThread(self.thread)
        self.thread.start()

    def stop(self) -> None:
        self.thread.quit()
        self.thread.wait()
