"""The code stays within the project's limits: ruff clean, with complexity at most 12 and at most 8
arguments (pyproject.toml), and no module of the package over :data:`MAX_LINES` lines."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: the longest a module of the package may be: split a longer one along a seam
MAX_LINES = 500


def _ruff() -> list[str] | None:
    exe = Path(sys.executable).with_name("ruff")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("ruff")
    return [found] if found else None


def test_ruff_is_clean():
    ruff = _ruff()
    if ruff is None:
        pytest.skip("ruff is not installed (it is in the test extra)")
    res = subprocess.run([*ruff, "check", "ipcorpus", "tests", "scripts"], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-1000:]


def test_no_module_over_max_lines():
    long = {}
    for path in sorted((ROOT / "ipcorpus").rglob("*.py")):
        with path.open(encoding="utf-8") as f:
            n = sum(1 for _ in f)
        if n > MAX_LINES:
            long[str(path.relative_to(ROOT))] = n
    if long:
        print(f"modules over {MAX_LINES} lines:", *(f"{p}: {n}" for p, n in long.items()), sep="\n  ")
    assert not long, f"modules over {MAX_LINES} lines: {long}"
