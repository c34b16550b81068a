"""Whether a process still runs: what makes a temporary folder it owned safe to remove. POSIX
asks with signal 0; Windows opens the process (there os.kill would end it)."""

from __future__ import annotations

import os
import sys


def alive(pid: int) -> bool:
    """True unless process `pid` is surely gone (when in doubt, it is treated as running)."""
    if pid <= 0:
        return True
    if sys.platform == "win32":
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process, or a question we may not ask
    return True


if sys.platform == "win32":

    def _alive_windows(pid: int) -> bool:
        import ctypes

        # use_last_error: ctypes.get_last_error() reads the error saved by this library's calls
        # (through the shared ctypes.windll it stays 0, and a gone process would read as running)
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        query_limited_information, still_active = 0x1000, 259
        handle = kernel32.OpenProcess(query_limited_information, False, pid)
        if not handle:
            return ctypes.get_last_error() != 87  # ERROR_INVALID_PARAMETER: no such process
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == still_active
        finally:
            kernel32.CloseHandle(handle)
