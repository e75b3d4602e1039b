"""``ipcorpus report``: one self-contained HTML page to review what ``ipcorpus run`` wrote."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("run_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The HTML file to write (default: DIR/report.html).")
@click.option("--title", default=None, help="Title of the page (default: the input file's name).")
def report(run_dir: Path, output: Path | None, title: str | None) -> None:
    """Write an HTML report of the run folder DIR, to read, filter and correct in a browser.

    DIR holds what `ipcorpus run` writes: alignment.jsonl (required), units.jsonl and the glossary
    (glossary.json, or glossary.tsv with glossary.tbx). The page is one file with everything inside
    (it opens from disk, without network): the alignment side by side, coloured by confidence, with
    search and the glossary terms highlighted; pictures of the alignment path, the confidences, the
    bead types and the length ratios; the glossary as a sortable table; the settings at the foot.

    \b
    A reviewer marks units wrong, accepts them or joins one with the next, approves or rejects glossary
    entries, and downloads the reviewed TMX and glossary (TSV, TBX) made in the page; the glossary goes
    back into the term base with `ipcorpus glossary import glossary-reviewed.tbx`.

    \b
    Example:
      ipcorpus run whitepaper.txt -o out/ && ipcorpus report out/
    """
    from ipcorpus.report import build_report

    summary = build_report(run_dir, output, title=title)
    for line in summary.lines():
        click.echo(line)
