"""Test data: real PNG pictures and fully populated versions."""

import io
import random
from datetime import UTC, datetime

from PIL import Image, ImageDraw

from storyapp.library import StoryVersion

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

STORY = (
    "# The Lighthouse Keeper’s Whale\n\n"
    "On the night the fog came, Élodie heard a voice — low, patient — calling from the rocks.\n\n"
    "“Keeper,” said the whale, “your light has kept my children off the reef… thank you.”\n\n"
    "She laughed, & then she stopped: <script>alert(1)</script> Ωmega, naïve café, Жук."
)


def make_png(width: int = 320, height: int = 240, seed: int = 0) -> bytes:
    """A small real picture: a sky gradient, a sun and a hill."""
    rng = random.Random(seed)
    im = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(im)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=(30 + y * 120 // height, 60 + y * 80 // height, 150))
    r = height // 5
    cx = rng.randint(r, width - r)
    draw.ellipse((cx - r, r // 2, cx + r, r // 2 + 2 * r), fill=(250, 215, 110))
    draw.polygon(
        [(0, height), (width * 2 // 5, height // 2), (width * 4 // 5, height)], fill=(40, 90, 50)
    )
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def big_image(index: int, size: int) -> bytes:
    """PNG-tagged bytes whose content is fixed by `index` (for crash tests, not rendering)."""
    return PNG_MAGIC + random.Random(index).randbytes(size)


def full_version(**changes: object) -> StoryVersion:
    """A version with every field set to something distinctive."""
    fields = dict(
        kind="full",
        idea="A lighthouse keeper finds a talking whale",
        premise="An old keeper, a lonely whale, one foggy night.",
        story_text=STORY,
        image_prompt="a whale beside a lighthouse at dusk, oil painting",
        negative_prompt="blurry, text, watermark",
        settings={
            "temperature": 0.8,
            "top_p": 0.95,
            "max_tokens": 600,
            "seed": 1234,
            "steps": 30,
            "guidance": 6.5,
            "size": [1024, 768],
            "language": "en",
        },
        model="SmolLM2-135M-Instruct-Q4_1",
        adapters={"story": "story-writer", "image_prompt": "sd-prompt-writer"},
        backend="embedded",
        timings={
            "premise": {"seconds": 1.25, "tokens": 80, "tokens_per_s": 64.0},
            "story": {"seconds": 9.5, "tokens": 600, "tokens_per_s": 63.157894736842104},
            "image": {"seconds": 42.0, "tokens": 0, "tokens_per_s": 0.0},
        },
        created_at=datetime(2025, 3, 14, 15, 9, 26, 535897, tzinfo=UTC),
    )
    fields.update(changes)
    return StoryVersion(**fields)
