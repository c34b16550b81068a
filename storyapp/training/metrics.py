"""Per-output measurements and the two "in form" verdicts the model cards report.

`strict`: the form the training data has (stories: title, 4-8 paragraphs, 250-500 words; image
prompts: see forms.prompt_problems). `issue`: the looser bar of issue 10 (stories: title, 3+
paragraphs, 200-700 words, distinct 4-gram ratio >= 0.9; prompts: <= 77 CLIP tokens, a phrase
list with no sentences)."""

from . import clip_tokens, forms


def story(text: str) -> dict:
    s = forms.parse_story(text)
    ratio = forms.distinct_4gram_ratio(" ".join(s.paragraphs))
    titled = forms.is_title(s.title)
    return {
        "title": titled,
        "paragraphs": len(s.paragraphs),
        "words": s.words,
        "distinct_4gram": round(ratio, 3),
        "strict": not forms.story_problems(text),
        "issue": titled and len(s.paragraphs) >= 3 and 200 <= s.words <= 700 and ratio >= 0.9,
    }


def prompt(text: str) -> dict:
    problems = forms.prompt_problems(text)
    phrases = [p for p in text.strip().split(",") if p.strip()]
    tokens = clip_tokens.count(text.strip())
    prose = any(p.startswith(("sentence", "more than one line", "a phrase")) for p in problems)
    return {
        "clip_tokens": tokens,
        "words": forms.words(text),
        "phrases": len(phrases),
        "strict": not problems,
        "issue": tokens <= clip_tokens.CLIP_WINDOW and len(phrases) >= 4 and not prose,
    }
