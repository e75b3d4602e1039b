"""TSV and JSONL writers.

TSV: one translation unit a line, ``zh<TAB>en<TAB>score`` (score with 4 decimals), no header line;
tabs and line breaks inside a text become spaces. Unpaired (1-0/0-1) beads are not written.

JSONL: the first line is ``{"meta": {...}}`` — the signature of the alignment (ipcorpus version,
encoder, settings) and the input files — so a file says how it was made; readers that want only
beads skip the line whose object has a ``"meta"`` key. Every following line is one bead, in order::

    {"bead": "2-1", "zh_ids": [3, 4], "en_ids": [3], "zh": "...", "en": "...", "score": 0.8731,
     "zh_paras": [1], "en_paras": [1]}

ids are 0-based document-global sentence ids, ``*_paras`` the ids of the paragraphs the sentences come
from. Unpaired beads are written too (one side empty), so the JSONL covers the whole alignment unless
``min_score``/``sentence_level_only`` removed some units.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from ipcorpus import __version__
from ipcorpus.export._io import one_line
from ipcorpus.export._units import Record
from ipcorpus.types import Alignment


def write_tsv(fh: TextIO, records: Iterable[Record]) -> None:
    """Write translation units as ``zh<TAB>en<TAB>score`` lines."""
    for rec in records:
        if rec.is_unit:
            fh.write(f"{one_line(rec.zh)}\t{one_line(rec.en)}\t{rec.bead.score:.4f}\n")


def jsonl_meta(alignment: Alignment) -> dict[str, Any]:
    """The content of the first JSONL line: the signature plus input file names."""
    meta: dict[str, Any] = {"ipcorpus": __version__}
    meta.update(alignment.meta)
    meta.setdefault("zh_file", alignment.zh.source)
    meta.setdefault("en_file", alignment.en.source)
    return meta


def write_jsonl(fh: TextIO, alignment: Alignment, records: Iterable[Record]) -> None:
    """Write the meta line, then one JSON object per record."""
    fh.write(json.dumps({"meta": jsonl_meta(alignment)}, ensure_ascii=False, default=str) + "\n")
    zh_s = alignment.zh.sentences
    en_s = alignment.en.sentences
    for rec in records:
        obj = {
            "bead": rec.bead.kind,
            "zh_ids": list(rec.bead.zh),
            "en_ids": list(rec.bead.en),
            "zh": rec.zh,
            "en": rec.en,
            "score": round(float(rec.bead.score), 4),
            "zh_paras": sorted({zh_s[i].para for i in rec.bead.zh}),
            "en_paras": sorted({en_s[i].para for i in rec.bead.en}),
        }
        fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
