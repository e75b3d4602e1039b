"""Scoring ``.align`` files against gold files: pairing the files, pooled scores, a plain-text table.

:func:`evaluate_paths` is what ``ipcorpus eval`` runs; :func:`format_table` what it prints.
"""

from __future__ import annotations

from pathlib import Path

from ipcorpus.errors import InputError


def pair_files(gold: Path, test: Path) -> list[tuple[str, Path, Path]]:
    """(name, gold file, test file) pairs: two files, or two folders of ``.align`` files paired by name.

    A file present in only one folder is an error (one line naming it).
    """
    for p, what in ((gold, "--gold"), (test, "--test")):
        if not p.exists():
            raise InputError(f"{what} {p}: no such file or folder")
    if gold.is_file() and test.is_file():
        return [(test.name, gold, test)]
    if gold.is_dir() and test.is_dir():
        g = {p.name: p for p in sorted(gold.glob("*.align"))}
        t = {p.name: p for p in sorted(test.glob("*.align"))}
        if not g:
            raise InputError(f"--gold {gold}: no .align files in this folder")
        only_g, only_t = sorted(set(g) - set(t)), sorted(set(t) - set(g))
        if only_g:
            raise InputError(f"{gold / only_g[0]} has no counterpart in {test} ({len(only_g)} gold file(s) unmatched)")
        if only_t:
            raise InputError(f"{test / only_t[0]} has no counterpart in {gold} ({len(only_t)} test file(s) unmatched)")
        return [(name, g[name], t[name]) for name in sorted(g)]
    raise InputError(f"--gold {gold} and --test {test}: give two files or two folders, not one of each")


def evaluate_paths(gold: Path, test: Path, *, lenient: bool = False) -> dict:
    """Pooled scores over all paired files, plus per-file strict/lax F1 and the metric's signature.

    A test bead with an id outside its gold's range, or an id an earlier bead used, is an InputError;
    with ``lenient`` such beads are left out, and ``result["excluded"]`` lists them per file
    (``{name: [[line, reason], ...]}``)."""
    from ipcorpus import __version__
    from ipcorpus.evaluate.alignfile import read_align_numbered
    from ipcorpus.evaluate.checks import check_test
    from ipcorpus.evaluate.scoring import score, score_many

    pairs = pair_files(gold, test)
    golds, tests, excluded = [], [], {}
    for name, g, t in pairs:
        gold_beads = read_align_numbered(g)
        checked = check_test(gold_beads, read_align_numbered(t), str(g), str(t), lenient=lenient)
        golds.append([b for _, b in gold_beads])
        tests.append(checked.kept)
        if checked.problems:
            excluded[name] = [list(p) for p in checked.problems]
    result = score_many(golds, tests)
    if lenient:
        result["excluded"] = excluded
    result["files"] = {
        name: {m: s[m]["f1"] for m in ("strict", "lax")}
        for (name, _, _), s in ((p, score(g, t)) for p, g, t in zip(pairs, golds, tests, strict=True))
    }
    result["signature"] = {"metric": "vecalign-strict-lax", "ipcorpus": __version__,
                           "gold": str(gold), "test": str(test)}
    return result


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def format_table(res: dict) -> str:
    """The result as a plain-text table: overall, then per bead type."""
    lines = [f"{'':10s} {'strict P':>8s} {'R':>6s} {'F1':>6s}   {'lax P':>6s} {'R':>6s} {'F1':>6s}"]
    s, x = res["strict"], res["lax"]
    lines.append(f"{'overall':10s} {s['precision']:8.3f} {s['recall']:6.3f} {s['f1']:6.3f}   "
                 f"{x['precision']:6.3f} {x['recall']:6.3f} {x['f1']:6.3f}")
    lines.append("")
    lines.append(f"{'bead type':10s} {'gold':>5s} {'test':>5s}   {'strict P':>8s} {'R':>6s}   {'lax P':>6s} {'R':>6s}")
    for kind, e in res["by_type"].items():
        sp, sr, lp, lr = (_num(e[m][k]) for m, k in (("strict", "precision"), ("strict", "recall"),
                                                     ("lax", "precision"), ("lax", "recall")))
        lines.append(f"{kind:10s} {e['gold']:5d} {e['test']:5d}   {sp:>8s} {sr:>6s}   {lp:>6s} {lr:>6s}")
    if len(res["files"]) > 1:
        lines.append("")
        lines.append(f"{'file':16s} {'strict F1':>9s} {'lax F1':>7s}")
        for name, f in res["files"].items():
            lines.append(f"{name:16s} {f['strict']:9.3f} {f['lax']:7.3f}")
    sig = res["signature"]
    lines.append("")
    lines.append(f"metric: {sig['metric']} (Vecalign score.py semantics) | ipcorpus {sig['ipcorpus']} | "
                 f"{len(res['files'])} file(s), {res['gold_beads']} gold beads, {res['test_beads']} test beads")
    return "\n".join(lines)
