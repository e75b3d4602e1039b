"""``ipcorpus glossary``: mine a glossary from aligned output (``build``) or import a team's (``import``)."""

from __future__ import annotations

from pathlib import Path

import click

from ipcorpus.cli.options import model_option

_TB_HELP = "SQLite term base (default: $IPCORPUS_TERMBASE, else $XDG_DATA_HOME/ipcorpus/termbase.sqlite)."


@click.group()
def glossary() -> None:
    """Build a zh-en glossary from aligned text, or import an existing one into the term base."""


@glossary.command("build")
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Glossary file; the extension picks the format: .tsv (OmegaT), .csv, .tbx (TBX-Basic), .json.")
@click.option("--min-freq", type=click.IntRange(1), default=2, show_default=True,
              help="Keep Chinese terms seen at least this many times.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.45, show_default=True,
              help="Keep translations at least this confident.")
@click.option("--no-dictionary", is_flag=True, help="Do not use the shipped IP dictionary (mine from the text only).")
@click.option("--termbase", "termbase_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help=_TB_HELP)
@click.option("--no-termbase", is_flag=True, help="Only write the glossary file; leave the term base alone.")
@model_option
def build(inputs: tuple[Path, ...], output: Path, min_freq: int, min_confidence: float, no_dictionary: bool,
          termbase_path: Path | None, no_termbase: bool, model: str | None) -> None:
    """Mine a glossary from INPUT... and load it into the term base.

    INPUT is what `ipcorpus align` writes (.tmx, .jsonl, .tsv) or a raw bilingual document, which is
    aligned on the fly. Rows are ranked best first.

    \b
    Example:
      ipcorpus glossary build memory.tmx -o glossary.tbx --min-freq 2
    """
    from ipcorpus.terms.build import build_glossary

    result = build_glossary(list(inputs), output, min_freq=min_freq, min_confidence=min_confidence,
                            use_dictionary=not no_dictionary, model=model, termbase=termbase_path,
                            use_termbase=not no_termbase)
    for line in result.lines():
        click.echo(line)


@glossary.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--termbase", "termbase_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help=_TB_HELP)
def import_cmd(file: Path, termbase_path: Path | None) -> None:
    """Import an approved glossary FILE (.tsv OmegaT layout, .csv, .tbx) into the term base.

    Its entries are marked 'imported' and listed before mined ones; importing the same file again
    replaces its earlier import.
    """
    from ipcorpus.terms.formats import read_glossary
    from ipcorpus.terms.termbase import load_into_termbase

    g = read_glossary(file)
    rep = load_into_termbase(termbase_path, g, batch=str(file.resolve()), origin="imported")
    click.echo(f"imported {rep.entries} entries from {file} into {rep.path}"
               + (f" (replacing {rep.removed} from an earlier import)" if rep.removed else ""))
