#!/usr/bin/env python
"""The development measure of the glossary miner: the white paper and the Hong Kong legislation dev set.

Usage::

    .venv/bin/python scripts/eval_glossary.py [--only whitepaper|hk] [--no-dictionary | --dictionary]
        [--hk DIR] [--top 100] [--min-count 2] [--show N [--show-independent]] [--no-cache] [--json FILE]

(a) **White paper** (``corpora/whitepaper-2019/whitepaper-2019-zhejiang-ip.txt``): aligned with the
project aligner (:func:`ipcorpus.pipeline.read_pairs`, default encoder), mined with the IP
dictionary on and off, each glossary scored against every reference present in the folder:

* ``glossary.ref.tsv`` with the hand judgments ``judged-pairs.tsv`` (made for rows outside that reference);
* ``glossary.independent.tsv`` (made by the procedure in REFERENCE-PROCEDURE.md; no judgments);
* ``glossary.cedict-ref.tsv`` (generated from CC-CEDICT; dictionary-form glosses such as "to pledge" or
  "an invention" never equal a mined rendering, so its recall is a lower bound; no judgments).

Without judgments, precision over all rows counts every row outside the reference as wrong; the
precision over the rows whose Chinese is a reference term is the figure to read there.
The alignment pairs are cached in ``out/eval_glossary/`` (JSONL), keyed by a hash of the document and of
the aligner's source files (``ipcorpus/align``, ``ingest``, ``segment``, ``embed``, ``pipeline.py``);
``--no-cache`` aligns again.

(b) **hk-legislation-dev** (``../shared/corpora/hk-legislation-dev`` or ``--hk DIR``): pairs are unit i
of ``capN.zh`` with unit i of ``capN.en`` (units separated by blank lines; the pairs listed in
``capN.units.tsv`` when present), the three ordinances mined together, scored against ``terms.tsv``
(the ordinances' defined terms): recall of the terms counted >= 2 and precision of the top 100 rows
whose Chinese is a defined term. Precision over all rows is printed too, but the reference lists only
defined terms, so it is low by construction.

Mining runs with dictionary on and off (``--no-dictionary``: off only; ``--dictionary``: on only). One
table at the end, with the seconds of every mining run (the encoder is loaded once, and the miner run once
on 30 pairs per dictionary setting, before any timing, so one-time loads do not count).
Scoring is :func:`ipcorpus.terms.evaluate.score_glossary` (the same as ``ipcorpus glossary eval``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WP = ROOT / "corpora" / "whitepaper-2019"
WP_DOC = WP / "whitepaper-2019-zhejiang-ip.txt"
WP_REFS = (("glossary.ref.tsv", "judged-pairs.tsv"), ("glossary.independent.tsv", None),
           ("glossary.cedict-ref.tsv", None))
HK_DEFAULT = ROOT.parent / "shared" / "corpora" / "hk-legislation-dev"
#: the reference made apart from the miner: its figures are printed, its rows only on request
INDEPENDENT = "glossary.independent.tsv"
HK_CAPS = ("cap26", "cap553", "cap57")
CACHE = ROOT / "out" / "eval_glossary"
ALIGNER_SOURCES = ("ipcorpus/align", "ipcorpus/ingest", "ipcorpus/segment", "ipcorpus/embed", "ipcorpus/pipeline.py")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------ pairs


def _aligner_hash(document: Path) -> str:
    h = hashlib.sha1(document.read_bytes())
    for rel in ALIGNER_SOURCES:
        p = ROOT / rel
        for f in sorted(p.rglob("*")) if p.is_dir() else [p]:
            if f.is_file() and f.suffix in (".py", ".txt", ".tsv", ".json") and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(ROOT)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def write_pairs_jsonl(pairs, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for p in pairs:
            fh.write(json.dumps({"id": p.id, "zh": p.zh, "en": p.en, "score": p.score, "source": p.source},
                                ensure_ascii=False) + "\n")
    tmp.replace(path)


def read_pairs_jsonl(path: Path):
    from ipcorpus.terms.pairs import SegmentPair

    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            o = json.loads(line)
            out.append(SegmentPair(o["id"], o["zh"], o["en"], o.get("score"), o.get("source", "")))
    return out


def whitepaper_pairs(use_cache: bool = True) -> tuple[list, float | None]:
    """The aligned pairs of the white paper and the aligning seconds (None when read from the cache)."""
    from ipcorpus.pipeline import read_pairs

    cache = CACHE / f"whitepaper-{_aligner_hash(WP_DOC)}.jsonl"
    if use_cache and cache.is_file():
        log(f"white paper: pairs from the cache {cache.relative_to(ROOT)}")
        return read_pairs_jsonl(cache), None
    log("white paper: aligning ...")
    t = time.perf_counter()
    pairs = read_pairs(WP_DOC)
    secs = time.perf_counter() - t
    write_pairs_jsonl(pairs, cache)
    return pairs, secs


def read_units(path: Path) -> list[str]:
    """The units of an hk-legislation file: paragraphs separated by blank lines, inner lines joined."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").strip()
    units = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if lines:
            sep = "" if path.suffix == ".zh" else " "
            units.append(sep.join(lines))
    return units


