"""`storyapp eval`: the metrics on hand-built texts, the ideas files, the summary, and one real
run of the command on two ideas."""

import json

import pytest

from storyapp.service import evaluation as evaluate
from storyapp.service.evaluation import EvalError, Idea
from storyapp.system.package_data import shipped_adapters
from storyapp.training import keywords, metrics

DISTINCT = [f"w{i}" for i in range(240)]
GOOD_STORY = "The Lantern Keeper\n\n" + "\n\n".join(
    " ".join(DISTINCT[i : i + 60]) for i in range(0, 240, 60)
)  # title, 4 paragraphs, 240 distinct words
LOOPING_STORY = "The Loop\n\n" + "\n\n".join(["a b c d " * 20] * 3)  # 3 x 80 words, 4 distinct
PROMPT = "old lighthouse keeper, grey seal on wet rocks, stormy coast at dusk, oil painting"
PROSE = "The keeper walks to the shore. He is sad, and the seal speaks to him."


def test_story_metrics_of_a_hand_built_story():
    s = metrics.story(GOOD_STORY)
    assert (s["title"], s["paragraphs"], s["words"], s["distinct_4gram"]) == (True, 4, 240, 1.0)
    assert s["issue"] and not s["strict"]  # the training form wants 250 words or more


def test_story_metrics_of_a_looping_story():
    s = metrics.story(LOOPING_STORY)
    assert (s["paragraphs"], s["words"]) == (3, 240)
    assert s["distinct_4gram"] == round(4 / 237, 3)
    assert not s["issue"]


def test_prompt_metrics():
    p = metrics.prompt(PROMPT)
    # 14 words, 3 commas, BOS and EOS: every word here is one CLIP token
    assert (p["phrases"], p["words"], p["clip_tokens"]) == (4, 14, 19)
    assert p["issue"] and p["strict"]
    q = metrics.prompt(PROSE)
    assert not q["issue"] and not q["strict"]


def test_key_nouns():
    nouns = keywords.key_nouns("A lighthouse keeper finds a talking seal in the storms")
    assert nouns == ["lighthouse", "keeper", "talking", "seal", "storms"]
    assert keywords.present("The keeper's lighthouse in a storm.", nouns) == 0.6
    assert keywords.present("anything", []) == 1.0


def _scored(story_base: str) -> list[Idea]:
    ideas = []
    for idea in ("a lighthouse keeper", "a seal"):
        i = Idea(idea, idea)
        i.texts = {
            "sd_prompt/adapter": PROMPT,
            "sd_prompt/base": PROSE,
            "story/adapter": GOOD_STORY,
            "story/base": story_base,
        }
        ideas.append(i)
    return ideas


def test_summary_rates_and_margins():
    ideas = _scored(LOOPING_STORY)
    summary = evaluate.score(ideas)
    assert summary["ideas"] == 2
    assert summary["sd_prompt"]["adapter"]["in_form"] == 100.0
    assert summary["sd_prompt"]["base"]["in_form"] == 0.0
    assert summary["sd_prompt"]["margin"] == 100.0
    assert summary["story"]["margin"] == 100.0
    assert summary["story"]["adapter"]["words"] == 240
    assert summary["story"]["base"]["loops"] == 2 and summary["story"]["adapter"]["loops"] == 0
    assert summary["story"]["base"]["top_3gram_worst"] == 60
    assert summary["story"]["adapter"]["distinct_4gram"] == 1.0
    # "keeper" is in the title, "lighthouse" nowhere
    assert ideas[0].scores["story/adapter"]["key_nouns"] == 0.5


def test_save_writes_json_and_texts(tmp_path):
    ideas = _scored(GOOD_STORY)
    summary = evaluate.score(ideas)
    evaluate.save(tmp_path / "ev", ideas, summary, {"seed": 0})
    body = json.loads((tmp_path / "ev" / "eval.json").read_text())
    assert body["summary"]["story"]["margin"] == 0.0 and len(body["rows"]) == 2
    assert (tmp_path / "ev" / "02-story-base.md").read_text().startswith("The Lantern Keeper")
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(EvalError, match="holds other files"):
        evaluate.save(other, ideas, summary, {})
    assert (other / "notes.txt").read_text() == "mine"


