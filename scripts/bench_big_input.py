"""Time and memory of ``ipcorpus align`` on big documents of real text (issue 11, item 5).

The inputs are paragraph documents made from the Bible corpus of the evaluation corpora (read-only,
``../shared/corpora/bible``; give another folder with ``--corpus``): the verse groups of its gold
alignment are gathered into paragraphs of about six verses, the Chinese ones in ``doc.zh`` and their
English in ``doc.en``, paragraphs separated by a blank line, until the two files together reach the
size asked for. The Bible has 6.5 MB of text; bigger sizes repeat it with every sentence marked with
its copy (``第2遍…`` / ``Copy 2: …``), so that no sentence is served from the embedding cache.

Each size runs ``python -m ipcorpus align doc.zh --en doc.en -o out.align`` in a child process; the
table gives the input size, its sentences, the wall time, the CPU time (user + system, less sensitive
than wall time to other work on a shared machine), the peak resident memory (``wait4``) and the
command's summary. ``--src DIR`` runs the ipcorpus found in DIR instead (``PYTHONPATH``), to compare
two versions on the same inputs. On a shared machine set ``IPCORPUS_THREADS=1``: with two BLAS threads
and a busy second core, OpenBLAS threads wait for each other and CPU time grows too.

    .venv/bin/python scripts/bench_big_input.py                      # 0.5, 2 and 5 MB
    IPCORPUS_THREADS=1 .venv/bin/python scripts/bench_big_input.py --src ../old-checkout --size 2
    .venv/bin/python scripts/bench_big_input.py --size 10 --size 20  # MB, zh + en files together
    .venv/bin/python scripts/bench_big_input.py --size 2 --fast      # align --fast
    .venv/bin/python scripts/bench_big_input.py --size 30 --limit    # what a user gets above the limit
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bible"
VERSES_PER_PARAGRAPH = 6


def verse_groups(corpus: Path) -> list[tuple[list[str], list[str]]]:
    """(Chinese sentences, English lines) of every bead of the corpus's gold alignment, in order."""
    zh = (corpus / "bible.zh").read_text(encoding="utf-8").splitlines()
    en = (corpus / "bible.en").read_text(encoding="utf-8").splitlines()
    out = []
    for line in (corpus / "gold.align").read_text(encoding="utf-8").splitlines():
        a, b = line.split(":")
        out.append(([zh[int(i)] for i in re.findall(r"\d+", a)], [en[int(j)] for j in re.findall(r"\d+", b)]))
    return out


def write_documents(folder: Path, groups: list[tuple[list[str], list[str]]], size: float) -> tuple[Path, Path]:
    """``doc.zh`` and ``doc.en`` in ``folder``, together about ``size`` MB (see the module docstring)."""
    target = int(size * 1e6)
    zp: list[str] = []
    ep: list[str] = []
    total, copy = 0, 0
    while total < target:
        copy += 1
        cz: list[str] = []
        ce: list[str] = []
        for gz, ge in groups:
            cz += gz
            ce += ge
            if len(ce) < VERSES_PER_PARAGRAPH:
                continue
            if copy > 1:
                cz = [f"第{copy}遍{s}" for s in cz]
                ce = [f"Copy {copy}: {s}" for s in ce]
            z, e = "".join(cz), " ".join(ce)
            zp.append(z)
            ep.append(e)
            total += len(z.encode()) + len(e.encode()) + 4
            cz, ce = [], []
            if total >= target:
                break
    zh, en = folder / "doc.zh", folder / "doc.en"
    zh.write_text("\n\n".join(zp) + "\n", encoding="utf-8")
    en.write_text("\n\n".join(ep) + "\n", encoding="utf-8")
    return zh, en


