"""The TensorRT-LLM backend against a recording double of TensorRT-LLM's LLM API: what it asks of
TensorRT-LLM, and what it makes of the answers. The real package needs an NVIDIA GPU:
scripts/verify_tensorrt_llm.py runs the same paths on one."""

import shutil
import threading

import pytest

from storyapp.backends import ChatRequest, Sampling, open_backend

# Each test here waits on a model, a server or adapters built for the module: minutes in all.
pytestmark = pytest.mark.slow

CHAT = ({"role": "user", "content": "Tell me a story about a fox."},)


def request(adapter=None, **sampling) -> ChatRequest:
    return ChatRequest(CHAT, adapter, Sampling(**{"max_tokens": 40, **sampling}))


@pytest.fixture
def backend(trt, model_folder, adapters):
    b = open_backend("tensorrt_llm", str(model_folder))
    for name, path in adapters.items():
        b.add_adapter(name, path)
    yield b
    b.close()


def test_each_row_gets_its_own_adapter_or_none_in_the_order_given(backend, trt, adapters):
    order = ["story-writer", None, "sd-prompt-writer", "not-registered"]
    out = backend.chat([request(a) for a in order])
    loras = [s["lora"] for s in trt.submitted]
    assert [lr and lr.lora_name for lr in loras] == ["story-writer", None, "sd-prompt-writer", None]
    assert loras[0].lora_path == str(adapters["story-writer"].resolve())
    assert [r.adapter for r in out] == ["story-writer", None, "sd-prompt-writer", None]
    assert [r.text.split()[0] for r in out] == [
        "[story-writer]",
        "[base]",
        "[sd-prompt-writer]",
        "[base]",
    ]


def test_every_row_is_submitted_before_any_is_read_so_they_share_a_batch(backend, trt):
    backend.chat([request("story-writer"), request("sd-prompt-writer")])
    kinds = [kind for kind, _ in trt.events]
    assert kinds[:2] == ["submit", "submit"] and "submit" not in kinds[2:]
    assert all(s["stream"] for s in trt.submitted)


def test_adapter_ids_are_stable_per_name_and_new_for_a_new_path(backend, trt, adapters, tmp_path):
    backend.chat([request("story-writer"), request("sd-prompt-writer")])
    backend.add_adapter("story-writer", adapters["story-writer"])  # again: the same id
    backend.chat([request("sd-prompt-writer"), request("story-writer")])
    ids = [(s["lora"].lora_name, s["lora"].lora_int_id) for s in trt.submitted]
    assert ids[0] == ids[3] and ids[1] == ids[2] and ids[0][1] != ids[1][1]
    moved = shutil.copytree(adapters["story-writer"], tmp_path / "retrained")
    backend.add_adapter("story-writer", moved)  # cached weights under the old id would be stale
    backend.chat([request("story-writer")])
    newest = trt.submitted[-1]["lora"]
    assert newest.lora_int_id not in {i for _, i in ids} and newest.lora_path == str(moved)


def test_streamed_pieces_assemble_into_each_rows_text(backend):
    pieces: dict[int, list[str]] = {0: [], 1: []}
    out = backend.chat(
        [request("story-writer", max_tokens=6), request(None, max_tokens=200)],
        on_token=lambda row, text: pieces[row].append(text),
    )
    assert ["".join(pieces[i]) for i in (0, 1)] == [r.text for r in out]
    assert len(pieces[1]) > 3  # it streamed, not one lump at the end
    assert (out[0].tokens, out[0].finish_reason) == (6, "length")
    assert out[1].finish_reason == "stop" and out[1].text.endswith("home")
    assert "<|im_end|>" not in out[1].text and out[0].seconds > 0


def test_sampling_is_mapped_to_tensorrt_llms_fields(backend, trt):
    eos = backend.trt_model.tokenizer.eos_ids
    backend.chat(
        [
            request(temperature=0.8, top_p=0.9, seed=7, max_tokens=12),
            request(temperature=0.0),
            request(ignore_eos=True, max_tokens=30, bad_words=("her",)),
        ]
    )
    sampled, greedy, fixed = (s["params"] for s in trt.submitted)
    assert (sampled.temperature, sampled.top_p, sampled.seed, sampled.max_tokens) == (
        0.8,
        0.9,
        7,
        12,
    )
    assert sampled.stop_token_ids == eos and sampled.top_k is None
    assert (greedy.top_k, greedy.temperature, greedy.top_p) == (1, None, None)
    assert fixed.ignore_eos and fixed.stop_token_ids is None
    assert fixed.bad == [" her", "her"] and sampled.bad is None
    assert trt.submitted[0]["prompt"] == backend.trt_model.tokenizer.chat(list(CHAT))


def test_the_model_is_built_once_with_the_adapters_lora_config(backend, trt, adapters):
    backend.chat([request("story-writer")])
    backend.chat([request("sd-prompt-writer")])
    (llm,) = trt.llms
    lora, kv = llm.kwargs["lora_config"], llm.kwargs["kv_cache_config"]
    assert sorted(lora.lora_dir) == sorted(str(p.resolve()) for p in adapters.values())
    assert lora.max_lora_rank == 16  # story-writer's; sd-prompt-writer is rank 8
    assert (lora.max_loras, lora.max_cpu_loras) == (2, 2)
    assert lora.lora_target_modules == [
        "attn_q",
        "attn_k",
        "attn_v",
        "attn_dense",
        "mlp_h_to_4h",
        "mlp_gate",
        "mlp_4h_to_h",
    ]
    assert kv.max_tokens == 2 * backend.context  # the story stage's two rows, no more
    assert llm.kwargs["max_seq_len"] == backend.context
    backend.close()
    assert llm.shut_down


def test_cancel_aborts_the_unfinished_rows_and_the_backend_goes_on(backend, trt):
    trt.step_s = 0.005
    cancel = threading.Event()
    with pytest.raises(Exception) as caught:
        backend.chat(
            [request("story-writer", max_tokens=200, ignore_eos=True), request(None)],
            on_token=lambda row, text: cancel.set(),
            cancel=cancel,
        )
    assert type(caught.value).__name__ == "BackendCancelled"
    assert sorted(trt.aborted) == [0, 1]
    out = backend.chat([request("sd-prompt-writer", max_tokens=5)])
    assert out[0].tokens == 5


def test_the_story_pipeline_runs_through_it(trt, model_folder, tmp_path):
    from storyapp.story import Settings, StoryPipeline, open_text_backend

    settings = Settings(backend="tensorrt_llm", model=str(model_folder), image=False)
    backend = open_text_backend(settings)
    result = StoryPipeline(backend, None, settings).run("a fox who finds a lantern")
    backend.close()
    submitted = [s["lora"] and s["lora"].lora_name for s in trt.submitted]
    assert submitted == [None, "story-writer", "sd-prompt-writer"]
    assert result.story.startswith("[story-writer]") and result.sd_prompt.startswith("[sd-prompt")
    assert result.adapters == {"story": "story-writer", "sd_prompt": "sd-prompt-writer"}
