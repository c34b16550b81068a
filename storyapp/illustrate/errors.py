"""The two ways a render can end without an image."""


class IllustratorError(Exception):
    """A model that cannot be loaded or a request that cannot be rendered; the message is one
    line that names the path or value and what was expected."""


class RenderCancelled(Exception):
    """The caller's cancel was seen after step `step` of `total`; nothing was rendered."""

    def __init__(self, step: int, total: int) -> None:
        super().__init__(f"render cancelled after step {step} of {total}")
        self.step = step
        self.total = total
