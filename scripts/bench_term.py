#!/usr/bin/env python
"""Lookup latency of the term base on a synthetic 100,000-entry base (exact, prefix, substring; median/p95).

Usage: .venv/bin/python scripts/bench_term.py [--entries 100000] [--queries 200]
Builds the base in a temporary folder (removed afterwards) and prints a table; also times one
`ipcorpus term` process end to end. A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ipcorpus.terms.termbase import TermBase, load_into_termbase
from ipcorpus.types import Glossary, TermEntry, Translation

ZH = "专利商标版权著作权质押融资侵权保护维权执法审查申请注册登记运营服务中心体系机制平台发明实用新型外观设计"
EN = ("patent trademark copyright pledge financing infringement protection enforcement examination application "
      "registration operation service center system mechanism platform invention utility model design").split()


def synthetic(n: int, seed: int = 1) -> Glossary:
    rng = random.Random(seed)
    entries, seen = [], set()
    while len(entries) < n:
        zh = "".join(rng.choice(ZH) for _ in range(rng.randint(2, 7)))
        if zh in seen:
            continue
        seen.add(zh)
        en = " ".join(rng.choice(EN) for _ in range(rng.randint(1, 4)))
        entries.append(TermEntry(zh, [Translation(en, rng.random(), rng.randint(1, 50))], rng.randint(2, 100)))
    return Glossary(entries)


def timed(tb: TermBase, queries: list[str]) -> list[float]:
    out = []
    for q in queries:
        t = time.perf_counter()
        tb.lookup(q, examples=2)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "tb.sqlite"
        g = synthetic(args.entries)
        t = time.perf_counter()
        load_into_termbase(path, g, batch="bench")
        build_s = time.perf_counter() - t
        sources = [e.source for e in g.entries]
        kinds = {
            "exact (zh)": [rng.choice(sources) for _ in range(args.queries)],
            "prefix (zh, 2 chars)": [rng.choice(sources)[:2] for _ in range(args.queries)],
            "substring (zh, 3 chars)": [rng.choice(sources)[1:4] for _ in range(args.queries)],
            "substring (zh, 2 chars, scan)": ["".join(rng.choice(ZH) for _ in range(2)) for _ in range(args.queries)],
            "exact (en)": [e.translations[0].target for e in rng.sample(g.entries, args.queries)],
            "substring (en)": [rng.choice(EN)[1:6] for _ in range(args.queries)],
        }
        print(f"# term base: {args.entries:,} entries, built in {build_s:.1f} s, {path.stat().st_size / 1e6:.1f} MB")
        print(f"# machine: {platform.processor() or platform.machine()}, python {platform.python_version()}")
        print(f"# command: {' '.join([Path(sys.executable).name] + sys.argv)}")
        print("| query kind | n | median ms | p95 ms |\n|---|---|---|---|")
        with TermBase(path) as tb:
            for kind, qs in kinds.items():
                ms = sorted(timed(tb, qs))
                print(f"| {kind} | {len(ms)} | {statistics.median(ms):.2f} | {ms[int(0.95 * (len(ms) - 1))]:.2f} |")
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ipcorpus", "term", sources[0], "--termbase", str(path)],
                       capture_output=True, check=True)
        print(f"| `ipcorpus term` process, end to end | 1 | {(time.perf_counter() - t) * 1000:.0f} | |")


if __name__ == "__main__":
    main()
