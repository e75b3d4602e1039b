"""``ipcorpus eval``: strict and lax precision, recall and F1 of ``.align`` files against gold."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ipcorpus.evaluate.files import evaluate_paths, format_table


@click.command("eval")
@click.option("--gold", "gold", required=True, type=click.Path(path_type=Path),
              help="Gold .align file, or folder of .align files.")
@click.option("--test", "test", required=True, type=click.Path(path_type=Path),
              help="Test .align file, or folder of .align files (paired with the gold ones by file name).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON (for scripts).")
@click.option("--lenient", is_flag=True,
              help="Leave out test beads whose ids are outside the gold's range or used twice, with a warning, "
                   "instead of stopping with an error.")
def eval_cmd(gold: Path, test: Path, as_json: bool, lenient: bool) -> None:
    """Score sentence alignments against gold: strict and lax precision, recall and F1.

    \b
    Strict: a bead counts only if it equals a gold bead. Lax: it counts if it overlaps a gold bead on
    both sides. Scores are pooled over all files, overall and by bead type (1-1, 1-2, ...), exactly as
    Vecalign's score.py computes them. Files use the .align format, one bead a line: [zh ids]:[en ids].
    A test bead whose ids are outside the gold's range, or already used by another bead, is an error
    (with --lenient: a warning, and the bead is left out).

    \b
    Example:
      ipcorpus eval --gold corpora/mac-dev/gold --test out/
    """
    res = evaluate_paths(gold, test, lenient=lenient)
    for name, problems in res.get("excluded", {}).items():
        line, reason = problems[0]
        more = f" (first at line {line}: {reason})"
        click.echo(f"warning: {name}: left out {len(problems)} bead{'s' if len(problems) > 1 else ''} "
                   f"that cannot be scored{more}", err=True)
    if as_json:
        click.echo(json.dumps(res, indent=2, ensure_ascii=False))
    else:
        click.echo(format_table(res))
