"""Light and dark palettes. 'system' follows the OS colour scheme, live; the Fusion style draws
both the same on every platform (macOS keeps its native style, which follows the OS itself)."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

Role, Group = QPalette.ColorRole, QPalette.ColorGroup

DARK = {
    Role.Window: "#26282b",
    Role.WindowText: "#e6e6e6",
    Role.Base: "#1d1f21",
    Role.AlternateBase: "#2b2e31",
    Role.ToolTipBase: "#33363a",
    Role.ToolTipText: "#e6e6e6",
    Role.PlaceholderText: "#8a8f96",
    Role.Text: "#e6e6e6",
    Role.Button: "#32353a",
    Role.ButtonText: "#e6e6e6",
    Role.BrightText: "#ff6b6b",
    Role.Light: "#3d4146",
    Role.Midlight: "#35383d",
    Role.Mid: "#2a2c30",
    Role.Dark: "#17181a",
    Role.Shadow: "#0c0c0d",
    Role.Highlight: "#4a8fd9",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#6cb0ff",
    Role.LinkVisited: "#b08cff",
}
DARK_DISABLED = {
    Role.WindowText: "#7b7f85",
    Role.Text: "#7b7f85",
    Role.ButtonText: "#7b7f85",
    Role.Highlight: "#3b4048",
    Role.HighlightedText: "#a0a4aa",
}


def dark_palette() -> QPalette:
    p = QPalette()
    for role, color in DARK.items():
        p.setColor(role, QColor(color))
    for role, color in DARK_DISABLED.items():
        p.setColor(Group.Disabled, role, QColor(color))
    return p


def is_dark(appearance: str) -> bool:
    """Whether `appearance` ('system', 'light', 'dark') means dark now."""
    if appearance in ("light", "dark"):
        return appearance == "dark"
    return QApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, appearance: str = "system") -> None:
    """Set the palette for `appearance`; with 'system', follow later OS changes too."""
    native = sys.platform == "darwin"
    if not native and app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    if is_dark(appearance):
        app.setPalette(dark_palette())
    elif native and appearance == "system":
        app.setPalette(QPalette())  # the native style follows the OS by itself
    else:
        app.setPalette(app.style().standardPalette())
    app.setProperty("storyappAppearance", appearance)
    for w in app.topLevelWidgets():  # style sheets keep the palette they were polished with
        if w.styleSheet():
            w.setStyleSheet(w.styleSheet())
    if not app.property("storyappFollows"):
        app.setProperty("storyappFollows", True)
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: _follow(app))


def _follow(app: QApplication) -> None:
    appearance = app.property("storyappAppearance") or "system"
    if appearance == "system":
        apply_theme(app, "system")
