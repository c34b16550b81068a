"""Every decoder layer of a decode step in one native call (decode_layers.c), or None where it
cannot run.

At batch 1 on the default model a decode step made about 15 Python-level calls a layer (three
kernels, the norms, rotary, the cache write, casts): their fixed cost was more than the
arithmetic. This call runs the same layers with one OpenMP region for all of them.
"""

import ctypes
import functools

import torch

from .int4_weight import NativeInt4Weight
from .library import load
from .lora_kernel import LoraPlan

PROJECTIONS = ("qkv", "o", "gate_up", "down")
_ptr, _i64 = ctypes.c_void_p, ctypes.c_int64


class _Int4(ctypes.Structure):
    _fields_ = [("w", _ptr), ("d", _ptr), ("m", _ptr)]


class _Layer(ctypes.Structure):
    _fields_ = [("attn_norm", _ptr), ("ffn_norm", _ptr)] + [(p, _Int4) for p in PROJECTIONS]


class _Plan(ctypes.Structure):
    _fields_ = [("a", _ptr), ("ranks", _ptr), ("rows", _i64), ("pieces", _ptr), ("n_pieces", _i64)]


class _LayerLora(ctypes.Structure):
    _fields_ = [(p, _Plan) for p in PROJECTIONS]


class _Shape(ctypes.Structure):
    _fields_ = [(n, _i64) for n in ("hidden", "heads", "kv_heads", "head_dim", "inter")]
    _fields_ += [("eps", ctypes.c_float), ("scale", ctypes.c_float)]


class _Cache(ctypes.Structure):
    _fields_ = [("kv", _ptr), ("slots", _i64), ("max_len", _i64)]


class LayerPlans:
    """One batch's LoRA plans laid out per layer for the call; keeps the plans alive."""

    __slots__ = ("plans", "table")

    def __init__(self, plans: dict[tuple[int, str], LoraPlan], layers: int):
        self.plans = plans
        self.table = (_LayerLora * layers)()
        for (layer, proj), plan in plans.items():
            entry = _Plan(
                ctypes.addressof(plan.a),
                ctypes.addressof(plan.ranks),
                plan.rows,
                ctypes.addressof(plan.pieces),
                len(plan.pieces),
            )
            setattr(self.table[layer], proj, entry)


class DecodeLayers:
    """The layers of one model (weights packed for the native int4 kernel), run for a decode
    step: x [rows, hidden] float32, the residual stream, updated in place."""

    def __init__(self, lib: ctypes.CDLL, layers: list, config, cis: torch.Tensor):
        """layers: LayerWeights whose projections are all NativeInt4Weight (see supports);
        cis: the rotary table, complex64 [positions, head_dim / 2]."""
        self._call = lib.storyapp_decode_layers
        self._call.restype = ctypes.c_int
        layer, lora, shape = (ctypes.POINTER(t) for t in (_Layer, _LayerLora, _Shape))
        self._call.argtypes = [_ptr, _i64, layer, lora, _i64, shape, _ptr, _Cache, _ptr, _ptr]
        self.n_layers = len(layers)
        self.layers = (_Layer * self.n_layers)()
        self._alive = [cis]
        for i, layer in enumerate(layers):
            norms = [layer.attn_norm.float().contiguous(), layer.ffn_norm.float().contiguous()]
            self._alive += norms
            entry = self.layers[i]
            entry.attn_norm, entry.ffn_norm = norms[0].data_ptr(), norms[1].data_ptr()
            for proj in PROJECTIONS:
                w = getattr(layer, proj).weight
                setattr(entry, proj, _Int4(w.packed.data_ptr(), w.d.data_ptr(), w.m.data_ptr()))
        self.shape = _Shape(
            config.hidden_size,
            config.num_heads,
            config.num_kv_heads,
            config.head_dim,
            config.intermediate_size,
            config.rms_eps,
            config.head_dim**-0.5,
        )
        self.cis = cis

    @staticmethod
    def supports(layers: list) -> bool:
        """Whether every projection of every layer is one native 4-bit weight."""
        return all(
            isinstance(getattr(getattr(layer, p), "weight", None), NativeInt4Weight)
            and getattr(layer, p).out_features == getattr(layer, p).weight.out_features
            for layer in layers
            for p in PROJECTIONS
        )

    def __call__(
        self,
        x: torch.Tensor,
        cache: torch.Tensor,
        slots: torch.Tensor,
        lengths: torch.Tensor,
        lora: LayerPlans | None,
    ) -> None:
        """cache [layers, slots, max_len, 2 kv heads, head_dim] float32; slots and lengths
        int64 [rows] (each row's new token goes to position lengths[r] - 1 of its slot)."""
        if not (x.is_contiguous() and x.dtype == torch.float32 and cache.is_contiguous()):
            raise ValueError("the decode layers take a contiguous float32 stream and cache")
        if cache.dtype != torch.float32:
            raise ValueError("the decode layers read a float32 KV cache")
        done = self._call(
            x.data_ptr(),
            x.shape[0],
            self.layers,
            lora.table if lora is not None else None,
            self.n_layers,
            ctypes.byref(self.shape),
            self.cis.data_ptr(),
            _Cache(cache.data_ptr(), cache.shape[1], cache.shape[2]),
            slots.data_ptr(),
            lengths.data_ptr(),
        )
        if done == -1:
            raise MemoryError("the decode layers could not allocate their scratch")
        if done:
            raise ValueError("the decode layers do not handle this model's shape or adapter rank")


@functools.cache
def decode_layers_library() -> ctypes.CDLL | None:
    return load("decode_layers").lib
