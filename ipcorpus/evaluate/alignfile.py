"""The ``.align`` bead format: one bead a line, ``[zh ids]:[en ids]`` (e.g. ``[8,9]:[8]``, ``[3]:[]``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ipcorpus.errors import InputError
from ipcorpus.types import Bead

AlignPair = tuple[tuple[int, ...], tuple[int, ...]]
_LINE_RE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def _ids(s: str) -> tuple[int, ...]:
    return tuple(int(x) for x in s.replace(" ", "").split(",") if x)


def parse_align(text: str, name: str = "<string>") -> list[AlignPair]:
    """Parse ``.align`` text; blank lines are skipped. Raises InputError naming ``name`` and the line."""
    out: list[AlignPair] = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _LINE_RE.match(line)
        if not m:
            raise InputError(f"{name}:{no}: not an alignment line ([zh ids]:[en ids]): {line.strip()[:60]!r}")
        out.append((_ids(m.group(1)), _ids(m.group(2))))
    return out


def read_align(path: str | Path) -> list[AlignPair]:
    """Read a ``.align`` file into [(zh ids, en ids)]."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot read alignment file ({exc.__class__.__name__}: {exc})") from exc
    return parse_align(text, str(p))


def format_align(beads: Iterable[Bead | AlignPair]) -> str:
    """Beads (or (zh, en) id pairs) as ``.align`` text, one ``[zh ids]:[en ids]`` line each."""
    lines = []
    for b in beads:
        zh, en = (b.zh, b.en) if isinstance(b, Bead) else b
        lines.append(f"[{','.join(map(str, zh))}]:[{','.join(map(str, en))}]")
    return "\n".join(lines) + ("\n" if lines else "")
