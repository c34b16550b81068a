"""What the TensorRT-LLM backend chooses on a PC, against the recording double laid out as each
release: CUDA graphs beside LoRA, the INT4 gate per GPU, the LoRA rank and the batch from the
adapters and the stage, the KV cache from the card's memory plan, the seed notice, and where
LoraConfig is imported from."""

import json
import logging
import os

import pytest

from storyapp.backends import (
    AdapterUnavailable,
    BackendError,
    ChatRequest,
    Sampling,
    TensorRTLLMBackend,
    open_backend,
    trtllm_probe,
)
from storyapp.backends.trtllm_probe import Gpu, TensorRTLLMUnavailable, load_api
from storyapp.bench.random_adapters import write_random_adapter

from .trtllm_double import LoraConfig, LoraConfigV13, install

CHAT = ({"role": "user", "content": "Tell me a story about a fox."},)
GiB = 2**30


def ask(backend, *adapters, **sampling):
    s = Sampling(**{"max_tokens": 12, **sampling})
    return backend.chat([ChatRequest(CHAT, a, s) for a in adapters])


def opened(model_folder, adapters, **kwargs) -> TensorRTLLMBackend:
    backend = TensorRTLLMBackend.load(str(model_folder), **kwargs)
    for name, path in adapters.items():
        backend.add_adapter(name, path)
    return backend


# --- CUDA graphs beside LoRA


@pytest.mark.parametrize("version", ["1.0.0", "1.1.0", "1.2.1"])
def test_graphs_are_off_with_lora_where_the_version_mixes_adapters_up(
    trt, monkeypatch, model_folder, adapters, version
):
    install(monkeypatch, trt, version)
    backend = opened(model_folder, adapters)
    out = ask(backend, "story-writer", None, "sd-prompt-writer")
    (llm,) = trt.llms
    assert "cuda_graph_config" in llm.kwargs and llm.kwargs["cuda_graph_config"] is None
    assert [r.text.split()[0] for r in out] == ["[story-writer]", "[base]", "[sd-prompt-writer]"]
    assert "CUDA graphs off while LoRA is loaded" in backend.graph_choice()


def test_graphs_stay_on_with_lora_from_1_3(trt, monkeypatch, model_folder, adapters):
    install(monkeypatch, trt, "1.3.0")
    backend = opened(model_folder, adapters)
    out = ask(backend, "story-writer", "sd-prompt-writer")
    (llm,) = trt.llms
    assert "cuda_graph_config" not in llm.kwargs  # TensorRT-LLM's default: on
    assert [r.text.split()[0] for r in out] == ["[story-writer]", "[sd-prompt-writer]"]


def test_graphs_forced_on_an_old_version_give_a_row_the_wrong_adapter(
    trt, monkeypatch, model_folder, adapters
):
    """Why the table turns them off: what the verification script looks for on a GPU."""
    install(monkeypatch, trt, "1.2.1")
    backend = opened(model_folder, adapters, cuda_graphs=True)
    out = ask(backend, "story-writer", "sd-prompt-writer")
    assert [r.text.split()[0] for r in out] == ["[story-writer]", "[story-writer]"]


def test_without_adapters_there_is_no_lora_and_graphs_stay_on(trt, model_folder):
    backend = TensorRTLLMBackend.load(str(model_folder))
    ask(backend, None)
    (llm,) = trt.llms
    assert "lora_config" not in llm.kwargs and "cuda_graph_config" not in llm.kwargs


# --- INT4 per GPU


@pytest.fixture
def int4_folder(model_folder, tmp_path):
    import shutil

    folder = shutil.copytree(model_folder, tmp_path / "llama-int4-awq")
    quant = {"quantization": {"quant_algo": "W4A16_AWQ", "group_size": 128}}
    (folder / "hf_quant_config.json").write_text(json.dumps(quant))
    return folder


def card(monkeypatch, name, capability, total=16 * GiB, free=15 * GiB) -> Gpu:
    gpu = Gpu(name, capability, total, free)
    monkeypatch.setattr(trtllm_probe, "cuda_gpu", lambda: gpu)
    return gpu


