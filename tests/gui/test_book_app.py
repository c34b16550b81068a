"""A picture book made through the window, on the real default model and the tiny SDXL pipeline:
Pages 4 and Generate, then a page rerolled, a page edited and repainted, more pictures and a
choice, and the book exported. One window for the module (the models load once)."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from storyapp.gui.main_window import MainWindow
from storyapp.gui.settings_store import SettingsStore
from storyapp.gui.widgets.book_page import UNPAINTED_TEXT
from storyapp.library import Library
from storyapp.story.book import MORE_PICTURES

from .conftest import LONG_WAIT_MS, SMALL
from .helpers import Recorder, screenshot

pytestmark = pytest.mark.slow
IDEA = "A lighthouse keeper befriends a talking whale"


@pytest.fixture(scope="module")
def window(qapp, engines, tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("book")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STORYAPP_HOME", str(home / "app"))
        store = SettingsStore(home / "settings.ini")
        store.save(SMALL)
        w = MainWindow(store, engines)
        w.resize(1280, 820)
        w.show()
        yield w
        w.close()


def run(w: MainWindow, qtbot, start) -> object:
    """Start a job with `start()`; the version it saved (failing on a failure dialog)."""
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        start()
        assert w.job is not None
    failures = [b.informativeText() for b in w.findChildren(QMessageBox) if b.isVisible()]
    assert done.args[0] is not None, failures
    return done.args[0]


class Pages(QObject):
    """The worker's page signals and what the status bar said at each step, on the main
    thread."""

    def __init__(self, w: MainWindow) -> None:
        super().__init__()
        self.w, self.started, self.said = w, [], []
        w.worker.pageStarted.connect(self.page)
        w.worker.imageStep.connect(self.step)

    def page(self, i: int, n: int) -> None:
        self.started.append((i, n))

    def step(self, _i: int, _n: int) -> None:
        self.said.append(self.w.status.stage.text())


def pixels(w: MainWindow) -> list[bytes]:
    book = w.book_control.book
    assert book is not None
    return [p.image.image.tobytes() if p.image else b"" for p in book.pages]


def test_make_a_four_page_book(window: MainWindow, qtbot, tmp_path: Path) -> None:
    w = window
    qtbot.waitUntil(lambda: "Ready" in w.status.stage.text(), timeout=LONG_WAIT_MS)
    w.idea.set_idea(IDEA)
    w.idea.pages.setValue(4)
    started = time.perf_counter()
    pages = Pages(w)
    version = run(w, qtbot, w.idea.generate.click)
    print(f"\n4-page book through the app: {time.perf_counter() - started:.1f} s")
    assert version.is_book and len(version.pages) == 4
    book = w.book_control.book
    assert book is not None and len(book.pages) == 4 and book.cast
    assert all(p.image is not None for p in book.pages)
    view = w.panes.book
    assert view.isVisible() and not w.story.isVisible()
    assert len(view.cards) == 4 and view.page_list.count() == 4
    assert all(not c.picture.pixmap().isNull() for c in view.cards)
    assert [c.text.text() for c in view.cards] == [p.text for p in book.pages]
    assert view.cast.table.rowCount() == len(book.cast)
    assert "version 1" in w.status.stage.text()
    assert pages.started == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert "Painting page 4 of 4: step 2 of 2" in pages.said


def test_reroll_changes_that_page_only(window: MainWindow, qtbot) -> None:
    w = window
    before = w.book_control.book
    assert before is not None
    old = pixels(w)
    run(w, qtbot, w.panes.book.cards[1].reroll.click)
    after = w.book_control.book
    assert after is not None and after is not before
    new = pixels(w)
    assert new[1] != old[1] and after.pages[1].seed != before.pages[1].seed
    assert [new[i] for i in (0, 2, 3)] == [old[i] for i in (0, 2, 3)]
    assert after.pages[1].candidates  # the old picture stays beside it
    assert w.versions.list.count() == 2


def test_edit_a_page_then_repaint_only_it(window: MainWindow, qtbot, tmp_path: Path) -> None:
    w = window
    view = w.panes.book
    old = pixels(w)
    card = view.cards[2]
    card.edit.click()
    card.editor.setPlainText("The whale sang, and the fog lifted over the bay.")
    run(w, qtbot, card.edit.click)
    book = w.book_control.book
    assert book is not None
    assert book.pages[2].text == "The whale sang, and the fog lifted over the bay."
    assert [p.stale for p in book.pages] == [False, False, True, False]
    assert view.cards[2].stale.isVisible() and not view.cards[0].stale.isVisible()
    assert pixels(w) == old  # an edit paints nothing
    assert w.book_control.repaint.isEnabled() and view.repaint_stale.isEnabled()
    view.select_page(1)  # the rerolled page with its other picture, then the stale one
    qtbot.wait(50)
    screenshot(w, "storyapp-book", tmp_path)

    run(w, qtbot, view.repaint_stale.click)
    book = w.book_control.book
    assert book is not None and not any(p.stale for p in book.pages)
    new = pixels(w)
    assert new[2] != old[2]
    assert [new[i] for i in (0, 1, 3)] == [old[i] for i in (0, 1, 3)]
    assert not view.repaint_stale.isEnabled()
    assert w.versions.list.count() == 4


def test_more_pictures_then_choose_one(window: MainWindow, qtbot) -> None:
    w = window
    view = w.panes.book
    run(w, qtbot, view.cards[0].more.click)
    book = w.book_control.book
    assert book is not None and len(book.pages[0].candidates) >= MORE_PICTURES
    row = view.cards[0].candidates
    assert row is not None and row.isVisible()
    pick = book.pages[0].candidates[1]
    old = book.pages[0].image
    run(w, qtbot, lambda: view.candidateChosen.emit(0, 1))
    chosen = w.book_control.book
    assert chosen is not None
    assert chosen.pages[0].image is not None and old is not None
    assert chosen.pages[0].image.image.tobytes() == pick.image.tobytes()
    assert any(c.image.tobytes() == old.image.tobytes() for c in chosen.pages[0].candidates)


def export(w: MainWindow, monkeypatch, out: Path, action: str) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    act = next(a for a in w.export_menu.actions() if a.objectName() == action)
    assert act.isEnabled()
    act.trigger()
    assert out.is_file() and str(out) in w.status.stage.text()


def test_export_the_book(window: MainWindow, monkeypatch, tmp_path: Path) -> None:
    w = window
    book = w.book_control.book
    assert book is not None
    export(w, monkeypatch, tmp_path / "book.md", "exportMarkdownAction")
    markdown = (tmp_path / "book.md").read_text()
    assert all(p.text.split()[0] in markdown for p in book.pages)
    assert markdown.count("![") >= len(book.pages)
    export(w, monkeypatch, tmp_path / "book.pdf", "exportPdfAction")
    assert (tmp_path / "book.pdf").read_bytes().startswith(b"%PDF")
    out = tmp_path / "book.epub"
    export(w, monkeypatch, out, "exportEpubAction")
    with zipfile.ZipFile(out) as epub:
        names = epub.namelist()
        text = " ".join(epub.read(n).decode() for n in names if n.endswith((".xhtml", ".html")))
    pictures = [n for n in names if n.endswith((".png", ".jpg", ".jpeg"))]
    assert len(pictures) >= len(book.pages)
    for page in book.pages:
        assert page.text.split()[0] in text
    with Library.open() as lib:
        assert w.shown is not None and lib.get_version(w.shown.id).is_book


def test_cancel_a_new_book_keeps_the_shown_one(window: MainWindow, qtbot) -> None:
    w = window
    shown = w.shown
    assert shown is not None
    with Library.open() as lib:
        before = len(lib.list_stories())
    rec = Recorder(w, on_token=lambda: w.idea.cancel.click() if w.idea.cancel.isEnabled() else None)
    w.idea.set_idea("A fox who collects keys")
    w.idea.pages.setValue(3)
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.idea.generate.click()
    rec.close()
    assert done.args == [None] and rec.tokens >= 1
    assert "nothing was saved" in w.status.stage.text()
    with Library.open() as lib:
        assert len(lib.list_stories()) == before
    assert w.shown is not None and w.shown.id == shown.id
    assert w.panes.book.isVisible() and w.book_control.book is not None


class CancelOnPage(QObject):
    """Clicks Cancel, on the main thread, when page `page` starts painting."""

    def __init__(self, w: MainWindow, page: int) -> None:
        super().__init__()
        self.w, self.page = w, page
        w.worker.pageStarted.connect(self.started)

    def started(self, i: int, _n: int) -> None:
        if i == self.page and self.w.idea.cancel.isEnabled():
            self.w.idea.cancel.click()

    def close(self) -> None:
        self.w.worker.pageStarted.disconnect(self.started)


def test_cancel_while_pages_paint_keeps_a_partial_book(window: MainWindow, qtbot) -> None:
    w = window
    qtbot.waitUntil(lambda: w.job is None, timeout=LONG_WAIT_MS)
    canceller = CancelOnPage(w, 2)
    w.idea.set_idea("An owl who keeps a lighthouse")
    w.idea.pages.setValue(3)
    with qtbot.waitSignal(w.jobDone, timeout=LONG_WAIT_MS) as done:
        w.idea.generate.click()
    canceller.close()
    version = done.args[0]
    assert version is not None and version.is_book and version.partial == "image"
    assert "what was finished is kept as version 1 (partial)" in w.status.stage.text()
    book = w.book_control.book
    assert book is not None and len(book.pages) == 3 and book.title
    assert book.pages[0].image is not None and not book.pages[0].stale
    assert book.pages[2].image is None and book.pages[2].stale  # Repaint stale pages finishes it
    mark = w.panes.book.cards[2].stale
    assert mark.isVisibleTo(w.panes.book) and mark.text() == UNPAINTED_TEXT
