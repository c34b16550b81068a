import pytest

from storyapp.library import split_title, title_from_text


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("# The Whale\n\nIt sang.", "The Whale", "It sang."),
        ("Title: The Whale\nIt sang.", "The Whale", "It sang."),
        ("**The Whale**\n\nIt sang.", "The Whale", "It sang."),
        ("\n\n  The Whale  \n\nIt sang.", "The Whale", "It sang."),
        ("“The Whale”\nIt sang.", "The Whale", "It sang."),
        (
            "Once upon a time a keeper heard a whale singing below the rocks.\nMore.",
            "Once upon a time a keeper heard a…",
            "Once upon a time a keeper heard a whale singing below the rocks.\nMore.",
        ),
        ("It sang.", "It sang", "It sang."),
        ("", "", ""),
        ("   \n ", "", ""),
    ],
)
def test_split_title(text: str, title: str, body: str) -> None:
    assert split_title(text) == (title, body)
    assert title_from_text(text) == title
