"""Strict and lax precision, recall and F1 of an alignment against gold: Vecalign's ``score.py`` semantics.

Vecalign (Thompson & Koehn 2019, after Véronis & Langlais / W11-4624) counts, over all files together:

* **precision**: every *test* bead (0-x and x-0 beads included; beads empty on both sides dropped;
  duplicates counted once) is a strict hit if it equals a gold bead, a lax hit if it is not equal but one
  of its Chinese ids is aligned in gold to one of its English ids, else a miss. A test deletion bead that
  is not exactly in gold is therefore a strict and lax miss.
* **recall**: the same with the roles swapped and *deletion beads removed from both sides*: every gold
  bead with both sides non-empty is a strict hit if it equals a test bead, a lax hit if it overlaps one.
* F1 = 2PR / (P + R), each of strict and lax; 0 where a denominator is 0 (Vecalign's default).

Per bead type (an addition; Vecalign reports only totals): precision of the test beads of that type
(``a-b``), recall of the gold beads of that type, with the same rules; recall and F1 are ``None`` for
0-x and x-0 types, which Vecalign's recall leaves out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

AlignPair = tuple[tuple[int, ...], tuple[int, ...]]


def _kind(b: AlignPair) -> str:
    return f"{len(b[0])}-{len(b[1])}"


def _judge(gold: Iterable[AlignPair], test: Iterable[AlignPair]) -> list[tuple[str, int, int]]:
    """For each distinct non-empty test bead: (type, strict hit 0/1, lax hit 0/1) against ``gold``.

    This is Vecalign's ``_precision`` per bead, before summing.
    """
    test_set = {(tuple(x), tuple(y)) for x, y in test if len(x) or len(y)}
    gold_set = {(tuple(x), tuple(y)) for x, y in gold if len(x) or len(y)}
    src_to_tgt: dict[int, set[int]] = defaultdict(set)
    for gs, gt in gold_set:
        for s in gs:
            src_to_tgt[s].update(gt)
    out = []
    for ts, tt in test_set:
        if (ts, tt) in gold_set:
            out.append((_kind((ts, tt)), 1, 1))
            continue
        tgt: set[int] = set()
        for s in ts:
            tgt |= src_to_tgt.get(s, set())
        out.append((_kind((ts, tt)), 0, 1 if tgt.intersection(tt) else 0))
    return out


def _prf(p_hits: int, p_total: int, r_hits: int, r_total: int) -> dict[str, float]:
    p = p_hits / p_total if p_total else 0.0
    r = r_hits / r_total if r_total else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def score_many(golds: Sequence[Sequence[AlignPair]], tests: Sequence[Sequence[AlignPair]]) -> dict:
    """Scores of several (gold, test) file pairs pooled together, as Vecalign's ``score_multiple``.

    Returns ``{"strict": {precision, recall, f1}, "lax": {...}, "by_type": {"1-1": {"strict": ...,
    "lax": ..., "gold": count, "test": count}, ...}, "gold_beads": N, "test_beads": N}``.
    """
    if len(golds) != len(tests):
        raise ValueError("number of gold and test alignments differ")
    prec: list[tuple[str, int, int]] = []
    rec: list[tuple[str, int, int]] = []
    for gold, test in zip(golds, tests, strict=True):
        prec += _judge(gold, test)
        g_nd = [(x, y) for x, y in gold if len(x) and len(y)]
        t_nd = [(x, y) for x, y in test if len(x) and len(y)]
        rec += _judge(t_nd, g_nd)
    out: dict = {}
    for mode, idx in (("strict", 1), ("lax", 2)):
        out[mode] = _prf(sum(j[idx] for j in prec), len(prec), sum(j[idx] for j in rec), len(rec))
    kinds = sorted({k for k, _, _ in prec} | {k for k, _, _ in rec} |
                   {_kind(b) for g in golds for b in g if len(b[0]) or len(b[1])},
                   key=lambda k: tuple(int(x) for x in k.split("-")))
    by_type = {}
    for k in kinds:
        pk = [j for j in prec if j[0] == k]
        rk = [j for j in rec if j[0] == k]
        entry: dict = {"test": len(pk), "gold": sum(1 for g in golds for b in g if _kind(b) == k)}
        for mode, idx in (("strict", 1), ("lax", 2)):
            entry[mode] = _prf(sum(j[idx] for j in pk), len(pk), sum(j[idx] for j in rk), len(rk))
            if "0" in k.split("-"):  # recall leaves deletions out: undefined for 0-x / x-0
                entry[mode]["recall"] = entry[mode]["f1"] = None
        by_type[k] = entry
    out["by_type"] = by_type
    out["gold_beads"] = sum(len(g) for g in golds)
    out["test_beads"] = sum(len(t) for t in tests)
    return out


def score(gold: Sequence[AlignPair], test: Sequence[AlignPair]) -> dict:
    """Strict/lax precision, recall, F1 of one test alignment against one gold alignment
    (see :func:`score_many` for the result's layout)."""
    return score_many([gold], [test])
