"""What the model is asked at each stage. The same instructions go to an adapter and, when the
adapter is missing, to the base model. The adapters' training rows are built with these same
functions (`training/make_data.py`), so an adapter is trained on exactly what the app sends."""

from __future__ import annotations

from storyapp.backends import Message

MAX_IMAGE_WORDS = 55

SYSTEM = "You are a creative writing assistant who writes vivid, original short fiction."

PREMISE = (
    "Story idea: {idea}\n\n"
    "Expand this idea into the premise of a short story: who the main character is, where and "
    "when it happens, what they want and what stands in their way. Write 3 to 5 sentences of "
    "plain prose. No title, no lists."
)

STORY = (
    "Story idea: {idea}\n\n"
    "Premise: {premise}\n\n"
    "Write a short story from this idea and premise. Keep the idea's characters, places and "
    "events, and the premise's names. Put the story's title alone on the first line, then tell "
    "the story in 4 to 8 paragraphs of plain prose separated by blank lines."
)

IMAGE_PROMPT = (
    "Premise: {premise}\n\n"
    "Write a prompt for an image generator that illustrates this story. Write one line of "
    "comma-separated visual phrases: the main subject, the setting, the lighting, the mood and "
    f"an art style. At most {MAX_IMAGE_WORDS} words. Write only the prompt, nothing else."
)


def premise_messages(idea: str) -> tuple[Message, ...]:
    return _chat(PREMISE.format(idea=idea.strip()))


def story_messages(idea: str, premise: str) -> tuple[Message, ...]:
    return _chat(STORY.format(idea=idea.strip(), premise=premise.strip()))


def image_prompt_messages(premise: str) -> tuple[Message, ...]:
    return _chat(IMAGE_PROMPT.format(premise=premise.strip()))


def _chat(user: str) -> tuple[Message, ...]:
    return ({"role": "system", "content": SYSTEM}, {"role": "user", "content": user})


CONTINUE = (
    "Premise: {premise}\n\n"
    "Here is the story so far:\n\n{story}\n\n"
    "Continue this story from where it stops, in the same voice, in 2 to 4 paragraphs of plain "
    "prose separated by blank lines. Do not repeat what is written; no title."
)


def continue_messages(premise: str, story: str) -> tuple[Message, ...]:
    """The story-writer asked to go on with `story` (the desktop app's Continue the story)."""
    return _chat(CONTINUE.format(premise=premise.strip(), story=story.strip()))


# --- Picture books (book_pipeline.py): scenes and a cast sheet in one batch, then one image
# prompt per scene in a second batch. The scene prompt's looks and style line are added by code
# afterwards (book_text.compose_prompt), so the model writes only what the scene shows.

MAX_SCENE_WORDS = 25  # the looks and the style line need the rest of CLIP's 77 tokens

SCENES = (
    "Story idea: {idea}\n\n"
    "Premise: {premise}\n\n"
    "Write a short picture-book story from this idea and premise, told in exactly {pages} "
    "scenes. Keep the premise's names. Put the story's title alone on the first line. Then "
    "begin each scene on its own line with 'Scene 1:', 'Scene 2:' and so on, followed by 2 to 4 "
    "sentences of plain prose that say what happens and what can be seen."
)

CAST_SHEET = (
    "Premise: {premise}\n\n"
    "List the main characters of this story, one per line, as 'Name: look'. The look is one "
    "short line of visual details that never change: age, build, hair, face, clothes and their "
    "colours. At most 4 characters. Write only the list."
)

# the scene comes last: every row of a book's batch then begins with the same tokens (system
# line, cast sheet, instruction), which the engine computes once for all of them
SCENE_IMAGE_PROMPT = (
    "Characters:\n{cast}\n\n"
    "Write a prompt for an image generator that illustrates the scene below. Write one line of "
    "comma-separated visual phrases: who is there and what they do, the setting, the lighting "
    f"and the mood. At most {MAX_SCENE_WORDS} words. Write only the prompt, nothing else.\n\n"
    "Scene: {scene}"
)


def scenes_messages(idea: str, premise: str, pages: int) -> tuple[Message, ...]:
    """The story-writer asked for the story in `pages` marked scenes."""
    return _chat(SCENES.format(idea=idea.strip(), premise=premise.strip(), pages=pages))


def cast_sheet_messages(premise: str) -> tuple[Message, ...]:
    """The base model asked for each main character's fixed look, one 'Name: look' a line."""
    return _chat(CAST_SHEET.format(premise=premise.strip()))


def scene_prompt_messages(scene: str, cast_sheet: str) -> tuple[Message, ...]:
    """The sd-prompt-writer asked for one scene's visual phrases; `cast_sheet` is the
    'Name: look' lines (book_text.cast_lines)."""
    cast = cast_sheet.strip() or "(none named)"
    return _chat(SCENE_IMAGE_PROMPT.format(cast=cast, scene=" ".join(scene.split())))
