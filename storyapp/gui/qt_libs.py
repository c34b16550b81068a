"""Before the window opens on X11: the system libraries Qt's xcb platform plugin needs and this
system lacks, each named with the Debian/Ubuntu package that has it. Qt itself names only the
first it misses, and only in a line on the console."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

# The shared library (as ldd names it) -> the Debian 12 / Ubuntu package that installs it.
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def xcb_plugin() -> Path | None:
    """The installed PySide6's xcb platform plugin, or None when it has none (not Linux)."""
    import PySide6

    found = sorted(Path(PySide6.__file__).parent.glob("Qt/plugins/platforms/libqxcb*.so"))
    return found[0] if found else None


def missing_libraries(plugin: Path) -> list[str]:
    """The libraries `plugin` needs that the dynamic loader cannot find (ldd's 'not found'),
    each once, in ldd's order; [] when ldd is not there to ask."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, check=False).stdout
    return list(dict.fromkeys(_NOT_FOUND.findall(out)))


def missing_message(missing: list[str]) -> str:
    """One paragraph: what is missing and the command that installs it."""
    packages = [PACKAGES[lib] for lib in missing if lib in PACKAGES]
    unknown = [lib for lib in missing if lib not in PACKAGES]
    text = (
        "storyapp cannot open its window: the Qt X11 (xcb) plugin needs system libraries this "
        f"computer lacks: {', '.join(missing)}."
    )
    if packages:
        text += f" On Debian or Ubuntu: sudo apt install {' '.join(packages)}"
        text += " (or run: make system-deps)."
    if unknown:
        text += f" Install the packages that provide {', '.join(unknown)}."
    return text


def uses_xcb(env: Mapping[str, str]) -> bool:
    """Whether Qt will open the window through X11 with this environment."""
    if not sys.platform.startswith("linux"):
        return False
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(";")[0].split(":")[0] == "xcb"
    return not env.get("WAYLAND_DISPLAY")


def startup_problem(env: Mapping[str, str] | None = None) -> str | None:
    """The message to stop with when the window cannot open for missing libraries; else None."""
    env = os.environ if env is None else env
    if not uses_xcb(env):
        return None
    plugin = xcb_plugin()
    if plugin is None:
        return None
    missing = missing_libraries(plugin)
    return missing_message(missing) if missing else None
