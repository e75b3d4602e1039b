#!/usr/bin/env python
"""The glossary miner on the white paper, measured against an independent reference built from CC-CEDICT.

Usage: .venv/bin/python scripts/eval_terms_independent.py [--write-ref] [--reference-only]
       [--scope paragraph|document|both] [--dictionary on|off|both]

The rules that build the reference and the scoring are in :mod:`ipcorpus.terms.cedict_reference`;
``--write-ref`` writes the reference to ``corpora/whitepaper-2019/glossary.cedict-ref.tsv`` (generated,
never edited by hand).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ipcorpus.errors import IpcorpusError
from ipcorpus.terms.cedict_reference import (
    RefEntry,
    load_cedict,
    report,
    score_independent,
    units_reference,
    write_reference,
)

ROOT = Path(__file__).resolve().parent.parent
WP = ROOT / "corpora" / "whitepaper-2019"
REF_OUT = WP / "glossary.cedict-ref.tsv"


def whitepaper_reference(cedict: dict[str, list[str]] | None = None, scope: str = "paragraph") -> list[RefEntry]:
    return units_reference(WP, cedict, scope)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write-ref", action="store_true", help=f"write the reference to {REF_OUT.relative_to(ROOT)}")
    ap.add_argument("--reference-only", action="store_true", help="build and print the reference, do not mine")
    ap.add_argument("--scope", choices=("paragraph", "document", "both"), default="both",
                    help="attestation scope of rule 4 (default both; the paragraph one is the main reference)")
    ap.add_argument("--dictionary", choices=("on", "off", "both"), default="both")
    args = ap.parse_args(argv)

    print("$ " + " ".join([".venv/bin/python", "scripts/eval_terms_independent.py", *(argv or sys.argv[1:])]))
    try:
        cedict = load_cedict()
    except IpcorpusError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    scopes = ["paragraph", "document"] if args.scope == "both" else [args.scope]
    refs = {sc: whitepaper_reference(cedict, sc) for sc in scopes}
    if len(refs) == 2 and [e.zh for e in refs["document"]] == [e.zh for e in refs["paragraph"]] and \
            [e.glosses for e in refs["document"]] == [e.glosses for e in refs["paragraph"]]:
        print("\nthe document-scope reference equals the paragraph-scope one: scored once")
        del refs["document"]
    for sc, ref in refs.items():
        print(f"\nreference ({sc} attestation): {len(ref)} entries")
        for e in ref:
            print(f"  {e.zh}\t{' | '.join(e.glosses)}\t{e.count}")
    if args.write_ref:
        write_reference(whitepaper_reference(cedict, "paragraph"), REF_OUT)
        print(f"\nwrote {REF_OUT.relative_to(ROOT)}")
    if args.reference_only:
        return 0

    from ipcorpus.pipeline import read_pairs
    from ipcorpus.terms.miner import load_miner_encoder, mine_glossary

    t0 = time.perf_counter()
    pairs = read_pairs(WP / "whitepaper-2019-zhejiang-ip.txt")
    encoder = load_miner_encoder()
    settings = {"on": [True], "off": [False], "both": [True, False]}[args.dictionary]
    for use in settings:
        g = mine_glossary(pairs, use_dictionary=use, encoder=encoder)
        for sc, ref in refs.items():
            s = score_independent(g.entries, ref, cedict)
            print()
            print(report(f"dictionary {'on' if use else 'off'}, reference with {sc} attestation "
                         f"({len(g.entries)} mined entries)", s))
    print(f"\n({len(pairs)} aligned pairs; {time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
