"""Hand freed heap pages back to the OS after loading (glibc keeps them otherwise)."""

import ctypes
import ctypes.util
import gc
import sys


def release_free_memory() -> None:
    gc.collect()
    if sys.platform.startswith("linux"):
        libc = ctypes.util.find_library("c")
        if libc:
            ctypes.CDLL(libc).malloc_trim(0)
