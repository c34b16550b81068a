"""The main window: the idea on top; versions, story and illustration side by side below; the
status bar at the foot. It turns user commands into Jobs for the worker and the worker's
signals into widget updates; it never waits on the worker."""

from __future__ import annotations

import html
import importlib.metadata
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
)

from storyapp.library import Library, StoryVersion, default_library_dir
from storyapp.service.app_settings import AppSettings
from storyapp.service.book_jobs import BookJob
from storyapp.service.engines import Engines
from storyapp.service.jobs import Job, JobKind
from storyapp.service.logs import log_path
from storyapp.service.saving import save_edit

from .actions import make_actions, make_menus
from .app_words import field_for, in_app_words
from .book_control import BookControl
from .confirm import confirm
from .dialogs import show_failure
from .download_dialog import DownloadDialog, confirm_download
from .drafts import Draft, Drafts
from .export_menu import ExportMenu
from .library_browser import LibraryBrowser
from .live_view import LiveView
from .models_dialog import add_models_menu
from .panes import STYLE, Panes
from .picture_actions import PictureActions
from .settings_dialog import SettingsDialog
from .settings_store import SettingsStore
from .theme import apply_theme
from .widgets.compare_dialog import CompareDialog
from .widgets.reuse_picture import ReusePictureAction
from .widgets.status_bar import StatusBar
from .worker import WorkerThread

ABOUT = (
    "<b>storyapp {version}</b><p>Type a story idea and press Generate: a language model writes "
    "a premise, then the story and an image prompt together (two LoRA adapters in one batch), "
    "and SDXL paints the illustration. Everything runs on this computer.</p>"
    "<p><b>Everyday use</b><br>Ctrl+Enter generates, Esc cancels the running stage. Edit the "
    "premise or image prompt, then <i>Rewrite from edited premise</i> or <i>New image</i>; "
    "<i>Edit</i> the story and save it as a version, or <i>Continue</i> it. Ctrl+click two "
    "versions to compare them (Ctrl+D). Right-click a story or version to rename it or move it "
    "to the trash (Undo brings it back).</p>"
    "<p><b>Your files</b><br>Library: {library}<br>Logs: {logs}<br>Settings: {settings}</p>"
)


def about_text(settings_file: str) -> str:
    try:
        version = importlib.metadata.version("storyapp")
    except importlib.metadata.PackageNotFoundError:
        version = ""
    return ABOUT.format(
        version=html.escape(version),
        library=html.escape(str(default_library_dir())),
        logs=html.escape(str(log_path().parent)),
        settings=html.escape(settings_file),
    )


