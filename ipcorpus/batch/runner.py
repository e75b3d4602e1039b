"""``run_batch``: many document pairs aligned on a Dask cluster, then one corpus glossary and one TMX.

1. The manifest is read (errors in it stop everything before any work).
2. A Dask client connects to ``--scheduler`` or starts a ``LocalCluster`` of worker processes. Each
   document is a task (:func:`ipcorpus.batch.work.process_document`): it is skipped when its folder's
   state says it is done with the same inputs and settings, else aligned and its outputs swapped in.
   At most a few tasks per worker thread are submitted at a time, so the scheduler's memory does not
   grow with the corpus and a kill loses only the documents in flight. As soon as a document is
   aligned, the map step of the corpus glossary for it is submitted too
   (:func:`~ipcorpus.batch.work.prepare_document_part`, ahead of the documents not yet started), so
   the map overlaps the alignment of the others instead of being a phase of its own; its result stays
   on the worker.
3. ``summary.tsv``. Then, unless the corpus-level state says nothing changed, the corpus glossary: the
   map step for the documents this run skipped, and one reduce task on a worker over every part, segment
   ids shifted to run across the corpus in manifest order. While it runs the client writes the merged
   ``memory.tmx``; then ``glossary.tsv`` (+ ``.meta.json``), ``glossary.tbx`` and
   ``glossary-review.tsv``, all swapped into DIR together, the term base loaded once, last.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ipcorpus.batch.manifest import DocumentPair, read_manifest
from ipcorpus.batch.merge import summary_rows, summary_tsv, write_merged_tmx
from ipcorpus.batch.state import State, forget_state, output_hashes, read_state, signature_hash, write_state
from ipcorpus.batch.work import (
    BatchSettings,
    DocResult,
    one_line_error,
    prepare_document_part,
    process_document,
    read_doc_pairs,
    reduce_glossary,
)
from ipcorpus.errors import IpcorpusError

#: the corpus-level files a batch writes into DIR (swapped in together)
TOP_OUTPUTS = ("memory.tmx", "glossary.tsv", "glossary.tsv.meta.json", "glossary.tbx", "glossary-review.tsv")
#: seconds to wait for a worker of an existing cluster
WORKER_WAIT = 60.0


@dataclass
class RunOptions:
    """How and where a batch runs (the client's side; :class:`BatchSettings` go to the workers)."""

    scheduler: str | None = None
    workers: int | None = None
    presplit: bool = False
    termbase: str | Path | None = None
    use_termbase: bool = True
    progress: bool = False


@dataclass
class BatchReport:
    """What :func:`run_batch` did."""

    results: list[DocResult]
    first_segments: dict[str, int] = field(default_factory=dict)
    outputs: list[tuple[str, Path]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    corpus_unchanged: bool = False
    seconds: float = 0.0

    @property
    def failed(self) -> list[DocResult]:
        return [r for r in self.results if not r.ok]

    def rows(self) -> list[list[str]]:
        return summary_rows(self.results, self.first_segments)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_batch(manifest: str | Path, out_dir: str | Path, settings: BatchSettings, options: RunOptions) -> BatchReport:
    """Align every document pair of ``manifest`` into ``out_dir/NAME/`` and build the corpus outputs."""
    from ipcorpus.fileio import folder_lock, terminate_cleanly

    t0 = time.perf_counter()
    docs = read_manifest(manifest, presplit=options.presplit)
    out = Path(out_dir)
    _refuse_overwriting(docs, out, Path(manifest), options)
    signatures = {p: settings.doc_signature(p) for p in (False, True)}  # also checks --model up front
    busy = f"{out}: another ipcorpus batch is writing to this folder; try again when it is done"
    with terminate_cleanly(), _client(options) as client, folder_lock(_made(out), busy=busy):
        results, parts = _align_all(client, docs, out, settings, signatures, options.progress)
        report = BatchReport(results)
        ok = [d for d, r in zip(docs, results, strict=True) if r.ok]
        report.first_segments = _first_segments(ok, {r.name: r for r in results})
        _write_summary(out, report)
        if ok:
            _corpus_outputs(client, out, ok, report, (Path(manifest), settings, options), parts)
        else:
            report.notes.append("no document was aligned: no corpus glossary or merged TMX written")
    for r in results:
        report.notes += [f"{r.name}: {n}" for n in r.notes]
    report.seconds = time.perf_counter() - t0
    return report


def _made(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IpcorpusError(f"cannot create {out}: {exc.strerror or exc}") from exc
    return out


def _refuse_overwriting(docs: list[DocumentPair], out: Path, manifest: Path, options: RunOptions) -> None:
    """An output (a document's folder, a corpus-level file, the term base) that is an input: stop."""
    inputs = {_resolved(p): p for d in docs for p in d.files}
    inputs[_resolved(manifest)] = manifest
    outputs = [("-o", out / name) for name in (*TOP_OUTPUTS, "summary.tsv")]
    outputs += [("-o", out / d.name) for d in docs]
    if options.use_termbase and options.termbase is not None:
        outputs.append(("--termbase", Path(options.termbase)))
    for what, path in outputs:
        inp = inputs.get(_resolved(path))
        if inp is not None:
            raise IpcorpusError(f"{what} {path} would overwrite the input {inp}; choose another output "
                                "folder (nothing was written)")


def _resolved(p: Path) -> str:
    try:
        return str(p.resolve())
    except (OSError, RuntimeError):
        return str(p.absolute())


@contextlib.contextmanager
def _client(options: RunOptions):
    """A Dask client: of the cluster at ``options.scheduler``, else of a new LocalCluster."""
    from distributed import Client

    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise IpcorpusError(f"--scheduler {options.scheduler}: cannot reach the Dask scheduler "
                                f"({str(exc) or type(exc).__name__})") from exc
        with client:
            try:
                client.wait_for_workers(1, timeout=WORKER_WAIT)
            except TimeoutError as exc:
                raise IpcorpusError(f"--scheduler {options.scheduler}: no worker joined the cluster in "
                                    f"{WORKER_WAIT:.0f} s") from exc
            yield client
        return
    with _local_cluster(options.workers or cores()) as cluster, Client(cluster) as client:
        yield client
        # the workers are about to end: spare each the interpreter's last garbage collection over its
        # hundreds of MB of tables (about 0.5 s of closing the cluster); their outputs are all written
        with contextlib.suppress(Exception):
            client.run(gc.freeze)


def _local_cluster(n: int):
    """``n`` worker processes of one thread each. They share the cores: a worker's BLAS uses at most
    cores / n threads (set through ``IPCORPUS_THREADS`` when that is fewer than a lone process would
    take, see :func:`ipcorpus.embed.blas_threads`); a single worker chooses as ``ipcorpus run`` does (one
    thread on a busy machine)."""
    import dask
    from distributed import LocalCluster

    from ipcorpus.datacache import WHOLE_TABLES_ENV

    if n < 1:
        raise IpcorpusError(f"--workers {n}: give at least 1")
    threads = max(1, cores() // n)
    env = {k: str(threads) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    if threads < min(cores(), 4):
        env["IPCORPUS_THREADS"] = str(threads)
    env[WHOLE_TABLES_ENV] = "1"  # a worker reads much text: its tables are read whole at once
    # Dask's nanny starts each worker with MALLOC_TRIM_THRESHOLD_=65536, which also pins glibc's mmap
    # threshold at 128 KiB: every array of the token layers is then mapped and unmapped afresh, and a
    # quarter of a worker's CPU time went to page faults (5 s of system time per worker on mac-dev). The
    # workers keep glibc's own settings, as `ipcorpus run` has (a MALLOC_* variable the user sets is
    # still passed on).
    # the scheduler's HTTP server (metrics; the dashboard when bokeh is installed) on a free local port
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        return LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR, env=env)


def _threads(client) -> int:
    return max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))


def _align_all(client, docs: list[DocumentPair], out: Path, settings: BatchSettings, signatures: dict,
               progress: bool) -> tuple[list[DocResult], dict]:
    """Run :func:`process_document` for every document, a bounded window of tasks at a time, and the
    glossary's map step for each document aligned now; the results, and the futures of those parts by
    document name (the parts stay on the workers)."""
    from distributed import wait
    from tqdm import tqdm

    results: list[DocResult | None] = [None] * len(docs)
    parts: dict = {}  # document name -> future of its glossary part
    pending: dict = {}  # future -> document index
    todo = list(range(len(docs)))[::-1]
    window = max(8, 4 * _threads(client))
    run_id = uuid.uuid4().hex[:8]
    with tqdm(total=len(docs), unit="doc", desc="aligning", file=sys.stderr, disable=None if progress else True,
              dynamic_ncols=True) as bar:
        while todo or pending:
            while todo and len(pending) < window:
                i = todo.pop()
                d = docs[i]
                fut = client.submit(process_document, d, str(out), settings, signatures[d.presplit],
                                    key=f"ipcorpus-align-{run_id}-{i}", pure=False)
                pending[fut] = i
            try:
                done, _ = wait(list(pending), timeout=0.5, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            for fut in done:
                i = pending.pop(fut)
                results[i] = _result(fut, docs[i])
                if results[i].status == "aligned":  # its glossary part, before the next documents
                    d = docs[i]
                    parts[d.name] = client.submit(prepare_document_part, str(out / d.name), 0, d.name, settings,
                                                  key=f"ipcorpus-part-{run_id}-{i}", pure=False, priority=1)
                bar.update(1)
            if not bar.disable:
                bar.set_postfix_str(_in_flight(client, pending, docs), refresh=True)
    return [r for r in results if r is not None], parts


def _result(fut, doc: DocumentPair) -> DocResult:
    try:
        return fut.result()
    except Exception as exc:  # noqa: BLE001 - the worker died (KilledWorker) or the task was lost
        name = type(exc).__name__
        if name == "KilledWorker":
            return DocResult(doc.name, "failed", "the worker process died while aligning it (out of memory? "
                             "a crash?); see the worker's log")
        return DocResult(doc.name, "failed", one_line_error(exc))


def _in_flight(client, pending: dict, docs: list[DocumentPair]) -> str:
    """The names of the documents being aligned now (as the scheduler sees them)."""
    try:
        keys = {k for ks in client.processing().values() for k in ks}
    except Exception:  # noqa: BLE001 - progress display only
        return ""
    names = [docs[i].name for f, i in pending.items() if f.key in keys]
    return ", ".join(sorted(names))[:60]


def _first_segments(ok: list[DocumentPair], by_name: dict[str, DocResult]) -> dict[str, int]:
    """The id of each document's first segment pair in the corpus glossary and term base."""
    first: dict[str, int] = {}
    n = 0
    for d in ok:
        first[d.name] = n
        n += int(by_name[d.name].stats.get("pairs", 0))
    return first


def _write_summary(out: Path, report: BatchReport) -> None:
    from ipcorpus.fileio import atomic_write_text

    atomic_write_text(out / "summary.tsv", summary_tsv(report.rows()))
    report.outputs.append((f"summary, one row per document ({len(report.results)} rows)", out / "summary.tsv"))


def _corpus_signature(ok: list[DocumentPair], report: BatchReport, settings: BatchSettings,
                      options: RunOptions) -> dict:
    from ipcorpus import __version__
    from ipcorpus.terms.termbase import resolve_termbase

    by_name = {r.name: r for r in report.results}
    return {"ipcorpus": __version__, "documents": signature_hash([[d.name, by_name[d.name].digest] for d in ok]),
            "miner": asdict(settings.miner_config()), "model": settings.model,
            "termbase": str(resolve_termbase(options.termbase)) if options.use_termbase else None}


def _corpus_outputs(client, out: Path, ok: list[DocumentPair], report: BatchReport, context: tuple,
                    parts: dict) -> None:
    """The merged TMX, the corpus glossary and the term base load (skipped when nothing changed).
    ``parts``: the futures of the glossary parts already prepared, by document name (released here)."""
    manifest, settings, options = context
    signature = _corpus_signature(ok, report, settings, options)
    prev = read_state(out)
    if prev is not None and prev.matches(signature, {}, out):
        parts.clear()
        report.corpus_unchanged = True
        report.notes.append("no document changed: the merged TMX, glossary and term base are as they were")
        return
    reduced, mapped = _submit_mining(client, out, ok, report.first_segments, parts, settings)
    parts.clear()  # the reduce task holds them now
    _write_corpus_files(out, ok, (reduced, mapped, manifest), report, options)
    names = [n for n in TOP_OUTPUTS if (out / n).is_file()]
    write_state(out, State(signature, {}, output_hashes(out, names), {"documents": len(ok)}))


def _submit_mining(client, out: Path, ok: list[DocumentPair], first: dict[str, int], parts: dict,
                   settings: BatchSettings) -> tuple:
    """The corpus glossary's reduce (one task) over the parts prepared with the documents' alignment and,
    for documents skipped by this run, parts prepared now (the map step, on the workers); returns the
    future of the reduce and those of the map tasks submitted now."""
    run_id = uuid.uuid4().hex[:8]
    mapped = []
    futures = []
    for i, d in enumerate(ok):
        fut = parts.get(d.name)
        if fut is None:
            fut = client.submit(prepare_document_part, str(out / d.name), 0, d.name, settings,
                                key=f"ipcorpus-part-{run_id}-{i}", pure=False)
            mapped.append(fut)
        futures.append(fut)
    reduced = client.submit(reduce_glossary, futures, settings, [first[d.name] for d in ok],
                            key=f"ipcorpus-glossary-{run_id}", pure=False)
    return reduced, mapped


def _mined(reduced, mapped: list, progress: bool):
    """The result of the corpus glossary's reduce (waiting for it), with a progress bar over the map
    tasks submitted for skipped documents."""
    from distributed import as_completed
    from tqdm import tqdm

    if mapped:
        with tqdm(total=len(mapped), unit="doc", desc="glossary, per document", file=sys.stderr,
                  disable=None if progress else True) as bar:
            for _ in as_completed(mapped):
                bar.update(1)
    try:
        return reduced.result()
    except IpcorpusError:
        raise
    except Exception as exc:  # noqa: BLE001 - the per-document outputs are in place; say what failed
        raise IpcorpusError(f"the corpus glossary could not be mined ({one_line_error(exc)}); the documents' "
                            "outputs and summary.tsv are written") from exc


def _write_corpus_files(out: Path, ok: list[DocumentPair], mining: tuple, report: BatchReport,
                        options: RunOptions) -> None:
    """The merged TMX (written while the workers mine the glossary), then the glossary's files, swapped
    in together; the corpus-level state is forgotten just before."""
    from ipcorpus.fileio import StagedFiles, atomic_writer
    from ipcorpus.terms.formats import write_glossary
    from ipcorpus.terms.mining.mine import write_review

    reduced, mapped, manifest = mining
    add = report.outputs.append
    with StagedFiles(out, TOP_OUTPUTS) as stage:
        st = stage.path
        with atomic_writer(st / "memory.tmx") as fh:
            units = write_merged_tmx([(d.name, out / d.name / "memory.tmx") for d in ok], fh)
        add((f"translation memory, all documents ({units} units)", out / "memory.tmx"))
        glossary, rows = _mined(reduced, mapped, options.progress)
        glossary.meta["inputs"] = [str(manifest)]
        glossary.meta["documents"] = len(ok)
        forget_state(out)
        n = write_glossary(glossary, st / "glossary.tsv")
        add((f"glossary over the corpus, OmegaT layout ({n} terms)", out / "glossary.tsv"))
        add(("glossary settings (the TSV has no header)", out / "glossary.tsv.meta.json"))
        write_review(rows, st / "glossary-review.tsv")
        add(("every term candidate with its renderings and verdict", out / "glossary-review.tsv"))
        if glossary.entries:
            add((f"glossary, TBX-Basic ({write_glossary(glossary, st / 'glossary.tbx')} terms)", out / "glossary.tbx"))
        else:
            report.notes.append("no terms found: glossary.tsv is empty and glossary.tbx not written")
        if not options.use_termbase:
            stage.commit()
            return
        _load_termbase(out, ok, glossary, stage, report, options)


def _load_termbase(out: Path, ok: list[DocumentPair], glossary, stage, report: BatchReport,
                   options: RunOptions) -> None:
    """The corpus glossary and every segment pair into the term base, once; the staged files are swapped
    in just before the new base replaces the old one (as ``ipcorpus run`` does)."""
    from ipcorpus.terms.termbase import load_into_termbase

    segments = ((p.id, p.zh, p.en) for d in ok
                for p in read_doc_pairs(out / d.name, report.first_segments[d.name], d.name))
    try:
        rep = load_into_termbase(options.termbase, glossary, segments=segments,
                                 batch=f"batch {_resolved(out)}", before_replace=stage.commit)
    except BaseException:
        stage.rollback()
        raise
    report.outputs.append((f"term base ({rep.entries} entries, {rep.segments} segments)", Path(rep.path)))
