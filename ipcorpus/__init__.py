"""ipcorpus: a Chinese-English parallel-corpus toolkit for intellectual-property documents.

Stages, each a subpackage, importing one way: segment -> ingest -> embed -> align -> export / evaluate
-> terms -> pipeline -> cli (``tests/test_layers.py`` checks it). What a Python user needs is here::

    import ipcorpus

    zh, en = ipcorpus.load_documents("whitepaper.txt")             # or (zh_file, en_file)
    alignment = ipcorpus.align_documents(zh, en, ipcorpus.load_encoder())
    ipcorpus.write_alignment(alignment, "memory.tmx")              # .tmx .tsv .jsonl .align
    glossary = ipcorpus.mine_glossary(ipcorpus.pairs_from_alignment(alignment))

The names are imported on first use, so ``import ipcorpus`` stays light.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("ipcorpus")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

#: public name -> the module that defines it
_API = {
    "load_documents": "ipcorpus.pipeline",
    "read_pairs": "ipcorpus.pipeline",
    "run_pipeline": "ipcorpus.pipeline",
    "RunOptions": "ipcorpus.pipeline",
    "load_encoder": "ipcorpus.embed",
    "AlignConfig": "ipcorpus.align",
    "align_documents": "ipcorpus.align.document",
    "write_alignment": "ipcorpus.export",
    "pairs_from_alignment": "ipcorpus.terms.pairs",
    "SegmentPair": "ipcorpus.terms.pairs",
    "mine_glossary": "ipcorpus.terms.mining",
    "MinerConfig": "ipcorpus.terms.mining",
    "write_glossary": "ipcorpus.terms.formats",
    "TermBase": "ipcorpus.terms.termbase",
}

__all__ = ["__version__", *sorted(_API)]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'ipcorpus' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
