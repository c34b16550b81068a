"""What differs between Windows and POSIX lives in storyapp/system/ alone: no other module fsyncs,
renames over a file, or opens with os.open (Windows cannot open a folder that way)."""

import ast
from pathlib import Path

import storyapp

ROOT = Path(storyapp.__file__).parent
ALLOWED = ROOT / "system"
FORBIDDEN = {"fsync", "fdatasync", "replace", "rename", "open"}


def _devnull(call: ast.Call) -> bool:
    """os.open(os.devnull, ...): a file every OS can open."""
    first = call.args[0] if call.args else None
    return isinstance(first, ast.Attribute) and first.attr == "devnull"


def os_calls(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            found += [
                (node.lineno, f"from os import {a.name}") for a in node.names if a.name in FORBIDDEN
            ]
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        if isinstance(owner, ast.Name) and owner.id == "os" and node.func.attr in FORBIDDEN:
            if node.func.attr == "open" and _devnull(node):
                continue
            found.append((node.lineno, f"os.{node.func.attr}"))
    return found


def test_only_the_system_package_fsyncs_renames_or_opens_with_os():
    offenders = [
        f"{path.relative_to(ROOT.parent)}:{line}: {what} (use storyapp.system.atomic)"
        for path in sorted(ROOT.rglob("*.py"))
        if ALLOWED not in path.parents
        for line, what in os_calls(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_scan_finds_each_form():
    source = (
        "import os\nfrom os import fsync\nos.replace(a, b)\nos.open(d, 0)\nos.open(os.devnull, 1)\n"
    )
    assert os_calls(ast.parse(source)) == [
        (2, "from os import fsync"),
        (3, "os.replace"),
        (4, "os.open"),
    ]