def test_ideas_files(tmp_path):
    txt = tmp_path / "ideas.txt"
    txt.write_text("# mine\nA fox in the snow\n\nA robot baker\n")
    assert [i.idea for i in evaluate.load_ideas(txt)] == ["A fox in the snow", "A robot baker"]
    assert evaluate.load_ideas(txt)[0].premise is None
    held = evaluate.load_ideas("training/data/story_writer_heldout.jsonl", limit=3)
    assert len(held) == 3 and held[0].premise is None  # the premise stage writes it, as in the app
    assert held[0].idea and "\n" not in held[0].idea
    row = {"messages": [{"role": "user", "content": "Premise: A fox.\n\nWrite."}]}
    row["messages"].append({"role": "assistant", "content": "y"})
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps(row) + "\n")
    assert [(i.idea, i.premise) for i in evaluate.load_ideas(old)] == [("A fox.", "A fox.")]
    old.write_text(json.dumps({**row, "idea": ""}) + "\n")
    with pytest.raises(EvalError, match=r"old.jsonl:1: field 'idea' is not a non-empty string"):
        evaluate.load_ideas(old)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no ideas"),
        ("\n# only a comment\n", "no ideas"),
    ],
)
def test_empty_ideas_file(tmp_path, text, message):
    f = tmp_path / "ideas.txt"
    f.write_text(text)
    with pytest.raises(EvalError, match=message):
        evaluate.load_ideas(f)


def test_bad_jsonl_names_the_line(tmp_path):
    f = tmp_path / "ideas.jsonl"
    f.write_text('{"messages": [{"role": "user", "content": "Premise: x"}]}\nnot json\n')
    with pytest.raises(EvalError, match=r"ideas.jsonl:1: field 'messages' has no assistant"):
        evaluate.load_ideas(f)
    f.write_text(
        '{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"}]}\n'
    )
    with pytest.raises(EvalError, match="does not start with 'Premise:'"):
        evaluate.load_ideas(f)


def test_missing_file_is_one_line(run_cli, tmp_path):
    r = run_cli("eval", "--ideas", tmp_path / "nope.txt", "--out", tmp_path / "o", timeout=120)
    assert r.returncode == 1
    assert (
        r.stderr.strip().splitlines()[-1]
        == f"storyapp: error: {tmp_path / 'nope.txt'}: no such ideas file"
    )


@pytest.mark.slow
def test_eval_cli_on_two_ideas(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("STORYAPP_ADAPTERS", str(shipped_adapters()))  # whatever ran before
    ideas = tmp_path / "ideas.txt"
    ideas.write_text("A lighthouse keeper finds a talking seal\nA robot baker in a city of cats\n")
    out = tmp_path / "ev"
    r = run_cli("eval", "--ideas", ideas, "--out", out, "--max-tokens", "12", timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    lines = r.stdout.splitlines()
    assert lines[0].split()[:2] == ["#", "prompt"]
    assert [ln.split()[0] for ln in lines[2:4]] == ["1", "2"]
    assert any(ln.startswith("image prompts") and "margin" in ln for ln in lines)
    body = json.loads((out / "eval.json").read_text())
    assert body["max_tokens"] == {"story": 12, "sd_prompt": 12}
    assert set(body["summary"]) == {"ideas", "premise", "sd_prompt", "story"}
    assert {"loops", "idea_kept", "names_consistent"} <= set(body["summary"]["story"]["adapter"])
    assert "idea's content words kept" in r.stdout
    for kind in ("sd_prompt", "story"):
        assert set(body["summary"][kind]) == {"adapter", "base", "margin"}
    assert len(body["rows"]) == 2 and body["rows"][0]["premise"]
    assert set(body["rows"][0]["scores"]) >= {
        "premise/base",
        "sd_prompt/adapter",
        "sd_prompt/base",
        "story/adapter",
        "story/base",
    }
    assert len(list(out.glob("*-story-*.md"))) == 4
    assert len(list(out.glob("*-sd_prompt-*.txt"))) == 4
    assert len(list(out.glob("*-premise-base.txt"))) == 2
