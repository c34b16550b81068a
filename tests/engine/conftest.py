import shutil

import pytest
from random_peft import base_model, make_adapters

from storyapp.engine import LLM
from storyapp.engine.loader.resolve import default_model_path

from .peft_adapters import SPECS


@pytest.fixture(scope="session")
def gguf_path():
    return default_model_path()


@pytest.fixture(scope="session")
def llm_fp32() -> LLM:
    """The default model with float32 activations: the engine's exactness mode."""
    return LLM.load("default", dtype="float32")


@pytest.fixture(scope="session")
def llm() -> LLM:
    return LLM.load("default")


@pytest.fixture(scope="session")
def hf_model(gguf_path):
    """transformers' own Llama on the same GGUF, dequantized to float32: the reference."""
    return base_model(gguf_path)


@pytest.fixture(scope="session")
def adapters(tmp_path_factory, gguf_path) -> dict:
    """Random PEFT adapters of different ranks, scalings and target sets, saved by PEFT itself."""
    return make_adapters(tmp_path_factory.mktemp("adapters"), gguf_path, SPECS, b_scale=3)


@pytest.fixture
def copy_of(adapters, tmp_path):
    """A writable copy of one of the session's adapters, to break in a test."""

    def copy(name: str):
        dst = tmp_path / name
        shutil.copytree(adapters[name], dst)
        return dst

    return copy
