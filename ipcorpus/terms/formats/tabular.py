"""TSV (OmegaT layout) and CSV glossaries, written and read.

* **TSV** (OmegaT layout ``source<TAB>target<TAB>comment``, no header): the comment holds confidence,
  counts, origin, the kind (when not ``term``) and ``definition: <zh> / <en>``; the meta goes to a
  sidecar ``NAME.tsv.meta.json`` beside the file (see :func:`ipcorpus.terms.formats.write_glossary`).
* **CSV**: a header row; ``kind``, ``definition_zh`` and ``definition_en`` are the last columns.

Read back, target cells may hold alternatives separated by ``|``; a CSV file may come without a header
(source and target the first two columns) or with ``zh``/``en`` columns.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ipcorpus.errors import InputError
from ipcorpus.ingest.decode import read_text
from ipcorpus.terms.formats.common import clean, entry_fields, group_rows
from ipcorpus.types import Glossary, TermEntry, Translation


def _comment(e: TermEntry, t: Translation) -> str:
    parts = [f"confidence {t.confidence:.2f}", f"count {t.count}", f"frequency {e.frequency}", e.origin]
    if e.kind and e.kind != "term":
        parts.append(f"kind: {e.kind}")
    if e.definition is not None:
        parts.append(f"definition: {clean(e.definition.zh)} / {clean(e.definition.en)}")
    return "; ".join(parts)


def glossary_to_tsv(glossary: Glossary) -> str:
    """OmegaT glossary layout: ``source<TAB>target<TAB>comment``, one line per translation."""
    lines = [f"{clean(e.source)}\t{clean(t.target)}\t{_comment(e, t)}" for e in glossary.entries for t in e.translations]
    return "\n".join(lines) + ("\n" if lines else "")


CSV_HEADER = ["source", "target", "confidence", "count", "frequency", "origin", "rank",
              "kind", "definition_zh", "definition_en"]


def glossary_to_csv(glossary: Glossary) -> str:
    """CSV with a header; one row per translation; ``rank`` 1 is the best translation of the term."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_HEADER)
    for e in glossary.entries:
        d = e.definition
        for i, t in enumerate(e.translations, 1):
            w.writerow([e.source, t.target, f"{t.confidence:.4f}", t.count, e.frequency, e.origin, i,
                        e.kind, d.zh if d else "", d.en if d else ""])
    return buf.getvalue()


def _csv_rows(text: str, p: Path) -> list[list[str]]:
    """The rows of CSV ``text``; an InputError naming the file and line for a cell longer than the csv
    module's limit (131,072 characters: usually a quote that is never closed) or another CSV error."""
    reader = csv.reader(io.StringIO(text))
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputError(f"{p}:{reader.line_num}: a CSV cell longer than {csv.field_size_limit():,} characters "
                             "(a quote that is never closed?)") from exc
        raise InputError(f"{p}:{reader.line_num}: not a valid CSV file ({exc})") from exc
    return rows


def read_tsv(p: Path) -> Glossary:
    """The entries of a TSV glossary (OmegaT layout; ``#`` lines are comments)."""
    text = read_text(p)
    rows = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise InputError(f"{p}:{lineno}: expected source<TAB>target, found no tab")
        rows += [(cols[0], alt, 1.0, {}) for alt in cols[1].split("|")]
    return group_rows(rows, p, "tsv")


def read_csv(p: Path) -> Glossary:
    """The entries of a CSV glossary, with a header (``source``/``target`` or ``zh``/``en``, and the
    ``kind``/``definition_zh``/``definition_en`` columns when there) or without one."""
    reader = _csv_rows(read_text(p), p)
    if not reader:
        raise InputError(f"{p}: empty CSV file")
    head = [h.strip().lower() for h in reader[0]]
    si, ti, start = 0, 1, 0
    if {"source", "target"} <= set(head):
        si, ti, start = head.index("source"), head.index("target"), 1
    elif {"zh", "en"} <= set(head):
        si, ti, start = head.index("zh"), head.index("en"), 1
    extra = {k: head.index(k) for k in ("kind", "definition_zh", "definition_en") if start and k in head}
    rows = []
    for lineno, r in enumerate(reader[start:], start + 1):
        if not r:
            continue
        if len(r) <= max(si, ti):
            raise InputError(f"{p}:{lineno}: expected at least two columns (source, target)")
        cell = {k: (r[i] if i < len(r) else "") for k, i in extra.items()}
        fields = entry_fields(cell.get("kind"), cell.get("definition_zh"), cell.get("definition_en"))
        rows += [(r[si], alt, 1.0, fields) for alt in r[ti].split("|")]
    return group_rows(rows, p, "csv")
