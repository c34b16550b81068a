"""Bad training input: one line that names the file, the line and the field."""

import json

import pytest

from storyapp.training import data
from storyapp.training.errors import TrainingError

GOOD = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}


def write(path, *lines: str):
    path.write_text("".join(line + "\n" for line in lines))
    return path


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("{not json", "not valid JSON"),
        ('{"text": "hi"}', "field 'messages'"),
        ('{"messages": [{"role": "robot", "content": "x"}]}', "field 'messages[0].role'"),
        (
            '{"messages": [{"role": "user", "content": "x"}, {"role": "assistant"}]}',
            "field 'messages[1].content'",
        ),
        ('{"messages": [{"role": "user", "content": "x"}]}', "no assistant turn"),
    ],
)
def test_names_file_line_and_field(tmp_path, line, says):
    f = write(tmp_path / "d.jsonl", json.dumps(GOOD), line)
    with pytest.raises(TrainingError) as e:
        data.load(f)
    assert str(e.value).startswith(f"{f}:2: ")
    assert says in str(e.value)


def test_missing_file(tmp_path):
    with pytest.raises(TrainingError, match="no such data file"):
        data.load(tmp_path / "nope.jsonl")


@pytest.mark.slow
def test_cli_one_line_error(tmp_path, run_cli):
    f = write(tmp_path / "d.jsonl", json.dumps(GOOD), '{"messages": [{"role": "user"}]}')
    r = run_cli("train", "--data", f, "--out", tmp_path / "out", timeout=120)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines()[-1] == (
        f"storyapp: error: {f}:2: field 'messages[0].content' is missing or empty"
    )


@pytest.mark.slow
def test_qlora_refused_on_cpu(tmp_path, run_cli):
    f = write(tmp_path / "d.jsonl", json.dumps(GOOD))
    r = run_cli("train", "--data", f, "--out", tmp_path / "o", "--qlora", "--device", "cpu")
    assert r.returncode == 1
    assert "--qlora needs a CUDA GPU" in r.stderr.strip().splitlines()[-1]
