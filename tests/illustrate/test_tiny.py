import torch

from storyapp.illustrate import tiny_vocab
from storyapp.illustrate.tiny import build_tiny_pipeline


def test_tiny_pipeline_is_seeded_and_leaves_global_rng_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    a, b, c = build_tiny_pipeline(0), build_tiny_pipeline(0), build_tiny_pipeline(1)
    assert torch.equal(torch.rand(3), expected)
    wa, wb, wc = (p.unet.conv_in.weight for p in (a, b, c))
    assert torch.equal(wa, wb) and not torch.equal(wa, wc)


def test_committed_tokenizer_files_match_their_generator():
    for name, text in tiny_vocab.files().items():
        assert (tiny_vocab.FOLDER / name).read_text(encoding="utf-8") == text
    size = sum(p.stat().st_size for p in tiny_vocab.FOLDER.iterdir())
    assert size < 200_000


def test_tiny_tokenizer_is_clip_shaped():
    pipe = build_tiny_pipeline()
    tok = pipe.tokenizer
    assert tok.model_max_length == 77
    ids = tok("a whale")["input_ids"]
    assert ids[0] == tok.bos_token_id and ids[-1] == tok.eos_token_id
    assert tok.convert_ids_to_tokens(ids[1:-1]) == ["a</w>", "w", "h", "a", "l", "e</w>"]
