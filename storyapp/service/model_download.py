"""Download a catalog model from the Hugging Face Hub into the models folder.

Files are fetched into `<models>/.partial/<folder>` (huggingface_hub resumes a file whose
connection drops, with a Range request; a run cancelled or killed keeps the files it finished,
and the next run fetches only the rest), each checked against the checksum the Hub lists, and
the folder moves to `<models>/<folder>` only when every file is there and verified, with its
description (`storyapp-model.json`) written last. The app only ever sees complete models."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from storyapp.story.adapter_sets import MODEL_SOURCE_FILE
from storyapp.system.atomic import replace, write_atomic
from storyapp.system.paths import models_dir

from .catalog import CatalogEntry

PARTIAL = ".partial"
SPARE = 200 * 10**6  # kept free on the drive beyond the download itself
TOKEN_HELP = (
    "create a read token at https://huggingface.co/settings/tokens and set HF_TOKEN=<token> or "
    "run `hf auth login`"
)


class DownloadError(RuntimeError):
    """One line: what failed and what to do."""


class DownloadCancelled(DownloadError):
    def __init__(self) -> None:
        super().__init__("download cancelled; the files already fetched are kept for next time")


@dataclass(frozen=True, slots=True)
class RemoteFile:
    path: str
    size: int
    sha256: str | None  # LFS files: the content's sha256
    git_sha1: str | None  # other files: the git blob id


@dataclass(slots=True)
class Progress:
    """Bytes done of the total, with the rate since the start and the time left."""

    done: int
    total: int
    file: str
    started: float

    @property
    def rate(self) -> float:
        return self.done / max(time.monotonic() - self.started, 1e-6)

    @property
    def seconds_left(self) -> float | None:
        return (self.total - self.done) / self.rate if self.rate > 0 else None


OnProgress = Callable[[Progress], None]


def installed(entry: CatalogEntry, root: Path | None = None) -> Path | None:
    """The model's folder when a complete download of it is there."""
    folder = (root or models_dir()) / entry.where
    return folder if (folder / MODEL_SOURCE_FILE).is_file() else None


def download_model(
    entry: CatalogEntry,
    root: Path | None = None,
    on_progress: OnProgress | None = None,
    cancel: threading.Event | None = None,
    token: str | None = None,
) -> Path:
    """Fetch `entry` into `root` (default: the models folder) and return its folder. A model
    already there is not fetched again. $HF_ENDPOINT names another hub (a mirror, or a test's);
    the token comes from `token`, else the usual places ($HF_TOKEN, `hf auth login`)."""
    from huggingface_hub import get_token

    root = root or models_dir()
    if done := installed(entry, root):
        return done
    token = token or get_token()
    endpoint = os.environ.get("HF_ENDPOINT") or None
    revision, files = _listing(entry, token, endpoint)
    partial = root / PARTIAL / entry.where.replace("/", "--")  # never inside another model
    _check_space(root, partial, files)
    started, done_before = time.monotonic(), 0
    total = sum(f.size for f in files)
    for f in files:
        _fetch(entry, f, revision, partial, token, endpoint, cancel, on_progress, done_before,
               total, started)  # fmt: skip
        _verify(partial / f.path, f)
        done_before += f.size
    return _publish(entry, revision, files, partial, root / entry.where)


def _listing(
    entry: CatalogEntry, token: str | None, endpoint: str | None
) -> tuple[str, list[RemoteFile]]:
    """The commit and the files to fetch, with their sizes and checksums."""
    from huggingface_hub import HfApi

    try:
        info = HfApi(endpoint=endpoint).model_info(entry.repo, files_metadata=True, token=token)
    except Exception as e:
        raise _hub_error(entry, e) from None
    if info.gated and not token:
        raise DownloadError(
            f"{entry.title} is gated on the Hugging Face Hub and no token was found: accept its "
            f"license at {entry.page}, then {TOKEN_HELP}"
        )
    files = []
    for s in info.siblings or []:
        if any(fnmatch(s.rfilename, p) for p in entry.files):
            lfs = s.lfs
            files.append(
                RemoteFile(s.rfilename, int(s.size or 0), lfs.sha256 if lfs else None, s.blob_id)
            )
    if not files:
        raise DownloadError(f"{entry.repo}: none of {', '.join(entry.files)} is on the Hub")
    return str(info.sha), files


