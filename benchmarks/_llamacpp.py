"""llama.cpp through llama-cpp-python's low-level API, decoding B sequences together like a server.

One context per batch size (n_seq_max = B); all prompts are prefilled in one llama_decode, then
every step decodes one token per sequence in one llama_decode; the next token is the argmax of
that sequence's logits (greedy, EOS ignored). Batch 1 takes the same path.
"""

import ctypes
import logging
import time

import llama_cpp as lc
import numpy as np
from _common import paired_rows, prompts, timed_row

logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)  # silence llama.cpp's load logs


class LlamaCpp:
    def __init__(self, model_path: str, threads: int, max_len: int):
        lc.llama_backend_init()
        self.model = lc.llama_model_load_from_file(
            model_path.encode(), lc.llama_model_default_params()
        )
        if not self.model:
            raise RuntimeError(f"llama.cpp could not load {model_path}")
        self.n_vocab = lc.llama_vocab_n_tokens(lc.llama_model_get_vocab(self.model))
        self.threads, self.max_len = threads, max_len
        self.ctx, self.batch, self.n_seq = None, None, 0

    def use(self, n_seq: int) -> None:
        """A context (and a batch) for n_seq parallel sequences of up to max_len tokens each."""
        if self.ctx and self.n_seq == n_seq:
            return
        self.close()
        cp = lc.llama_context_default_params()
        cp.n_ctx = n_seq * (-(-self.max_len // 256) * 256)  # each sequence gets n_ctx / n_seq_max
        cp.n_batch = cp.n_ubatch = max(512, n_seq * self.max_len)
        cp.n_seq_max = n_seq
        cp.n_threads = cp.n_threads_batch = self.threads
        self.ctx = lc.llama_init_from_model(self.model, cp)
        if not self.ctx:
            raise RuntimeError("llama.cpp could not create a context")
        self.batch, self.n_seq = lc.llama_batch_init(cp.n_batch, 0, 1), n_seq

    def close(self) -> None:
        if self.ctx:
            lc.llama_batch_free(self.batch)
            lc.llama_free(self.ctx)
            self.ctx = None

    def set_adapter(self, adapter) -> None:
        """Apply one LoRA adapter (scale 1) to the context, or none."""
        if adapter is None:
            rc = lc.llama_set_adapters_lora(self.ctx, None, 0, None)
        else:
            arr = (lc.llama_adapter_lora_p_ctypes * 1)(adapter)
            rc = lc.llama_set_adapters_lora(self.ctx, arr, 1, (ctypes.c_float * 1)(1.0))
        if rc:
            raise RuntimeError(f"llama_set_adapters_lora failed ({rc})")

    def load_adapter(self, path: str):
        adapter = lc.llama_adapter_lora_init(self.model, path.encode())
        if not adapter:
            raise RuntimeError(f"llama.cpp could not load the LoRA {path}")
        return adapter

    def _decode(self, entries: list[tuple[int, int, int, bool]]) -> None:
        """entries: (token, position, sequence, wants logits)."""
        b = self.batch
        for i, (tok, pos, seq, logits) in enumerate(entries):
            b.token[i], b.pos[i], b.n_seq_id[i], b.logits[i] = tok, pos, 1, logits
            b.seq_id[i][0] = seq
        b.n_tokens = len(entries)
        if rc := lc.llama_decode(self.ctx, b):
            raise RuntimeError(f"llama_decode failed ({rc})")

    def _argmax(self, i: int) -> int:
        return int(
            np.ctypeslib.as_array(lc.llama_get_logits_ith(self.ctx, i), (self.n_vocab,)).argmax()
        )

    def generate(self, batch: list[list[int]], osl: int) -> tuple[float, float, list[list[int]]]:
        """Greedy-decode exactly osl tokens for every prompt together: (latency, ttft, tokens)."""
        lc.llama_memory_clear(lc.llama_get_memory(self.ctx), True)
        t0 = time.perf_counter()
        entries, last = [], []
        for s, p in enumerate(batch):
            entries += [(t, j, s, j == len(p) - 1) for j, t in enumerate(p)]
            last.append(len(entries) - 1)
        self._decode(entries)
        out = [[self._argmax(i)] for i in last]
        ttft = time.perf_counter() - t0
        for _ in range(1, osl):
            seqs = enumerate(zip(batch, out, strict=True))
            self._decode([(o[-1], len(p) + len(o) - 1, s, True) for s, (p, o) in seqs])
            for s, o in enumerate(out):
                o.append(self._argmax(s))
        return time.perf_counter() - t0, ttft, out


def version() -> str:
    return lc.__version__


def base_rows(model, batch_sizes, isl, osl, repeats, threads) -> list[dict]:
    llm = LlamaCpp(model, threads, isl + osl + 8)
    rows = []
    for b in batch_sizes:
        llm.use(b)
        ps = prompts(b, isl, llm.n_vocab)
        rows.append(timed_row(lambda n, ps=ps: llm.generate(ps, n)[:2], b, osl, repeats, "base"))
    llm.close()
    return [r.as_dict() for r in rows]


def lora_rows(model, adapters, batch_sizes, isl, osl, repeats, threads) -> list[dict]:
    """Per batch size: base (B together) vs B requests with B adapters, one adapter at a time.

    llama.cpp applies one adapter set to a whole context, so requests with different adapters
    cannot share a batch; each is served alone with its adapter set (what `Llama(lora_path=...)`
    does at load, here switched on one context instead of one model instance per adapter).
    """
    llm = LlamaCpp(model, threads, isl + osl + 8)
    loaded = [llm.load_adapter(a) for a in adapters]
    rows = []
    for b in batch_sizes:
        ps = prompts(b, isl, llm.n_vocab)

        def together(n, ps=ps):
            llm.use(len(ps))
            return llm.generate(ps, n)[:2]

        def one_by_one(n, ps=ps):
            llm.use(1)
            t0, ttft = time.perf_counter(), 0.0
            for p, adapter in zip(ps, loaded[: len(ps)], strict=True):
                llm.set_adapter(adapter)
                start = time.perf_counter() - t0
                ttft = max(ttft, start + llm.generate([p], n)[1])
            llm.set_adapter(None)
            return time.perf_counter() - t0, ttft

        rows += paired_rows(together, one_by_one, b, osl, repeats, "lora_sequential")
    llm.close()
    return [r.as_dict() for r in rows]
