"""Desktop-app start-up: seconds from launching the app to its window's first paint, and to
ready-to-generate (the text model and, with --sdxl, the image model loaded), read from the app's
own log lines. Each run is a fresh process with a fresh app home, offscreen. `--frozen FOLDER`
launches the one-folder build (storyapp-gui) instead of `python -m storyapp`.

    .venv/bin/python benchmarks/startup.py [--sdxl tiny] [--repeats 3] [--frozen dist/storyapp]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LINE = re.compile(
    r"start-up: (window painted|ready to generate) ([\d.]+) s after launch \(launched at ([\d.]+)\)"
)


def run_once(cmd: list[str], sdxl: str, timeout: float) -> dict[str, float]:
    from storyapp.gui.settings_store import SettingsStore
    from storyapp.service.app_settings import AppSettings

    with tempfile.TemporaryDirectory() as tmp:
        home, ini = Path(tmp) / "home", Path(tmp) / "settings.ini"
        SettingsStore(str(ini)).save(AppSettings(sdxl=sdxl))
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "STORYAPP_HOME": str(home),
            "STORYAPP_GUI_SETTINGS": str(ini),
            "HF_HUB_OFFLINE": "1",
        }
        log = home / "logs" / "storyapp.log"
        t0 = time.time()
        quiet = subprocess.DEVNULL  # the log has what matters; a full pipe would stall the app
        app = subprocess.Popen(cmd, env=env, stdout=quiet, stderr=quiet)
        try:
            found = _wait_for_ready(log, app, t0 + timeout)
        finally:
            app.terminate()
            app.wait(timeout=30)
    launched = found["launched"]
    return {
        "to_storyapp": launched - t0,  # interpreter (or bootloader) start until our first import
        "window": launched - t0 + found["window painted"],
        "ready": launched - t0 + found["ready to generate"],
    }


def _wait_for_ready(log: Path, app: subprocess.Popen, deadline: float) -> dict[str, float]:
    found: dict[str, float] = {}
    while "ready to generate" not in found:
        if time.time() > deadline or app.poll() is not None:
            tail = log.read_text()[-2000:] if log.exists() else "(no log)"
            sys.exit(f"the app did not get ready (exit {app.poll()}); its log ends:\n{tail}")
        time.sleep(0.05)
        text = log.read_text() if log.exists() else ""
        for what, after, launched in LINE.findall(text):
            found[what], found["launched"] = float(after), float(launched)
    return found


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sdxl", default="", help="image model setting ('tiny'; default: none)")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--frozen", type=Path, help="a one-folder build, e.g. dist/storyapp")
    p.add_argument("--timeout", type=float, default=600, help="seconds to wait for ready")
    args = p.parse_args()
    cmd = [str(args.frozen / "storyapp-gui")] if args.frozen else [sys.executable, "-m", "storyapp"]
    runs = [run_once(cmd, args.sdxl, args.timeout) for _ in range(args.repeats)]
    median = {k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0]}
    build = "frozen" if args.frozen else "source"
    print(
        json.dumps(
            {"build": build, "sdxl": args.sdxl or None, "runs": len(runs), "median_s": median}
        )
    )


if __name__ == "__main__":
    main()
