"""Adapters with broken weights or configs are refused at load, naming the tensor or field; a row
whose logits still go non-finite fails alone, and the rest of its batch is untouched."""

import json

import pytest
from safetensors.torch import load_file, save_file

from storyapp.engine import AdapterError, SamplingParams, SequenceError

# Each test here waits on a model, a server or adapters built for the module: minutes in all.
pytestmark = pytest.mark.slow


def poison_file(folder, value: float) -> str:
    path = folder / "adapter_model.safetensors"
    tensors = load_file(path)
    key = sorted(k for k in tensors if "lora_B" in k)[3]
    tensors[key][0, 0] = value
    save_file(tensors, path)
    return key


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_weights_are_refused_naming_the_tensor(llm, copy_of, value):
    folder = copy_of("qkvo8")
    key = poison_file(folder, value)
    layer, target = key.split("layers.")[1].split(".")[0], key.split(".")[-3]
    with pytest.raises(AdapterError, match=rf"layers\.{layer}\.{target}\.lora_B: .*NaN or inf"):
        llm.add_adapter("broken", folder)
    assert "broken" not in llm.adapters


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"lora_alpha": "lots"}, "field 'lora_alpha' must be a finite number, got 'lots'"),
        ({"lora_alpha": float("inf")}, "field 'lora_alpha' must be a finite number"),
        ({"r": "8"}, "field 'r' must be a positive integer"),
        ({"use_rslora": "yes"}, "field 'use_rslora' must be true or false"),
        (
            {"alpha_pattern": {"v_proj(": 4}},
            "field 'alpha_pattern' key 'v_proj\\(' is not a regular",
        ),
        ({"alpha_pattern": {"v_proj": "x"}}, "field 'alpha_pattern' gives 'v_proj' the value 'x'"),
        ({"alpha_pattern": ["v_proj"]}, "field 'alpha_pattern' must be an object"),
        ({"target_modules": [1, 2]}, "field 'target_modules' must be a list of module names"),
        ({"peft_type": 5}, "peft_type is 5"),
    ],
)
def test_bad_config_values_are_named(llm, copy_of, fields, message):
    folder = copy_of("qkvo8")
    path = folder / "adapter_config.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), **fields}))
    with pytest.raises(AdapterError, match=message):
        llm.add_adapter("bad", folder)


def test_a_huge_config_is_refused_without_reading_it(llm, copy_of):
    folder = copy_of("qkvo8")
    path = folder / "adapter_config.json"
    cfg = json.loads(path.read_text())
    with path.open("w") as f:
        f.write(json.dumps(cfg)[:-1] + ', "padding": "')
        f.write("x" * (1 << 21) + '"}')
    with pytest.raises(AdapterError, match="adapter_config.json: over 1048576 bytes"):
        llm.add_adapter("huge", folder)


def poison_loaded(llm, name: str) -> None:
    """Make a loaded adapter's weights NaN behind the load-time check, as a bit flip or a bug in
    a later stage would: the engine must still contain the damage to that adapter's rows."""
    for m in llm.engine.adapters.get(name).modules.values():
        m.b.fill_(float("nan"))


@pytest.fixture(scope="module")
def own_llm(adapters):
    from storyapp.engine import LLM

    llm = LLM.load("default", max_model_len=256)
    llm.add_adapter("good", adapters["qkvo8"])
    return llm


@pytest.mark.slow
@pytest.mark.parametrize("temperature", [0.0, 0.8])
def test_a_poisoned_row_fails_alone(own_llm, adapters, temperature):
    llm = own_llm
    llm.add_adapter("poison", adapters["pattern16"])
    params = SamplingParams(max_tokens=8, temperature=temperature, seed=7, ignore_eos=True)
    long = "Tell me a long story about a fox who learns to sail across the sea at night."
    healthy = [("Hi", None), (long, "good"), ("Name a colour.", "good")]

    def run(rows):
        texts, ends = [""] * len(rows), [None] * len(rows)
        prompts, names = [p for p, _ in rows], [a for _, a in rows]
        stream = llm.stream(prompts, params, names)
        try:
            for ev in stream:
                texts[ev.index] += ev.event.text
                if ev.event.finished:
                    ends[ev.index] = (ev.event.finish_reason, ev.event.error)
        except SequenceError as e:
            return texts, ends, str(e)
        return texts, ends, None

    reference, _, error = run(healthy)
    assert error is None
    poison_loaded(llm, "poison")
    texts, ends, error = run([(long, "poison"), *healthy])
    assert ends[0][0] == "error" and "the adapter 'poison'" in ends[0][1]
    assert error is not None and error.startswith("request 0: the adapter 'poison' produced")
    assert texts[1:] == reference
    assert all(end == ("length", None) for end in ends[1:])
    # the poisoned slot is reused by the short prompt, which reads past its length under a mask
    assert run(healthy)[0] == reference
    llm.remove_adapter("poison")
