"""The window's picture-book side: the Book menu (reroll, more pictures, repaint stale pages,
split, delete, export) and the book view's requests, each turned into a BookJob for the worker;
a saved book version shown in the book view. The window starts the jobs and shows the results,
as for any other job."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QImage, QPixmap

from storyapp.library import StoryVersion
from storyapp.service.book_jobs import BookJob, BookJobKind
from storyapp.service.book_saving import book_of
from storyapp.story.book import MIN_PAGES, Book, CastMember

from .dialogs import show_failure

if TYPE_CHECKING:
    from .main_window import MainWindow


class BookControl(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panes = window.panes
        self.view = window.panes.book
        self.book: Book | None = None  # the shown version's book, None for a one-picture story

        def action(text: str, name: str, key: str = "") -> QAction:
            a = QAction(text, window)
            a.setObjectName(name)
            if key:
                a.setShortcut(key)
                a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(a)
            return a

        self.reroll = action("&Reroll this page's picture", "rerollPageAction", "Ctrl+Shift+I")
        self.more = action("&More pictures for this page", "morePicturesAction", "Ctrl+Shift+M")
        self.repaint = action("Repaint &stale pages", "repaintStaleAction", "Ctrl+Shift+P")
        self.split = action("S&plit this page", "splitPageAction")
        self.delete = action("&Delete this page", "deletePageAction")
        menu = window.menuBar().addMenu("&Book")
        menu.setObjectName("bookMenu")
        menu.addActions([self.reroll, self.more, self.repaint])
        menu.addSeparator()
        menu.addActions([self.split, self.delete])
        menu.addSeparator()
        menu.addMenu(window.export_menu)
        help_menu = window.menuBar().actions()[-2]  # Help stays last
        window.menuBar().insertMenu(help_menu, menu)

        v = self.view
        self.reroll.triggered.connect(lambda: self.start("reroll", page=v.current_page()))
        self.more.triggered.connect(lambda: self.start("more", page=v.current_page()))
        self.repaint.triggered.connect(lambda: self.start("repaint"))
        self.split.triggered.connect(self._split_current)
        self.delete.triggered.connect(lambda: self.start("delete", page=v.current_page()))
        v.rerollRequested.connect(lambda i: self.start("reroll", page=i))
        v.morePicturesRequested.connect(lambda i: self.start("more", page=i))
        v.repaintStaleRequested.connect(lambda: self.start("repaint"))
        v.splitRequested.connect(lambda i, at: self.start("split", page=i, at=at))
        v.deleteRequested.connect(lambda i: self.start("delete", page=i))
        v.editSaved.connect(lambda i, text: self.start("edit", page=i, text=text))
        v.candidateChosen.connect(lambda i, k: self.start("choose", page=i, candidate=k))
        v.castEdited.connect(self._cast_edited)
        self._painting: tuple[int, int] | None = None  # the book page being painted, of how many
        window.worker.pageStarted.connect(self.page_started)
        window.worker.imageStep.connect(self.image_step)  # after the status bar's own
        window.worker.preview.connect(self.page_preview)
        window.jobDone.connect(self._job_done)
        self.update(False)

    def start(self, kind: BookJobKind, **fields: Any) -> None:
        """Ask the window to run a job of `kind` on the shown book."""
        w = self.window
        if w.job is not None or self.book is None or w.shown is None:
            return
        page = fields.get("page", 0)
        if not 0 <= page < len(self.book.pages):
            return
        w.start_job(BookJob(kind, w.settings.pipeline(), book=self.book, parent=w.shown, **fields))

    def _split_current(self) -> None:
        i = self.view.current_page()
        if 0 <= i < len(self.view.cards):
            self.start("split", page=i, at=self.view.cards[i].split_at())

    def _cast_edited(self, cast: tuple[CastMember, ...]) -> None:
        self.start("cast", cast=cast)

    def page_started(self, i: int, n: int) -> None:
        self._painting = (i, n)
        self.window.status.show_stage(f"Painting page {i} of {n}…")

    def image_step(self, step: int, steps: int) -> None:
        if self._painting is not None:
            i, n = self._painting
            self.window.status.stage.setText(f"Painting page {i} of {n}: step {step} of {steps}")

    def page_preview(self, step: int, steps: int, picture: QImage) -> None:
        """A repainted page's picture as it forms, on its own page. A new book's pages are not
        in the view yet (it still shows the book before), so their previews are not shown
        there."""
        job = self.window.job
        if self._painting is None or not isinstance(job, BookJob) or job.kind == "book":
            return
        self.view.show_forming(self._painting[0] - 1, QPixmap.fromImage(picture), step, steps)

    def _job_done(self, _version: object) -> None:
        self._painting = None

    def show(self, v: StoryVersion | None) -> bool:
        """Show `v` in the book view when it is a picture book (True), else the one-picture
        panes (False)."""
        book = None
        if v is not None and v.is_book:
            try:
                book = book_of(v)
            except Exception as e:  # a damaged picture: say which, show the story as text
                show_failure(self.window, "library", str(e))
        self.book = book
        self.view.set_book(book)
        self.panes.show_book(book is not None)
        return book is not None

    def update(self, running: bool) -> None:
        """Enable what fits the shown book while no job runs."""
        self.view.set_busy(running)
        has = self.book is not None and not running
        pages = len(self.book.pages) if self.book else 0
        self.reroll.setEnabled(has)
        self.more.setEnabled(has)
        self.split.setEnabled(has)
        self.delete.setEnabled(has and pages > MIN_PAGES)
        self.repaint.setEnabled(has and bool(self.view.stale_pages()))
