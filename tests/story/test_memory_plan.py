"""The card-wide memory plan: card sizes x models x image sizes -> a plan and its peak."""

import pytest

from storyapp.story.memory_plan import (
    GB,
    KV_RELEASED,
    LLAMA3_8B_INT4,
    LLAMA32_1B_INT4,
    LLAMA32_3B_INT4,
    LLM_RESIDENT,
    MODEL_OFFLOAD,
    SDXL_BASE_FP16,
    SDXL_BASE_FP16_STOCK_VAE,
    SDXL_RESIDENT,
    SEQUENTIAL,
    CardTooSmall,
    GiB,
    parse_size,
    plan,
    simulated_free,
)


def card(gb: int) -> tuple[str, int]:
    return f"{gb} GB card", simulated_free(gb * GiB)


# (card GB, model, side) -> (LLM while painting, SDXL mode, VAE tiling)
EXPECTED = {
    (8, LLAMA3_8B_INT4, 1024): (KV_RELEASED, SEQUENTIAL, True),
    (12, LLAMA3_8B_INT4, 1024): (KV_RELEASED, MODEL_OFFLOAD, False),
    (16, LLAMA3_8B_INT4, 1024): (LLM_RESIDENT, SDXL_RESIDENT, True),
    (24, LLAMA3_8B_INT4, 1024): (LLM_RESIDENT, SDXL_RESIDENT, False),
    (16, LLAMA3_8B_INT4, 768): (LLM_RESIDENT, SDXL_RESIDENT, False),
    (6, LLAMA32_3B_INT4, 1024): (KV_RELEASED, SEQUENTIAL, True),
    (6, LLAMA32_1B_INT4, 1024): (KV_RELEASED, SEQUENTIAL, True),
    (8, LLAMA32_1B_INT4, 1024): (KV_RELEASED, MODEL_OFFLOAD, False),
}


@pytest.mark.parametrize(("gb", "llm", "side"), list(EXPECTED))
def test_plan_for_each_target_card(gb, llm, side):
    name, free = card(gb)
    p = plan(name, free, llm, width=side, height=side)
    assert (p.llm_while_painting, p.sdxl_mode, p.vae_tiling) == EXPECTED[(gb, llm, side)]
    assert p.peak <= free
    assert p.peak == max(p.text_peak, p.paint_peak)
    assert p.vae_slicing == (p.sdxl_mode == SEQUENTIAL)


@pytest.mark.parametrize("gb", [8, 12, 16, 24])
@pytest.mark.parametrize("side", [512, 768, 1024])
def test_every_target_card_fits_llama3_8b_and_sdxl(gb, side):
    name, free = card(gb)
    p = plan(name, free, LLAMA3_8B_INT4, width=side, height=side)
    assert p.peak <= free - 300 * 2**20


def test_peak_grows_with_the_image_and_shrinks_down_the_ladder():
    name, free = card(24)
    small = plan(name, free, LLAMA3_8B_INT4, width=512, height=512)
    big = plan(name, free, LLAMA3_8B_INT4, width=1024, height=1024)
    assert small.peak < big.peak
    tight = plan(*card(8), LLAMA3_8B_INT4)
    assert tight.peak < big.peak


def test_the_stock_vae_needs_more_than_the_fp16_fix():
    name, free = card(24)
    fixed = plan(name, free, LLAMA3_8B_INT4, sdxl=SDXL_BASE_FP16)
    stock = plan(name, free, LLAMA3_8B_INT4, sdxl=SDXL_BASE_FP16_STOCK_VAE)
    assert stock.paint_peak > fixed.paint_peak


def test_more_rows_and_context_cost_kv_memory():
    name, free = card(24)
    two = plan(name, free, LLAMA3_8B_INT4, rows=2, context=2048)
    eight = plan(name, free, LLAMA3_8B_INT4, rows=8, context=4096)
    assert eight.text_peak - two.text_peak == LLAMA3_8B_INT4.kv_bytes(8, 4096) - (
        LLAMA3_8B_INT4.kv_bytes(2, 2048)
    )


def test_a_card_too_small_gets_one_sentence():
    with pytest.raises(CardTooSmall) as e:
        plan(*card(6), LLAMA3_8B_INT4)
    msg = str(e.value)
    assert msg.startswith("6 GB card has 5.9 GB free")
    assert "Llama-3-8B int4" in msg and "need at least" in msg
    assert "smaller model" in msg and "smaller images" in msg and "--device cpu" in msg
    assert msg.count(".") <= 4 and "\n" not in msg


def test_describe_names_the_card_the_model_and_the_peak():
    p = plan(*card(8), LLAMA3_8B_INT4)
    text = p.describe()
    assert text.startswith(
        "8 GB card: Llama-3-8B int4 on the GPU, its KV cache released while painting"
    )
    assert "SDXL base fp16 with sequential offload and VAE tiling" in text
    assert f"about {p.peak / GB:.1f} GB peak" in text


@pytest.mark.parametrize(
    ("text", "gib"), [("8GB", 8), ("12 GB", 12), ("6g", 6), ("24GiB", 24), ("10.5", 10.5)]
)
def test_parse_size(text, gib):
    assert parse_size(text) == int(gib * GiB)


def test_parse_size_rejects_nonsense():
    with pytest.raises(ValueError, match="card size"):
        parse_size("big")


def test_doctor_prints_the_plan_for_a_simulated_card():
    from storyapp.cli.doctor import memory_plan

    line = memory_plan("8GB", "llama3-8b", 1024)
    assert line.startswith("8 GB card (simulated): Llama-3-8B int4 on the GPU")
    assert "GB peak" in line
    small = memory_plan("6GB", "llama3.2-3b", 1024)
    assert "sequential offload" in small
    assert "need at least" in memory_plan("6GB", "llama3-8b", 1024)
    assert "unknown --plan-model" in memory_plan("8GB", "gpt-5", 1024)
