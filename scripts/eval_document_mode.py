#!/usr/bin/env python
"""The document aligner (paragraphs, then sentences) on mac-dev turned into paragraphed documents.

mac-dev has sentence-level gold but no paragraphs. This script makes paragraphed documents from it: it
cuts both sides at the same gold bead boundaries every 2-8 beads (a seeded random draw), so the
paragraphs are translations of each other, and then, with a seeded random draw per paragraph,
perturbs them the way translations and PDF extraction do:

* split: an English paragraph is cut in two at a sentence boundary inside it (translator split);
* merge: a Chinese paragraph is joined with the next one (translator merge);
* omission: a paragraph of one side is deleted (its counterpart has no translation; the gold beads lose
  those sentences, and what is left of them becomes unpaired).

Every document is aligned with `align_documents` (as `ipcorpus align` does with a bilingual input) and
scored against the edited gold with Vecalign's strict/lax F1, pooled over the 12 files. Pre-split
alignment of the unperturbed files (`bench_align.py`) is the ceiling.

    .venv/bin/python scripts/eval_document_mode.py [--seeds 1,2] [--split 0.1] [--merge 0.1] [--omit 0.05]
    .venv/bin/python scripts/eval_document_mode.py --bible 30000 --seeds 1   # the Bible prefix instead (scale)
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MAC = ROOT.parent / "shared" / "corpora" / "mac-dev"

Pair = tuple[list[int], list[int]]


def paragraphed(gold: list[Pair], n_zh: int, n_en: int, rng: random.Random, p_split: float, p_merge: float,
                p_omit: float) -> tuple[list[list[int]], list[list[int]], list[Pair], list[int], list[int]]:
    """Paragraphs of each side (lists of sentence ids after omissions, renumbered 0..), the gold beads
    on those ids, and the original line numbers of the kept Chinese and English sentences."""
    zparas: list[list[int]] = []
    eparas: list[list[int]] = []
    k = 0
    while k < len(gold):
        size = rng.randint(2, 8)
        chunk = gold[k:k + size]
        k += size
        z = [i for zz, _ in chunk for i in zz]
        e = [j for _, ee in chunk for j in ee]
        if not z or not e:  # a chunk of unpaired sentences only: attach to the previous paragraph
            if zparas:
                zparas[-1] += z
                eparas[-1] += e
                continue
        zparas.append(z)
        eparas.append(e)
    # translator splits (English) and merges (Chinese)
    e_out: list[list[int]] = []
    for p in eparas:
        if len(p) >= 2 and rng.random() < p_split:
            cut = rng.randint(1, len(p) - 1)
            e_out += [p[:cut], p[cut:]]
        else:
            e_out.append(p)
    z_out: list[list[int]] = []
    for p in zparas:
        if z_out and rng.random() < p_merge:
            z_out[-1] = z_out[-1] + p
        else:
            z_out.append(p)
    # omissions
    drop_z: set[int] = set()
    drop_e: set[int] = set()
    zkeep, ekeep = [], []
    for p in z_out:
        if p and rng.random() < p_omit / 2:
            drop_z.update(p)
        else:
            zkeep.append(p)
    for p in e_out:
        if p and rng.random() < p_omit / 2:
            drop_e.update(p)
        else:
            ekeep.append(p)
    zmap = {old: new for new, old in enumerate(i for i in range(n_zh) if i not in drop_z)}
    emap = {old: new for new, old in enumerate(j for j in range(n_en) if j not in drop_e)}
    zparas2 = [[zmap[i] for i in p] for p in zkeep if p]
    eparas2 = [[emap[j] for j in p] for p in ekeep if p]
    new_gold: list[Pair] = []
    for z, e in gold:
        z2 = [zmap[i] for i in z if i in zmap]
        e2 = [emap[j] for j in e if j in emap]
        if z2 and e2:
            new_gold.append((z2, e2))
        else:
            new_gold += [([i], []) for i in z2] + [([], [j]) for j in e2]
    return zparas2, eparas2, new_gold, sorted(zmap), sorted(emap)


def document(lang: str, texts: list[str], paras: list[list[int]]):
    from ipcorpus.types import Document, Paragraph, Sentence

    out = []
    for pid, ids in enumerate(paras):
        sents = [Sentence(id=i, text=texts[i], para=pid) for i in ids]
        out.append(Paragraph(id=pid, lang=lang, kind="body", text=" ".join(texts[i] for i in ids), sentences=sents))
    return Document(lang=lang, paragraphs=out, source=f"{lang}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--split", type=float, default=0.1)
    ap.add_argument("--merge", type=float, default=0.1)
    ap.add_argument("--omit", type=float, default=0.05)
    ap.add_argument("--files", default=",".join(f"{i:03d}" for i in range(1, 13)))
    ap.add_argument("--config", default="{}", help='AlignConfig overrides as JSON, e.g. \'{"w_break": 0}\'')
    ap.add_argument("--absorb", type=int, default=None, help="1/0: absorb unpaired paragraphs (default: as shipped)")
    ap.add_argument("--paragraph-skip", type=float, default=None)
    ap.add_argument("--bible", type=int, default=0, help="use the Bible prefix of this many verses instead of mac-dev")
    ap.add_argument("--line-paragraphs", action="store_true",
                    help="every sentence its own paragraph (one sentence a line, aligned without --presplit)")
    args = ap.parse_args()

    import json

    from ipcorpus.align import AlignConfig, ParagraphConfig
    from ipcorpus.align.document import align_documents
    from ipcorpus.embed import CachedEncoder, load_encoder
    from ipcorpus.evaluate import read_align, score_many

    enc = CachedEncoder(load_encoder(None))
    overrides = json.loads(args.config)
    para = ParagraphConfig(**overrides.pop("paragraph", {}))
    if args.absorb is not None:
        para.absorb_orphans = bool(args.absorb)
    if args.paragraph_skip is not None:
        para.skip = args.paragraph_skip
    config = AlignConfig(**overrides, paragraph=para)
    files = args.files.split(",")
    t0 = time.perf_counter()
    golds, tests = [], []
    books: dict[int, tuple[list, list]] = {}
    if args.bible:
        from bench_align import bible_prefix  # scripts/ is on sys.path when this file runs as a script

        files = ["bible"]
    for seed in (int(s) for s in args.seeds.split(",")):
        for f in files:
            rng = random.Random(f"{seed}-{f}")
            if args.bible:
                zt, et, bgold = bible_prefix(MAC.parent / "bible", args.bible)
                gold = [(list(z), list(e)) for z, e in bgold]
            else:
                zt = (MAC / f"{f}.zh").read_text(encoding="utf-8").splitlines()
                et = (MAC / f"{f}.en").read_text(encoding="utf-8").splitlines()
                gold = [(list(z), list(e)) for z, e in read_align(MAC / "gold" / f"{f}.align")]
            if args.line_paragraphs:
                zp, ep, g = [[i] for i in range(len(zt))], [[j] for j in range(len(et))], gold
                zold, eold = list(range(len(zt))), list(range(len(et)))
            else:
                zp, ep, g, zold, eold = paragraphed(gold, len(zt), len(et), rng, args.split, args.merge, args.omit)
            zdoc = document("zh", [zt[i] for i in zold], zp)
            edoc = document("en", [et[j] for j in eold], ep)
            al = align_documents(zdoc, edoc, enc, config)
            test = [(list(b.zh), list(b.en)) for b in al.beads]
            golds.append(g)
            tests.append(test)
            b = (int(f) - 1) // 4 if f.isdigit() else 0
            books.setdefault(b, ([], []))
            books[b][0].append(g)
            books[b][1].append(test)
    s = score_many(golds, tests)
    per_book = " / ".join(f"{score_many(*books[b])['strict']['f1']:.3f}" for b in sorted(books))
    import resource

    what = "one sentence a paragraph" if args.line_paragraphs else "paragraphed"
    corpus = f"Bible prefix of {args.bible} verses" if args.bible else "mac-dev"
    print(f"document mode, {corpus} {what} (seeds {args.seeds}; split {args.split}, merge {args.merge}, "
          f"omit {args.omit}; config {args.config}, absorb {para.absorb_orphans}, paragraph skip {para.skip}): strict F1 {s['strict']['f1']:.4f} (books {per_book}), lax {s['lax']['f1']:.4f}, "
          f"{time.perf_counter() - t0:.0f} s, peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
