#!/usr/bin/env python
"""Speed and memory of the glossary miner against the aligner, on three corpora.

Usage::

    .venv/bin/python scripts/bench_glossary.py [--only whitepaper|hk|bible] [--with-bible-align]
        [--corpora ../shared/corpora] [--no-dictionary] [--timeout 3600]

Rows (one per corpus):

* **whitepaper**: ``corpora/whitepaper-2019/whitepaper-2019-zhejiang-ip.txt`` aligned by the project
  aligner (``load_documents`` + ``align_input``, as ``ipcorpus align FILE``), its pairs mined.
* **hk-legislation**: the three ordinances of ``hk-legislation-dev`` (cap26, cap553, cap57), each a
  document pair (``capN.zh`` + ``capN.en``) aligned in document mode, as ``ipcorpus align capN.zh --en
  capN.en``; align seconds summed over the three; their pairs mined together.
* **bible**: the verse pairs of ``bible/gold.align`` (Chinese lines of a bead joined, English lines
  joined with a space) mined as they are, so no alignment is run for the mining figure; with
  ``--with-bible-align`` the whole Bible (42,687 x 30,000 lines, one sentence a line) is also aligned
  (``ipcorpus align bible.zh --en bible.en --presplit``; about 5 minutes) for the align seconds.

Every alignment and every mining run is a fresh subprocess of this script, so that the peak resident
memory (VmHWM) of each is its own; ``base MB`` is that process's resident peak before the timed call
(Python, the library, the pairs, the encoder and the warm-up run's loads). Times exclude loading the encoder (default
offline encoder for both stages; mining via ``load_miner_encoder``). Before its timed call the mining
process mines the first 30 pairs once (``warm-up s``): that run holds the miner's one-time loads
(segmenter tables, dictionaries, converters), so ``mine s`` is the mining itself; ``align s`` includes
the aligner's own one-time loads (a fresh process per alignment), so the ratio slightly favours mining:
add the warm-up for the cold figure. Targets printed beside the figures: mining time <= aligning time;
Bible mining < 180 s and peak < 2 GB (2048 MB).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WP_DOC = ROOT / "corpora" / "whitepaper-2019" / "whitepaper-2019-zhejiang-ip.txt"
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
HK_CAPS = ("cap26", "cap553", "cap57")
BIBLE_MINE_S = 180.0
BIBLE_PEAK_MB = 2048.0
WARMUP_PAIRS = 30


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (VmHWM; ru_maxrss as a fallback, KB on Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- workers (subprocesses)


def write_pairs(pairs, path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for p in pairs:
            fh.write(json.dumps({"id": p.id, "zh": p.zh, "en": p.en, "score": p.score, "source": p.source},
                                ensure_ascii=False) + "\n")


def read_pairs(path: Path):
    from ipcorpus.terms.pairs import SegmentPair

    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                o = json.loads(line)
                out.append(SegmentPair(o["id"], o["zh"], o["en"], o.get("score"), o.get("source", "")))
    return out


def worker_align(spec: dict) -> dict:
    """Align the documents of ``spec["docs"]`` ([zh, en|null, presplit]), write their pairs to ``spec["pairs"]``."""
    from ipcorpus.embed import load_encoder
    from ipcorpus.pipeline import align_input, load_documents
    from ipcorpus.terms.pairs import SegmentPair, pairs_from_alignment

    encoder = load_encoder(None)
    encoder.encode(["warm-up"])
    base = peak_rss_mb()
    pairs: list = []
    secs = 0.0
    for zh_path, en_path, presplit in spec["docs"]:
        t = time.perf_counter()
        zh, en = load_documents(zh_path, en_path, presplit)
        alignment = align_input(zh, en, encoder, presplit=presplit, source=zh_path)
        secs += time.perf_counter() - t
        for p in pairs_from_alignment(alignment, source=zh_path):
            pairs.append(SegmentPair(len(pairs), p.zh, p.en, p.score, p.source))
    if spec.get("pairs"):
        write_pairs(pairs, Path(spec["pairs"]))
    return {"seconds": secs, "pairs": len(pairs), "peak_mb": peak_rss_mb(), "base_mb": base}


def worker_mine(spec: dict) -> dict:
    """Mine the pairs of the JSONL file ``spec["pairs"]``."""
    from ipcorpus.terms import mine_glossary
    from ipcorpus.terms.miner import load_miner_encoder

    pairs = read_pairs(Path(spec["pairs"]))
    encoder = load_miner_encoder()
    encoder.encode(["warm-up"])
    t = time.perf_counter()
    mine_glossary(pairs[:WARMUP_PAIRS], use_dictionary=spec["dictionary"], encoder=encoder)
    warm = time.perf_counter() - t
    base = peak_rss_mb()
    t = time.perf_counter()
    g = mine_glossary(pairs, use_dictionary=spec["dictionary"], encoder=encoder)
    secs = time.perf_counter() - t
    return {"seconds": secs, "warmup_s": warm, "pairs": len(pairs), "entries": len(g.entries),
            "peak_mb": peak_rss_mb(), "base_mb": base}


def run_worker(kind: str, spec: dict, timeout: float | None) -> dict:
    """Run a worker in a fresh process; its result is the last line of its stdout (JSON)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--spec", json.dumps(spec)]
    t = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f} s"}
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": f"exit {proc.returncode}: {tail}"}
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["wall_s"] = wall
    return out


# --------------------------------------------------------------------------- corpora


