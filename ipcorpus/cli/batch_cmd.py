"""``ipcorpus batch``: many document pairs in one job, on this machine or a Dask cluster."""

from __future__ import annotations

from pathlib import Path

import click

from ipcorpus.cli.options import cache_option, fast_option, model_option
from ipcorpus.terms.mining.config import MinerConfig


@click.command()
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the outputs: one subfolder per document, the corpus files at the top.")
@click.option("--presplit", is_flag=True,
              help="Inputs hold one sentence a line (every row; a row's options may say --no-presplit).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes of the local cluster (default: the cores). Ignored with --scheduler.")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Send the work to this running Dask scheduler instead of starting a local cluster. Its "
                   "workers must have ipcorpus installed and see the input and output paths.")
@model_option
@cache_option
@fast_option
@click.option("--min-freq", type=click.IntRange(min=1), default=MinerConfig().min_freq, show_default=True,
              help="A term must occur this many times in the whole corpus.")
@click.option("--termbase", "termbase_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="SQLite term base to load the corpus glossary into (default: $IPCORPUS_TERMBASE or the "
                   "per-user one).")
@click.option("--no-termbase", is_flag=True, help="Do not load anything into a term base.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no table; only errors.")
def batch(manifest: Path, out_dir: Path, presplit: bool, workers: int | None, scheduler: str | None,
          model: str | None, cache_dir: Path | None, fast: bool, min_freq: int, termbase_path: Path | None,
          no_termbase: bool, quiet: bool) -> None:
    """Align many document pairs listed in MANIFEST, then mine one glossary over them all.

    \b
    MANIFEST is a TSV file (or .csv), one document a row, paths relative to its folder:
      INPUT                      a bilingual file (Chinese passages each followed by their English)
      ZH<TAB>EN                  a Chinese file and its English
      ZH<TAB>EN<TAB>--presplit   per-row options: --presplit, --no-presplit
    A first row "id<TAB>zh<TAB>en<TAB>options" (any of those names, any order) is a header; then the
    id column names the documents (default: the file name without its extension). Lines starting
    with # are skipped. MANIFEST may also be a folder of NAME.zh / NAME.en pairs.

    \b
    Writes to OUT:
      NAME/        each document's units.jsonl, memory.tmx, memory-sentences.tmx, memory.tsv,
                   alignment.jsonl, alignment.align (as `ipcorpus run` writes them) and batch-state.json
      memory.tmx   every unit of every document (prop x-document names its document)
      glossary.tsv (+ .meta.json), glossary.tbx, glossary-review.tsv: mined over the whole corpus
      summary.tsv  per document: status, sentences, beads, units, mean confidence, seconds, error
    and loads the glossary and the segments into the term base, once.

    A bad manifest (a row with too many cells, an unknown option, two documents with one name) stops
    before any work, with its line number. A document that fails (missing or unreadable file, one
    language only, a crash) is listed with its error and the others go on; the command then exits 1.
    Run the same command again to resume: documents whose inputs, settings and outputs are unchanged
    are skipped (each folder's batch-state.json records their hashes), so a killed batch loses only
    the documents in flight, and a finished one does no work.
    """
    from ipcorpus.batch.runner import RunOptions, run_batch
    from ipcorpus.batch.work import BatchSettings

    settings = BatchSettings(model=model, cache_dir=str(cache_dir) if cache_dir else None, fast=fast,
                             min_freq=min_freq)
    options = RunOptions(scheduler=scheduler, workers=workers, presplit=presplit, termbase=termbase_path,
                         use_termbase=not no_termbase, progress=not quiet)
    report = run_batch(manifest, out_dir, settings, options)
    if not quiet:
        from ipcorpus.batch.merge import summary_table

        for line in summary_table(report.rows()):
            click.echo(line)
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
        _echo_outputs(report)
    failed = report.failed
    if failed:
        click.echo(f"Error: {len(failed)} of {len(report.results)} documents failed (see {out_dir / 'summary.tsv'})",
                    err=True)
        raise click.exceptions.Exit(1)


def _echo_outputs(report) -> None:
    counts: dict[str, int] = {}
    for r in report.results:
        counts[r.status] = counts.get(r.status, 0) + 1
    done = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    width = max((len(d) for d, _ in report.outputs), default=0)
    click.echo(f"{len(report.results)} documents: {done}")
    click.echo("wrote:")
    for desc, path in report.outputs:
        click.echo(f"  {desc.ljust(width)}  {path}")
    click.echo(f"done in {report.seconds:.1f} s")
