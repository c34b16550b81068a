"""The LoRA adapters the user added, and which of them writes the story and the image prompt."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

BUNDLED_STORY = "Bundled story-writer"
BUNDLED_PROMPT = "Bundled sd-prompt-writer"


class AdapterList(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(objectName="adapterList")
        self.tree.setHeaderLabels(["Adapter", "Folder"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Added adapters")
        self.tree.setMinimumHeight(90)
        add = QPushButton("&Add adapter…", objectName="addAdapterButton")
        add.setToolTip("A PEFT LoRA folder (adapter_config.json and adapter_model.safetensors)")
        self.remove = QPushButton("Remove", objectName="removeAdapterButton")
        self.story = QComboBox(objectName="storyAdapterCombo")
        self.story.setAccessibleName("Adapter that writes the story")
        self.prompt = QComboBox(objectName="promptAdapterCombo")
        self.prompt.setAccessibleName("Adapter that writes the image prompt")
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        form = QFormLayout()
        form.addRow("Writes the &story:", self.story)
        form.addRow("Writes the image p&rompt:", self.prompt)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.tree)
        box.addLayout(buttons)
        box.addLayout(form)
        add.clicked.connect(self._add)
        self.remove.clicked.connect(self._remove)
        self.tree.itemSelectionChanged.connect(
            lambda: self.remove.setEnabled(bool(self.tree.selectedItems()))
        )
        self.remove.setEnabled(False)

    def set_adapters(self, adapters: list[tuple[str, str]], story: str, prompt: str) -> None:
        """`story`, `prompt`: the chosen adapter paths ('' for the bundled ones)."""
        self.tree.clear()
        for name, path in adapters:
            self.add(name, path)
        self._refresh(story, prompt)

    def add(self, name: str, path: str) -> None:
        item = QTreeWidgetItem([name, path])
        item.setToolTip(1, path)
        self.tree.addTopLevelItem(item)
        self._refresh(self.story_path(), self.prompt_path())

    def adapters(self) -> list[tuple[str, str]]:
        rows = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            assert item is not None  # i < topLevelItemCount()
            rows.append((item.text(0), item.text(1)))
        return rows

    def story_path(self) -> str:
        return self.story.currentData() or ""

    def prompt_path(self) -> str:
        return self.prompt.currentData() or ""

    def _refresh(self, story: str, prompt: str) -> None:
        for combo, bundled, chosen in (
            (self.story, BUNDLED_STORY, story),
            (self.prompt, BUNDLED_PROMPT, prompt),
        ):
            combo.clear()
            combo.addItem(bundled, "")
            for name, path in self.adapters():
                combo.addItem(name, path)
            if chosen and combo.findData(chosen) < 0:
                combo.addItem(Path(chosen).name, chosen)  # chosen earlier, not in the list
            combo.setCurrentIndex(max(combo.findData(chosen), 0))

    def _add(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Choose a LoRA adapter folder")
        if path:
            self.add(Path(path).name, path)

    def _remove(self) -> None:
        story, prompt = self.story_path(), self.prompt_path()
        for item in self.tree.selectedItems():
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        gone = {p for p in (story, prompt) if p not in {p for _, p in self.adapters()}}
        self._refresh("" if story in gone else story, "" if prompt in gone else prompt)
