"""The book view on a Book made here (small real pictures): pages with picture and text, the page
list with thumbnails, the stale mark, the candidates with Choose, page commands, the cast sheet
editor, and the Pages setting beside Generate. No model runs."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from storyapp.gui.widgets.book_page import STALE_TEXT, middle_break
from storyapp.gui.widgets.book_view import BookView
from storyapp.gui.widgets.idea_box import IdeaBox
from storyapp.illustrate import ImageRequest, RenderedImage
from storyapp.story.book import MAX_PAGES, MIN_PAGES, Book, CastMember, Page

TEXTS = (
    "Mira climbed the lighthouse stairs at dusk. The lamp was cold.",
    "A grey whale rose beside the rocks and spoke her name.",
    "Together they followed the lost boat through the fog.",
    "At dawn the boat was home, and Mira lit the lamp again.",
)
CAST = (
    CastMember("Mira", "a girl of ten, red braids, yellow raincoat"),
    CastMember("Old Grey", "a huge grey whale with white barnacles"),
)


def picture(color: tuple[int, int, int], seed: int) -> RenderedImage:
    request = ImageRequest("a page", width=64, height=64, seed=seed)
    return RenderedImage(Image.new("RGB", (64, 64), color), request, "tiny")


def book(stale: int = 2) -> Book:
    pages = tuple(
        Page(
            text,
            f"prompt {i}",
            100 + i,
            picture((40 * i, 90, 200), i),
            stale=i == stale,
            candidates=(picture((200, 0, 0), 9), picture((0, 200, 0), 10)) if i == 1 else (),
        )
        for i, text in enumerate(TEXTS)
    )
    return Book("idea", "premise", "The Keeper", CAST, "soft watercolour", pages, 7)


def make_view(qtbot, b: Book | None = None) -> BookView:
    view = BookView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.set_book(b or book())
    view.show()
    return view


def test_pages_in_order_with_thumbnails_and_the_stale_mark(qtbot) -> None:
    view = make_view(qtbot)
    assert [c.page.text for c in view.cards] == list(TEXTS)
    assert view.page_list.count() == 4
    assert all(not view.page_list.item(i).icon().isNull() for i in range(4))
    for i, card in enumerate(view.cards):
        assert card.picture.pixmap().width() > 0  # picture, then text
        assert card.text.text() == TEXTS[i]
        assert card.stale.isVisible() == (i == 2) and card.stale.text() == STALE_TEXT
    assert "out of date" in view.page_list.item(2).text()
    assert "out of date" not in view.page_list.item(0).text()
    assert view.repaint_stale.isEnabled() and "(1)" in view.repaint_stale.text()
    view.set_book(book(stale=-1))
    assert not view.repaint_stale.isEnabled()


def test_candidates_side_by_side_and_choose(qtbot) -> None:
    view = make_view(qtbot)
    assert view.cards[0].candidates is None
    row = view.cards[1].candidates
    assert row is not None and row.isVisible()
    first, second = (row.findChild(QLabel, f"candidate{k}") for k in (1, 2))
    assert first is not None and second is not None
    assert first.y() == second.y() and first.x() < second.x()  # side by side
    choose = row.findChild(QPushButton, "chooseCandidate2")
    assert choose is not None
    with qtbot.waitSignal(view.candidateChosen) as chosen:
        choose.click()
    assert chosen.args == [1, 1]


def test_page_commands_carry_the_page(qtbot) -> None:
    view = make_view(qtbot)
    card = view.cards[3]
    for button, signal, args in (
        (card.reroll, view.rerollRequested, [3]),
        (card.more, view.morePicturesRequested, [3]),
        (card.delete, view.deleteRequested, [3]),
        (card.split, view.splitRequested, [3, middle_break(TEXTS[3])]),
    ):
        with qtbot.waitSignal(signal) as got:
            button.click()
        assert got.args == args
    view.select_page(2)
    assert view.current_page() == 2


def test_editing_a_page_asks_for_a_new_version_only_when_it_changed(qtbot) -> None:
    view = make_view(qtbot)
    card = view.cards[0]
    with qtbot.assertNotEmitted(view.editSaved):
        card.edit.click()
        card.edit.click()
    card.edit.click()
    assert card.editor.isVisible() and not card.text.isVisible()
    card.editor.setPlainText("Mira ran up the stairs.")
    with qtbot.waitSignal(view.editSaved) as saved:
        card.edit.click()
    assert saved.args == [0, "Mira ran up the stairs."]


def test_split_while_editing_cuts_at_the_cursor(qtbot) -> None:
    view = make_view(qtbot)
    card = view.cards[0]
    card.edit.click()
    cursor = card.editor.textCursor()
    cursor.setPosition(10)
    card.editor.setTextCursor(cursor)
    with qtbot.waitSignal(view.splitRequested) as split:
        card.split.click()
    assert split.args == [0, 10]


def test_middle_break_prefers_paragraphs_then_sentences() -> None:
    assert middle_break("One two.\n\nThree four.") == len("One two.\n\n")
    assert middle_break("One. Two. Three. Four.") == len("One. Two. ")
    assert middle_break("no break here") == len("no break here") // 2


def test_cast_sheet_edit_is_applied_as_a_new_cast(qtbot) -> None:
    view = make_view(qtbot)
    table = view.cast.table
    assert [table.item(r, 0).text() for r in range(2)] == ["Mira", "Old Grey"]
    assert "soft watercolour" in view.cast.style_line.text()
    assert not view.cast.apply.isEnabled()
    table.item(0, 1).setText("a girl of ten, black braids, blue raincoat")
    assert view.cast.apply.isEnabled()
    with qtbot.waitSignal(view.castEdited) as edited:
        view.cast.apply.click()
    [cast] = edited.args
    assert cast == (CastMember("Mira", "a girl of ten, black braids, blue raincoat"), CAST[1])
    view.cast.add.click()  # a row without a name is no character
    assert view.cast.cast() == cast


def test_busy_view_asks_for_nothing(qtbot) -> None:
    view = make_view(qtbot)
    view.set_busy(True)
    assert not any(b.isEnabled() for b in view.findChildren(QPushButton))
    view.set_busy(False)
    assert view.cards[0].reroll.isEnabled() and view.repaint_stale.isEnabled()


def test_a_book_of_the_fewest_pages_cannot_lose_one(qtbot) -> None:
    b = book()
    short = Book(b.idea, b.premise, b.title, b.cast, b.style, b.pages[:MIN_PAGES], 7)
    view = make_view(qtbot, short)
    assert not any(card.delete.isEnabled() for card in view.cards)
    longer = make_view(qtbot)
    assert longer.cards[0].delete.isEnabled()


def test_pages_setting_beside_generate(qtbot) -> None:
    box = IdeaBox()
    qtbot.addWidget(box)
    assert box.page_count() == 1
    assert box.pages.minimum() == 1 and box.pages.maximum() == MAX_PAGES
    box.pages.setFocus()
    qtbot.keyClick(box.pages, Qt.Key.Key_Up)
    assert box.page_count() == 2
    box.set_running(True)
    assert not box.pages.isEnabled()


def test_a_new_version_keeps_the_place_and_the_page_acted_on(qtbot) -> None:
    view = make_view(qtbot)
    view.resize(1000, 400)
    qtbot.wait(20)
    bar = view.scroller.verticalScrollBar()
    assert bar.maximum() > 200
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    with qtbot.waitSignal(view.rerollRequested):
        view.cards[2].reroll.click()
    assert view.current_page() == 2 and bar.value() == place  # marked, not scrolled to
    view.set_book(book(stale=-1))  # the version the reroll saved
    qtbot.waitUntil(lambda: bar.value() == place)
    assert view.current_page() == 2
    view.page_list.setCurrentRow(0)  # picked in the list: shown
    assert bar.value() == view.cards[0].y() < place
