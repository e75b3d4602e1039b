"""The work done on a Dask worker: align one document, prepare its part of the corpus glossary, and
the glossary's reduce step.

Each worker process loads the encoder once (:func:`worker_encoder`, kept for every later document of the
process with the same model and cache folder); jieba's and CC-CEDICT's tables are module-level caches
of their own stages, so they too load once per process. Every document gets a fresh in-memory embedding
cache over the shared model, so a worker's memory does not grow with the documents it has done.
A worker process aligns one document at a time (the on-disk embedding cache is not shared between
threads); start workers with ``--nthreads 1`` and use ``--nworkers`` for more cores.

Every function here returns picklable values and raises nothing for a document's own problems: a
failure is a :class:`DocResult` with ``status == "failed"`` and a one-line ``error``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ipcorpus.batch.manifest import DocumentPair
from ipcorpus.batch.state import (
    State,
    file_hash,
    forget_state,
    output_hashes,
    read_state,
    signature_hash,
    write_state,
)
from ipcorpus.errors import IpcorpusError

#: the files of a document's folder DIR/NAME/ (those of ``ipcorpus run`` for the alignment, plus .align)
DOC_OUTPUTS = ("units.jsonl", "memory.tmx", "memory-sentences.tmx", "memory.tsv", "alignment.jsonl",
               "alignment.align")
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class BatchSettings:
    """The settings every document and the corpus glossary are made with (sent to the workers)."""

    model: str | None = None
    cache_dir: str | None = None
    fast: bool = False
    min_freq: int = 2

    def doc_signature(self, presplit: bool) -> dict[str, Any]:
        """What a document's outputs depend on besides its inputs (compared on a re-run)."""
        from ipcorpus import __version__
        from ipcorpus.align import AlignConfig
        from ipcorpus.embed import resolve_model

        spec = resolve_model(self.model)
        return {"ipcorpus": __version__, "encoder": spec.name,
                "model_folder": str(spec.folder.resolve()) if spec.folder else None,
                "align": asdict(AlignConfig(refine=not self.fast)), "presplit": presplit}

    def miner_config(self):
        from ipcorpus.terms.mining import MinerConfig

        return MinerConfig(min_freq=self.min_freq)


@dataclass
class DocResult:
    """What happened to one document: ``status`` is ``aligned``, ``skipped`` (done before, unchanged)
    or ``failed`` (with ``error``); ``stats`` holds its counts."""

    name: str
    status: str
    error: str = ""
    stats: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    digest: str = ""  #: a hash of the document's output hashes (the corpus-level state is built from these)

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def one_line_error(exc: BaseException) -> str:
    """An exception as the one line a user reads in the summary."""
    if isinstance(exc, IpcorpusError):
        text = str(exc)
    elif isinstance(exc, OSError):
        from ipcorpus.errors import os_error_message

        text = os_error_message(exc)
    else:
        text = f"internal error: {type(exc).__name__}: {exc}"
    text = " ".join(text.split())
    return text if len(text) <= 400 else text[:397] + "..."


@functools.lru_cache(maxsize=4)
def worker_encoder(model: str | None, cache_dir: str | None):
    """The encoder of this process for ``model`` (loaded on first use, then kept)."""
    from ipcorpus.embed import load_encoder

    return load_encoder(model, cache_dir=cache_dir)


def document_encoder(settings: BatchSettings):
    """The process's encoder with a fresh memory cache (one document's texts; freed after it)."""
    from ipcorpus.embed import CachedEncoder

    base = worker_encoder(settings.model, settings.cache_dir)
    return CachedEncoder(base.inner, base.disk)


def input_hashes(doc: DocumentPair) -> dict[str, str]:
    return {str(p): file_hash(p) for p in doc.files}


def process_document(doc: DocumentPair, out_dir: str, settings: BatchSettings,
                     signature: dict[str, Any]) -> DocResult:
    """Align ``doc`` into ``out_dir/NAME/`` unless its recorded state says it is done; never raises for
    a problem of the document (it becomes a failed :class:`DocResult`)."""
    t0 = time.perf_counter()
    with _ONE_AT_A_TIME:
        try:
            result = _process(doc, Path(out_dir) / doc.name, settings, signature)
        except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the batch
            result = DocResult(doc.name, "failed", one_line_error(exc))
        result.notes = _take_notes()
        result.seconds = time.perf_counter() - t0
    return result


def _take_notes() -> list[str]:
    import sys

    notes = sys.modules.get("ipcorpus.notes")
    return notes.take_notes() if notes is not None else []


