"""Reading the ``.align`` bead format: one bead a line, ``[zh ids]:[en ids]`` (e.g. ``[8,9]:[8]``,
``[3]:[]``); the writer, :func:`format_align`, is the export stage's (re-exported here)."""

from __future__ import annotations

import re
from pathlib import Path

from ipcorpus.errors import InputError
from ipcorpus.export.alignfile import AlignPair, format_align

_LINE_RE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def _ids(s: str) -> tuple[int, ...]:
    return tuple(int(x) for x in s.replace(" ", "").split(",") if x)


def parse_align_numbered(text: str, name: str = "<string>") -> list[tuple[int, AlignPair]]:
    """Parse ``.align`` text into (line number, bead) pairs; blank lines are skipped. Raises InputError
    naming ``name`` and the line."""
    out: list[tuple[int, AlignPair]] = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _LINE_RE.match(line)
        if not m:
            raise InputError(f"{name}:{no}: not an alignment line ([zh ids]:[en ids]): {line.strip()[:60]!r}")
        out.append((no, (_ids(m.group(1)), _ids(m.group(2)))))
    return out


def parse_align(text: str, name: str = "<string>") -> list[AlignPair]:
    """Parse ``.align`` text; blank lines are skipped. Raises InputError naming ``name`` and the line."""
    return [pair for _, pair in parse_align_numbered(text, name)]


def read_align_numbered(path: str | Path) -> list[tuple[int, AlignPair]]:
    """Read a ``.align`` file into [(line number, (zh ids, en ids))]."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot read alignment file ({exc.__class__.__name__}: {exc})") from exc
    return parse_align_numbered(text, str(p))


def read_align(path: str | Path) -> list[AlignPair]:
    """Read a ``.align`` file into [(zh ids, en ids)]."""
    return [pair for _, pair in read_align_numbered(path)]


__all__ = ["AlignPair", "format_align", "parse_align", "parse_align_numbered", "read_align", "read_align_numbered"]
