"""Errors training raises for bad input: each message names the file, line or option at fault."""


class TrainingError(Exception):
    """A problem the user can act on (shown as one line, no traceback)."""


class TrainingCancelled(TrainingError):
    """The run was stopped on request after a checkpoint: the same command with resume continues
    it."""
