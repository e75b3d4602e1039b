#!/usr/bin/env python
"""Definition finding (:mod:`ipcorpus.terms.definitions`) on the Hong Kong legislation dev set.

Usage: .venv/bin/python scripts/eval_definitions.py [CORPUS_DIR] [--no-encoder] [--show-errors] [--show-missed]

CORPUS_DIR (default ``../shared/corpora/hk-legislation-dev``) holds ``capN.zh`` / ``capN.en`` (units are
paragraphs separated by blank lines; unit i of .zh translates unit i of .en) and ``terms.tsv`` (zh, en,
count; en variants joined by ", "), the ordinances' own defined terms. Every unit pair is one segment pair.

For each mode (lexical fallback only; sentence encoder mixed in) the table gives: the definitions found
(DefinedTerm records), those whose pair is in terms.tsv (zh equal, en equal lower-cased to one of the
variants), precision (correct / found), and recall (distinct terms.tsv pairs found / all of them). Found
pairs outside terms.tsv are not necessarily wrong (the gold lists only the marked-up definitions), so
precision is a lower bound; ``--show-errors`` lists them, ``--show-missed`` the gold pairs not found.

This is a DEVELOPMENT set: rules are kept general (other legislation checks that they generalise).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ipcorpus.terms.definitions import DefinedTerm, find_definitions  # noqa: E402
from ipcorpus.terms.pairs import SegmentPair  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpora" / "hk-legislation-dev"
CAPS = ("cap26", "cap553", "cap57")


def read_units(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    return [u.strip() for u in text.split("\n\n") if u.strip()]


def read_pairs(folder: Path) -> dict[str, list[SegmentPair]]:
    out: dict[str, list[SegmentPair]] = {}
    for cap in CAPS:
        zh, en = read_units(folder / f"{cap}.zh"), read_units(folder / f"{cap}.en")
        if len(zh) != len(en):
            print(f"warning: {cap}: {len(zh)} zh units, {len(en)} en units; pairing the first ones",
                  file=sys.stderr)
        out[cap] = [SegmentPair(i, z, e, None, cap) for i, (z, e) in enumerate(zip(zh, en, strict=False))]
    return out


def read_gold(path: Path) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        cells = line.split("\t")
        if n == 0 or len(cells) < 2:
            continue
        gold.setdefault(cells[0].strip(), set()).update(v.strip().lower() for v in cells[1].split(", "))
    return gold


def is_correct(d: DefinedTerm, gold: dict[str, set[str]]) -> bool:
    return d.en_term.lower() in gold.get(d.zh_term, set())


def evaluate(found: list[tuple[str, DefinedTerm]], gold: dict[str, set[str]]) -> dict[str, float]:
    correct = [d for _, d in found if is_correct(d, gold)]
    hit = {d.zh_term for d in correct}
    n_gold = len(gold)
    return {
        "found": len(found),
        "correct": len(correct),
        "precision": len(correct) / len(found) if found else 0.0,
        "recall": len(hit) / n_gold if n_gold else 0.0,
        "gold_found": len(hit),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--no-encoder", action="store_true", help="only the lexical fallback")
    ap.add_argument("--show-errors", action="store_true", help="list found pairs that are not in terms.tsv")
    ap.add_argument("--show-missed", action="store_true", help="list terms.tsv pairs not found")
    args = ap.parse_args()

    pairs = read_pairs(args.corpus)
    gold = read_gold(args.corpus / "terms.tsv")
    modes: list[tuple[str, object]] = [("lexical", None)]
    if not args.no_encoder:
        from ipcorpus.embed import load_encoder

        enc = load_encoder(None)

        def similarity(zh: list[str], en: list[str]):
            return enc.encode(zh) @ enc.encode(en).T

        modes.append((f"encoder ({enc.name}) + lexical", similarity))

    rows = []
    for name, sim in modes:
        t0 = time.perf_counter()
        found: list[tuple[str, DefinedTerm]] = []
        for cap, ps in pairs.items():
            found.extend((cap, d) for d in find_definitions(ps, similarity=sim))  # type: ignore[arg-type]
        secs = time.perf_counter() - t0
        r = evaluate(found, gold)
        rows.append((name, r, secs))
        if args.show_errors:
            print(f"\n# {name}: found pairs not in terms.tsv")
            for cap, d in found:
                if not is_correct(d, gold):
                    print(f"  {cap}:{d.segment_id}\t{d.zh_term}\t{d.en_term}\t{d.score:.2f}"
                          f"\tgold en for zh: {sorted(gold.get(d.zh_term, [])) or '-'}")
        if args.show_missed:
            hit = {d.zh_term for _, d in found if is_correct(d, gold)}
            print(f"\n# {name}: terms.tsv pairs not found")
            for zh, ens in gold.items():
                if zh not in hit:
                    got = [f"{d.en_term}" for _, d in found if d.zh_term == zh]
                    print(f"  {zh}\t{', '.join(sorted(ens))}\tfound as: {got or '-'}")

    print(f"\nDefinitions on {args.corpus.name} ({', '.join(CAPS)}; {len(gold)} gold pairs in terms.tsv)\n")
    print(f"| {'mode':<34} | found | correct | precision | recall | time |")
    print(f"|{'-' * 36}|------:|--------:|----------:|-------:|-----:|")
    for name, r, secs in rows:
        print(f"| {name:<34} | {r['found']:5d} | {r['correct']:7d} | {r['precision']:9.3f} | "
              f"{r['recall']:6.3f} | {secs:4.1f}s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
