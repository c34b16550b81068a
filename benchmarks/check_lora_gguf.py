"""Check benchmarks/lora_to_gguf.py once: the GGUF LoRA it writes must load in llama.cpp and change its
output, and our engine must give the same greedy tokens from it as from the PEFT folder.

    python benchmarks/check_lora_gguf.py [--model M.gguf] [--rank 8] [--targets qkvo]
"""

import argparse
import tempfile
from pathlib import Path

from _hf import make_adapters
from lora_to_gguf import convert

from storyapp.engine import LLM, SamplingParams
from storyapp.engine.loader.resolve import default_model_path

PROMPT = "Once upon a time, in a lighthouse by the sea,"


def check_llamacpp(model: str, gguf: str) -> str:
    from llama_cpp import Llama

    def text(**kw) -> str:
        llm = Llama(model_path=model, n_threads=2, n_ctx=256, verbose=False, **kw)
        return llm.create_completion(PROMPT, max_tokens=16, temperature=0.0)["choices"][0]["text"]

    base, tuned = text(), text(lora_path=gguf)
    print(f"llama.cpp base: {base!r}\nllama.cpp lora: {tuned!r}")
    assert base != tuned, "the GGUF LoRA did not change llama.cpp's output"
    return tuned


def check_engine(model: str, folder: str, gguf: str) -> str:
    llm = LLM.load(model, max_num_seqs=4, max_model_len=256)
    llm.add_adapter("peft", folder)
    llm.add_adapter("gguf", gguf)
    peft, from_gguf, base = llm.generate(
        PROMPT, SamplingParams(max_tokens=24, temperature=0.0), ["peft", "gguf", None]
    )
    print(f"engine peft: {peft.token_ids}\nengine gguf: {from_gguf.token_ids}")
    print(f"engine base: {base.token_ids}\nengine base: {base.text!r}\nengine lora: {peft.text!r}")
    assert peft.token_ids == from_gguf.token_ids, "PEFT folder and GGUF file disagree"
    assert peft.token_ids != base.token_ids, "the adapter did not change the engine's output"
    return peft.text


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", default=str(default_model_path()))
    p.add_argument("--rank", type=int, default=8)
    p.add_argument("--targets", default="qkvo", help="letters of q k v o g(ate) u(p) d(own)")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_adapters(a.model, 1, a.rank, a.targets, tmp)[0]
        for f16 in (False, True):
            gguf = str(convert(folder, a.model, Path(tmp) / f"lora-f{16 if f16 else 32}.gguf", f16))
            print(f"-- {Path(gguf).name}")
            theirs, ours = check_llamacpp(a.model, gguf), check_engine(a.model, folder, gguf)
            same = next(
                (i for i, (x, y) in enumerate(zip(theirs, ours, strict=False)) if x != y),
                len(theirs),
            )
            print(f"llama.cpp and engine LoRA texts agree on their first {same} characters")
    print("OK")


if __name__ == "__main__":
    main()
