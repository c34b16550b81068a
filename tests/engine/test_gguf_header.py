"""The engine's GGUF header reader reads what gguf's own GGUFReader reads: every metadata value
and every tensor, on the default model and on a file with every kind of field; a damaged file
is one clear error."""

import numpy as np
import pytest
from gguf import GGMLQuantizationType, GGUFReader, GGUFWriter

from storyapp.engine.loader.gguf_header import GGUFFormatError, GGUFHeader, StringArray


def described(t) -> tuple:
    """All of a ReaderTensor but its bytes."""
    where = (t.name, t.tensor_type, t.n_elements, t.n_bytes, t.data_offset, t.shape.tolist())
    return (*where, t.data.dtype, t.data.shape)


def same_as_gguf(path):
    ours, theirs = GGUFHeader(path), GGUFReader(path)
    expected = {k: f.contents() for k, f in theirs.fields.items() if not k.startswith("GGUF.")}
    got = {k: list(v) if isinstance(v, StringArray) else v for k, v in ours.fields.items()}
    assert got == expected
    assert len(ours.tensors) == len(theirs.tensors)
    for a, b in zip(ours.tensors, theirs.tensors, strict=True):
        assert described(a) == described(b)
        assert np.array_equal(a.data, b.data, equal_nan=True)
    return ours


@pytest.mark.slow
def test_the_default_model_reads_as_gguf_reads_it(gguf_path):
    ours = same_as_gguf(gguf_path)
    tokens = ours.fields["tokenizer.ggml.tokens"]
    assert len(tokens) == 49152 and tokens[0] == "<|endoftext|>"
    assert tokens[1:3] == [tokens[1], tokens[2]]


def every_kind_of_field(path):
    w = GGUFWriter(str(path), "llama")
    w.add_block_count(2)
    w.add_uint8("t.u8", 200)
    w.add_int8("t.i8", -100)
    w.add_uint16("t.u16", 60000)
    w.add_int16("t.i16", -30000)
    w.add_uint32("t.u32", 4_000_000_000)
    w.add_int32("t.i32", -2_000_000_000)
    w.add_float32("t.f32", 0.25)
    w.add_uint64("t.u64", 2**63)
    w.add_int64("t.i64", -(2**62))
    w.add_float64("t.f64", 1e-300)
    w.add_bool("t.bool", True)
    w.add_string("t.str", "grüße, 世界")
    w.add_array("t.ints", [1, -2, 3])
    w.add_array("t.floats", [0.5, 1.5])
    w.add_array("t.strings", ["a", "", "üñí"])
    w.add_tensor("dense", np.arange(12, dtype=np.float32).reshape(3, 4))
    w.add_tensor("half", np.arange(32, dtype=np.float16).reshape(2, 16))
    q = np.random.default_rng(0).integers(0, 255, (4, 2 * 18), dtype=np.uint8)
    w.add_tensor("q40", q, raw_shape=q.shape, raw_dtype=GGMLQuantizationType.Q4_0)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def test_every_kind_of_field_and_tensor_reads_as_gguf_reads_it(tmp_path):
    ours = same_as_gguf(every_kind_of_field(tmp_path / "all.gguf"))
    assert ours.fields["t.str"] == "grüße, 世界" and ours.fields["t.u64"] == 2**63
    assert ours.fields["t.strings"][2] == "üñí"


def test_a_file_cut_anywhere_is_one_clear_error(tmp_path):
    path = every_kind_of_field(tmp_path / "all.gguf")
    whole = path.read_bytes()
    tensors = GGUFHeader(path).tensors
    start = min(t.data_offset for t in tensors)
    end = max(t.data_offset + t.n_bytes for t in tensors)  # then padding
    cut = tmp_path / "cut.gguf"
    for size in [*range(start), end - 1]:  # every byte of the header, and the last of the data
        cut.write_bytes(whole[:size])
        with pytest.raises(GGUFFormatError):
            GGUFHeader(cut)


def test_not_a_gguf_names_the_magic(tmp_path):
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"not a model at all, just some text\n" * 10)
    with pytest.raises(GGUFFormatError, match="GGUF magic"):
        GGUFHeader(junk)