def bible_gold_pairs(folder: Path):
    """The verse pairs of the Bible's gold alignment (beads with text on both sides)."""
    from ipcorpus.evaluate import read_align
    from ipcorpus.terms.pairs import SegmentPair

    zh = (folder / "bible.zh").read_text(encoding="utf-8").splitlines()
    en = (folder / "bible.en").read_text(encoding="utf-8").splitlines()
    pairs = []
    for zs, es in read_align(folder / "gold.align"):
        z = "".join(zh[i].strip() for i in zs)
        e = " ".join(en[i].strip() for i in es)
        if z and e:
            pairs.append(SegmentPair(len(pairs), z, e, None, "bible"))
    return pairs


def fmt_s(r: dict | None) -> str:
    if r is None:
        return "-"
    return r["error"] if "error" in r else f"{r['seconds']:.1f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=("whitepaper", "hk", "bible"), help="Run one corpus only.")
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="The shared corpora folder.")
    ap.add_argument("--with-bible-align", action="store_true",
                    help="Also align the whole Bible (presplit; ~5 min) for its align seconds.")
    ap.add_argument("--no-dictionary", action="store_true", help="Mine without the IP dictionary.")
    ap.add_argument("--timeout", type=float, default=3600.0, help="Seconds allowed to each subprocess (3600).")
    ap.add_argument("--worker", choices=("align", "mine"), help=argparse.SUPPRESS)
    ap.add_argument("--spec", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        fn = worker_align if args.worker == "align" else worker_mine
        print(json.dumps(fn(json.loads(args.spec))))
        return

    rows = []
    hk = args.corpora / "hk-legislation-dev"
    bible = args.corpora / "bible"
    with tempfile.TemporaryDirectory(prefix="bench_glossary_") as tmp:
        jobs: list[tuple[str, dict | None, Path]] = []  # (corpus, align spec or None, pairs file)
        if args.only in (None, "whitepaper"):
            pf = Path(tmp) / "whitepaper.jsonl"
            jobs.append(("whitepaper", {"docs": [[str(WP_DOC), None, False]], "pairs": str(pf)}, pf))
        if args.only in (None, "hk"):
            if hk.is_dir():
                pf = Path(tmp) / "hk.jsonl"
                docs = [[str(hk / f"{c}.zh"), str(hk / f"{c}.en"), False] for c in HK_CAPS]
                jobs.append(("hk-legislation (3 ordinances)", {"docs": docs, "pairs": str(pf)}, pf))
            else:
                log(f"{hk}: not found, hk skipped")
        if args.only in (None, "bible"):
            if bible.is_dir():
                pf = Path(tmp) / "bible.jsonl"
                write_pairs(bible_gold_pairs(bible), pf)
                spec = ({"docs": [[str(bible / "bible.zh"), str(bible / "bible.en"), True]], "pairs": None}
                        if args.with_bible_align else None)
                jobs.append(("bible (gold verse pairs)", spec, pf))
            else:
                log(f"{bible}: not found, bible skipped")
        for corpus, align_spec, pf in jobs:
            align = None
            if align_spec is not None:
                log(f"{corpus}: aligning ...")
                align = run_worker("align", align_spec, args.timeout)
                log(f"{corpus}: align {fmt_s(align)} s")
                if "error" in align and align_spec.get("pairs"):
                    rows.append((corpus, align, None))
                    continue
            log(f"{corpus}: mining ...")
            mine = run_worker("mine", {"pairs": str(pf), "dictionary": not args.no_dictionary}, args.timeout)
            log(f"{corpus}: mine {fmt_s(mine)} s")
            rows.append((corpus, align, mine))

    print(f"# command: {' '.join([Path(sys.executable).name] + sys.argv)}")
    print(f"# machine: {platform.processor() or platform.machine()}, python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    print(f"# dictionary {'off' if args.no_dictionary else 'on'}; each run a fresh process; times exclude encoder "
          f"loading; mine s after a warm-up mining of {WARMUP_PAIRS} pairs (one-time loads); "
          "targets: mine <= align; Bible mine < 180 s and peak < 2048 MB")
    print("| corpus | pairs | align s | mine s | mine/align | warm-up s | entries | mining peak MB (base) | "
          "align peak MB | targets |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for corpus, align, mine in rows:
        ok_align = align is not None and "error" not in align
        ok_mine = mine is not None and "error" not in mine
        pairs = mine["pairs"] if ok_mine else (align or {}).get("pairs", "-")
        ratio = f"{mine['seconds'] / align['seconds']:.2f}" if ok_align and ok_mine and align["seconds"] else "-"
        targets = []
        if ok_align and ok_mine:
            targets.append("mine<=align " + ("met" if mine["seconds"] <= align["seconds"] else "MISSED"))
        if corpus.startswith("bible"):
            if ok_mine:
                targets.append(f"<{BIBLE_MINE_S:.0f} s " + ("met" if mine["seconds"] < BIBLE_MINE_S else "MISSED"))
                targets.append("<2 GB " + ("met" if mine["peak_mb"] < BIBLE_PEAK_MB else "MISSED"))
            else:
                targets.append("MISSED")
        peak = f"{mine['peak_mb']:.0f} ({mine['base_mb']:.0f})" if ok_mine else "-"
        apeak = f"{align['peak_mb']:.0f}" if ok_align else "-"
        entries = mine["entries"] if ok_mine else "-"
        warm = f"{mine['warmup_s']:.1f}" if ok_mine else "-"
        print(f"| {corpus} | {pairs} | {fmt_s(align)} | {fmt_s(mine)} | {ratio} | {warm} | {entries} | {peak} | "
              f"{apeak} | {'; '.join(targets) or '-'} |")


if __name__ == "__main__":
    main()
