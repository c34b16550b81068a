"""A picture book's text read from model output, the scene prompts put together, the page-seed
rule and the book's pure edits: no model runs here."""

from __future__ import annotations

import pytest

from storyapp.story import StoryError
from storyapp.story.book import (
    MAX_PAGES,
    Book,
    CastMember,
    Page,
    check_page,
    check_pages,
    delete_page,
    edit_cast,
    edit_page,
    split_page,
)
from storyapp.story.book_text import (
    GENERIC_LOOKS,
    compose_prompt,
    estimated_fit,
    fallback_cast,
    parse_cast,
    shown,
    split_scenes,
    story_markdown,
    title_and_body,
)
from storyapp.story.seeds import page_image_seed, page_prompt_seed

MIA = CastMember("Mia", "eight years old, small, red braids, green dress")
EMBER = CastMember("Ember", "young dragon, round belly, orange scales, blue scarf")


def test_scenes_are_split_by_their_markers_when_there_are_enough():
    text = (
        "Scene 1: Mia wakes.\nScene 2: **Ember** flies.\n\n**Scene 3:** They bake.\nScene 4: End."
    )
    assert split_scenes(text, 4) == ["Mia wakes.", "Ember flies.", "They bake.", "End."]
    # more markers than pages: neighbours share a page, in order
    assert split_scenes(text, 2) == ["Mia wakes. Ember flies.", "They bake. End."]


def test_without_enough_markers_scenes_come_from_paragraphs_then_sentences_then_words():
    paragraphs = "One day.\n\nTwo days.\n\nThree days."
    assert split_scenes(paragraphs, 3) == ["One day.", "Two days.", "Three days."]
    sentences = "Mia ran. Ember flew! They met? At last"
    assert split_scenes(sentences, 4) == ["Mia ran.", "Ember flew!", "They met?", "At last"]
    assert split_scenes("a b c d e f", 3) == ["a b", "c d", "e f"]
    assert split_scenes("too short", 3) == ["too", "short", ""]
    assert len(split_scenes("Scene 1: only one marker. Then more. And more.", 3)) == 3


def test_the_title_is_the_first_line_only_when_it_reads_as_one():
    assert title_and_body("# The Bread Dragon\nScene 1: Mia.") == (
        "The Bread Dragon",
        "Scene 1: Mia.",
    )
    assert title_and_body("Scene 1: Mia.\nScene 2: Ember.")[0] == ""
    assert title_and_body("Mia woke up early and ran outside.\nMore.")[0] == ""


def test_the_cast_sheet_is_read_from_name_look_lines_and_noise_is_skipped():
    sheet = (
        "Characters:\n"
        "Premise: In a small, coastal town on the edge of the sea\n"  # a heading echoed back
        "1. **Mia**: eight years old, small, red braids, green dress.\n"
        "- Ember - young dragon, round belly, orange scales, blue scarf\n"
        "The story is about friendship.\n"
        "Mia: a second line for Mia is ignored\n"
        "Baker: x\n"
    )
    assert parse_cast(sheet) == [MIA, EMBER]
    long = parse_cast("Tom: " + ", ".join(["a very long detail"] * 8))[0]
    assert len(long.look.split()) <= 10 and not long.look.endswith(",")
    assert parse_cast("no list here at all") == []


def test_the_fallback_cast_takes_the_idea_and_premise_names_with_distinct_plain_looks():
    cast = fallback_cast(
        "Ember, a shy dragon, meets a girl", "Ember meets Mia at the bakery in Oldtown."
    )
    assert [c.name for c in cast][:2] == ["Ember", "Mia"]
    assert cast[0].look == GENERIC_LOOKS[0] and cast[1].look == GENERIC_LOOKS[1]
    kept = fallback_cast("idea", "At dawn Ember meets Mia by the river.", [MIA])
    assert kept[0] == MIA and [c.name for c in kept] == ["Mia", "Ember"]
    assert all(c.look != MIA.look for c in kept[1:])


def test_a_scene_shows_the_characters_it_names_else_the_first():
    cast = [MIA, EMBER]
    assert shown("Ember's oven glowed while Mia laughed.", cast) == [MIA, EMBER]
    assert shown("The dragon Ember sighed.", cast) == [EMBER]
    assert shown("She walked home alone.", cast) == [MIA]


