"""Changes to a saved picture book through the window that need no model: a page edited, the
cast sheet edited, another picture chosen, a page split and deleted, each a new version made by
the worker in the real library; a change the book cannot take is one clear message and nothing
is saved. The window is not shown, so no model loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QMessageBox

from storyapp.gui.main_window import MainWindow
from storyapp.gui.settings_store import SettingsStore
from storyapp.illustrate import ImageRequest, RenderedImage
from storyapp.library import Library
from storyapp.service.book_saving import save_book
from storyapp.story import Settings
from storyapp.story.book import Book, CastMember, Page

WAIT_MS = 20_000
CAST = (
    CastMember("Mira", "a girl of ten, red braids, yellow raincoat"),
    CastMember("Grey", "a huge grey whale with white barnacles"),
)


def picture(shade: int, seed: int) -> RenderedImage:
    request = ImageRequest(f"picture {seed}", width=64, height=64, seed=seed)
    return RenderedImage(Image.new("RGB", (64, 64), (shade, 90, 200)), request, "tiny")


def book() -> Book:
    texts = (
        "Mira climbed the stairs. The lamp was cold.",
        "Grey rose beside the rocks and spoke.",
        "The boat came home at dawn.",
    )
    pages = tuple(
        Page(
            text,
            f"prompt {i}",
            10 + i,
            picture(40 * i, 10 + i),
            candidates=(picture(250, 99),) if i == 0 else (),
        )
        for i, text in enumerate(texts)
    )
    return Book("a keeper and a whale", "premise", "The Keeper", CAST, "watercolour", pages, 7)


@pytest.fixture
def window(qtbot, engines, home: Path, tmp_path: Path):
    story_id, _ = save_book(book(), Settings(), "embedded", "tiny")
    w = MainWindow(SettingsStore(tmp_path / "s.ini"), engines)  # not shown: loads nothing
    qtbot.addWidget(w)
    w.open_story(story_id)
    yield w
    w.worker_thread.stop()


def done(w: MainWindow, qtbot, start) -> object:
    with qtbot.waitSignal(w.jobDone, timeout=WAIT_MS) as got:
        start()
    return got.args[0]


def test_a_saved_book_shows_in_the_book_view(window: MainWindow) -> None:
    w = window
    view = w.panes.book
    assert view.isVisibleTo(w) and not w.story.isVisibleTo(w)
    assert len(view.cards) == 3 and view.cast.cast() == CAST
    assert not w.window_actions.edit_story.isEnabled()  # a book's pages have their own commands
    assert w.book_control.reroll.isEnabled() and not w.book_control.repaint.isEnabled()
    assert w.book_control.delete.isEnabled()  # 3 pages: one may go


def test_edit_then_cast_then_choose_each_a_new_version(window: MainWindow, qtbot) -> None:
    w = window
    view = w.panes.book
    card = view.cards[2]
    card.edit.click()
    card.editor.setPlainText("The boat came home, and Mira waved.")
    v = done(w, qtbot, card.edit.click)
    assert v is not None and v.kind == "page" and w.shown is not None and w.shown.id == v.id
    b = w.book_control.book
    assert b is not None and [p.stale for p in b.pages] == [False, False, True]
    assert view.cards[2].stale.isVisibleTo(view) and w.book_control.repaint.isEnabled()

    view.cast.table.item(1, 1).setText("a small blue whale")
    done(w, qtbot, view.cast.apply.click)
    b = w.book_control.book
    assert b is not None and b.cast[1] == CastMember("Grey", "a small blue whale")
    assert [p.stale for p in b.pages] == [False, True, True]  # Grey is on page 2

    old, other = b.pages[0].image, b.pages[0].candidates[0]
    assert old is not None
    done(w, qtbot, lambda: view.candidateChosen.emit(0, 0))
    b = w.book_control.book
    assert b is not None and b.pages[0].image is not None
    assert b.pages[0].image.image.tobytes() == other.image.tobytes()
    assert b.pages[0].candidates[0].image.tobytes() == old.image.tobytes()
    assert w.versions.list.count() == 4


def test_split_and_delete(window: MainWindow, qtbot) -> None:
    w = window
    view = w.panes.book
    done(w, qtbot, view.cards[0].split.click)
    b = w.book_control.book
    assert b is not None and [p.text for p in b.pages[:2]] == [
        "Mira climbed the stairs.",
        "The lamp was cold.",
    ]
    assert len(view.cards) == 4 and view.page_list.count() == 4
    done(w, qtbot, view.cards[1].delete.click)
    b = w.book_control.book
    assert b is not None and len(b.pages) == 3 and b.pages[1].text.startswith("Grey")


def test_a_change_the_book_cannot_take_is_one_message_and_nothing_is_saved(
    window: MainWindow, qtbot
) -> None:
    w = window
    assert w.shown is not None
    with Library.open() as lib:
        before = len(lib.versions(w.shown.story_id))
    w.book_control.start("cast", cast=(CastMember("Mira", "a"), CastMember("Mira", "b")))
    qtbot.waitUntil(lambda: w.job is None, timeout=WAIT_MS)
    [box] = [b for b in w.findChildren(QMessageBox) if b.isVisible()]
    assert "names a character twice" in box.informativeText()
    assert "Traceback" not in box.informativeText()
    with Library.open() as lib:
        assert len(lib.versions(w.shown.story_id)) == before
    assert w.book_control.book is not None and w.book_control.book.cast == CAST


def test_a_repainted_page_shows_its_picture_as_it_forms(window: MainWindow) -> None:
    from PySide6.QtGui import QImage

    from storyapp.service.book_jobs import BookJob

    w = window
    shown = w.book_control.book
    assert shown is not None and w.shown is not None
    forming = QImage(64, 64, QImage.Format.Format_RGB32)
    forming.fill(0xFF00FF00)
    card = w.book_control.view.cards[1]

    def centre() -> int:
        image = card.picture.pixmap().toImage()
        return image.pixel(image.width() // 2, image.height() // 2)

    before = centre()
    w.job = BookJob("book", w.settings.pipeline(), idea="another", pages=3)
    w.worker.pageStarted.emit(2, 3)
    w.worker.preview.emit(1, 4, forming)
    assert centre() == before  # a new book's page 2 is not this book's page 2

    w.job = BookJob("repaint", w.settings.pipeline(), book=shown, parent=w.shown)
    w.worker.pageStarted.emit(2, 3)
    w.worker.preview.emit(1, 4, forming)
    assert centre() == 0xFF00FF00
    assert card.picture.toolTip() == "Forming: step 1 of 4"
    assert w.book_control.view.cards[0].picture.toolTip() == ""
    w.job = None
