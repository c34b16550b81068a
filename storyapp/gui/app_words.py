"""Messages from the layers below speak of command-line flags; the window speaks of its own
Settings. Each flag the messages name, in the words of the Settings dialog."""

from __future__ import annotations

import re

_REPLACE: tuple[tuple[str, str], ...] = (
    (r"\(--base-url URL\)", "(Settings → Models → Server)"),
    (r"--base-url must start", "the server address (Settings → Models → Server) must start"),
    (
        r"--device cuda was asked for, but this torch build sees no CUDA GPU",
        "Device is set to cuda (Settings → Models → Device), but this computer has no CUDA GPU "
        "that PyTorch can use; choose auto or cpu",
    ),
    (r"pass --api-key KEY", "set the key in the STORYAPP_API_KEY environment variable"),
    (r"on the CPU use --backend embedded", "on the CPU choose Embedded (Settings → Models)"),
    (r"--backend embedded", "the Embedded backend (Settings → Models)"),
    (r"pass --sdxl PATH", "choose one in Settings → Pictures"),
    (r"--model default", "the default base model"),
)
FIELD = {  # a word in the message -> the Settings field to open
    "Server": "serverUrlEdit",
    "Device": "deviceCombo",
    "Embedded": "backendCombo",
}


def in_app_words(message: str) -> str:
    for flag, words in _REPLACE:
        message = re.sub(flag, words, message)
    return message


def field_for(message: str) -> str:
    """The object name of the Settings field the (translated) message points at."""
    for word, name in FIELD.items():
        if f"Models → {word}" in message or f"({word} " in message or f"choose {word}" in message:
            return name
    return "backendCombo"