def test_a_scene_prompt_carries_each_look_word_for_word_and_the_style_whatever_the_model_wrote():
    style = "picture book illustration, soft colours, gentle ink lines"
    long_visual = ", ".join(f"phrase number {i} with words" for i in range(30))
    for visual in ("a bakery at dawn, warm light", long_visual, ""):
        prompt = compose_prompt(visual, [MIA, EMBER], style)
        assert f"Mia, {MIA.look}" in prompt and f"Ember, {EMBER.look}" in prompt
        assert prompt.endswith(style) and estimated_fit(prompt)
    assert compose_prompt("a bakery at dawn", [MIA], style).startswith("a bakery at dawn, Mia, ")


def test_page_seeds_differ_per_page_and_do_not_depend_on_other_pages():
    seeds = [page_image_seed(7, i) for i in range(MAX_PAGES)]
    assert len(set(seeds)) == MAX_PAGES and seeds == [page_image_seed(7, i) for i in range(12)]
    assert set(seeds).isdisjoint(page_prompt_seed(7, i) for i in range(MAX_PAGES))
    with pytest.raises(ValueError):
        page_image_seed(-1, 0)


def book(n: int = 3) -> Book:
    texts = ["Mia wakes up.", "Ember flies over the hill.", "Mia and Ember bake bread."][:n]
    pages = tuple(Page(t, f"prompt {i}", 1000 + i) for i, t in enumerate(texts))
    return Book("idea", "premise", "Title", (MIA, EMBER), "style", pages, 0)


@pytest.mark.parametrize("bad", [1, 13, 0, -2, "6", 2.5, True, None])
def test_a_page_count_out_of_range_is_one_clear_line(bad):
    with pytest.raises(StoryError) as e:
        check_pages(bad)
    assert str(e.value) == f"pages must be a whole number from 2 to 12, got {bad!r}"


@pytest.mark.parametrize("bad", [-1, 3, 99, "1", None])
def test_a_page_index_out_of_range_is_one_clear_line(bad):
    with pytest.raises(StoryError) as e:
        check_page(book(), bad)
    assert str(e.value) == f"no page {bad!r}: this book's pages are 0 to 2"
    with pytest.raises(StoryError):
        edit_page(book(), bad, "text")


def test_editing_a_page_marks_it_alone_stale():
    edited = edit_page(book(), 1, "Ember lands in the square.")
    assert [p.stale for p in edited.pages] == [False, True, False]
    assert edited.pages[1].text == "Ember lands in the square." and edited.pages[1].seed == 1001
    assert edit_page(book(), 1, "Ember flies over the hill.") == book()  # unchanged text
    with pytest.raises(StoryError, match="text is empty"):
        edit_page(book(), 0, "  ")


def test_split_and_delete_keep_the_book_in_range():
    split = split_page(book(), 2, len("Mia and Ember"))
    assert [p.text for p in split.pages][2:] == ["Mia and Ember", "bake bread."]
    assert split.pages[2].stale and split.pages[3].stale and split.pages[3].image is None
    assert len({p.seed for p in split.pages}) == 4
    with pytest.raises(StoryError, match="inside its text"):
        split_page(book(), 0, 0)
    assert [p.text for p in delete_page(book(), 0).pages] == [
        "Ember flies over the hill.",
        "Mia and Ember bake bread.",
    ]
    with pytest.raises(StoryError, match="at least 2 pages"):
        delete_page(book(2), 0)


def test_a_changed_look_marks_stale_just_the_pages_that_show_that_character():
    new_ember = CastMember("Ember", "old dragon, thin, grey scales, red scarf")
    edited = edit_cast(book(), [MIA, new_ember])
    # page 0 names only Mia; pages 1 and 2 show Ember
    assert [p.stale for p in edited.pages] == [False, True, True]
    assert edited.cast == (MIA, new_ember)
    with pytest.raises(StoryError, match="twice"):
        edit_cast(book(), [MIA, MIA])


def test_story_markdown_has_the_title_and_every_page():
    md = story_markdown("Title", ["One.", "Two."])
    assert md == "# Title\n\n## Page 1\n\nOne.\n\n## Page 2\n\nTwo.\n"
