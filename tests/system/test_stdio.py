"""A windowed app's missing standard streams point at the log: prints, flushes and progress bars
work and their lines reach the log."""

import logging
import sys

from tqdm import tqdm

from storyapp.system.stdio import ToLog, streams_to_log, to_log


def test_missing_streams_point_at_the_log_and_others_are_kept(monkeypatch, caplog):
    kept = sys.stdout
    monkeypatch.setattr(sys, "stderr", None)
    assert streams_to_log() == ["stderr"]
    assert sys.stdout is kept and to_log(sys.stderr) and not sys.stderr.isatty()
    assert streams_to_log() == []


def test_prints_flushes_and_progress_bars_become_log_lines(monkeypatch, caplog):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    streams_to_log()
    caplog.set_level(logging.INFO, logger="storyapp")
    print("hello", "world")
    sys.stdout.flush()
    for _ in tqdm(range(3), desc="steps", mininterval=0):
        pass
    lines = [(r.name, r.getMessage()) for r in caplog.records]
    assert lines[0] == ("storyapp.stdout", "hello world")
    bars = [text for name, text in lines if name == "storyapp.stderr"]
    assert len(bars) == 1 and bars[0].startswith("steps: 100%")  # the last drawing, once


def test_a_handler_writing_back_to_the_stream_does_not_loop():
    stream = ToLog("stderr")
    handler = logging.StreamHandler(stream)
    stream.log.addHandler(handler)
    try:
        assert stream.write("one line\n") == len("one line\n")
    finally:
        stream.log.removeHandler(handler)
