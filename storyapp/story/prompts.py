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
