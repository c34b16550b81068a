"""The exact user turns the default adapters were trained on. The story pipeline imports these so
that what an adapter sees at run time is what it saw in training (and the base model, when an
adapter is missing, gets the same instruction)."""

STORY_INSTRUCTION = (
    "Write a short story from this premise. Put the story's title alone on the first line, then "
    "tell the story in 4 to 8 paragraphs of plain prose separated by blank lines."
)

SD_PROMPT_INSTRUCTION = (
    "Write a prompt for an image generator that illustrates this story. Write one line of "
    "comma-separated visual phrases: the main subject, the setting, the lighting, the mood and "
    "an art style. At most 55 words. Write only the prompt, nothing else."
)


def user_turn(premise: str, instruction: str) -> str:
    """The user message: the premise, a blank line, then the instruction."""
    return f"Premise: {premise.strip()}\n\n{instruction}"
