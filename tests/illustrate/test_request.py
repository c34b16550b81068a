import pytest

from storyapp.illustrate import IllustratorError, ImageRequest


def test_defaults_are_sdxl_native():
    r = ImageRequest("a whale")
    assert (r.width, r.height, r.steps, r.guidance, r.seed) == (1024, 1024, 30, 6.0, None)
    assert r.scheduler in ("euler_a", "dpmpp_2m_karras")


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("width", 1000, "multiple of 64"),
        ("height", 0, "multiple of 64"),
        ("width", 4096, "multiple of 64"),
        ("width", 512.0, "multiple of 64"),
        ("steps", 0, "steps"),
        ("guidance", -1.0, "guidance"),
        ("guidance", float("nan"), "guidance"),
        ("scheduler", "ddim", "unknown scheduler"),
        ("seed", -1, "seed"),
        ("seed", 2**63, "seed"),
    ],
)
def test_bad_values_are_named(field, value, words):
    with pytest.raises(IllustratorError, match=words) as err:
        ImageRequest("a whale", **{field: value})
    assert repr(value) in str(err.value) or field == "scheduler"


def test_from_metadata_ignores_unknown_keys():
    meta = {"prompt": "p", "seed": 5, "width": 64, "height": 128, "model": "tiny", "format": 1}
    assert ImageRequest.from_metadata(meta) == ImageRequest("p", seed=5, width=64, height=128)
