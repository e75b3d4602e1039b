#!/usr/bin/env python3
"""Benchmark of ``ipcorpus batch``: the 12 mac-dev pairs and the Bible cut into 60 documents, on a local
Dask cluster of 1 and 2 worker processes, measured as a user runs the command.

For each set and worker count: the wall time of ``ipcorpus batch SET -o OUT --presplit --workers N
--no-termbase --quiet`` in a fresh process into a fresh folder (cluster start-up, model loading in every
worker, the corpus glossary and the merged TMX included), its ratio to the time of embedding each
sentence once with the same encoder in one process (as ``scripts/bench_align.py`` measures it), the sum
of the per-document times of summary.tsv, and the peak resident memory of each worker process and of
the command itself (sampled every 0.1 s), and the CPU time of the command and every process under it
(workers and what they fork; less sensitive than the wall time to other jobs on the machine). Then the
same command again (every document skipped).

The Bible (42,687 x 30,000 sentences) is cut at gold bead boundaries into 60 documents of about the same
number of beads; the pieces are pre-split files in a temporary folder.

``--repeat N`` (for a machine shared with other jobs, whose load moves every figure): N rounds, each
measuring the reference and then every worker count once; the table gives the smallest reference and,
per worker count, its fastest run (the ratio is of those two minima), and every measurement is listed
below it. With N = 1 (the default) it is the single measurement of each. Usage::

    python scripts/bench_batch.py [--corpora ../shared/corpora] [--workers 1,2] [--no-bible] [--repeat N]
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
IPCORPUS = Path(sys.executable).parent / "ipcorpus"


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def split_bible(folder: Path, dest: Path, n_docs: int) -> Path:
    """The Bible as ``n_docs`` pre-split pairs cut between gold beads (every line in exactly one piece)."""
    from ipcorpus.evaluate import read_align

    zh, en = read_lines(folder / "bible.zh"), read_lines(folder / "bible.en")
    beads = read_align(folder / "gold.align")
    dest.mkdir(parents=True, exist_ok=True)
    cuts = [round(k * len(beads) / n_docs) for k in range(n_docs + 1)]
    zh_at, en_at = 0, 0
    for k in range(n_docs):
        group = beads[cuts[k]:cuts[k + 1]]
        last = k == n_docs - 1
        zh_end = len(zh) if last else 1 + max((i for b in group for i in b[0]), default=zh_at - 1)
        en_end = len(en) if last else 1 + max((i for b in group for i in b[1]), default=en_at - 1)
        (dest / f"bible-{k:02d}.zh").write_text("\n".join(zh[zh_at:zh_end]) + "\n", encoding="utf-8")
        (dest / f"bible-{k:02d}.en").write_text("\n".join(en[en_at:en_end]) + "\n", encoding="utf-8")
        zh_at, en_at = zh_end, en_end
    return dest


@functools.lru_cache(maxsize=1)
def reference_encoder():
    from ipcorpus.embed import UsemEncoder

    enc = UsemEncoder()
    enc.encode(["warm-up"])
    return enc


def embed_once_seconds(folder: Path) -> tuple[float, int]:
    """Seconds to embed every sentence of the pairs in ``folder`` once (per file, both sides), with the
    default encoder loaded and warmed up first, in this process; and the number of sentences."""
    enc = reference_encoder()
    files = [(read_lines(p), read_lines(p.with_suffix(".en"))) for p in sorted(folder.glob("*.zh"))]
    t0 = time.perf_counter()
    for zh, en in files:
        enc.encode(zh)
        enc.encode(en)
    return time.perf_counter() - t0, sum(len(z) + len(e) for z, e in files)


def run_batch(set_dir: Path, out: Path, workers: int) -> dict:
    """The command as a user runs it, with the peak memory of its worker processes sampled."""
    import resource

    import psutil

    cmd = [str(IPCORPUS), "batch", str(set_dir), "-o", str(out), "--presplit", "--workers", str(workers),
           "--no-termbase", "--quiet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, float] = {}
    kinds: dict[int, str] = {}
    me = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            procs = [me, *me.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in procs:
            try:
                rss = p.memory_info().rss / 2**20
                kinds.setdefault(p.pid, "worker" if "spawn_main" in " ".join(p.cmdline()) else "other")
            except psutil.Error:
                continue
            peaks[p.pid] = max(peaks.get(p.pid, 0.0), rss)
        time.sleep(0.1)
    err = proc.communicate()[1]
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and every process under it, reaped
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.strip()[-500:]}")
    doc_seconds = sum(float(line.split("\t")[8]) for line in read_lines(out / "summary.tsv")[1:])
    workers_mb = [peaks[p] for p in peaks if kinds.get(p) == "worker"]
    return {"wall": wall, "cpu": cpu, "doc_seconds": doc_seconds, "worker_mb": max(workers_mb, default=0.0),
            "command_mb": peaks.get(proc.pid, 0.0), "cmd": cmd}


def mining_costs(out: Path) -> dict:
    """The glossary's map step (prepare_part of every document of a batch's output folder, one after
    another in this process) and its reduce step (as a batch's reduce task runs it: this process and the
    processes it forks, one per usable core), timed apart, and the peak memory of this process (VmHWM)."""
    from ipcorpus.batch.work import BatchSettings, prepare_document_part, reduce_glossary, worker_encoder

    settings = BatchSettings()
    worker_encoder(None, None).encode(["warm-up"])
    names = [line.split("\t")[0] for line in read_lines(out / "summary.tsv")[1:]]
    t0 = time.perf_counter()
    parts, first = [], 0
    for name in names:
        parts.append(prepare_document_part(str(out / name), first, name, settings))
        first += len(parts[-1].pairs)
    t_map = time.perf_counter() - t0
    t0 = time.perf_counter()
    glossary, _ = reduce_glossary(parts, settings)
    t_reduce = time.perf_counter() - t0
    hwm = next(int(line.split()[1]) / 1024 for line in Path("/proc/self/status").read_text().splitlines()
               if line.startswith("VmHWM:"))
    return {"pairs": first, "map_s": t_map, "reduce_s": t_reduce, "peak_mb": hwm, "terms": len(glossary.entries)}


def machine() -> str:
    cores = len(os.sched_getaffinity(0))
    cpu = platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {cores} cores usable, Python {platform.python_version()}, load {os.getloadavg()[0]:.1f} at the end"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--workers", default="1,2", help="worker counts to try (comma-separated)")
    ap.add_argument("--bible-docs", type=int, default=60)
    ap.add_argument("--no-bible", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="rounds of measurements; the table gives the minima (default 1)")
    ap.add_argument("--mining-only", type=Path, default=None, metavar="OUT",
                    help="only time the glossary's map and reduce steps over a batch's output folder")
    args = ap.parse_args(argv)
    if args.mining_only is not None:
        m = mining_costs(args.mining_only)
        print(f"| {m['pairs']} | {m['map_s']:.1f} | {m['reduce_s']:.1f} | {m['peak_mb']:.0f} | {m['terms']} |")
        return 0
    counts = [int(x) for x in args.workers.split(",")]
    rows, mining, notes = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        sets = [("mac-dev (12 pairs)", args.corpora / "mac-dev")]
        if not args.no_bible:
            bible = split_bible(args.corpora / "bible", Path(tmp) / "bible", args.bible_docs)
            sets.append((f"Bible in {args.bible_docs} documents", bible))
        for label, folder in sets:
            refs: list[float] = []
            runs: dict[int, list[tuple[dict, dict]]] = {n: [] for n in counts}
            for r in range(max(1, args.repeat)):
                embed_s, n_sent = embed_once_seconds(folder)
                refs.append(embed_s)
                for n in counts:
                    out = Path(tmp) / f"out-{folder.name}-{n}-{r}"
                    first = run_batch(folder, out, n)
                    again = run_batch(folder, out, n)
                    runs[n].append((first, again))
                    print(f"{label}: reference {embed_s:.1f} s, {n} worker(s) {first['wall']:.1f} s, CPU "
                          f"{first['cpu']:.1f} s (again {again['wall']:.1f} s), load {os.getloadavg()[0]:.1f}",
                          file=sys.stderr)
                    if r:
                        shutil.rmtree(out, ignore_errors=True)
            for n in counts:
                first = min((f for f, _ in runs[n]), key=lambda f: f["wall"])
                again = min((a for _, a in runs[n]), key=lambda a: a["wall"])
                rows.append((label, n_sent, min(refs), n, first, again))
            if args.repeat > 1:
                notes.append(f"{label}: every reference (s) {', '.join(f'{x:.1f}' for x in refs)}; "
                             + "; ".join(f"{n} worker(s) (s) " + ", ".join(f"{f['wall']:.1f}" for f, _ in runs[n])
                                         for n in counts))
            out = Path(tmp) / f"out-{folder.name}-{counts[-1]}-0"
            mining.append((label, subprocess.run([sys.executable, __file__, "--mining-only", str(out)], check=True,
                                                 capture_output=True, text=True).stdout.strip()))
    print(f"`{' '.join(['python', 'scripts/bench_batch.py', *(argv or sys.argv[1:])])}`; {machine()}\n")
    print("| set | sentences | embed each once (s) | workers | batch wall (s) | ratio | CPU, all processes (s) "
          "| sum of document times (s) | peak RSS per worker (MB) | peak RSS of the command (MB) "
          "| re-run, all skipped (s) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for label, n_sent, embed_s, n, first, again in rows:
        print(f"| {label} | {n_sent} | {embed_s:.1f} | {n} | {first['wall']:.1f} | {first['wall'] / embed_s:.2f} "
              f"| {first['cpu']:.1f} | {first['doc_seconds']:.1f} | {first['worker_mb']:.0f} "
              f"| {first['command_mb']:.0f} | {again['wall']:.1f} |")
    for note in notes:
        print(f"\n{note}")
    print("\nThe corpus glossary alone (map: every document's part, in one process; reduce: one glossary, as the "
          "batch's reduce task makes it):\n")
    print("| set | segment pairs | map, all documents (s) | reduce (s) | peak RSS (MB) | terms |")
    print("|---|---|---|---|---|---|")
    for label, line in mining:
        print(f"| {label} {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
