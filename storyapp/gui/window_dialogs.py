"""The main window's dialogs: settings, choosing or downloading the image model, the library
browser and About. Each takes the window and leaves it in a consistent state."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from .app_settings import AppSettings
from .dialogs import show_failure
from .download_dialog import DownloadDialog, confirm_download
from .library_browser import LibraryBrowser
from .settings_dialog import SettingsDialog
from .theme import apply_theme

if TYPE_CHECKING:
    from .main_window import MainWindow

ABOUT = (
    "<b>storyapp</b><p>Type a story idea and press Generate: a language model writes a "
    "premise, then the story and an image prompt together (two LoRA adapters in one batch), "
    "and SDXL paints the illustration. Everything runs on this computer.</p>"
)


def apply_settings(window: MainWindow, s: AppSettings) -> None:
    """Save `s`, apply the appearance, and load what changed in the background."""
    window.settings = s
    window.store.save(s)
    apply_theme(QApplication.instance(), s.appearance)
    window.worker.prepare(s.pipeline())


def open_settings(window: MainWindow) -> SettingsDialog:
    dialog = SettingsDialog(window.settings, window)
    dialog.downloadRequested.connect(lambda: download(window, dialog))
    dialog.accepted.connect(lambda: apply_settings(window, dialog.settings()))
    dialog.open()
    return dialog


def choose_image_model(window: MainWindow, kind: str) -> None:
    """'folder' or 'file': pick an SDXL model and use it; 'download': fetch SDXL base."""
    if kind == "download":
        download(window)
        return
    if kind == "folder":
        path = QFileDialog.getExistingDirectory(window, "Choose an SDXL diffusers folder")
    else:
        path, _ = QFileDialog.getOpenFileName(
            window, "Choose an SDXL checkpoint", "", "SDXL checkpoints (*.safetensors)"
        )
    if path:
        apply_settings(window, replace(window.settings, sdxl=path, image=True))


def download(window: MainWindow, settings_dialog: SettingsDialog | None = None) -> None:
    if not confirm_download(window):
        return
    dialog = DownloadDialog(window)

    def done(folder: str) -> None:
        if settings_dialog is not None and settings_dialog.isVisible():
            settings_dialog.sdxl.set_path(folder)
        else:
            apply_settings(window, replace(window.settings, sdxl=folder, image=True))

    dialog.done.connect(done)
    dialog.failed.connect(lambda message: show_failure(window, "download", message))
    dialog.start()


def open_library(window: MainWindow) -> None:
    if window.job is not None:
        return
    try:
        browser = LibraryBrowser(window)
    except Exception as e:
        show_failure(window, "library", str(e))
        return
    browser.accepted.connect(lambda: _open(window, browser.story_id()))
    browser.open()


def _open(window: MainWindow, story_id: int | None) -> None:
    if story_id is not None:
        window.open_story(story_id)


def about(window: MainWindow) -> None:
    QMessageBox.about(window, "About storyapp", ABOUT)
