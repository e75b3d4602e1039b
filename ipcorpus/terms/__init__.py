"""terms stage: mine a zh-en glossary from aligned pairs, write/read glossary files, keep a term base.

Public API::

    pairs = read_segment_pairs("memory.tmx")            # TMX / JSONL / TSV (a raw document: pipeline.read_pairs)
    glossary = mine_glossary(pairs, min_freq=2)          # ranked TermEntry list (ipcorpus.types)
    write_glossary(glossary, "glossary.tbx")             # tsv (OmegaT), csv, tbx (TBX-Basic), json
    load_into_termbase(None, glossary, segments=[(p.id, p.zh, p.en) for p in pairs])
    TermBase().lookup("质押")                           # exact, prefix, substring

Submodules are imported lazily so that ``ipcorpus term`` (termbase only) never loads jieba or numpy.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "SegmentPair": "ipcorpus.terms.pairs",
    "read_segment_pairs": "ipcorpus.terms.pairs",
    "mine_glossary": "ipcorpus.terms.miner",
    "MinerConfig": "ipcorpus.terms.miner",
    "write_glossary": "ipcorpus.terms.formats",
    "read_glossary": "ipcorpus.terms.formats",
    "validate_tbx": "ipcorpus.terms.formats.tbx",
    "load_into_termbase": "ipcorpus.terms.termbase",
    "TermBase": "ipcorpus.terms.termbase",
    "default_termbase_path": "ipcorpus.terms.termbase",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'ipcorpus.terms' has no attribute {name!r}")
