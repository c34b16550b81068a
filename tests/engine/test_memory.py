"""Loading the default model grows the process by at most 1.5x the packed weight bytes.

Measured on a warm start: the GGUF's tokenizer is converted once, on first use, and cached.
"""

import json
import subprocess
import sys

import pytest

PROBE = """
import json, gc, resource
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * 4096
import torch, transformers, gguf, numpy  # imports are not the model
from storyapp.engine import LLM
before = rss()
llm = LLM.load('default')
gc.collect()
print(json.dumps({"grown": rss() - before, "weights": llm.weight_bytes}))
"""


@pytest.mark.slow
def test_load_grows_rss_by_at_most_1_5x_weight_bytes():
    warm = "from storyapp.engine import LLM; LLM.load('default')"
    subprocess.run([sys.executable, "-c", warm], check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    m = json.loads(out.stdout.strip().splitlines()[-1])
    assert m["grown"] <= 1.5 * m["weights"], m
