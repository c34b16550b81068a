"""python _worker.py module:function ARGS_JSON OUT_JSON: call one benchmark function, save its result."""

import importlib
import json
import sys
from pathlib import Path


def main() -> None:
    target, args, out = sys.argv[1:4]
    module, function = target.split(":")
    result = getattr(importlib.import_module(module), function)(**json.loads(args))
    Path(out).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
