#!/usr/bin/env python
"""Paragraph aligner under synthetic omissions: each body paragraph of the white paper's hand-made units
is deleted in turn (its counterpart then has no translation), and the paragraph alignment is scored
against the gold `units.align` edited to match. Prints one row per paragraph skip score.

    .venv/bin/python scripts/eval_paragraph_omissions.py [--skip 0.3,0.25,0.2,0.15,0.1]

About 10 s a row after the encoder has loaded. The chosen default is `ipcorpus.align.ParagraphConfig.skip`.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WP = ROOT / "corpora" / "whitepaper-2019"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip", default="0.3,0.25,0.2,0.15,0.1", help="paragraph skip scores, comma-separated")
    args = ap.parse_args()

    import ipcorpus.align.document as D
    from ipcorpus.embed import CachedEncoder, load_encoder
    from ipcorpus.evaluate import read_align, score
    from ipcorpus.evaluate.units import gold_without, omit_paragraph, units_document

    zh, en = units_document(WP / "units.zh.tsv", "zh"), units_document(WP / "units.en.tsv", "en")
    gold = read_align(WP / "units.align")
    enc = CachedEncoder(load_encoder(None))
    variants = [(side, p.id) for side, doc in (("zh", zh), ("en", en))
                for p in doc.paragraphs if p.kind in ("body", "list-item") and p.sentences]
    base_config = D.paragraph_config
    print(f"{len(variants)} variants (one body paragraph of one side deleted each)\n")
    print("| paragraph skip | intact document strict F1 | omissions: mean strict F1 | omissions: exactly right | seconds |")
    print("|---|---|---|---|---|")
    for skip in (float(x) for x in args.skip.split(",")):
        D.paragraph_config = lambda c, s=skip: dataclasses.replace(base_config(c), skip=s)
        t = time.perf_counter()
        intact = score(gold, [(b.zh, b.en) for b in D.align_paragraphs(zh, en, enc)])["strict"]["f1"]
        f1s = []
        for side, pid in variants:
            z2, e2 = (omit_paragraph(zh, pid), en) if side == "zh" else (zh, omit_paragraph(en, pid))
            beads = D.align_paragraphs(z2, e2, enc)
            f1s.append(score(gold_without(gold, side, pid), [(b.zh, b.en) for b in beads])["strict"]["f1"])
        exact = sum(f == 1.0 for f in f1s)
        print(f"| {skip:g} | {intact:.3f} | {sum(f1s) / len(f1s):.4f} | {exact}/{len(f1s)} | {time.perf_counter() - t:.0f} |",
              flush=True)
    D.paragraph_config = base_config


if __name__ == "__main__":
    main()