def hk_pairs(folder: Path, caps: tuple[str, ...] = HK_CAPS) -> list:
    """Unit i of capN.zh with unit i of capN.en for the ordinances in ``folder`` (pairs of capN.units.tsv)."""
    from ipcorpus.terms.pairs import SegmentPair

    pairs: list = []
    for cap in caps:
        zh, en = read_units(folder / f"{cap}.zh"), read_units(folder / f"{cap}.en")
        units = folder / f"{cap}.units.tsv"
        if units.is_file():
            idx = [tuple(int(c) for c in ln.split("\t")[:2]) for ln in units.read_text(encoding="utf-8").splitlines()
                   if ln.strip() and ln.split("\t")[0].strip().isdigit()]
        else:
            if len(zh) != len(en):
                raise SystemExit(f"{folder}/{cap}: {len(zh)} Chinese units but {len(en)} English units")
            idx = [(i, i) for i in range(len(zh))]
        for i, j in idx:
            if zh[i].strip() and en[j].strip():
                pairs.append(SegmentPair(len(pairs), zh[i], en[j], None, cap))
    return pairs


# ------------------------------------------------------------------------------------------ runs


def mine(pairs, use_dictionary: bool, encoder):
    from ipcorpus.terms import mine_glossary

    t = time.perf_counter()
    g = mine_glossary(pairs, use_dictionary=use_dictionary, encoder=encoder)
    return g, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=("whitepaper", "hk"), help="Run one part only.")
    dic = ap.add_mutually_exclusive_group()
    dic.add_argument("--no-dictionary", action="store_true", help="Mine with the IP dictionary off only.")
    dic.add_argument("--dictionary", action="store_true", help="Mine with the IP dictionary on only.")
    ap.add_argument("--hk", type=Path, default=HK_DEFAULT, help="The hk-legislation-dev folder.")
    ap.add_argument("--top", type=int, default=100, help="Precision over this many rows (default 100).")
    ap.add_argument("--min-count", type=int, default=2, help="Recall over reference terms counted >= this (2).")
    ap.add_argument("--show", type=int, default=0, metavar="N",
                    help="After the table, list up to N rows outside each development reference and its missed "
                         "terms (not those of the held-apart glossary.independent.tsv: see --show-independent).")
    ap.add_argument("--show-independent", action="store_true",
                    help="With --show, list glossary.independent.tsv's rows and misses too. Whoever reads them "
                         "can no longer report that reference's figure as blind.")
    ap.add_argument("--no-cache", action="store_true", help="Align the white paper again even if cached.")
    ap.add_argument("--json", type=Path, metavar="FILE", help="Also write every figure to FILE as JSON.")
    args = ap.parse_args()

    from ipcorpus.terms.evaluate import format_score, load_reference, read_judgments, score_glossary
    from ipcorpus.terms.miner import load_miner_encoder

    settings = [False] if args.no_dictionary else [True] if args.dictionary else [True, False]
    t = time.perf_counter()
    encoder = load_miner_encoder()
    log(f"miner encoder loaded in {time.perf_counter() - t:.1f} s")
    rows: list[dict] = []
    details: list[tuple[str, object]] = []
    notes: list[str] = []

    warmed: set[bool] = set()

    def run(corpus: str, pairs, refs: list[tuple[Path, Path | None]]) -> None:
        for on in settings:
            if on not in warmed:  # one-time lazy loads (segmenter, dictionaries) kept out of the timings
                mine(pairs[:30], on, encoder)
                warmed.add(on)
            log(f"{corpus}: mining {len(pairs)} pairs, dictionary {'on' if on else 'off'} ...")
            g, secs = mine(pairs, on, encoder)
            log(f"{corpus}: {len(g.entries)} entries in {secs:.1f} s")
            for ref_path, judg_path in refs:
                ref = load_reference(ref_path)
                judg = read_judgments(judg_path) if judg_path else {}
                s = score_glossary(g, ref, judg, k=args.top, min_count=args.min_count)
                rows.append({"corpus": corpus, "reference": ref_path.name + (" + judgments" if judg else ""),
                             "dictionary": "on" if on else "off", "pairs": len(pairs), "mine_s": round(secs, 1),
                             **s.numbers()})
                details.append((f"{corpus} / {ref_path.name} / dictionary {'on' if on else 'off'}", s))

    if args.only in (None, "whitepaper"):
        pairs, align_s = whitepaper_pairs(not args.no_cache)
        notes.append(f"white paper: {len(pairs)} aligned pairs"
                     + (f", aligned in {align_s:.1f} s" if align_s is not None else " (cached alignment)"))
        refs = [(WP / r, WP / j if j else None) for r, j in WP_REFS if (WP / r).is_file()]
        missing = [r for r, _ in WP_REFS if not (WP / r).is_file()]
        if missing:
            notes.append(f"white paper: reference(s) not present, skipped: {', '.join(missing)}")
        run("whitepaper", pairs, refs)
    if args.only in (None, "hk"):
        if not (args.hk / "terms.tsv").is_file():
            notes.append(f"hk-legislation-dev: {args.hk}/terms.tsv not found, skipped (use --hk DIR)")
        else:
            pairs = hk_pairs(args.hk)
            notes.append(f"hk-legislation-dev: {len(pairs)} unit pairs from {', '.join(HK_CAPS)}")
            run("hk-legislation", pairs, [(args.hk / "terms.tsv", None)])

    k = args.top
    print(f"# scripts/eval_glossary.py {' '.join(sys.argv[1:])}".rstrip())
    for n in notes:
        print(f"# {n}")
    print(f"| corpus | reference | dict | pairs | mine s | entries | P@{k} all rows | P@{k} ref-term rows | "
          f"recall (count>={args.min_count}) | listed |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    def share(a: int, b: int) -> str:
        return f"{a / b:.3f} ({a}/{b})" if b else f"- ({a}/{b})"

    for r in rows:
        print(f"| {r['corpus']} | {r['reference']} | {r['dictionary']} | {r['pairs']} | {r['mine_s']:.1f} | "
              f"{r['entries']} | {share(r['correct'], r['k'])} | {share(r['ref_correct'], r['ref_k'])} | "
              f"{share(r['found'], r['reference_terms'])} | {r['listed']} |")
    if args.show:
        for title, s in details:
            if INDEPENDENT in title and not args.show_independent:
                continue
            print()
            print(format_score(s, show_outside=args.show, title=f"## {title}"))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"notes": notes, "rows": rows}, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")


if __name__ == "__main__":
    main()
