"""The version table (storyapp/backends/trtllm_versions.py) and the W4A16 AWQ support matrix
(trtllm_int4.py): pure functions, no model."""

import pytest

from storyapp.backends.trtllm_int4 import int4_awq_gate
from storyapp.backends.trtllm_versions import features, parse


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1.2.1", (1, 2, 1)),
        ("1.2.0rc5", (1, 2, 0)),
        ("1.1.0.post1", (1, 1, 0)),
        ("1.3", (1, 3, 0)),
        ("unknown", None),
        ("", None),
    ],
)
def test_versions_are_read_from_their_release_strings(text, parsed):
    assert parse(text) == parsed


@pytest.mark.parametrize(
    ("version", "graphs", "tested"),
    [
        ("1.0.0", False, True),
        ("1.1.0", False, True),
        ("1.2.0rc5", False, True),
        ("1.2.1", False, True),
        ("1.3.0rc2", True, False),
        ("1.3.0", True, False),
        ("2.0.0", True, False),
        ("0.21.0", False, False),
        ("unknown", False, False),
    ],
)
def test_lora_runs_in_cuda_graphs_only_from_1_3_and_the_tested_range_is_1_0_to_1_2(
    version, graphs, tested
):
    found = features(version)
    assert (found.lora_cuda_graphs, found.tested) == (graphs, tested)
    assert ("in the tested range" if tested else "outside the tested range") in found.describe()


@pytest.mark.parametrize("version", ["1.0.0", "1.2.1", "1.3.0", "unknown"])
def test_no_known_release_pins_each_rows_seed_so_each_says_the_text_is_not_reproducible(version):
    found = features(version)
    assert not found.per_request_seeds
    assert f"not reproducible on TensorRT-LLM {version}" in (found.seed_notice() or "")


def test_a_version_that_honours_seeds_has_no_notice(monkeypatch):
    from storyapp.backends import trtllm_versions

    monkeypatch.setattr(trtllm_versions, "PER_REQUEST_SEEDS_FROM", (1, 4, 0))
    assert features("1.4.0").seed_notice() is None
    assert features("1.3.9").seed_notice() is not None


@pytest.mark.parametrize(
    ("capability", "arch"),
    [((8, 0), "Ampere (sm80)"), ((8, 6), "Ampere (sm86)"), ((8, 9), "Ada"), ((9, 0), "Hopper")],
)
def test_int4_awq_runs_on_ampere_ada_and_hopper(capability, arch):
    runs, why = int4_awq_gate(capability)
    assert runs and arch in why


@pytest.mark.parametrize(
    ("capability", "reason"),
    [
        ((10, 0), "marks W4A16 AWQ unsupported on Blackwell (sm100)"),
        ((10, 3), "marks W4A16 AWQ unsupported on Blackwell (sm103)"),
        ((12, 0), "marks W4A16 AWQ unsupported on Blackwell (sm120, GeForce RTX 50)"),
        ((7, 5), "does not list W4A16 AWQ for compute 7.5 (sm75)"),
        ((13, 0), "does not list W4A16 AWQ for compute 13.0"),
    ],
)
def test_int4_awq_is_refused_elsewhere_with_the_reason(capability, reason):
    runs, why = int4_awq_gate(capability)
    assert not runs and reason in why and "Ampere, Ada and Hopper" in why
