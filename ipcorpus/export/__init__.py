"""export stage: write an :class:`~ipcorpus.types.Alignment` as TMX, TSV, JSONL or ``.align``.

>>> summary = write_alignment(alignment, "memory.tmx", min_score=0.3)   # doctest: +SKIP
>>> summary.written, summary.dropped_weak                                # doctest: +SKIP

The format comes from the file extension (``.tmx .tsv .jsonl .align``) or from ``fmt``. Every file is
written to a temporary file in the same folder and moved into place (``os.replace``), so a failed run
never leaves a half-written output.

Translation units are beads with both sides. ``min_score`` drops units whose confidence is below it and
``sentence_level_only`` keeps only 1-1 units (what a sentence-segmented CAT project can reuse); the
returned :class:`ExportSummary` counts both. TMX and TSV hold units only; JSONL holds every bead
(unpaired ones with an empty side) after a ``{"meta": ...}`` first line; ``.align`` holds every bead
in the bead format of the evaluation corpora and refuses the filters (an ``.align`` must cover every
sentence to be scored).
"""

from __future__ import annotations

import os
from pathlib import Path

from ipcorpus.errors import IpcorpusError, OutputError, os_error_message
from ipcorpus.export._io import strip_xml_invalid
from ipcorpus.export._units import ExportSummary, UnitFilter
from ipcorpus.export.tabular import write_jsonl, write_tsv
from ipcorpus.export.tmx import dtd_text, write_tmx
from ipcorpus.fileio import atomic_writer
from ipcorpus.types import Alignment, Bead

FORMATS = ("tmx", "tsv", "jsonl", "align")

__all__ = ["FORMATS", "ExportSummary", "check_output", "detect_format", "dtd_text", "strip_xml_invalid", "write_alignment"]


def detect_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The output format: ``fmt`` if given, else the extension of ``path``; an IpcorpusError otherwise."""
    if fmt:
        name = fmt.lower().lstrip(".")
        if name not in FORMATS:
            raise IpcorpusError(f"unknown output format {fmt!r} (choose one of {', '.join(FORMATS)})")
        return name
    ext = Path(path).suffix.lower().lstrip(".")
    if ext in FORMATS:
        return ext
    raise IpcorpusError(
        f"cannot tell the output format of {path} from its extension; "
        f"use .tmx, .tsv, .jsonl or .align, or give the format ({', '.join(FORMATS)})"
    )


def _format_beads(beads: list[Bead]) -> str:
    """The ``.align`` text of ``beads`` (one ``[zh ids]:[en ids]`` line per bead)."""
    from ipcorpus.export.alignfile import format_align

    return format_align(beads)


def check_output(path: str | os.PathLike[str], fmt: str | None = None, *, min_score: float = 0.0,
                 sentence_level_only: bool = False) -> str:
    """The format :func:`write_alignment` will write ``path`` in, or the one-line error it would raise for
    these settings (an unknown format; filters on ``.align`` output), before any heavy work is done."""
    name = detect_format(path, fmt)
    if name == "align" and (min_score > 0 or sentence_level_only):
        raise IpcorpusError(
            f"{path}: an .align file holds every bead; --min-score and --sentence-level-only "
            "apply to tmx, tsv and jsonl output only"
        )
    return name


def write_alignment(
    alignment: Alignment,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    min_score: float = 0.0,
    sentence_level_only: bool = False,
) -> ExportSummary:
    """Write ``alignment`` to ``path`` in the format of its extension (or ``fmt``).

    Returns an :class:`ExportSummary`: records written, units dropped by ``min_score``, written merged
    units, merged units skipped by ``sentence_level_only``, unpaired beads. Raises IpcorpusError for an
    unknown format, filters on ``.align`` output, or a path that cannot be written (an
    :class:`~ipcorpus.errors.OutputError` naming it, for a permission error or a full disk too).
    """
    name = check_output(path, fmt, min_score=min_score, sentence_level_only=sentence_level_only)
    target = Path(path)
    try:
        return _write(alignment, target, name, min_score, sentence_level_only)
    except OSError as exc:  # an immutable target, a full disk: one line naming the file
        raise OutputError(os_error_message(exc, target, writing=True)) from exc


def _write(alignment: Alignment, target: Path, name: str, min_score: float,
           sentence_level_only: bool) -> ExportSummary:
    unit_filter = UnitFilter(min_score=min_score, sentence_level_only=sentence_level_only)
    unit_filter.counts = ExportSummary(path=target, fmt=name)
    if name == "align":
        records = list(unit_filter.select(alignment, keep_unpaired=True))
        text = _format_beads([r.bead for r in records])
        with atomic_writer(target) as fh:
            fh.write(text)
        return unit_filter.counts
    with atomic_writer(target) as fh:
        if name == "tmx":
            write_tmx(fh, alignment, unit_filter.select(alignment, keep_unpaired=False))
        elif name == "tsv":
            write_tsv(fh, unit_filter.select(alignment, keep_unpaired=False))
        else:
            write_jsonl(fh, alignment, unit_filter.select(alignment, keep_unpaired=True))
    return unit_filter.counts
