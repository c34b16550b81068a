"""The settings dialog: models, adapters, writing, pictures and appearance. It edits a copy of
AppSettings; the window saves and applies it when the dialog is accepted."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from storyapp.backends import BACKENDS, trtllm_probe
from storyapp.illustrate import SCHEDULERS
from storyapp.service.app_settings import APPEARANCES, AppSettings
from storyapp.system.paths import API_KEY_ENV

from .widgets.adapter_list import AdapterList
from .widgets.image_mode import ImageModeCombo
from .widgets.path_field import PathField
from .widgets.picture_presets import AspectCombo, StyleCombo

BACKEND_NAMES = {
    "embedded": "Embedded (runs in this app)",
    "openai_http": "HTTP server (OpenAI-compatible: vLLM, TensorRT-LLM, llama.cpp)",
    "tensorrt_llm": "TensorRT-LLM (in this process)",
}
FLAVOR_NAMES = {
    "vllm": "vLLM-style: adapter as the model (vLLM, storyapp serve, NIM)",
    "trtllm": "TensorRT-LLM (trtllm-serve: lora_request)",
    "llamacpp": "llama.cpp server (lora)",
}
SCHEDULER_NAMES = {
    "dpmpp_2m_karras": "DPM++ 2M Karras",
    "euler_a": "Euler ancestral",
    "lcm": "LCM (fast mode)",
    "euler_a_trailing": "Euler ancestral, trailing (SDXL-Turbo)",
    "euler_trailing": "Euler, trailing (SDXL-Lightning)",
}
APPEARANCE_NAMES = {"system": "Follow the system", "light": "Light", "dark": "Dark"}
MAX_SEED = 2**31 - 1  # what a spin box holds; the pipeline takes larger ones too


class SettingsDialog(QDialog):
    downloadRequested = Signal()

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self._base = settings
        self.tabs = tabs = QTabWidget()
        tabs.addTab(self._models_tab(), "&Models")
        tabs.addTab(self._writing_tab(), "&Writing")
        tabs.addTab(self._pictures_tab(), "&Pictures")
        tabs.addTab(self._appearance_tab(), "&Appearance")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(tabs)
        box.addWidget(buttons)
        self.resize(640, 520)
        self.set_settings(settings)

    def show_field(self, name: str) -> None:
        """Bring the page with the field called `name` to the front and put the focus on it."""
        field = self.findChild(QWidget, name)
        if field is None:
            return
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if page is not None and page.isAncestorOf(field):
                self.tabs.setCurrentIndex(i)
        field.setFocus()

    def _models_tab(self) -> QWidget:
        self.backend = QComboBox(objectName="backendCombo")
        self.backend.setAccessibleName("Text backend")
        model = self.backend.model()
        for name, text in BACKEND_NAMES.items():
            usable = name in BACKENDS and (name != "tensorrt_llm" or trtllm_probe.installed())
            self.backend.addItem(text if usable else f"{text} — not installed", name)
            if not usable and isinstance(model, QStandardItemModel):
                item = model.item(self.backend.count() - 1)
                item.setEnabled(False)
                item.setToolTip(trtllm_probe.INSTALL_HINT)
        self.base_url = QLineEdit(objectName="serverUrlEdit")
        self.base_url.setPlaceholderText("required: the address, e.g. http://127.0.0.1:8000/v1")
        self.base_url.setAccessibleName("Server address")
        self.base_url.setToolTip(
            "An OpenAI-compatible server serving the adapters as 'story-writer' and "
            f"'sd-prompt-writer'; its API key, if any, comes from ${API_KEY_ENV}"
        )
        self.flavor = QComboBox(objectName="flavorCombo")
        self.flavor.setAccessibleName("Server kind")
        for name, text in FLAVOR_NAMES.items():
            self.flavor.addItem(text, name)
        self.backend.currentIndexChanged.connect(self._backend_changed)
        self.model = PathField(
            "base model", "default: the embedded SmolLM2-135M", True, "GGUF models (*.gguf)"
        )
        self.model.setObjectName("modelField")
        self.device = QComboBox(objectName="deviceCombo")
        self.device.addItems(available_devices())
        self.device.setAccessibleName("Device")
        self.adapters = AdapterList()
        form = QFormLayout()
        form.addRow("&Backend:", self.backend)
        form.addRow("Ser&ver:", self.base_url)
        form.addRow("Server &kind:", self.flavor)
        form.addRow("Base m&odel:", self.model)
        form.addRow("&Device:", self.device)
        group = QGroupBox("LoRA adapters")
        QVBoxLayout(group).addWidget(self.adapters)
        return _page(form, group)

    def _backend_changed(self) -> None:
        http = self.backend.currentData() == "openai_http"
        self.base_url.setEnabled(http)
        self.flavor.setEnabled(http)

    def _writing_tab(self) -> QWidget:
        self.temperature = _double(0.0, 2.0, 0.05, "Temperature", "temperatureSpin")
        self.top_p = _double(0.05, 1.0, 0.05, "Top-p", "topPSpin")
        self.max_tokens = QSpinBox(objectName="maxTokensSpin")
        self.max_tokens.setRange(1, 8192)
        self.max_tokens.setSuffix(" tokens")
        self.max_tokens.setAccessibleName("Story length, at most")
        self.random_seed = QCheckBox("&Random each time", objectName="randomSeedCheck")
        self.seed = QSpinBox(objectName="seedSpin")
        self.seed.setRange(0, MAX_SEED)
        self.seed.setAccessibleName("Seed")
        self.random_seed.toggled.connect(lambda on: self.seed.setEnabled(not on))
        seed_row = _row(self.random_seed, self.seed)
        form = QFormLayout()
        form.addRow("&Temperature:", self.temperature)
        form.addRow("Top-&p:", self.top_p)
        form.addRow("Story &length, at most:", self.max_tokens)
        form.addRow("&Seed (story and picture):", seed_row)
        return _page(form)

    def _pictures_tab(self) -> QWidget:
        self.image = QCheckBox("&Illustrate stories", objectName="imageCheck")
        self.sdxl = PathField(
            "SDXL model",
            "none: stories are written without pictures",
            True,
            "SDXL checkpoints (*.safetensors)",
        )
        self.sdxl.setObjectName("sdxlField")
        download = QPushButton("&Download SDXL base (about 7 GB)…", objectName="downloadButton")
        download.clicked.connect(self.downloadRequested)
        self.sdxl_config = PathField("configs folder", "for a single .safetensors: optional")
        self.width_ = _size("Width", "widthSpin")
        self.height_ = _size("Height", "heightSpin")
        size = _row(self.width_, self.height_)
        self.steps = QSpinBox(objectName="stepsSpin")
        self.steps.setRange(0, 150)
        self.steps.setSpecialValueText("model's default")
        self.steps.setAccessibleName("Denoising steps")
        self.guidance = _double(0.0, 30.0, 0.5, "Guidance", "guidanceSpin")
        self.scheduler = QComboBox(objectName="schedulerCombo")
        self.scheduler.setAccessibleName("Scheduler")
        for name in SCHEDULERS:
            self.scheduler.addItem(SCHEDULER_NAMES.get(name, name), name)
        self.image_mode = ImageModeCombo()
        self.aspect = AspectCombo(self.width_, self.height_)
        self.picture_style = StyleCombo()
        self.negative = QPlainTextEdit(objectName="negativeEdit")
        self.negative.setAccessibleName("Negative prompt")
        self.negative.setTabChangesFocus(True)
        self.negative.setFixedHeight(self.negative.fontMetrics().lineSpacing() * 3 + 14)
        form = QFormLayout()
        form.addRow(self.image)
        form.addRow("SDXL &model:", self.sdxl)
        form.addRow("", download)
        form.addRow("&Configs:", self.sdxl_config)
        form.addRow("Si&ze:", size)
        form.addRow("Aspect ratio:", self.aspect)
        form.addRow("S&teps:", self.steps)
        form.addRow("&Guidance:", self.guidance)
        form.addRow("Sc&heduler:", self.scheduler)
        form.addRow("Picture mod&e:", self.image_mode)
        form.addRow("St&yle:", self.picture_style)
        form.addRow("&Negative prompt:", self.negative)
        return _page(form)

    def _appearance_tab(self) -> QWidget:
        self.appearance = QComboBox(objectName="appearanceCombo")
        self.appearance.setAccessibleName("Appearance")
        for name in APPEARANCES:
            self.appearance.addItem(APPEARANCE_NAMES[name], name)
        form = QFormLayout()
        form.addRow("&Colours:", self.appearance)
        return _page(form)

    def set_settings(self, s: AppSettings) -> None:
        _pick(self.backend, s.backend)
        self.base_url.setText(s.base_url)
        _pick(self.flavor, s.flavor)
        self._backend_changed()
        self.model.set_path("" if s.model == "default" else s.model)
        if self.device.findText(s.device) < 0:  # saved on another machine: shown, not offered
            self.device.addItem(s.device)
            self.device.setItemData(
                self.device.count() - 1, "not found on this computer", Qt.ItemDataRole.ToolTipRole
            )
        _pick(self.device, s.device, text=True)
        self.adapters.set_adapters(s.adapters, s.story_adapter, s.prompt_adapter)
        self.temperature.setValue(s.temperature)
        self.top_p.setValue(s.top_p)
        self.max_tokens.setValue(s.max_tokens)
        self.random_seed.setChecked(s.seed is None)
        self.seed.setValue(min(s.seed or 0, MAX_SEED))
        self.seed.setEnabled(s.seed is not None)
        self.image.setChecked(s.image)
        self.sdxl.set_path(s.sdxl)
        self.sdxl_config.set_path(s.sdxl_config)
        self.width_.setValue(s.width)
        self.height_.setValue(s.height)
        self.steps.setValue(s.steps)
        self.guidance.setValue(s.guidance)
        _pick(self.scheduler, s.scheduler)
        self.negative.setPlainText(s.negative_prompt)
        self.image_mode.set_mode(s.image_mode)
        self.picture_style.set_style_name(s.style)
        _pick(self.appearance, s.appearance)

    def settings(self) -> AppSettings:
        return replace(
            self._base,
            backend=self.backend.currentData(),
            base_url=self.base_url.text().strip(),
            flavor=self.flavor.currentData(),
            model=self.model.path() or "default",
            device=self.device.currentText(),
            adapters=self.adapters.adapters(),
            story_adapter=self.adapters.story_path(),
            prompt_adapter=self.adapters.prompt_path(),
            temperature=self.temperature.value(),
            top_p=self.top_p.value(),
            max_tokens=self.max_tokens.value(),
            seed=None if self.random_seed.isChecked() else self.seed.value(),
            image=self.image.isChecked(),
            sdxl=self.sdxl.path(),
            sdxl_config=self.sdxl_config.path(),
            width=self.width_.value(),
            height=self.height_.value(),
            steps=self.steps.value(),
            guidance=self.guidance.value(),
            scheduler=self.scheduler.currentData(),
            negative_prompt=self.negative.toPlainText().strip(),
            image_mode=self.image_mode.mode(),
            style=self.picture_style.style_name(),
            appearance=self.appearance.currentData(),
        )


def _page(*parts: QFormLayout | QWidget) -> QWidget:
    page = QWidget()
    box = QVBoxLayout(page)
    for part in parts:
        if isinstance(part, QWidget):
            box.addWidget(part)
        else:
            box.addLayout(part)
    box.addStretch(1)
    return page


def _row(first: QWidget, second: QWidget) -> QWidget:
    """Two fields on one form row; the label's mnemonic goes to the first."""
    row = QWidget()
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(first, 0 if isinstance(first, QCheckBox) else 1)
    box.addWidget(second, 1)
    row.setFocusProxy(first)
    return row


def _double(lo: float, hi: float, step: float, name: str, obj: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(objectName=obj)
    spin.setRange(lo, hi)
    spin.setSingleStep(step)
    spin.setDecimals(2)
    spin.setAccessibleName(name)
    return spin


def _size(name: str, obj: str) -> QSpinBox:
    spin = QSpinBox(objectName=obj)
    spin.setRange(0, 2048)
    spin.setSingleStep(64)
    spin.setSpecialValueText("model's size")
    spin.setSuffix(" px")
    spin.setPrefix(f"{name[0]} ")
    spin.setAccessibleName(name)
    spin.editingFinished.connect(lambda: spin.setValue(round(spin.value() / 64) * 64))
    return spin


def available_devices() -> list[str]:
    """The devices this computer has: cuda only where PyTorch sees a CUDA GPU."""
    try:
        import torch

        cuda = torch.cuda.is_available()
    except Exception:  # no torch, or a broken CUDA install: the CPU still works
        cuda = False
    return ["auto", "cpu", *(["cuda"] if cuda else [])]


def _pick(combo: QComboBox, value: str, text: bool = False) -> None:
    i = combo.findText(value) if text else combo.findData(value)
    combo.setCurrentIndex(max(i, 0))
