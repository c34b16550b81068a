"""Giving back the OpenMP worker threads a thread started, once it is done computing for now.

GNU OpenMP (libgomp: torch's CPU build and the native kernels both run on it) keeps one pool of
worker threads per thread that ever ran a parallel region, for as long as that thread lives. When
the pooled threads outnumber the CPUs, libgomp takes the machine for oversubscribed and its
barriers stop spinning: every one sleeps and is woken, dozens of times a decode step. A model
loaded on one thread and stepped on another (the server's engine thread; a benchmark's second
run) is then ~1.5x slower on 2 cores, with the CPUs half idle. So a long-lived thread that has
finished its share of the work (loading a model, one generate call, adding an adapter) gives its
pool back, and the thread that computes next has the CPUs to itself. Its next parallel region
starts a fresh pool: a thread created, tens of microseconds.

Where libgomp is not the OpenMP in use (Windows, macOS, Intel's runtime) this does nothing.
"""

from __future__ import annotations

import ctypes
import os
import sys

_PAUSE_SOFT = 1  # omp_pause_soft: free the threads, keep the settings


_loaded: ctypes.CDLL | None = None


def _libgomp() -> ctypes.CDLL | None:
    """libgomp if this process has loaded it (never a second, unused copy). A miss is not
    remembered: torch or a native kernel may load it later."""
    global _loaded
    if _loaded is None and sys.platform.startswith("linux"):
        try:
            lib = ctypes.CDLL("libgomp.so.1", mode=os.RTLD_NOLOAD)
            lib.omp_pause_resource_all.argtypes = [ctypes.c_int]
            lib.omp_pause_resource_all.restype = ctypes.c_int
        except (OSError, AttributeError):  # not loaded, or older than OpenMP 5.0
            return None
        _loaded = lib
    return _loaded


def release_worker_threads() -> bool:
    """End the calling thread's OpenMP worker threads. False where there was nothing to do it
    with, or it could not be done (inside a parallel region)."""
    lib = _libgomp()
    return lib is not None and lib.omp_pause_resource_all(_PAUSE_SOFT) == 0
