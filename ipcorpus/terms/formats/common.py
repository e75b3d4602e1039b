"""What the glossary formats share: the entry kinds, cell cleaning, the meta as JSON, and the grouping
of (source, target) rows read from a file into entries."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ipcorpus.errors import InputError
from ipcorpus.types import Definition, Glossary, TermEntry, Translation

KINDS = ("term", "name", "title", "quoted", "abbreviation")


def clean(s: str) -> str:
    return " ".join(s.split())


def meta_json(meta: dict[str, Any], **kw: Any) -> str:
    return json.dumps(meta, ensure_ascii=False, default=str, **kw)


def group_rows(rows: Iterable[tuple[str, str, float, dict[str, Any]]], path: Path, fmt: str) -> Glossary:
    """Entries from (source, target, confidence, fields) rows; an entry's ``fields`` (kind,
    definition) are taken from its first row."""
    by_source: dict[str, TermEntry] = {}
    for src, tgt, conf, fields in rows:
        src, tgt = src.strip(), tgt.strip()
        if not src or not tgt:
            continue
        e = by_source.get(src)
        if e is None:
            e = by_source[src] = TermEntry(src, [], 0, [], "imported", **fields)
        if all(t.target != tgt for t in e.translations):
            e.translations.append(Translation(tgt, conf, 0))
    if not by_source:
        raise InputError(f"{path}: no glossary rows (expected source<TAB>target lines)")
    return Glossary(list(by_source.values()), {"source": str(path), "format": fmt})


def entry_fields(kind: Any, dzh: Any, den: Any, seg: Any = None) -> dict[str, Any]:
    """The kind and definition of a JSON entry or CSV row (missing or unknown kind: ``term``)."""
    out: dict[str, Any] = {"kind": kind if kind in KINDS else "term"}
    if (dzh or den) and isinstance(dzh or "", str) and isinstance(den or "", str):
        out["definition"] = Definition(dzh or "", den or "", seg if isinstance(seg, int) else None)
    return out
