"""The reader's measures on hand-built texts: a loop, a story that drops the idea, one that keeps
it, names that stay and names that change."""

from storyapp.story import quality

IDEA = "Sunita, an accountant at Brinkley and Sons, orders ten million paperclips instead of ten"
PREMISE = (
    "In the office of Brinkley and Sons, a practical accountant named Sunita orders ten million "
    "paperclips instead of ten. The supplier will not take them back. Now Sunita must get rid of "
    "them before the boss returns on Monday."
)
KEPT = """The Paperclip Mountain

Sunita had worked at Brinkley and Sons for eleven years, and she had never made a mistake with an
order. On Tuesday she typed one zero too many, then another, and ten million paperclips arrived.

The supplier would not take them back. The paperclips filled the office, the corridor and the
lift, a silver tide that clinked whenever anyone breathed.

Sunita had until Monday, when the boss came back. She sold them to schools, to a sculptor and to
a man who built boats out of wire.

By Monday the office was empty again, and Sunita ordered ten paperclips, exactly ten."""
DROPPED = """The Map

Emily found a map in the attic. The map showed a river and a mountain she had never seen.

She packed a bag and walked for three days. The river was real, and so was the mountain.

At the top she found a house, and in the house a woman who looked just like her.

They drank tea and watched the sun go down over the valley."""
LOOP = (
    "The Cat\n\nThe cat cat cat was a cat cat cat, with a cat cat cat, a cat cat cat. "
    "The cat cat cat sat on the mat."
)


def test_a_loop_is_found_and_cut_where_it_starts():
    r = quality.repetition(LOOP)
    assert r.loop and r.top_3gram > quality.LOOP_REPEATS and r.top_3gram_text == "cat cat cat"
    start = quality.loop_start(LOOP)
    assert start is not None and not quality.repetition(LOOP[:start]).loop
    assert LOOP[:start].strip() == "The Cat"


def test_prose_that_repeats_a_little_is_not_a_loop():
    r = quality.repetition(KEPT)
    assert not r.loop and r.distinct_4gram >= 0.97
    assert quality.loop_start(KEPT) is None
    two_loops = "We walked on. " + "and then we walked on and on. " * 6
    assert quality.loop_start(two_loops) == len("We walked on. ")  # "we walked on" said once


def test_a_story_that_keeps_the_idea_scores_above_one_that_drops_it():
    kept, dropped = (quality.measure(IDEA, t, "story") for t in (KEPT, DROPPED))
    assert kept.idea_kept >= 0.6 > 0.2 >= dropped.idea_kept
    assert kept.idea_names_kept == 1.0 and dropped.idea_names_kept == 0.0
    assert kept.in_range and dropped.in_range  # both have 4 paragraphs


def test_what_an_idea_asks_of_the_writer_is_not_its_content():
    asked = "Write about a harbor baker who bakes at midnight. Setting: Port Ellery, a windy town."
    assert quality.content_words(asked) == [
        "harbor", "baker", "bakes", "midnight", "port", "ellery", "windy", "town",
    ]  # fmt: skip


def test_names():
    assert quality.idea_name_list(IDEA) == ["Sunita", "Brinkley", "Sons"]
    assert quality.names(KEPT)[:3] == ["Sunita", "Brinkley", "Sons"]
    assert "Paperclip" not in quality.names(KEPT)  # title words are not names
    assert quality.main_name(KEPT) == "Sunita"
    assert quality.names_consistent(PREMISE, KEPT)
    assert not quality.names_consistent(PREMISE, DROPPED)
    renamed = KEPT.replace("Sunita", "Jack")
    assert not quality.names_consistent(PREMISE, renamed)


def test_how_a_story_loses_the_cast_is_said():
    assert quality.cast_lost(PREMISE, KEPT) is None
    assert quality.cast_lost(PREMISE, DROPPED) == "leaves out Brinkley, Sons and Sunita"
    assert quality.cast_lost(PREMISE, KEPT.replace("Sons", "Daughters")) == "leaves out Sons"
    renamed = KEPT.replace("Sunita had", "Jack had").replace(", and Sunita", ", and Jack")
    renamed = renamed.replace("Sunita", "Jack").replace("Jack had worked", "Sunita had worked")
    assert quality.cast_lost(PREMISE, renamed) == "calls its hero Jack"


def test_length_in_range():
    assert quality.measure(IDEA, PREMISE, "premise").in_range  # three sentences
    assert not quality.measure(IDEA, "Sunita orders paperclips.", "premise").in_range
    assert not quality.measure(IDEA, "Title\n\nOne paragraph only.", "story").in_range


def test_image_prompt_covers_the_story_subject():
    assert quality.subject_words(KEPT)[0] == "paperclips"
    assert quality.covers_subject("a mountain of silver paperclips in an office, soft light", KEPT)
    assert not quality.covers_subject("a castle on a hill at dawn, oil painting", KEPT)


def test_the_image_prompts_bad_words_are_what_its_form_calls_prose():
    from storyapp.story.settings import IMAGE_PROMPT_BAD_WORDS, Settings
    from storyapp.training.forms import CLAUSE, PRONOUNS

    assert all(PRONOUNS.fullmatch(w) or CLAUSE.fullmatch(w) for w in IMAGE_PROMPT_BAD_WORDS)
    assert Settings().sd_prompt.sampling(1).bad_words == IMAGE_PROMPT_BAD_WORDS


def test_a_rewrite_seed_follows_from_the_rows_seed():
    from storyapp.story.seeds import MAX_SEED, rewrite_seed, spread

    seeds = spread(5)
    assert rewrite_seed(seeds["story"]) == rewrite_seed(spread(5)["story"])
    assert rewrite_seed(seeds["story"]) not in seeds.values()
    assert 0 <= rewrite_seed(MAX_SEED) <= MAX_SEED
