"""Glossary files: write TSV (OmegaT layout), CSV, TBX-Basic, JSON; read TSV, CSV, JSON, TBX (v3 and 2008 martif).

Rows come best first (the order of :attr:`Glossary.entries`, translations by confidence). Writes are
atomic: the file is written next to its destination and moved into place, so a failure never leaves a
half-written glossary. Reading a malformed file raises :class:`~ipcorpus.errors.InputError`.

Every output records the glossary's configuration (the whole :attr:`Glossary.meta`, its ``config``
included):

* **TBX** (TBX v3, TBX-Basic, DCA style; :mod:`~ipcorpus.terms.formats.tbx`): the meta as JSON in
  ``tbxHeader/fileDesc/sourceDesc/p``; one ``conceptEntry`` per term, with its definitions, kind,
  example and counts. Read back from TBX v3 and TBX 2008 (martif) files;
  :func:`~ipcorpus.terms.formats.tbx.validate_tbx` checks a file against the TBX core RELAX NG.
* **JSON** (:mod:`~ipcorpus.terms.formats.jsonfmt`): ``{"meta": ..., "entries": [...]}``, each entry
  with ``kind`` and ``definition`` (``{zh, en, segment_id}`` or null).
* **CSV** (:mod:`~ipcorpus.terms.formats.tabular`): a header row; ``kind``, ``definition_zh`` and
  ``definition_en`` are the last columns.
* **TSV** (OmegaT layout ``source<TAB>target<TAB>comment``, no header;
  :mod:`~ipcorpus.terms.formats.tabular`): the comment holds confidence, counts, origin, the kind (when
  not ``term``) and ``definition: <zh> / <en>``; the meta goes to a sidecar ``NAME.tsv.meta.json``
  beside the file (written atomically too).

This module holds the dispatch on the format: :func:`write_glossary`, :func:`read_glossary`,
:func:`format_of`, :func:`meta_sidecar_path`, and :func:`filter_glossary`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ipcorpus.errors import InputError, IpcorpusError, OutputError, os_error_message
from ipcorpus.fileio import atomic_write_text
from ipcorpus.terms.formats.common import meta_json
from ipcorpus.terms.formats.jsonfmt import glossary_to_json, read_json
from ipcorpus.terms.formats.tabular import glossary_to_csv, glossary_to_tsv, read_csv, read_tsv
from ipcorpus.terms.formats.tbx import glossary_to_tbx, read_tbx
from ipcorpus.types import Glossary, TermEntry

__all__ = ["FORMATS", "filter_glossary", "format_of", "meta_sidecar_path", "read_glossary", "write_glossary"]

FORMATS = ("tsv", "csv", "tbx", "json")


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """The glossary format: ``fmt`` if given, else the file extension (tsv, csv, tbx, json)."""
    f = (fmt or Path(path).suffix.lstrip(".")).lower()
    if f == "txt":
        f = "tsv"
    if f not in FORMATS:
        raise IpcorpusError(f"{path}: unknown glossary format {f!r} (use one of: {', '.join(FORMATS)})")
    return f


def filter_glossary(glossary: Glossary, *, min_freq: int = 0, min_confidence: float = 0.0) -> Glossary:
    """A copy with entries seen at least ``min_freq`` times and translations of ``min_confidence``."""
    out: list[TermEntry] = []
    for e in glossary.entries:
        if e.frequency < min_freq and e.origin != "imported":
            continue
        tr = [t for t in e.translations if t.confidence >= min_confidence]
        if tr:
            out.append(dataclasses.replace(e, translations=tr))
    return Glossary(out, dict(glossary.meta))


def meta_sidecar_path(path: str | Path) -> Path:
    """Where :func:`write_glossary` puts the meta of a TSV glossary: ``NAME.tsv.meta.json`` beside it."""
    p = Path(path)
    return p.with_name(p.name + ".meta.json")


def write_glossary(glossary: Glossary, path: str | Path, fmt: str | None = None, *,
                   min_freq: int = 0, min_confidence: float = 0.0) -> int:
    """Write ``glossary`` to ``path`` (format from ``fmt`` or the extension), atomically; a TSV also
    gets its meta in the sidecar :func:`meta_sidecar_path` (``NAME.tsv.meta.json``).

    Returns the number of entries written (after the ``min_freq``/``min_confidence`` filters).
    """
    f = format_of(path, fmt)
    g = filter_glossary(glossary, min_freq=min_freq, min_confidence=min_confidence)
    text = {"tsv": glossary_to_tsv, "csv": glossary_to_csv, "json": glossary_to_json, "tbx": glossary_to_tbx}[f](g)
    _write_file(path, text)
    if f == "tsv":
        _write_file(meta_sidecar_path(path), meta_json(g.meta, indent=1) + "\n")
    return len(g.entries)


def _write_file(path: str | Path, text: str) -> None:
    """:func:`atomic_write_text`, with an OSError (an immutable target, a full disk) as one line naming
    the file."""
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise OutputError(os_error_message(exc, path, writing=True)) from exc


def read_glossary(path: str | Path, fmt: str | None = None, *,
                  src_lang: str | None = None, tgt_lang: str | None = None) -> Glossary:
    """Read a glossary (TSV in OmegaT layout, CSV with or without header, JSON, TBX); entries marked
    ``imported``. ``src_lang``/``tgt_lang`` pick the languages of a TBX file (see :func:`read_tbx`).

    TSV/CSV target cells may hold alternatives separated by ``|``.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    f = format_of(p, fmt)
    if f == "tbx":
        return read_tbx(p, src_lang=src_lang, tgt_lang=tgt_lang)
    if f == "json":
        return read_json(p)
    return {"tsv": read_tsv, "csv": read_csv}[f](p)
