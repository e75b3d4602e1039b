"""``ipcorpus run``: the whole pipeline on one input, for a user who wants everything at once."""

from __future__ import annotations

from pathlib import Path

import click

from ipcorpus.cli.options import (
    bare_words_option,
    cache_option,
    fast_option,
    general_words_option,
    model_option,
)


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--en", "en_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="English file, when INPUT holds only the Chinese text.")
@click.option("--presplit", is_flag=True, help="Inputs hold one sentence a line (needs --en).")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the outputs (created if missing).")
@model_option
@cache_option
@click.option("--termbase", "termbase_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="SQLite term base to load the glossary into (default: $IPCORPUS_TERMBASE or the per-user one).")
@click.option("--no-termbase", is_flag=True, help="Do not load anything into a term base.")
@fast_option
@general_words_option
@bare_words_option
@click.option("--report/--no-report", default=True, show_default=True,
              help="Also write report.html, a page to read, filter and correct the alignment and glossary.")
def run(input_path: Path, en_path: Path | None, presplit: bool, out_dir: Path, model: str | None,
        cache_dir: Path | None, termbase_path: Path | None, no_termbase: bool, fast: bool, general_words: bool,
        bare_words: bool, report: bool) -> None:
    """Split, align and mine INPUT in one go.

    INPUT is a bilingual document (Chinese passages each followed by their English translation), or a
    Chinese file with --en. Writes to OUT: units.jsonl (paragraphs and sentences), memory.tmx (all aligned
    units), memory-sentences.tmx (1-1 units only, best for CAT sentence matching), memory.tsv,
    alignment.jsonl, glossary.tsv (OmegaT layout) with glossary.tsv.meta.json (its settings),
    glossary.tbx, glossary-review.tsv (every term candidate with its renderings and verdict) and
    report.html (a self-contained page to review it all in a browser); loads the glossary and the aligned
    segments into the term base so that `ipcorpus term QUERY` works right away.

    All or nothing: the files are written into a hidden staging folder in OUT and swapped in at the end,
    with the term base loaded last; a failure or a SIGTERM leaves OUT and the term base as they were, and
    of two runs into one OUT the last to finish wins whole. An input with no term writes an empty
    glossary.tsv, no glossary.tbx, and says so.
    """
    from ipcorpus.cli.paths import refuse_overwriting_inputs
    from ipcorpus.pipeline import RUN_OUTPUTS, RunOptions, run_pipeline

    refuse_overwriting_inputs([("-o", out_dir / name) for name in RUN_OUTPUTS]
                              + [("--termbase", None if no_termbase else termbase_path)], [input_path, en_path])
    options = RunOptions(en_path=en_path, presplit=presplit, model=model, cache_dir=cache_dir,
                         termbase_path=None if no_termbase else termbase_path, use_termbase=not no_termbase,
                         progress=True, fast=fast, report=report, general_words=general_words,
                         bare_words=bare_words)
    summary = run_pipeline(input_path, out_dir=out_dir, options=options)
    for line in summary.lines():
        click.echo(line)
