"""Errors the engine raises for bad input: each message names the file, field or limit at fault."""


class EngineError(Exception):
    """Base class: a problem the user can act on (shown as one line, no traceback)."""


class ModelLoadError(EngineError):
    """A checkpoint is missing, truncated, corrupt, or of an architecture we do not run."""


class AdapterError(EngineError):
    """A LoRA adapter is unsupported or does not fit the base model."""


class ContextOverflowError(EngineError):
    """A prompt (plus the tokens asked for) does not fit the model's context."""


class SequenceError(EngineError):
    """A request failed on its own (its logits went non-finite); the others were not harmed."""