class MainWindow(QMainWindow):
    jobDone = Signal(object)  # a job ended and the window shows its outcome: the saved version

    def __init__(self, store: SettingsStore | None = None, engines: Engines | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("storyapp")
        self.setStyleSheet(STYLE)  # section labels, status bar spacing
        self.store = store or SettingsStore()
        self.settings: AppSettings = self.store.load()
        self.job: Job | BookJob | None = None
        self.shown: StoryVersion | None = None
        self.notices: list[str] = []
        self.drafts = Drafts()  # unsaved edits per version, kept while other versions show
        self._before = ("", "", "")  # idea, premise, image prompt when the job started
        self._prepared = False
        self._fix_field = "backendCombo"  # the setting a failed model load points at
        self._streamed = False  # the views hold a run's output, not the shown version's edits
        self._build()
        self.worker_thread = WorkerThread(engines)
        self.worker = self.worker_thread.worker
        self._connect_worker()
        self._restore()
        self.refresh_stories()
        self._update_actions()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        panes = self.panes = Panes()
        self.setCentralWidget(panes)
        self.idea, self.premise, self.story = panes.idea, panes.premise, panes.story
        self.image, self.versions, self.split = panes.image, panes.versions, panes.split
        self.new_story_button = panes.new_story
        self.stories = panes.stories
        self.middle, self.left_split = panes.middle, panes.left
        self.status = StatusBar()
        self.setStatusBar(self.status)
        self.edit_button, self.continue_button = panes.edit_story, panes.continue_story
        a = self.window_actions = make_actions(self)
        self.export_menu = ExportMenu(lambda: self.shown, self, self.store)
        self.picture = PictureActions(self.image.view, self)
        picture = self.picture
        self.reuse_picture = ReusePictureAction(
            self.image.view, lambda: self.settings, self.apply_settings, self
        )
        make_menus(
            self,
            a,
            self.export_menu,
            [picture.full, picture.copy, picture.save, self.reuse_picture],
        )
        a.continue_story.triggered.connect(lambda: self._rerun("continue"))
        self.continue_button.clicked.connect(a.continue_story.trigger)
        a.edit_story.triggered.connect(self.edit_button.toggle)
        self.edit_button.toggled.connect(self.edit_story)
        a.delete_version.triggered.connect(self.delete_version)
        a.delete_story.triggered.connect(self.delete_story)
        a.rename_story.triggered.connect(lambda: self.rename_story())
        a.rename_version.triggered.connect(lambda: self.rename_version())
        self.versions.list.addActions([a.rename_version, a.delete_version])
        self.versions.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.stories.list.addActions([a.rename_story, a.delete_story])
        self.stories.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.status.undo.clicked.connect(self.undo)
        self._undo: tuple[str, list[int]] | None = None  # what Undo brings back from the trash
        add_models_menu(self)
        a.generate.triggered.connect(self.generate)
        a.cancel.triggered.connect(self.cancel)
        a.new_story_version.triggered.connect(lambda: self._rerun("story"))
        a.new_image.triggered.connect(lambda: self._rerun("image"))
        a.rewrite.triggered.connect(lambda: self._rerun("premise"))
        a.compare.triggered.connect(self.versions.compare.click)
        a.new_story.triggered.connect(self.new_story)
        a.open_story.triggered.connect(self.open_library)
        a.settings.triggered.connect(self.open_settings)
        a.quit.triggered.connect(self.close)
        a.about.triggered.connect(self.about)
        self.idea.generateRequested.connect(self.generate)
        self.idea.cancelRequested.connect(self.cancel)
        self.new_story_button.clicked.connect(a.new_story_version.trigger)
        self.image.newImageRequested.connect(a.new_image.trigger)
        self.premise.rewriteRequested.connect(a.rewrite.trigger)
        self.image.chooseModel.connect(self.choose_image_model)
        self.versions.versionPicked.connect(self.show_version_id)
        self.stories.storyPicked.connect(self._story_picked)
        self.versions.list.itemSelectionChanged.connect(self._update_actions)
        self.versions.compareRequested.connect(self.compare)
        self.status.fix.clicked.connect(lambda: self.open_settings().show_field(self._fix_field))
        self.export_menu.exported.connect(lambda p: self.status.idle(f"Exported to {p}"))
        self.export_menu.failed.connect(lambda m: show_failure(self, "export", m))

    def _connect_worker(self) -> None:
        w = self.worker
        self.live = LiveView(w, self.premise, self.story, self.image, self.status)
        self._painting_cancelled = False
        w.ready.connect(self._ready)
        w.imageModel.connect(self._image_model)
        w.notice.connect(self._notice)
        w.failed.connect(self._failed)
        w.cancelled.connect(self._cancelled)
        w.finished.connect(self._finished)
        self.book_control = BookControl(self)

    # -- commands -------------------------------------------------------------------------
    def generate(self) -> None:
        idea = self.idea.idea()
        if not idea:
            self.idea.edit.setFocus()
            self.status.idle("Write a few words about the story first")
            return
        pages = self.idea.page_count()
        if pages > 1:  # a picture book
            self._start(BookJob("book", self.settings.pipeline(), idea=idea, pages=pages))
            return
        self._start(Job("full", self.settings.pipeline(), idea=idea))

    def cancel(self) -> None:
        if self.job is not None and not self.job.cancel.is_set():
            self.job.cancel.set()  # seen by the worker within a step
            self.idea.cancel.setEnabled(False)
            self.window_actions.cancel.setEnabled(False)
            self.status.show_stage("Cancelling…")

    def _rerun(self, kind: JobKind) -> None:
        if self.shown is None or self.job is not None:
            return
        prompt = (
            self.image.prompt_text() if kind == "image" and self.image.prompt_edited() else None
        )
        premise = self.premise.premise() if kind == "premise" else ""
        if kind == "story" and self.shown.partial:  # the story was never written: all of it
            kind, premise = "premise", self.premise.premise()
        job = Job(kind, self.settings.pipeline(), self.shown.idea, premise, prompt, self.shown)
        self._start(job)

    def start_job(self, job: Job | BookJob) -> None:
        self._start(job)

    def _start(self, job: Job | BookJob) -> None:
        if self.job is not None:
            return
        self.keep_draft()
        self._set_editing(False)
        self._streamed = True
        self.job = job
        self._before = (self.idea.idea(), self.premise.premise(), self.image.prompt_text())
        if isinstance(job, Job):
            self._clear_stale(job.kind)
        elif job.kind == "book":  # the new book streams in where a story does
            self.book_control.show(None)
            self._clear_stale("full")
        settings = job.settings
        self.live.steps = settings.illustration.steps or 0
        self.status.run_started(
            {
                "premise": settings.premise.max_tokens,
                "story": settings.story.max_tokens,
                "sd_prompt": settings.sd_prompt.max_tokens,
            }
        )
        self.status.show_stage("Starting…")
        self._update_actions()
        self.worker.submit(job)

    def _clear_stale(self, kind: JobKind) -> None:
        """What the run will replace leaves the screen as it starts: no old picture or prompt
        beside a new premise and story."""
        if kind in ("full", "premise", "image"):
            self.image.set_image(None)
        if kind in ("full", "premise"):
            self.image.set_prompt("")
            self.story.clear()
        if kind == "full":
            self.premise.view.clear()
        if kind == "story":
            self.story.clear()

    def new_story(self) -> None:
        if self.job is not None:
            return
        self.keep_draft()
        self._set_editing(False)
        self.shown = None
        self.status.run_started()  # the last run's speed and times belong to another story
        self.status.idle()
        self.idea.set_idea("")
        self.premise.clear()
        self.story.clear()
        self.image.set_prompt("")
        self.image.set_image(None)
        self.book_control.show(None)
        self.versions.set_versions([])
        self.stories.list.clearSelection()
        self.stories.list.setCurrentItem(None)
        self.setWindowTitle("storyapp")
        self.idea.edit.setFocus()
        self._update_actions()

    # -- worker signals -------------------------------------------------------------------
    def _ready(self, model: str) -> None:
        if self.job is None:
            self.status.idle(f"Ready · {model}")

    def _image_model(self, state: str, detail: str) -> None:
        self.image.set_model_state(state, detail)
        self._update_actions()

    def _notice(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)
            self.status.set_notes(self.notices)

    def _failed(self, what: str, message: str) -> None:
        message = in_app_words(message)
        if what == "image model":
            self.image.set_model_state("error", message)
        if what == "load":  # no job can run until the settings change: say so where it stays
            self._fix_field = field_for(message)
            self.status.not_loaded(message)
        show_failure(self, what, message)

    def _cancelled(self, stage: str) -> None:
        self.status.idle(f"Cancelled while {stage_verb(stage)}; nothing was saved")
        self._painting_cancelled = stage == "image"

    def _finished(self, version: StoryVersion | None) -> None:
        self.job = None
        self.image.end_steps()
        if version is not None:
            if version.parent_version_id is not None and version.kind in ("premise", "image"):
                self.drafts.drop(version.parent_version_id)  # the edits became this version
            self.open_story(version.story_id, version.id)
            number = len(self.versions.ids())
            if version.partial:
                self.status.idle(
                    f"Cancelled while {stage_verb(version.partial)}; what was finished is kept "
                    f"as version {number} (partial)"
                )
            else:
                self.status.idle(f"Saved as version {number} of this story")
        else:
            self._restore_view()
            if self.status.busy.isVisible():
                self.status.idle()
        if self._painting_cancelled:
            self.live.keep_cancelled_preview()
            self._painting_cancelled = False
        self._update_actions()
        self.jobDone.emit(version)

    def _restore_view(self) -> None:
        """After a failed or cancelled run: the shown version back on screen, with the idea,
        premise and image prompt as the user left them (a fresh story keeps its partial text)."""
        if self.shown is None:
            return
        idea, premise, prompt = self._before
        self.show_version(self.shown)
        self.idea.set_idea(idea)
        self.premise.view.setPlainText(premise)
        self.image.prompt.setPlainText(prompt)
        self.keep_draft()

    # -- viewing --------------------------------------------------------------------------
    def refresh_stories(self) -> None:
        """The story list from the library, the shown story selected."""
        try:
            with Library.open() as lib:
                cards, root = lib.story_cards(), lib.root
        except Exception as e:
            self.stories.list.clear()
            self.stories.list.setToolTip(f"The library could not be read: {e}")
            return
        self.stories.set_stories(cards, root, self.shown.story_id if self.shown else None)

    def _story_picked(self, story_id: int) -> None:
        if self.job is None and (self.shown is None or self.shown.story_id != story_id):
            self.status.run_started()  # the last run's figures belong to another story
            self.status.idle()
            self.open_story(story_id)

    def open_story(self, story_id: int, version_id: int | None = None) -> None:
        try:
            with Library.open() as lib:
                versions = lib.versions(story_id)
        except Exception as e:
            show_failure(self, "library", str(e))
            return
        if not versions:
            return
        current = next((v for v in versions if v.id == version_id), versions[-1])
        self.keep_draft()
        self.versions.set_versions(versions, current.id)
        self.versions.mark_edited(self.drafts.ids())
        self.show_version(current)
        self.refresh_stories()

    def show_version_id(self, version_id: int) -> None:
        if self.job is not None:
            return
        try:
            with Library.open() as lib:
                self.show_version(lib.get_version(version_id))
        except Exception as e:
            show_failure(self, "library", str(e))

    def show_version(self, v: StoryVersion) -> None:
        self.keep_draft()
        just_written = self._streamed  # the story on screen is this run's: no jump to the top
        self.shown = v
        self.book_control.show(v)
        self.idea.set_idea(v.idea)
        self.premise.set_premise(v.premise)
        self.story.show_story(v.story_text, keep_place=just_written)
        self.image.set_prompt(v.image_prompt)
        self.image.set_image(image_file(v))
        self.picture.update()
        self.reuse_picture.update()
        self._streamed = False
        self._set_editing(False)
        draft = self.drafts.get(v.id)
        if draft is not None and draft.story is not None:
            self._set_editing(True, draft.story)
        if draft is not None:
            if draft.premise is not None:
                self.premise.view.setPlainText(draft.premise)
            if draft.prompt is not None:
                self.image.prompt.setPlainText(draft.prompt)
        self.setWindowTitle(f"{v.title} — storyapp")
        self._update_actions()

    def keep_draft(self) -> None:
        """Remember the shown version's unsaved edits before something else is shown."""
        if self.shown is None or self.job is not None or self._streamed:
            return
        premise = self.premise.view.toPlainText() if self.premise.is_edited() else None
        prompt = self.image.prompt.toPlainText() if self.image.prompt_edited() else None
        story = None
        if self.edit_button.isChecked():
            text = self.story.toPlainText()
            story = text if text.strip() != self.shown.story_text.strip() else None
        self.drafts.keep(self.shown.id, Draft(premise, prompt, story))
        self.versions.mark_edited(self.drafts.ids())

    def compare(self, first: int, second: int) -> None:
        try:
            with Library.open() as lib:
                pair = [lib.get_version(first), lib.get_version(second)]
        except Exception as e:
            show_failure(self, "library", str(e))
            return
        ids = self.versions.ids()[::-1]  # oldest first, as numbered
        sides = [(v, image_file(v), f"Version {ids.index(v.id) + 1}") for v in pair]
        dialog = CompareDialog(sides, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.kept.connect(lambda vid: self.open_story(pair[0].story_id, vid))
        dialog.show()

    def _update_actions(self) -> None:
        running = self.job is not None
        has = self.shown is not None and not running
        a = self.window_actions
        self.idea.set_running(running)
        a.generate.setEnabled(not running)
        a.cancel.setEnabled(running)
        for action, button in (
            (a.new_story_version, self.new_story_button),
            (a.rewrite, self.premise.rewrite),
            (a.new_image, self.image.new_image),
        ):
            ok = has and (action is not a.new_image or self.image.has_model())
            action.setEnabled(ok)
            button.setEnabled(ok)
        for w in (self.premise.view, self.image.prompt):
            w.setReadOnly(running)
        self.versions.setEnabled(not running)
        self.stories.setEnabled(not running)
        has_story = has and bool(self.shown and self.shown.story_text.strip())
        for action, button in ((a.continue_story, self.continue_button),):
            action.setEnabled(has_story)
            button.setEnabled(has_story)
        self.edit_button.setEnabled(has_story)
        a.edit_story.setEnabled(has_story)
        for action in (a.delete_version, a.delete_story, a.rename_story, a.rename_version):
            action.setEnabled(has)
        if self.book_control.book is not None:  # a book's pages have their own commands
            for x in (a.new_story_version, a.rewrite, a.new_image, a.continue_story, a.edit_story):
                x.setEnabled(False)
            for b in (self.new_story_button, self.premise.rewrite, self.image.new_image):
                b.setEnabled(False)
            self.continue_button.setEnabled(False)
            self.edit_button.setEnabled(False)
        self.book_control.update(running)
        a.new_story.setEnabled(not running)
        a.open_story.setEnabled(not running)
        a.compare.setEnabled(not running and len(self.versions.selected_ids()) == 2)
        self.export_menu.set_enabled(has)

    # -- dialogs: settings, the image model, the library, About ----------------------------
    def apply_settings(self, s: AppSettings) -> None:
        """Save `s`, apply the appearance, and load what changed in the background."""
        self.settings = s
        self.store.save(s)
        app = QApplication.instance()
        assert isinstance(app, QApplication)  # a window runs only in a QApplication
        apply_theme(app, s.appearance)
        self.worker.prepare(s.pipeline())

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.settings, self)
        dialog.downloadRequested.connect(lambda: self.download(dialog))
        dialog.accepted.connect(lambda: self.apply_settings(dialog.settings()))
        dialog.open()
        return dialog

    def choose_image_model(self, kind: str) -> None:
        """'folder' or 'file': pick an SDXL model and use it; 'download': fetch SDXL base."""
        if kind == "download":
            self.download()
            return
        if kind == "folder":
            path = QFileDialog.getExistingDirectory(self, "Choose an SDXL diffusers folder")
        else:
            path, _ = QFileDialog.getOpenFileName(
                self, "Choose an SDXL checkpoint", "", "SDXL checkpoints (*.safetensors)"
            )
        if path:
            self.apply_settings(replace(self.settings, sdxl=path, image=True))

    def download(self, settings_dialog: SettingsDialog | None = None) -> None:
        if not confirm_download(self):
            return
        dialog = DownloadDialog(self)

        def done(folder: str) -> None:
            if settings_dialog is not None and settings_dialog.isVisible():
                settings_dialog.sdxl.set_path(folder)
            else:
                self.apply_settings(replace(self.settings, sdxl=folder, image=True))

        dialog.downloaded.connect(done)
        dialog.failed.connect(lambda message: show_failure(self, "download", message))
        dialog.start()

    def open_library(self) -> None:
        if self.job is not None:
            return
        try:
            browser = LibraryBrowser(self)
        except Exception as e:
            show_failure(self, "library", str(e))
            return

        def opened() -> None:
            story_id = browser.story_id()
            if story_id is not None:
                self.status.run_started()
                self.status.idle()
                self.open_story(story_id)

        browser.accepted.connect(opened)
        browser.open()

    # -- editing the story, the trash, names ------------------------------------------------
    def edit_story(self, editing: bool) -> None:
        """On: the story becomes plain editable text. Off: a changed text is saved as a new
        version (the old one stays)."""
        if self.shown is None or self.job is not None:
            self.edit_button.setChecked(False)
            return
        if editing:
            self._set_editing(True, self.shown.story_text)
            self.story.setFocus()
            return
        text = self.story.toPlainText()
        self._set_editing(False)
        if text.strip() == self.shown.story_text.strip():
            self.story.show_story(self.shown.story_text)
            return
        try:
            saved = save_edit(self.shown, text)
        except Exception as e:
            show_failure(self, "save", str(e))
            self._set_editing(True, text)  # the text stays to save again
            return
        self.drafts.drop(self.shown.id)
        self.open_story(saved.story_id, saved.id)
        self.status.idle(f"Your edit is saved as version {len(self.versions.ids())}")

    def _set_editing(self, editing: bool, text: str = "") -> None:
        """The story as editable plain text (`text`), or read-only; no signal, nothing saved."""
        self.edit_button.blockSignals(True)
        self.edit_button.setChecked(editing)
        self.edit_button.blockSignals(False)
        self.edit_button.setText("Save &edit" if editing else "&Edit")
        self.story.setReadOnly(not editing)
        if editing:
            self.story.setPlainText(text)

    def delete_version(self) -> None:
        """Move the selected (or shown) version to the trash, with Undo."""
        ids = self.versions.selected_ids() or ([self.shown.id] if self.shown else [])
        if not ids or self.job is not None or self.shown is None:
            return
        story_id = self.shown.story_id
        try:
            with Library.open() as lib:
                for vid in ids:
                    lib.delete_version(vid)
                left = lib.versions(story_id)
                if not left:
                    lib.delete_story(story_id)
        except Exception as e:
            show_failure(self, "library", str(e))
            return
        self.drafts.drop(ids[0])
        if left:
            self.open_story(story_id)
        else:
            self.new_story()
            self.refresh_stories()
        self._offer_undo(("versions", ids) if left else ("story", [story_id, *ids]))

    def delete_story(self) -> None:
        if self.shown is None or self.job is not None:
            return
        story_id = self.shown.story_id
        try:
            with Library.open() as lib:
                lib.delete_story(story_id)
        except Exception as e:
            show_failure(self, "library", str(e))
            return
        self.new_story()
        self.refresh_stories()
        self._offer_undo(("story", [story_id]))

    def _offer_undo(self, what: tuple[str, list[int]]) -> None:
        """`what`: ('story', [story id, version ids…]) or ('versions', [version ids])."""
        self._undo = what
        gone = "The story was" if what[0] == "story" else "The version was"
        self.status.idle(f"{gone} moved to the trash")
        self.status.undo.setVisible(True)

    def undo(self) -> None:
        what, self._undo = self._undo, None
        if what is None:
            return
        kind, (first, *rest) = what
        try:
            with Library.open() as lib:
                if kind == "story":
                    lib.restore_story(first)
                    for vid in rest:
                        lib.restore_version(vid)
                    story_id = first
                else:
                    for vid in (first, *rest):
                        lib.restore_version(vid)
                    story_id = lib.get_version(first).story_id
        except Exception as e:
            show_failure(self, "library", str(e))
            return
        self.open_story(story_id)
        self.status.idle("Brought back from the trash")

    def rename_story(self, title: str | None = None) -> None:
        if self.shown is None or self.job is not None:
            return
        story_id = self.shown.story_id
        if title is None:
            with Library.open() as lib:
                now = lib.get_story(story_id).title
            title, ok = QInputDialog.getText(
                self,
                "Rename story",
                "Title (empty: the newest version's):",
                QLineEdit.EchoMode.Normal,
                now,
            )
            if not ok:
                return
        try:
            with Library.open() as lib:
                lib.rename_story(story_id, title)
                name = lib.get_story(story_id).title
        except Exception as e:
            show_failure(self, "library", str(e))
            return
        self.setWindowTitle(f"{name} — storyapp")
        self.refresh_stories()

    def rename_version(self, name: str | None = None) -> None:
        """Name the shown version (the versions list shows the name instead of its kind)."""
        if self.shown is None or self.job is not None:
            return
        if name is None:
            name, ok = QInputDialog.getText(
                self,
                "Name this version",
                "Name (empty: none):",
                QLineEdit.EchoMode.Normal,
                self.shown.label,
            )
            if not ok:
                return
        try:
            with Library.open() as lib:
                lib.rename_version(self.shown.id, name)
        except Exception as e:
            show_failure(self, "library", str(e))
            return
        self.open_story(self.shown.story_id, self.shown.id)

    def about(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setObjectName("aboutDialog")
        box.setWindowTitle("About storyapp")
        box.setIconPixmap(self.windowIcon().pixmap(48, 48))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(about_text(self.store.file()))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        box.open()
        return box

    # -- window state ---------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._prepared:  # load the models once the window is on screen
            self._prepared = True
            self.status.show_stage("Loading…")
            QTimer.singleShot(0, lambda: self.worker.prepare(self.settings.pipeline()))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_close():
            event.ignore()
            return
        self.store.set_value("window/geometry", self.saveGeometry())
        self.store.set_value("window/splitter", self.split.saveState())
        self.store.set_value("window/premise", self.premise.is_expanded())
        self.store.set_value("window/premiseSplitter", self.middle.saveState())
        self.store.set_value("window/leftSplitter", self.left_split.saveState())
        self.store.sync()
        if self.job is not None:
            self.job.cancel.set()
        self.worker_thread.stop()  # the running stage stops within a step
        super().closeEvent(event)

    def may_close(self) -> bool:
        """Ask before a running job or unsaved edits are thrown away by quitting."""
        if self.job is not None:
            return confirm(
                self,
                "A story is being written.",
                "Quit now and stop it? The stages that have finished are kept as a partial "
                "version.",
                "Stop and quit",
                "Keep writing",
            )
        self.keep_draft()
        if len(self.drafts):
            n = len(self.drafts)
            return confirm(
                self,
                f"You have unsaved edits in {n} version{'s' if n > 1 else ''}.",
                "Quit and throw them away? To keep an edit, run it first (Rewrite from edited "
                "premise, New image).",
                "Discard and quit",
                "Keep editing",
            )
        return True

    def _restore(self) -> None:
        geometry = self.store.value("window/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1280, 820)
        state = self.store.value("window/splitter")
        if isinstance(state, QByteArray):
            self.split.restoreState(state)
        for key, splitter in (
            ("window/premiseSplitter", self.middle),
            ("window/leftSplitter", self.left_split),
        ):
            state = self.store.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        expanded = self.store.value("window/premise", True)
        self.premise.set_expanded(str(expanded).lower() not in ("false", "0"))


def image_file(v: StoryVersion) -> Path | None:
    return default_library_dir() / v.image_path if v.image_path else None


def stage_verb(stage: str) -> str:
    return {
        "premise": "writing the premise",
        "story": "writing the story",
        "prompts": "writing the scene prompts",
        "image": "painting",
    }.get(stage, stage)
