"""How a stage ends without its result."""

from __future__ import annotations


class StoryError(Exception):
    """A stage failed for a reason the user can act on; the message is one line."""

    def __init__(self, stage: str, message: str) -> None:
        super().__init__(message)
        self.stage = stage


class StoryCancelled(Exception):
    def __init__(self, stage: str) -> None:
        super().__init__(f"{stage} cancelled")
        self.stage = stage
