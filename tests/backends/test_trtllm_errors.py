"""Every way the TensorRT-LLM backend can fail says what went wrong in one line, and leaves no
request running on the GPU."""

import json
import logging
import shutil
import threading

import pytest
from safetensors.torch import load_file, save_file

from storyapp.backends import (
    AdapterUnavailable,
    BackendCancelled,
    BackendError,
    ChatRequest,
    PromptTooLong,
    Sampling,
    open_backend,
    trtllm_probe,
)
from storyapp.backends.trtllm_probe import Gpu, TensorRTLLMUnavailable

from .trtllm_double import RequestError

CHAT = ({"role": "user", "content": "Hello"},)


def ask(backend, *adapters, max_tokens=20):
    return backend.chat([ChatRequest(CHAT, a, Sampling(max_tokens=max_tokens)) for a in adapters])


@pytest.mark.skipif(trtllm_probe.installed(), reason="TensorRT-LLM is installed here")
def test_not_installed_is_one_line_with_the_fix(model_folder):
    with pytest.raises(
        TensorRTLLMUnavailable, match=r"not installed \(pip install 'storyapp\[trtllm\]'"
    ):
        open_backend("tensorrt_llm", str(model_folder))


def test_installed_but_no_gpu(trt, model_folder, monkeypatch):
    monkeypatch.setattr(trtllm_probe, "cuda_gpu", lambda: None)
    with pytest.raises(TensorRTLLMUnavailable, match="sees no CUDA GPU"):
        open_backend("tensorrt_llm", str(model_folder))


@pytest.mark.parametrize(
    ("model", "message"),
    [
        ("default", "needs a Hugging Face model folder"),
        ("story.gguf", "needs a Hugging Face model folder"),
        ("/nowhere/llama", "/nowhere/llama: no such model folder"),
    ],
)
def test_a_model_that_is_not_a_folder(trt, model, message):
    with pytest.raises(BackendError, match=message):
        open_backend("tensorrt_llm", model)


def test_a_folder_without_config(trt, tmp_path):
    with pytest.raises(BackendError, match=r"config.json missing"):
        open_backend("tensorrt_llm", str(tmp_path))


def test_cpu_device_is_refused(trt, model_folder):
    with pytest.raises(BackendError, match="on the CPU use --backend embedded"):
        open_backend("tensorrt_llm", str(model_folder), device="cpu")


@pytest.fixture
def int4_folder(model_folder, tmp_path):
    folder = shutil.copytree(model_folder, tmp_path / "llama-int4-awq")
    quant = {"quantization": {"quant_algo": "W4A16_AWQ", "group_size": 128}}
    (folder / "hf_quant_config.json").write_text(json.dumps(quant))
    return folder


def test_an_int4_checkpoint_runs_as_int4_on_ampere_and_newer(trt, int4_folder):
    backend = open_backend("tensorrt_llm", str(int4_folder))
    assert backend.model == "llama-int4-awq (W4A16_AWQ base, FP16 adapters)"


def test_an_int4_checkpoint_on_an_older_gpu_says_to_use_fp16(trt, int4_folder, monkeypatch):
    turing = Gpu("NVIDIA GeForce RTX 2080", (7, 5), 8 * 2**30, 7 * 2**30)
    monkeypatch.setattr(trtllm_probe, "cuda_gpu", lambda: turing)
    with pytest.raises(
        BackendError, match=r"hf_quant_config.json: W4A16_AWQ on NVIDIA GeForce RTX 2080: .*sm75"
    ):
        open_backend("tensorrt_llm", str(int4_folder))


def test_an_fp16_folder_says_it_is_not_4_bit(trt, model_folder):
    assert "FP16/BF16 base" in open_backend("tensorrt_llm", str(model_folder)).model


def test_a_broken_quant_config_names_the_file_and_field(trt, int4_folder):
    (int4_folder / "hf_quant_config.json").write_text('{"quantization": {}}')
    with pytest.raises(
        BackendError, match=r"hf_quant_config.json: expected quantization.quant_algo"
    ):
        open_backend("tensorrt_llm", str(int4_folder))


