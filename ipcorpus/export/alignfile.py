"""Writing the ``.align`` bead format: one bead a line, ``[zh ids]:[en ids]`` (e.g. ``[8,9]:[8]``, ``[3]:[]``).

The reader is :mod:`ipcorpus.evaluate.alignfile` (the gold alignments of the evaluation are in it).
"""

from __future__ import annotations

from collections.abc import Iterable

from ipcorpus.types import Bead

AlignPair = tuple[tuple[int, ...], tuple[int, ...]]


def format_align(beads: Iterable[Bead | AlignPair]) -> str:
    """Beads (or (zh, en) id pairs) as ``.align`` text, one ``[zh ids]:[en ids]`` line each."""
    lines = []
    for b in beads:
        zh, en = (b.zh, b.en) if isinstance(b, Bead) else b
        lines.append(f"[{','.join(map(str, zh))}]:[{','.join(map(str, en))}]")
    return "\n".join(lines) + ("\n" if lines else "")
