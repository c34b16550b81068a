"""The start-up check against what ldd says about the installed PySide6's xcb plugin."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from storyapp.gui.qt_libs import (
    PACKAGES,
    missing_libraries,
    missing_message,
    startup_problem,
    uses_xcb,
    xcb_plugin,
)

pytestmark = pytest.mark.skipif(shutil.which("ldd") is None, reason="needs ldd (Linux)")


def not_found_by_ldd() -> list[str]:
    plugin = xcb_plugin()
    assert plugin is not None and plugin.is_file()
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True).stdout
    return sorted({line.split()[0] for line in out.splitlines() if "not found" in line})


def test_the_check_names_every_library_ldd_misses() -> None:
    missing = not_found_by_ldd()
    assert sorted(missing_libraries(xcb_plugin())) == missing
    problem = startup_problem({"QT_QPA_PLATFORM": "xcb"})
    if not missing:
        assert problem is None
        return
    for lib in missing:
        assert lib in problem
        assert lib not in PACKAGES or PACKAGES[lib] in problem  # and the package to install


def test_every_xcb_dependency_has_its_package() -> None:
    out = subprocess.run(["ldd", str(xcb_plugin())], capture_output=True, text=True).stdout
    xcb = {line.split()[0] for line in out.splitlines() if "libxcb" in line or "xkbcommon" in line}
    assert xcb and xcb <= set(PACKAGES), sorted(xcb - set(PACKAGES))


def test_message_and_platforms() -> None:
    text = missing_message(["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in text
    assert "libxcb-keysyms.so.1" in text
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"})
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0"})
    assert uses_xcb({"DISPLAY": ":0"}) and uses_xcb({"QT_QPA_PLATFORM": "xcb"})
    assert startup_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