def test_adapters_that_cannot_run_are_refused_when_added(trt, model_folder, adapters, tmp_path):
    backend = open_backend("tensorrt_llm", str(model_folder))
    with pytest.raises(AdapterUnavailable, match="no such adapter"):
        backend.add_adapter("story-writer", tmp_path / "missing")
    (tmp_path / "x.gguf").write_bytes(b"GGUF")
    with pytest.raises(
        AdapterUnavailable, match="GGUF LoRA; TensorRT-LLM reads PEFT adapter folders"
    ):
        backend.add_adapter("story-writer", tmp_path / "x.gguf")
    weights = adapters["story-writer"] / "adapter_model.safetensors"
    tensors = load_file(weights)
    key = next(k for k in tensors if "q_proj.lora_A" in k)
    tensors[key] = tensors[key][:, :100].contiguous()  # another base model's width
    save_file(tensors, weights)
    with pytest.raises(AdapterUnavailable, match=r"q_proj: lora_A .* do not fit the base"):
        backend.add_adapter("story-writer", adapters["story-writer"])
    assert backend.adapters() == []


def test_an_adapter_for_modules_the_built_model_lacks_builds_it_again(
    trt, model_folder, adapters, tmp_path, caplog
):
    attention_only = shutil.copytree(adapters["story-writer"], tmp_path / "attention-only")
    weights = attention_only / "adapter_model.safetensors"
    tensors = {k: v for k, v in load_file(weights).items() if "self_attn" in k}
    save_file(tensors, weights)
    caplog.set_level(logging.INFO, "storyapp")
    backend = open_backend("tensorrt_llm", str(model_folder))
    backend.add_adapter("attention", attention_only)
    ask(backend, "attention")  # built for q/k/v/o only
    backend.add_adapter("story-writer", adapters["sd-prompt-writer"])
    assert len(trt.llms) == 1  # nothing rebuilt until it is needed
    out = ask(backend, "story-writer")
    first, second = trt.llms
    assert first.shut_down and not second.shut_down
    assert "mlp_4h_to_h" in second.kwargs["lora_config"].lora_target_modules
    assert out[0].text.startswith("[story-writer]")
    assert "built for LoRA on ['attn_q'" in caplog.text and "built again" in caplog.text


def test_a_prompt_too_long_is_refused_before_anything_runs(trt, model_folder):
    backend = open_backend("tensorrt_llm", str(model_folder))
    with pytest.raises(PromptTooLong, match="does not fit the model's context"):
        ask(backend, None, max_tokens=backend.context)
    assert trt.submitted == []


def test_a_model_that_fails_to_load_is_one_line(trt, model_folder):
    trt.fail_load = RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB\n  at ...")
    backend = open_backend("tensorrt_llm", str(model_folder))
    with pytest.raises(BackendError, match=r"could not load .*: CUDA out of memory. Tried") as e:
        ask(backend, None)
    assert "\n" not in str(e.value)


def test_a_refused_submission_aborts_the_rows_already_queued(trt, model_folder):
    trt.fail_submit_at = 1
    backend = open_backend("tensorrt_llm", str(model_folder))
    with pytest.raises(BackendError, match="refused the request: request 1 refused"):
        ask(backend, None, None)
    assert trt.aborted == [0]


def test_a_request_failing_while_it_runs(trt, model_folder):
    trt.fail_step = RuntimeError("illegal memory access")
    backend = open_backend("tensorrt_llm", str(model_folder))
    with pytest.raises(BackendError, match="TensorRT-LLM failed: illegal memory access"):
        ask(backend, None, None)
    trt.fail_step = RequestError("LoRA 3 not found in cache")
    with pytest.raises(BackendError, match="refused the request: LoRA 3 not found"):
        ask(backend, None)


def test_cancel_before_start_submits_nothing(trt, model_folder):
    backend = open_backend("tensorrt_llm", str(model_folder))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(BackendCancelled):
        backend.chat([ChatRequest(CHAT)], cancel=cancel)
    assert trt.submitted == [] and trt.llms == []
