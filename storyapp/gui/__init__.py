"""The desktop app: a thin Qt view over the Qt-free story pipeline and library. The only
package that imports Qt; the pipeline runs in a worker thread whose events reach the widgets
through Qt signals only."""

from __future__ import annotations


def run_app(argv: list[str] | None = None) -> int:
    """Open the main window and run until it is closed; the exit status."""
    from .app import run_app as run

    return run(argv)


__all__ = ["run_app"]
