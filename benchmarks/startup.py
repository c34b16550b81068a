"""Desktop-app start-up, offscreen: seconds from process launch to the imports done, to a
visible (exposed) main window, and to ready-to-generate (the worker's `ready`: text model and,
with --sdxl, image model loaded). Each run is a fresh process with a fresh app home.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup.py [--sdxl tiny] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def child(t0: float, sdxl: str) -> None:
    from storyapp.gui.app import open_window
    from storyapp.gui.app_settings import AppSettings
    from storyapp.gui.settings_store import SettingsStore

    out = {"imports": time.time() - t0}
    SettingsStore(os.environ["STORYAPP_GUI_SETTINGS"]).save(AppSettings(sdxl=sdxl))
    app, window = open_window()
    from PySide6.QtCore import QTimer

    def poll() -> None:
        handle = window.windowHandle()
        if "window" not in out and handle is not None and handle.isExposed():
            out["window"] = time.time() - t0

    timer = QTimer(interval=1, timeout=poll)
    timer.start()
    failures: list[str] = []
    watch = _watch_class()(
        app, failures
    )  # a main-thread QObject: the worker's signals are queued to it
    window.worker.ready.connect(watch.ready)
    window.worker.failed.connect(watch.failed)
    app.exec()
    out["ready"] = time.time() - t0
    if failures:
        sys.exit(f"start-up failed: {failures[0]}")
    window.close()
    print(json.dumps(out))


def _watch_class():
    from PySide6.QtCore import QObject, Slot

    class Watch(QObject):
        def __init__(self, app, failures: list[str]) -> None:
            super().__init__()
            self.app, self.failures = app, failures

        @Slot(str)
        def ready(self, _model: str) -> None:
            self.app.quit()

        @Slot(str, str)
        def failed(self, what: str, message: str) -> None:
            self.failures.append(f"{what}: {message}")
            self.app.quit()

    return Watch


def run_once(sdxl: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "STORYAPP_HOME": os.path.join(tmp, "home"),
            "STORYAPP_GUI_SETTINGS": os.path.join(tmp, "settings.ini"),
            "HF_HUB_OFFLINE": "1",
        }
        t0 = time.time()
        cmd = [sys.executable, __file__, "--child", repr(t0), "--sdxl", sdxl]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if done.returncode:
            sys.exit(done.stderr.strip().splitlines()[-1])
        return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sdxl", default="", help="image model setting ('tiny'; default: none)")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child is not None:
        return child(args.child, args.sdxl)
    runs = [run_once(args.sdxl) for _ in range(args.repeats)]
    median = {k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0]}
    print(json.dumps({"sdxl": args.sdxl or None, "runs": len(runs), "median_s": median}))


if __name__ == "__main__":
    main()