#: Between this script and the measured process: forks, execs ``ipcorpus`` and reports the child's
#: peak RSS and CPU seconds from ``wait4`` (a child forked straight from this script would start from
#: this script's resident size).
_LAUNCH = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "ipcorpus", *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_child(args: list[str], timeout: float, env: dict[str, str]) -> tuple[float, float, float, int | None, str]:
    """(wall s, CPU s, peak RSS MB, exit code or None on timeout, the last lines of the output)."""
    with tempfile.TemporaryDirectory() as tmp:
        usage_file, log_file = Path(tmp) / "usage", Path(tmp) / "log"
        t0 = time.perf_counter()
        with open(log_file, "wb") as log:
            # cwd: a folder without an ipcorpus package, so that --src (PYTHONPATH) decides which one runs
            proc = subprocess.Popen([sys.executable, "-c", _LAUNCH, str(usage_file), *args], stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True, env=env, cwd=tmp)
            try:
                code: int | None = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait()
                code = None
        wall = time.perf_counter() - t0
        rss, cpu = (float(x) for x in usage_file.read_text().split()) if usage_file.exists() else (float("nan"),) * 2
        text = log_file.read_text(encoding="utf-8", errors="replace")
    lines = [ln.strip() for ln in re.split(r"[\r\n]", text) if ln.strip() and "aligning" not in ln]
    return wall, cpu, rss / 1024, code, " | ".join(lines[-2:])[:160]


def count_sentences(zh: Path, en: Path, env: dict[str, str]) -> str:
    """Sentences of the two documents as ``ipcorpus split`` makes them (zh + en)."""
    code = ("import sys; from ipcorpus.ingest import load_pair; z, e = load_pair(sys.argv[1], sys.argv[2]); "
            "print(len(z.sentences) + len(e.sentences))")
    res = subprocess.run([sys.executable, "-c", code, str(zh), str(en)], capture_output=True, text=True, env=env,
                         cwd=zh.parent)
    return f"{int(res.stdout):,}" if res.returncode == 0 else "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=float, action="append", help="MB of input, zh + en (repeatable; default 0.5 2 5)")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder with bible.zh, bible.en, gold.align")
    ap.add_argument("--fast", action="store_true", help="run align --fast")
    ap.add_argument("--limit", action="store_true", help="leave IPCORPUS_MAX_ALIGN_MB as it is (default: "
                    "raised, to measure sizes above the limit)")
    ap.add_argument("--src", type=Path, help="run the ipcorpus package in this folder (PYTHONPATH)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per run (default 3600)")
    args = ap.parse_args()
    if not (args.corpus / "gold.align").is_file():
        ap.error(f"{args.corpus}: no Bible corpus here (bible.zh, bible.en, gold.align); use --corpus")
    env = dict(os.environ)
    if args.src:
        env["PYTHONPATH"] = str(args.src.resolve()) + os.pathsep + env.get("PYTHONPATH", "")
    if not args.limit:
        env["IPCORPUS_MAX_ALIGN_MB"] = "1000"
    groups = verse_groups(args.corpus)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    threads = env.get("IPCORPUS_THREADS") or "as ipcorpus chooses (1 or 2 by load)"
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} at the start; BLAS threads {threads}; "
          f"ipcorpus from {args.src or ROOT}")
    print("| input MB | sentences | command | wall s | CPU s | CPU s/MB | peak RSS MB | exit | output |")
    print("|---:|---:|---|---:|---:|---:|---:|---|---|")
    for size in args.size or [0.5, 2, 5]:
        with tempfile.TemporaryDirectory(prefix="ipc-big-") as tmp:
            zh, en = write_documents(Path(tmp), groups, size)
            mb = (zh.stat().st_size + en.stat().st_size) / 1e6
            cmd = ["align", str(zh), "--en", str(en), "-o", str(Path(tmp) / "out.align")]
            if args.fast:
                cmd.append("--fast")
            wall, cpu, rss, code, said = run_child(cmd, args.timeout, env)
            shown = "align" + (" --fast" if args.fast else "")
            exit_txt = "timeout" if code is None else str(code)
            print(f"| {mb:.1f} | {count_sentences(zh, en, env)} | {shown} | {wall:.0f} | {cpu:.0f} | {cpu / mb:.0f} "
                  f"| {rss:.0f} | {exit_txt} | {said} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
