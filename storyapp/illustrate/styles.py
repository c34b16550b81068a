"""A few named styles, each a set of words around the image prompt (as Fooocus' style presets
are). The words go into the prompt itself, so a picture's metadata remakes it without the list."""

from __future__ import annotations

from .errors import IllustratorError

# name -> template; {prompt} is the image prompt
STYLES: dict[str, str] = {
    "storybook": "children's storybook illustration of {prompt}, soft colors, gentle ink lines",
    "watercolor": "watercolor painting of {prompt}, loose washes, paper texture, muted palette",
    "photo": "cinematic photo of {prompt}, 35mm, shallow depth of field, natural light",
    "oil painting": "oil painting of {prompt}, visible brush strokes, rich colors, classical",
    "comic": "comic book panel of {prompt}, bold ink outlines, flat colors, halftone shading",
    "pixel art": "pixel art of {prompt}, 16-bit, crisp pixels, limited palette",
}


def styled(prompt: str, style: str) -> str:
    """`prompt` in the words of `style` ('' or 'none': unchanged)."""
    if style in ("", "none"):
        return prompt
    template = STYLES.get(style)
    if template is None:
        raise IllustratorError(f"unknown style {style!r}; expected one of {', '.join(STYLES)}")
    return template.format(prompt=prompt.strip())
