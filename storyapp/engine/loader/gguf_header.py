"""A GGUF file's metadata and tensor table, read in one pass with struct.

gguf's GGUFReader makes numpy views of every element of every metadata array. A model file
carries its whole vocabulary and merge list there (SmolLM2: 49k tokens and 48k merges; Llama 3:
128k and 280k), so opening one cost 4.5 s of a 5.3 s load of the default model, on every start
of the app, the server and each CLI command. The engine reads a dozen scalars and the tensor
table: this reader walks the header with struct, skims each string array by its lengths (its
strings are decoded only when asked for) and hands out gguf's own ReaderTensor for each tensor,
so gguf's dequantize and our decoders read the weights as before. Little-endian files only:
those are what llama.cpp and the converters write.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from gguf import (
    GGML_QUANT_SIZES,
    GGUF_DEFAULT_ALIGNMENT,
    GGUF_MAGIC,
    GGMLQuantizationType,
    ReaderField,
    ReaderTensor,
)
from gguf import GGUFValueType as V
from gguf.quants import quant_shape_to_byte_shape

SCALARS = {
    V.UINT8: "B",
    V.INT8: "b",
    V.UINT16: "H",
    V.INT16: "h",
    V.UINT32: "I",
    V.INT32: "i",
    V.FLOAT32: "f",
    V.UINT64: "Q",
    V.INT64: "q",
    V.FLOAT64: "d",
    V.BOOL: "?",
}
DENSE = {
    GGMLQuantizationType.F16: np.float16,
    GGMLQuantizationType.F32: np.float32,
    GGMLQuantizationType.F64: np.float64,
    GGMLQuantizationType.I8: np.int8,
    GGMLQuantizationType.I16: np.int16,
    GGMLQuantizationType.I32: np.int32,
    GGMLQuantizationType.I64: np.int64,
}


LENGTH = struct.Struct("<Q")


class GGUFFormatError(ValueError):
    """The bytes are not a GGUF file this reader can read; the message says where and why."""


def _kind(enum, value: int, what: str):
    try:
        return enum(value)
    except ValueError:
        raise GGUFFormatError(f"{what} has an unknown type ({value})") from None


class StringArray(Sequence[str]):
    """An array of strings in the file, decoded one at a time when read."""

    def __init__(self, buf: memoryview, starts: list[int]):
        self._buf, self._starts = buf, starts

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        at = self._starts[i]
        (n,) = LENGTH.unpack_from(self._buf, at)
        return bytes(self._buf[at + 8 : at + 8 + n]).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))


class _Cursor:
    def __init__(self, buf: memoryview):
        self.buf, self.at = buf, 0

    def take(self, fmt: str) -> Any:
        size = struct.calcsize("<" + fmt)
        if self.at + size > len(self.buf):
            raise GGUFFormatError(f"the header ends early, at byte {len(self.buf)}")
        (value,) = struct.unpack_from("<" + fmt, self.buf, self.at)
        self.at += size
        return value

    def string(self) -> str:
        n = self.take("Q")
        if self.at + n > len(self.buf):
            raise GGUFFormatError(f"a string at byte {self.at} runs past the end of the file")
        s = bytes(self.buf[self.at : self.at + n]).decode("utf-8")
        self.at += n
        return s

    def string_starts(self, count: int) -> list[int]:
        """Steps over `count` strings (the hot loop of a vocabulary: no decoding, no views)."""
        starts, at, end, buf, length = [], self.at, len(self.buf), self.buf, LENGTH.unpack_from
        for _ in range(count):
            if at + 8 > end:
                break
            starts.append(at)
            at += 8 + length(buf, at)[0]
        if len(starts) < count or at > end:
            raise GGUFFormatError(f"a string array at byte {self.at} runs past the end of the file")
        self.at = at
        return starts

    def value(self, kind: V) -> Any:
        if kind == V.STRING:
            return self.string()
        if kind in SCALARS:
            return self.take(SCALARS[kind])
        item, count = _kind(V, self.take("I"), f"an array at byte {self.at}"), self.take("Q")
        if item == V.STRING:
            return StringArray(self.buf, self.string_starts(count))
        if item in SCALARS:
            dtype = np.dtype("<" + SCALARS[item])
            end = self.at + dtype.itemsize * count
            if end > len(self.buf):
                raise GGUFFormatError(f"an array at byte {self.at} runs past the end of the file")
            values = np.frombuffer(self.buf, dtype, count, self.at).tolist()
            self.at = end
            return values
        return [self.value(item) for _ in range(count)]  # arrays of arrays


class GGUFHeader:
    """`fields`: each metadata key's value (numbers, str, lists; string arrays as StringArray);
    `tensors`: gguf's ReaderTensor for each tensor, its data a read-only view of the file."""

    def __init__(self, path: Path):
        with open(path, "rb") as f:
            if not f.seek(0, 2):
                raise GGUFFormatError("the file is empty")
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            self._read(memoryview(self._map))
        except UnicodeDecodeError as e:
            raise GGUFFormatError(f"a name or string is not UTF-8 ({e.reason})") from None

    def _read(self, buf: memoryview) -> None:
        c = _Cursor(buf)
        if len(buf) < 8 or c.take("I") != GGUF_MAGIC:
            raise GGUFFormatError("it does not start with the GGUF magic bytes")
        version = c.take("I")
        if version not in (2, 3):
            raise GGUFFormatError(f"GGUF version {version} (only 2 and 3, little-endian, read)")
        n_tensors, n_fields = c.take("Q"), c.take("Q")
        self.fields: dict[str, Any] = {}
        for _ in range(n_fields):
            key = c.string()
            self.fields[key] = c.value(_kind(V, c.take("I"), f"metadata field '{key}'"))
        infos = []
        for _ in range(n_tensors):
            name = c.string()
            dims = [c.take("Q") for _ in range(c.take("I"))]
            kind = _kind(GGMLQuantizationType, c.take("I"), f"tensor '{name}'")
            infos.append((name, dims, kind, c.take("Q")))
        align = self.fields.get("general.alignment", GGUF_DEFAULT_ALIGNMENT)
        if not isinstance(align, int) or align <= 0 or align & (align - 1):
            raise GGUFFormatError(f"general.alignment is {align!r}, not a power of two")
        start = -(-c.at // align) * align
        data = np.frombuffer(buf, np.uint8)
        self.tensors = [self._tensor(data, start, *info) for info in infos]

    @staticmethod
    def _tensor(data: np.ndarray, start: int, name: str, dims: list[int], kind, offset: int):
        n = int(np.prod(dims))
        block, size = GGML_QUANT_SIZES[kind]
        n_bytes = n * size // block
        at = start + offset
        if at + n_bytes > len(data):
            raise GGUFFormatError(f"tensor '{name}' runs past the end of the file (truncated?)")
        shape = tuple(reversed(dims))
        raw = data[at : at + n_bytes]
        if kind in DENSE:
            array = raw.view(DENSE[kind]).reshape(shape)
        else:
            array = raw.reshape(quant_shape_to_byte_shape(shape, kind))
        return ReaderTensor(
            name=name,
            tensor_type=kind,
            shape=np.array(dims, dtype=np.uint64),
            n_elements=n,
            n_bytes=n_bytes,
            data_offset=at,
            data=array,
            field=ReaderField(at, name),
        )
