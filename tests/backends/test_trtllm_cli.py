"""The command line where TensorRT-LLM cannot run (this machine), and `storyapp doctor`."""

import json

import pytest

from storyapp.backends import trtllm_probe
from storyapp.engine.loader.resolve import default_model_path

# Each test here waits on a model, a server or adapters built for the module: minutes in all.
pytestmark = pytest.mark.slow

cannot_run = pytest.mark.skipif(trtllm_probe.probe().usable, reason="TensorRT-LLM runs here")


@cannot_run
def test_generate_with_tensorrt_llm_says_why_in_one_line(run_cli, model_folder, tmp_path):
    done = run_cli(
        "generate", "a fox", "--backend", "tensorrt-llm", "--model", model_folder,
        "--no-image", "--no-save", "--out", tmp_path / "out",
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip() == f"storyapp: error: {trtllm_probe.probe().why}"
    assert not (tmp_path / "out").exists()


def test_doctor_reports_this_machine(run_cli, tmp_path):
    done = run_cli("doctor", "--json", env={"STORYAPP_HOME": str(tmp_path / "home")})
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["default model"].startswith(str(default_model_path()))
    assert report["tensorrt-llm"] == trtllm_probe.probe().why
    assert [line.split(":")[0] for line in report["adapters"]] == [
        "story-writer",
        "sd-prompt-writer",
    ]
    assert all("fits the default model" in line for line in report["adapters"])
    assert report["data folder"] == str(tmp_path / "home")
    assert report["backend"][0].startswith("embedded engine on cpu")
    assert not (tmp_path / "home").exists()  # looking changes nothing


def test_doctor_names_what_is_missing(run_cli, tmp_path):
    env = {"STORYAPP_ADAPTERS": str(tmp_path / "none"), "STORYAPP_SDXL": ""}
    done = run_cli("doctor", env=env)
    assert done.returncode == 0, done.stderr
    assert "story-writer: " + str(tmp_path / "none" / "story-writer") in done.stdout
    assert "missing: the base model writes that part" in done.stdout


def test_doctor_with_tensorrt_llm_usable(trt):
    from storyapp.cli.doctor import gather

    report = gather()
    assert report["tensorrt-llm"].startswith("TensorRT-LLM 1.1.0 on NVIDIA GeForce RTX 4090")
    assert "TensorRT-LLM in this process" in report["backend"][1]