@pytest.mark.parametrize(
    ("name", "capability"),
    [
        ("NVIDIA A100", (8, 0)),
        ("NVIDIA GeForce RTX 3080", (8, 6)),
        ("NVIDIA GeForce RTX 4090", (8, 9)),
        ("NVIDIA H100", (9, 0)),
    ],
)
def test_int4_is_accepted_on_ampere_ada_and_hopper(trt, monkeypatch, int4_folder, name, capability):
    card(monkeypatch, name, capability)
    backend = open_backend("tensorrt_llm", str(int4_folder))
    assert "W4A16_AWQ base" in backend.model


@pytest.mark.slow  # doctor's report: seconds
@pytest.mark.parametrize(
    ("name", "capability", "arch"),
    [
        ("NVIDIA B200", (10, 0), "Blackwell (sm100)"),
        ("NVIDIA GeForce RTX 5090", (12, 0), "Blackwell (sm120, GeForce RTX 50)"),
    ],
)
def test_int4_is_refused_on_blackwell_with_the_reason_everywhere(
    trt, monkeypatch, int4_folder, name, capability, arch
):
    from storyapp.cli.doctor import gather
    from storyapp.story import Settings, backend_choice

    card(monkeypatch, name, capability)
    with pytest.raises(BackendError) as refused:
        open_backend("tensorrt_llm", str(int4_folder))
    why = f"marks W4A16 AWQ unsupported on {arch}"
    assert why in str(refused.value) and "hf_quant_config.json: W4A16_AWQ on " + name in str(
        refused.value
    )
    # the app falls back, and its notice gives the reason
    runs, notice = backend_choice(Settings(backend="tensorrt_llm", model=str(int4_folder)))
    assert (runs.backend, runs.model) == ("embedded", "default")
    assert why in (notice or "") and "embedded engine and its default model" in (notice or "")
    # doctor says it
    assert gather()["tensorrt-llm int4"] == f"no: TensorRT-LLM's support matrix {why} " + (
        "(it runs on Ampere, Ada and Hopper)"
    )


def test_the_app_keeps_tensorrt_llm_for_int4_where_the_gpu_runs_it(trt, int4_folder):
    from storyapp.story import Settings, backend_choice

    asked = Settings(backend="tensorrt_llm", model=str(int4_folder))
    assert backend_choice(asked) == (asked, None)


# --- LoRA rank, rows and context


def test_the_lora_workspace_is_the_largest_adapters_rank_and_grows_by_a_rebuild(
    trt, model_folder, adapters, tmp_path, caplog
):
    caplog.set_level(logging.INFO, "storyapp")
    backend = opened(model_folder, adapters)
    ask(backend, "story-writer")
    assert trt.llms[0].kwargs["lora_config"].max_lora_rank == 16
    cfg = backend.trt_model.config
    backend.add_adapter("small", write_random_adapter(tmp_path / "r4", cfg, 4, "qkvo", 1))
    ask(backend, "small")
    assert len(trt.llms) == 1  # rank 4 fits the rank-16 workspace: nothing rebuilt
    backend.add_adapter("wide", write_random_adapter(tmp_path / "r32", cfg, 32, "qkvo", 2))
    out = ask(backend, "wide", "story-writer")
    first, second = trt.llms
    assert first.shut_down and second.kwargs["lora_config"].max_lora_rank == 32
    assert sorted(second.kwargs["lora_config"].lora_dir) == sorted(
        [str(p.resolve()) for p in adapters.values()]
        + [str((tmp_path / n).resolve()) for n in ("r4", "r32")]
    )
    assert [r.text.split()[0] for r in out] == ["[wide]", "[story-writer]"]
    assert "adapter 'wide' has rank 32, the model was built for rank 16" in caplog.text
    assert "building the model again" in caplog.text


def test_an_adapter_over_rank_64_is_refused(trt, model_folder, tmp_path):
    backend = TensorRTLLMBackend.load(str(model_folder))
    path = write_random_adapter(tmp_path / "r128", backend.trt_model.config, 128, "qkvo", 3)
    with pytest.raises(AdapterUnavailable, match="adapter 'huge'"):
        backend.add_adapter("huge", path)