def _process(doc: DocumentPair, folder: Path, settings: BatchSettings, signature: dict[str, Any]) -> DocResult:
    from ipcorpus.pipeline import align_input, load_documents
    from ipcorpus.terms.pairs import pairs_from_alignment

    inputs = input_hashes(doc)
    prev = read_state(folder)
    if prev is not None and prev.matches(signature, inputs, folder):
        return DocResult(doc.name, "skipped", stats=prev.stats, digest=signature_hash(prev.outputs))
    zh, en = load_documents(doc.input, doc.en, doc.presplit)
    alignment = align_input(zh, en, document_encoder(settings), presplit=doc.presplit, source=str(doc.input),
                            fast=settings.fast)
    _write_outputs(folder, zh, en, alignment)
    stats = _stats(zh, en, alignment)
    stats["pairs"] = len(pairs_from_alignment(alignment))  # the segments it gives the glossary
    outputs = output_hashes(folder, DOC_OUTPUTS)
    write_state(folder, State(signature, inputs, outputs, stats))
    return DocResult(doc.name, "aligned", stats=stats, digest=signature_hash(outputs))


def _write_outputs(folder: Path, zh, en, alignment) -> None:
    """The document's outputs, all or nothing (a staging folder swapped in; the old state removed first)."""
    from ipcorpus.export import write_alignment
    from ipcorpus.fileio import StagedFiles
    from ipcorpus.pipeline import write_units_jsonl

    _remove_stale_staging(folder)
    with StagedFiles(folder, DOC_OUTPUTS) as stage:
        st = stage.path
        write_units_jsonl([zh, en], st / "units.jsonl")
        write_alignment(alignment, st / "memory.tmx")
        write_alignment(alignment, st / "memory-sentences.tmx", sentence_level_only=True)
        for name in ("memory.tsv", "alignment.jsonl", "alignment.align"):
            write_alignment(alignment, st / name)
        forget_state(folder)
        stage.commit()


def _remove_stale_staging(folder: Path) -> None:
    """Staging folders left by a worker that was killed (the batch holds DIR's lock, so none is live)."""
    from ipcorpus.fileio import StagedFiles

    if folder.is_dir():
        for p in folder.glob(StagedFiles.PREFIX + "*"):
            shutil.rmtree(p, ignore_errors=True)


def _stats(zh, en, alignment) -> dict[str, Any]:
    units = [b for b in alignment.beads if b.zh and b.en]
    mean = sum(b.score for b in units) / len(units) if units else 0.0
    return {"zh_sentences": len(zh.sentences), "en_sentences": len(en.sentences),
            "beads": len(alignment.beads), "units": len(units), "mean_confidence": round(float(mean), 4),
            "encoder": alignment.meta.get("encoder", "")}


# ------------------------------------------------------------------------------ corpus glossary


def read_doc_pairs(folder: Path, first_id: int, source: str) -> list:
    """The segment pairs (beads with text on both sides, as :func:`ipcorpus.terms.pairs.pairs_from_alignment`
    gives them) of a document's ``alignment.jsonl``, numbered from ``first_id``."""
    from ipcorpus.terms.pairs import SegmentPair

    pairs = []
    with open(folder / "alignment.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if "meta" in rec:
                continue
            if rec["zh"].strip() and rec["en"].strip():
                pairs.append(SegmentPair(first_id + len(pairs), rec["zh"], rec["en"], rec["score"], source))
    return pairs


def prepare_document_part(folder: str, first_id: int, source: str, settings: BatchSettings):
    """The map step of the corpus glossary for one finished document (see
    :func:`ipcorpus.terms.mining.prepare_part`); segment ids from ``first_id`` (a batch uses 0: the
    part is prepared as soon as the document is aligned, before its place in the corpus is known, and
    :func:`reduce_glossary` shifts it)."""
    from ipcorpus.terms.mining.mine import prepare_part

    with _ONE_AT_A_TIME:
        pairs = read_doc_pairs(Path(folder), first_id, source)
        return prepare_part(pairs, config=settings.miner_config(), encoder=document_encoder(settings))


def reduce_glossary(parts: list, settings: BatchSettings, firsts: list[int] | None = None):
    """The reduce step: one glossary over every part, and the review rows of every candidate. ``firsts``:
    the corpus id of each part's first segment pair, for parts prepared with ids from 0."""
    from ipcorpus.batch.forked import Forked
    from ipcorpus.terms.mining.mine import mine_parts

    if firsts is not None:
        parts = [p.shifted(first) for p, first in zip(parts, firsts, strict=True)]
    rows: list = []
    with _ONE_AT_A_TIME:
        # the batch has nothing else to run meanwhile: the steps that can run at once use this machine's cores
        glossary = mine_parts(parts, config=settings.miner_config(), encoder=document_encoder(settings),
                              review=rows, parallel=Forked())
    return glossary, rows


def warm_up(settings: BatchSettings) -> int:
    """Load the encoder in this process ahead of the first document; returns the process id."""
    with contextlib.suppress(IpcorpusError):
        worker_encoder(settings.model, settings.cache_dir)
    return os.getpid()
