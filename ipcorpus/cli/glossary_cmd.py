"""``ipcorpus glossary``: mine a glossary from aligned output (``build``) or import a team's (``import``)."""

from __future__ import annotations

from pathlib import Path

import click

from ipcorpus.cli.options import bare_words_option, general_words_option, model_option
from ipcorpus.terms.mining.config import MinerConfig

#: the command line's defaults are the miner's (ipcorpus.terms.mining.config imports nothing heavy)
_DEFAULTS = MinerConfig()
_TB_HELP = "SQLite term base (default: $IPCORPUS_TERMBASE, else $XDG_DATA_HOME/ipcorpus/termbase.sqlite)."


@click.group()
def glossary() -> None:
    """Build a zh-en glossary from aligned text, or import an existing one into the term base."""


def _termbase_path(termbase_path: Path | None) -> Path:
    """The term base a command will write (``--termbase``, else the default one)."""
    from ipcorpus.terms.termbase import resolve_termbase

    return resolve_termbase(termbase_path)


@glossary.command("build")
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Glossary file; the extension picks the format: .tsv (OmegaT), .csv, .tbx (TBX-Basic), .json.")
@click.option("--min-freq", type=click.IntRange(1), default=_DEFAULTS.min_freq, show_default=True,
              help="Keep Chinese terms seen at least this many times (a title in 《》, a named event or a name "
                   "quoted in both languages: once).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=_DEFAULTS.min_confidence, show_default=True,
              help="Keep translations at least this confident.")
@click.option("--no-dictionary", is_flag=True, help="Do not use the shipped IP dictionary (mine from the text only).")
@general_words_option
@bare_words_option
@click.option("--termbase", "termbase_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help=_TB_HELP)
@click.option("--no-termbase", is_flag=True, help="Only write the glossary file; leave the term base alone.")
@click.option("--review", "review_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write every term candidate, kept or not, with its spotted renderings, votes and verdict "
                   "(TSV), for a terminologist to review.")
@model_option
def build(inputs: tuple[Path, ...], output: Path, min_freq: int, min_confidence: float, no_dictionary: bool,
          general_words: bool, bare_words: bool, termbase_path: Path | None, no_termbase: bool, review_path: Path | None,
          model: str | None) -> None:
    """Mine a glossary from INPUT... and load it into the term base.

    INPUT is what `ipcorpus align` writes (.tmx, .jsonl, .tsv) or a raw bilingual document, which is
    aligned on the fly. Rows are ranked best first.

    \b
    Example:
      ipcorpus glossary build memory.tmx -o glossary.tbx --min-freq 2
    """
    from ipcorpus.cli.paths import refuse_overwriting_inputs
    from ipcorpus.pipeline import read_inputs
    from ipcorpus.terms.build import build_glossary
    from ipcorpus.terms.formats import format_of, meta_sidecar_path
    from ipcorpus.terms.miner import load_miner_encoder

    tb = None if no_termbase else _termbase_path(termbase_path)
    refuse_overwriting_inputs([("-o", output), ("-o's metadata file", meta_sidecar_path(output)),
                               ("--termbase", tb), ("--review", review_path)], inputs)
    refuse_overwriting_inputs([("--termbase", tb)], [output, meta_sidecar_path(output)])
    format_of(output, None)  # a bad extension fails before the slow part
    pairs = read_inputs(inputs, model=model)
    config = MinerConfig(min_freq=min_freq, min_confidence=min_confidence, use_dictionary=not no_dictionary,
                         general_words=general_words, bare_words=bare_words)
    result = build_glossary(list(inputs), output, pairs=pairs, config=config, encoder=load_miner_encoder(model),
                            termbase=termbase_path, use_termbase=not no_termbase, review=review_path)
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
    from ipcorpus.cli.paths import refuse_overwriting_inputs
    from ipcorpus.errors import IpcorpusError, os_error_message
    from ipcorpus.terms.formats import read_glossary
    from ipcorpus.terms.termbase import load_into_termbase

    tb = _termbase_path(termbase_path)
    refuse_overwriting_inputs([("--termbase", tb)], [file])
    g = read_glossary(file)
    try:
        rep = load_into_termbase(termbase_path, g, batch=str(file.resolve()), origin="imported")
    except OSError as exc:  # an immutable term base, a full disk: one line naming it
        raise IpcorpusError(os_error_message(exc, tb, writing=True)) from exc
    click.echo(f"imported {rep.entries} entries from {file} into {rep.path}"
               + (f" (replacing {rep.removed} from an earlier import)" if rep.removed else ""))


@glossary.command("eval")
@click.argument("glossary_file", metavar="GLOSSARY", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--ref", "ref_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Reference glossary TSV: zh<TAB>en|en…<TAB>count (an optional header line 'zh<TAB>en<TAB>count').")
@click.option("--top", "top", type=click.IntRange(1), default=100, show_default=True,
              help="Precision over this many rows, best first.")
@click.option("--min-count", type=click.IntRange(0), default=2, show_default=True,
              help="Recall over the reference terms whose count is at least this.")
@click.option("--judgments", "judgments_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Hand judgments zh<TAB>en<TAB>yes|no<TAB>reason for rows outside the reference.")
@click.option("--variant-sep", default="auto", show_default=True,
              help="What separates renderings in the reference's English cell: 'auto' (| if any row has one, "
                   "else ', '), 'none', or the separator itself.")
@click.option("--show-outside", type=click.IntRange(0), default=20, show_default=True,
              help="List up to this many top rows outside the reference (and missed terms); 0: none.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the figures as JSON (with the full listings: outside, other_rendering, missed).")
def eval_cmd(glossary_file: Path, ref_path: Path, top: int, min_count: int, judgments_path: Path | None,
             variant_sep: str, show_outside: int, as_json: bool) -> None:
    """Score GLOSSARY (.tsv, .csv, .tbx, .json; rows best first) against a reference glossary.

    \b
    Prints
      - precision of the top N rows: a row (term + best rendering) is right
        when the reference or --judgments says so, else it counts as wrong;
      - precision of the top N rows whose Chinese is a reference term;
      - recall of the reference terms counted at least --min-count times
        (found: an entry with a correct rendering among its renderings);
      - the top rows outside the reference and the missed reference terms.
    English is compared lemmatised, lower case, hyphen = space; Chinese
    exactly, or after conversion of both sides to Simplified.

    \b
    Example:
      ipcorpus glossary eval glossary.tsv --ref glossary.ref.tsv \\
          --judgments judged-pairs.tsv
    """
    import json

    from ipcorpus.terms.evaluate import format_score, load_reference, read_judgments, score_glossary
    from ipcorpus.terms.formats import read_glossary
    from ipcorpus.types import Glossary

    reference = load_reference(ref_path, variant_sep=variant_sep)
    judgments = read_judgments(judgments_path, strict=True) if judgments_path else {}
    g = read_glossary(glossary_file)
    entries = g.entries
    if entries and entries[0].source.lower() in ("zh", "source") and entries[0].translations \
            and entries[0].translations[0].target.lower() in ("en", "target"):
        entries = entries[1:]  # a header line read as a row
    s = score_glossary(Glossary(entries, g.meta), reference, judgments, k=top, min_count=min_count)
    if as_json:
        out = s.to_dict()
        out["glossary"], out["reference"] = str(glossary_file), str(ref_path)
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        click.echo(format_score(s, show_outside=show_outside, title=f"{glossary_file} against {ref_path}"))
