"""``ipcorpus align``: align a Chinese text with its English translation and write a translation memory."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import click

from ipcorpus.cli.options import cache_option, fast_option, model_option
from ipcorpus.errors import IpcorpusError
from ipcorpus.export import FORMATS

_BEAD_ORDER = ("1-1", "1-2", "2-1", "2-2", "1-3", "3-1", "1-0", "0-1")


def bead_counts(beads) -> str:
    """``1-1: 120, 2-1: 4, 1-0: 3`` (known kinds first, in a fixed order; absent kinds omitted)."""
    counts = Counter(b.kind for b in beads)
    kinds = [k for k in _BEAD_ORDER if k in counts] + sorted(k for k in counts if k not in _BEAD_ORDER)
    return ", ".join(f"{k}: {counts[k]}" for k in kinds) or "none"


def summary_line(alignment, summary, min_score: float, sentence_level_only: bool) -> str:
    """The one line printed at the end of a run."""
    parts = [f"{len(alignment.beads)} beads ({bead_counts(alignment.beads)})",
             f"wrote {summary.written} {'units' if summary.fmt in ('tmx', 'tsv') else 'records'}"
             f" to {summary.path} ({summary.fmt})"]
    if min_score > 0:
        parts.append(f"dropped {summary.dropped_weak} weak units (score < {min_score:g})")
    if sentence_level_only:
        parts.append(f"skipped {summary.skipped_merged} merged units (--sentence-level-only)")
    elif summary.merged:
        parts.append(f"{summary.merged} merged units marked x-merged" if summary.fmt == "tmx"
                     else f"{summary.merged} merged units")
    return "; ".join(parts)


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--en", "en_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="English file, when INPUT holds only the Chinese text.")
@click.option("--presplit", is_flag=True,
              help="INPUT and --en hold one sentence a line (line i = sentence i); aligned at sentence level "
                   "directly, ids in .align output are line numbers.")
@click.option("-o", "--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output file; its extension (.tmx .tsv .jsonl .align) chooses the format unless --format.")
@click.option("--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False), default=None,
              help="Output format (default: from the extension of OUT).")
@model_option
@cache_option
@click.option("--min-score", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
              help="Leave out translation units whose confidence is below this (the summary says how many).")
@click.option("--sentence-level-only", is_flag=True,
              help="Write only 1-1 units: a unit of two Chinese sentences never matches in a sentence-segmented "
                   "CAT project (OmegaT, Trados...).")
@fast_option
def align(input_path: Path, en_path: Path | None, presplit: bool, out_path: Path, fmt: str | None,
          model: str | None, cache_dir: Path | None, min_score: float, sentence_level_only: bool,
          fast: bool) -> None:
    """Align Chinese INPUT with its English translation and write the aligned segments.

    \b
    INPUT is one of:
      a bilingual file, Chinese passages each followed by their English translation (the white paper);
      a Chinese file, with the English one given by --en;
      a pre-split Chinese file, one sentence a line, with --en and --presplit.

    Paragraphs are aligned first, then the sentences inside each paragraph pair; chart residue and
    untranslated passages are left unpaired. Every unit gets a confidence in [0, 1].

    \b
    Examples:
      ipcorpus align whitepaper.txt -o memory.tmx
      ipcorpus align zh.txt --en en.txt -o memory.tmx --min-score 0.3 --sentence-level-only
      ipcorpus align 001.zh --en 001.en --presplit -o 001.align

    \b
    Outputs: TMX 1.4b for CAT tools (props x-score, x-bead, x-merged; the settings in the header),
    TSV (zh, en, score), JSONL (a meta line, then one bead a line with ids, texts, score, paragraphs),
    .align (one bead a line, [zh ids]:[en ids], for `ipcorpus eval`).
    """
    if presplit and en_path is None:
        raise click.UsageError("--presplit needs the English file too (--en FILE)")
    job = _Job(input_path, en_path, presplit, out_path, fmt, model, cache_dir, min_score, sentence_level_only, fast)
    try:
        _run(job)
    except IpcorpusError as exc:  # also when the command is used outside the ipcorpus group
        raise click.ClickException(str(exc)) from exc


@dataclass(frozen=True)
class _Job:
    """What ``ipcorpus align`` was asked to do."""

    input_path: Path
    en_path: Path | None
    presplit: bool
    out_path: Path
    fmt: str | None
    model: str | None
    cache_dir: Path | None
    min_score: float
    sentence_level_only: bool
    fast: bool = False


def _run(job: _Job) -> None:
    from ipcorpus.cli.paths import refuse_overwriting_inputs
    from ipcorpus.export import check_output, write_alignment

    refuse_overwriting_inputs([("-o", job.out_path)], [job.input_path, job.en_path])
    name = check_output(job.out_path, job.fmt, min_score=job.min_score,  # fail before any heavy work
                        sentence_level_only=job.sentence_level_only)
    from ipcorpus.embed import load_encoder
    from ipcorpus.pipeline import align_input, load_documents

    zh, en = load_documents(job.input_path, job.en_path, job.presplit)
    encoder = load_encoder(job.model, cache_dir=job.cache_dir)
    alignment = align_input(zh, en, encoder, presplit=job.presplit, show_progress=True, source=str(job.input_path),
                            fast=job.fast)
    summary = write_alignment(alignment, job.out_path, name, min_score=job.min_score,
                              sentence_level_only=job.sentence_level_only)
    click.echo(summary_line(alignment, summary, job.min_score, job.sentence_level_only))