@pytest.mark.parametrize("rows", [2, 8])
def test_batch_and_tokens_follow_the_rows_sent_and_the_context(trt, model_folder, adapters, rows):
    backend = opened(model_folder, adapters, max_rows=rows)
    ask(backend, *["story-writer", "sd-prompt-writer"] * (rows // 2))
    (llm,) = trt.llms
    ctx = backend.context
    assert ctx == min(backend.trt_model.config.max_position, 4096)
    assert (llm.kwargs["max_batch_size"], llm.kwargs["max_num_tokens"]) == (rows, rows * ctx)
    assert llm.kwargs["max_seq_len"] == ctx
    assert llm.kwargs["kv_cache_config"].max_tokens == rows * ctx
    assert llm.kwargs["lora_config"].max_loras == min(2, rows)
    assert os.environ["TLLM_WORKER_USE_SINGLE_PROCESS"] == "1"  # one process, one CUDA context


# --- the KV cache from the card's memory plan


@pytest.fixture
def llama8b_int4(int4_folder):
    """The INT4 folder with 4.7 GB of weights on disk (a sparse file: no space taken) and
    Llama-3-8B's KV shape: 32 layers x 8 KV heads x 128, 128 KiB a token."""
    cfg = json.loads((int4_folder / "config.json").read_text())
    cfg.update(
        num_hidden_layers=32,
        num_attention_heads=32,
        num_key_value_heads=8,
        hidden_size=4096,
        max_position_embeddings=8192,
    )
    (int4_folder / "config.json").write_text(json.dumps(cfg))
    with open(int4_folder / "model.safetensors", "wb") as f:
        f.truncate(4_700 * 2**20)
    return int4_folder


def open_on_card(monkeypatch, folder, size: str, image: bool):
    from storyapp.story import Settings, open_text_backend

    monkeypatch.setenv("STORYAPP_SIMULATE_GPU", size)
    monkeypatch.setenv("STORYAPP_ADAPTERS", str(folder / "no-adapters"))  # none fit this shape
    sdxl = {"sdxl": "tiny"} if image else {}
    settings = Settings(backend="tensorrt_llm", model=str(folder), image=image, **sdxl)
    return open_text_backend(settings)


def test_without_images_the_cache_holds_every_rows_context(trt, monkeypatch, llama8b_int4):
    backend = open_on_card(monkeypatch, llama8b_int4, "12GB", image=False)
    ask(backend, None, None)
    assert trt.llms[0].kwargs["kv_cache_config"].max_tokens == 2 * backend.context


def test_beside_sdxl_on_an_8gb_card_the_cache_gets_what_sdxl_leaves(trt, monkeypatch, llama8b_int4):
    from storyapp.story.memory_plan import simulated_free, unet_work

    backend = open_on_card(monkeypatch, llama8b_int4, "8GB", image=True)
    budget = backend.kv_budget_bytes
    weights = backend.trt_model.weight_bytes()
    assert weights == 4_700 * 2**20 and backend.trt_model.kv_bytes_per_token() == 131_072
    # 8 GB holds the weights and SDXL only with sequential offload (README, memory plan): the
    # cache gets what is left after the weights and SDXL's UNet step at 1024², less margins
    room = simulated_free(8 * GiB) - weights - budget
    assert budget > 0 and room > unet_work(1024, 1024) + 300 * 2**20
    ask(backend, None, None)
    tokens = trt.llms[0].kwargs["kv_cache_config"].max_tokens
    assert tokens == budget // 131_072
    assert backend.context <= tokens < 2 * backend.context  # one row fits, not both in full


def test_a_card_that_leaves_no_room_for_one_row_says_so_in_one_line(trt, monkeypatch, llama8b_int4):
    backend = open_on_card(monkeypatch, llama8b_int4, "7GB", image=True)
    with pytest.raises(BackendError) as e:
        ask(backend, None)
    assert "leaves" in str(e.value) and "under one row of" in str(e.value)
    assert "\n" not in str(e.value) and trt.llms == []


# --- seeds


def test_the_seed_notice_reaches_the_run_record_and_text_seeds_are_not_recorded(trt, model_folder):
    from storyapp.story import Settings, StoryPipeline, open_text_backend
    from storyapp.story.run_record import run_record

    settings = Settings(backend="tensorrt_llm", model=str(model_folder), image=False, seed=7)
    backend = open_text_backend(settings)
    seen = []
    result = StoryPipeline(backend, None, settings, on_event=seen.append).run("a fox")
    record = run_record(result, settings, backend.name, backend.model, [])
    backend.close()
    notice = "the text is not reproducible on TensorRT-LLM 1.1.0"
    assert any(n.startswith(notice) for n in record["notices"])
    assert any(getattr(e, "message", "").startswith(notice) for e in seen)  # the app shows it
    assert record["seeds"] == {"seed": 7, "image": 10}
    # the seed still travels with each request, for a sampler that honours it
    assert [s["params"].seed for s in trt.submitted] == [7, 8, 9]


def test_where_seeds_pin_the_text_they_are_recorded_and_nothing_is_said(
    trt, model_folder, monkeypatch
):
    from storyapp.backends import trtllm_versions
    from storyapp.story import Settings, StoryPipeline, open_text_backend

    monkeypatch.setattr(trtllm_versions, "PER_REQUEST_SEEDS_FROM", (1, 1, 0))
    settings = Settings(backend="tensorrt_llm", model=str(model_folder), image=False, seed=7)
    backend = open_text_backend(settings)
    result = StoryPipeline(backend, None, settings).run("a fox")
    backend.close()
    assert result.seeds == {"seed": 7, "premise": 7, "story": 8, "sd_prompt": 9, "image": 10}
    assert not any("reproducible" in n for n in result.notices)


# --- imports across versions


def test_lora_config_is_found_where_1_3_moved_it(trt, monkeypatch, model_folder, adapters):
    install(monkeypatch, trt, "1.3.0rc4")
    assert load_api().LoraConfig is LoraConfigV13
    backend = opened(model_folder, adapters)
    ask(backend, "story-writer")
    assert isinstance(trt.llms[0].kwargs["lora_config"], LoraConfigV13)


def test_lora_config_falls_back_to_lora_manager(trt, monkeypatch):
    import sys

    monkeypatch.delitem(sys.modules, "tensorrt_llm.lora_helper")
    assert load_api().LoraConfig is LoraConfig  # from tensorrt_llm.lora_manager


def test_no_lora_config_anywhere_is_one_line(trt, monkeypatch, model_folder):
    import sys

    for name in ("tensorrt_llm.lora_helper", "tensorrt_llm.lora_manager"):
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(TensorRTLLMUnavailable, match="no LoraConfig in tensorrt_llm.lora_helper"):
        open_backend("tensorrt_llm", str(model_folder))


@pytest.mark.slow  # doctor's report: seconds
@pytest.mark.parametrize(
    ("version", "line"),
    [
        ("1.2.1", "TensorRT-LLM 1.2.1 (in the tested range >=1.0,<1.3); CUDA graphs with LoRA off"),
        (
            "1.3.0",
            "TensorRT-LLM 1.3.0 (outside the tested range >=1.0,<1.3); CUDA graphs with LoRA on",
        ),
    ],
)
def test_doctor_names_the_version_and_whether_it_is_tested(trt, monkeypatch, version, line):
    from storyapp.cli.doctor import gather

    install(monkeypatch, trt, version)
    report = gather()
    assert report["tensorrt-llm version"].startswith(line)
    assert report["tensorrt-llm version"].endswith("text not reproducible (one shared seed)")
    assert report["tensorrt-llm int4"] == "W4A16 AWQ runs on Ada Lovelace (sm89)"


def test_the_default_rows_are_the_story_stages_rows():
    from storyapp.backends.tensorrt_llm import DEFAULT_ROWS
    from storyapp.story.pipeline import ADAPTER

    assert len(ADAPTER) == DEFAULT_ROWS  # story and image prompt, one batch


def test_the_app_sizes_tensorrt_llm_again_when_the_image_model_changes():
    from storyapp.service.engines import Engines
    from storyapp.story import Settings

    def key(backend, **image):  # the part of the text backend's key that depends on images
        return Engines.beside_key(Settings(backend=backend, model="/m", **image))

    assert key("tensorrt_llm", sdxl="tiny") != key("tensorrt_llm", image=False)
    assert key("embedded", sdxl="tiny") == key("embedded", image=False)  # not sized beside SDXL