def _check_space(root: Path, partial: Path, files: list[RemoteFile]) -> None:
    have = (
        sum(p.stat().st_size for p in partial.rglob("*") if p.is_file()) if partial.exists() else 0
    )
    need = sum(f.size for f in files) - have + SPARE
    root.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(root).free
    if free < need:
        raise DownloadError(
            f"not enough space in {root}: the download needs {need / 1e9:.1f} GB, "
            f"{free / 1e9:.1f} GB is free; free some space or set STORYAPP_CACHE to another drive"
        )


def _fetch(entry, f, revision, partial, token, endpoint, cancel, on_progress, before, total,
           started) -> None:  # fmt: skip
    from huggingface_hub import hf_hub_download

    try:
        hf_hub_download(
            entry.repo,
            f.path,
            revision=revision,
            local_dir=partial,
            token=token,
            endpoint=endpoint,
            tqdm_class=_bar(f.path, before, total, started, on_progress, cancel),
        )
    except DownloadError:
        raise
    except OSError as e:
        if getattr(e, "errno", None) == 28:  # ENOSPC
            raise DownloadError(
                f"the drive holding {partial} is full; free some space and run the download "
                "again (the files already fetched are kept)"
            ) from None
        raise _hub_error(entry, e) from None
    except Exception as e:
        raise _hub_error(entry, e) from None


def _bar(name: str, before: int, total: int, started: float, report, cancel) -> type:
    """A silent tqdm for hf_hub_download that reports bytes over all files and stops the
    download when `cancel` is set (the part written so far stays, to resume from)."""
    from huggingface_hub.utils import tqdm

    class Bar(tqdm):
        def __init__(self, *args, **kwargs) -> None:
            self._done = int(kwargs.get("initial") or 0)
            super().__init__(*args, **{**kwargs, "disable": True})

        def update(self, n: float | None = 1) -> bool | None:
            if cancel is not None and cancel.is_set():
                raise DownloadCancelled()
            if n:
                self._done += int(n)
                if report is not None:
                    report(Progress(before + self._done, total, name, started))
            return super().update(n)

    return Bar


def _verify(path: Path, f: RemoteFile) -> None:
    """The file's checksum against the Hub's; a mismatch removes the file and says so."""
    if f.sha256:
        got, want = _digest(path, hashlib.sha256()), f.sha256
    elif f.git_sha1:
        prefix = f"blob {path.stat().st_size}\0".encode()
        got, want = _digest(path, hashlib.sha1(prefix, usedforsecurity=False)), f.git_sha1
    else:
        return
    if got != want:
        path.unlink(missing_ok=True)
        raise DownloadError(
            f"{f.path}: the downloaded file is damaged (checksum {got[:12]}…, expected "
            f"{want[:12]}…); it was removed, run the download again"
        )


def _digest(path: Path, h) -> str:
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _publish(
    entry: CatalogEntry, revision: str, files: list[RemoteFile], partial: Path, final: Path
) -> Path:
    """Move the verified folder into place, its description last-written inside it."""
    shutil.rmtree(partial / ".cache", ignore_errors=True)  # huggingface_hub's resume records
    record = {"name": entry.name, "repo": entry.repo, "base": entry.base or entry.repo,
              "revision": revision, "files": [f.path for f in files]}  # fmt: skip
    write_atomic(partial / MODEL_SOURCE_FILE, (json.dumps(record, indent=2) + "\n").encode(),
                 error=DownloadError)  # fmt: skip
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.exists():  # an older copy: replaced, keeping complete models inside it (the VAE)
        for child in final.iterdir():
            if (child / MODEL_SOURCE_FILE).is_file() and not (partial / child.name).exists():
                replace(child, partial / child.name)
        shutil.rmtree(final)
    replace(partial, final)
    return final


def _hub_error(entry: CatalogEntry, e: Exception) -> DownloadError:
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
    )

    if isinstance(e, GatedRepoError):
        return DownloadError(
            f"{entry.title} is gated and this token has no access yet: accept its license at "
            f"{entry.page} (signed in as the token's owner), or {TOKEN_HELP}"
        )
    if isinstance(e, RepositoryNotFoundError):
        return DownloadError(f"{entry.repo} was not found on the Hub (or needs a token)")
    if isinstance(e, OfflineModeIsEnabled):
        return DownloadError("HF_HUB_OFFLINE is set: unset it to download")
    if isinstance(e, HfHubHTTPError):
        return DownloadError(
            f"the Hub refused the download of {entry.repo}: {str(e).splitlines()[0]}"
        )
    return DownloadError(
        f"downloading {entry.repo} failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
    )
