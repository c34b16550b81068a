"""The window's commands as QActions with their shortcuts, and the menus that hold them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Key = QKeySequence.StandardKey


@dataclass(slots=True)
class Actions:
    generate: QAction
    cancel: QAction
    new_story_version: QAction
    new_image: QAction
    rewrite: QAction
    compare: QAction
    continue_story: QAction
    edit_story: QAction
    delete_version: QAction
    delete_story: QAction
    rename_story: QAction
    rename_version: QAction
    new_story: QAction
    open_story: QAction
    settings: QAction
    quit: QAction
    about: QAction


def make_actions(window: QMainWindow) -> Actions:
    def action(text: str, name: str, *keys: QKeySequence | str | Key) -> QAction:
        a = QAction(text, window)
        a.setObjectName(name)
        a.setShortcuts([QKeySequence(k) for k in keys])
        a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        window.addAction(a)  # shortcuts work wherever the focus is in the window
        return a

    return Actions(
        generate=action("&Generate", "generateAction", "Ctrl+Return", "Ctrl+Enter"),
        cancel=action("&Cancel", "cancelAction", "Esc"),
        new_story_version=action("New &story version", "newStoryVersionAction", "Ctrl+R"),
        new_image=action("New &image", "newImageAction", "Ctrl+I"),
        rewrite=action("&Rewrite from edited premise", "rewriteAction", "Ctrl+Shift+R"),
        compare=action("Co&mpare two versions", "compareAction", "Ctrl+D"),
        continue_story=action("C&ontinue the story", "continueAction", "Ctrl+Shift+Return"),
        edit_story=action("&Edit the story", "editStoryAction", "Ctrl+E"),
        delete_version=action("Move version to the &trash", "deleteVersionAction"),
        delete_story=action("Move story to the trash", "deleteStoryAction"),
        rename_story=action("Re&name story…", "renameStoryAction", "F2"),
        rename_version=action("Name this &version…", "renameVersionAction", "Shift+F2"),
        new_story=action("&New story", "newStoryAction", Key.New),
        open_story=action("&Open from library…", "openAction", Key.Open),
        settings=action("&Settings…", "settingsAction", "Ctrl+,"),
        quit=action("&Quit", "quitAction", Key.Quit),
        about=action("&About storyapp", "aboutAction"),
    )


def make_menus(window: QMainWindow, a: Actions, export: QMenu, picture: list[QAction]) -> None:
    bar = window.menuBar()
    file = bar.addMenu("&File")
    file.addActions([a.new_story, a.open_story])
    file.addMenu(export)
    file.addSeparator()
    file.addAction(a.settings)
    file.addSeparator()
    file.addAction(a.quit)
    story = bar.addMenu("&Story")
    story.addActions([a.generate, a.cancel])
    story.addSeparator()
    story.addActions([a.new_story_version, a.new_image, a.rewrite])
    story.addSeparator()
    story.addActions([a.edit_story, a.continue_story])
    story.addSeparator()
    story.addAction(a.compare)
    story.addSeparator()
    story.addActions([a.rename_story, a.rename_version, a.delete_version, a.delete_story])
    story.addSeparator()
    story.addActions(picture)
    help_ = bar.addMenu("&Help")
    help_.addAction(a.about)
