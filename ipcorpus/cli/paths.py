"""Checks on the command line's file arguments that every command shares.

:func:`refuse_overwriting_inputs`: an output (``-o``, a TSV glossary's ``.meta.json`` sidecar, the term
base) that is the same file as an input would destroy the input (``ipcorpus split in.txt -o in.txt``).
Every command that takes ``-o`` refuses that before reading anything, with one line naming both.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ipcorpus.errors import IpcorpusError


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether ``a`` and ``b`` are one file: :func:`os.path.samefile` when both exist (symbolic and hard
    links, ``./x`` and ``x``), else their resolved paths compared."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        pass
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError):
        return False


def refuse_overwriting_inputs(outputs: Iterable[tuple[str, str | os.PathLike[str] | None]],
                              inputs: Iterable[str | os.PathLike[str] | None]) -> None:
    """Raise :class:`IpcorpusError` when an output is one of the inputs.

    ``outputs`` are (what, path) pairs, e.g. ``("-o", out)``; ``None`` paths are skipped.
    """
    ins = [p for p in inputs if p is not None]
    for what, out in outputs:
        if out is None:
            continue
        for inp in ins:
            if same_file(out, inp):
                same = "" if str(out) == str(inp) else f" ({out} and {inp} are the same file)"
                raise IpcorpusError(f"{what} {out} would overwrite the input {inp}{same}; "
                                    "choose another output file (nothing was written)")
