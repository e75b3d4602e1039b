"""batch: many document pairs in one job, on this machine or a Dask cluster (``ipcorpus batch``).

>>> from ipcorpus.batch import BatchSettings, RunOptions, run_batch           # doctest: +SKIP
>>> report = run_batch("corpus.tsv", "out/", BatchSettings(), RunOptions(workers=2))  # doctest: +SKIP

Modules: :mod:`.manifest` (the list of document pairs), :mod:`.work` (what a worker does with one
document, and the glossary's map and reduce steps), :mod:`.state` (what a re-run may skip),
:mod:`.merge` (the merged TMX and the summary table), :mod:`.runner` (the client: cluster, tasks,
progress, corpus-level outputs). ``docs/scale.md`` has the measured costs and a plan for a million
documents.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BatchReport", "BatchSettings", "DocumentPair", "RunOptions", "read_manifest", "run_batch"]

_WHERE = {"BatchReport": "runner", "RunOptions": "runner", "run_batch": "runner", "BatchSettings": "work",
          "DocumentPair": "manifest", "read_manifest": "manifest"}


def __getattr__(name: str) -> Any:
    # nothing heavy (dask, the aligner) is imported until it is used
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"ipcorpus.batch.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'ipcorpus.batch' has no attribute {name!r}")
