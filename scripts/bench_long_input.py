"""Memory and time of ``ipcorpus`` on over-long sentences (issue 11, item 5).

Each shape is written to a temporary folder and run in a child process (``python -m ipcorpus ...``);
the table gives the input, its size, the wall time and the child's peak resident memory (``wait4``),
and what the command said (its summary line and its ``note:``). The target: under 1 GB for any
single sentence length, and a 50 MB input that finishes (or fails cleanly) within minutes. Time and
memory of whole documents of real text, and the size limit of ``align``: ``scripts/bench_big_input.py``.

Texts are synthetic (a fixed seed): Chinese characters and English words drawn from the white paper
in ``corpora/whitepaper-2019``, in clauses separated by commas, without sentence terminators except
where a shape asks for them.

    .venv/bin/python scripts/bench_long_input.py                 # all shapes
    .venv/bin/python scripts/bench_long_input.py --only zh100k --only en50-split
    .venv/bin/python scripts/bench_long_input.py --timeout 600   # seconds per child (default 1800)
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ["zh100k", "zh300k", "zh300k-presplit", "en5-align", "en50-split", "en50-align", "normal50-split"]
WHITEPAPER = ROOT / "corpora" / "whitepaper-2019" / "whitepaper-2019-zhejiang-ip.txt"


def vocabulary() -> tuple[list[str], list[str]]:
    text = WHITEPAPER.read_text(encoding="utf-8") if WHITEPAPER.is_file() else "知识产权保护 patent office"
    han = sorted(set(re.findall(r"[\u4e00-\u9fff]", text)))
    words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{2,}", text)})
    return han, words


def zh_text(n: int, rng: random.Random, han: list[str]) -> str:
    """``n`` characters of Chinese clauses (10-30 characters, then a comma), no terminator."""
    out: list[str] = []
    size = 0
    while size < n:
        clause = "".join(rng.choices(han, k=rng.randint(10, 30))) + "，"
        out.append(clause)
        size += len(clause)
    return "".join(out)[:n]


def en_text(n: int, rng: random.Random, words: list[str]) -> str:
    """About ``n`` characters of English words, a comma every 8-20 words, no terminator."""
    out: list[str] = []
    size = 0
    while size < n:
        clause = " ".join(rng.choices(words, k=rng.randint(8, 20))) + ","
        out.append(clause)
        size += len(clause) + 1
    return " ".join(out)[:n].rstrip(",")


def write_shapes(folder: Path, names: list[str]) -> dict[str, tuple[str, list[str], Path]]:
    """name -> (description, ipcorpus arguments, the input that gives the size); the 50 MB inputs are
    written only when one of ``names`` needs them."""
    rng = random.Random(11)
    han, words = vocabulary()
    f = folder
    (f / "one.en").write_text("The patent office granted many patents this year.\n", encoding="utf-8")
    (f / "zh100k.txt").write_text(zh_text(99_999, rng, han) + "。\n", encoding="utf-8")
    (f / "zh300k.txt").write_text(zh_text(299_999, rng, han) + "。\n", encoding="utf-8")
    (f / "two.zh").write_text("专利局今年授予了很多专利。商标局也很忙。\n", encoding="utf-8")
    half = 25_000_000
    if "en5-align" in names:
        with open(f / "en5.txt", "w", encoding="utf-8") as fh:  # the same shape, a tenth of the size
            fh.write("In " + en_text(half // 10 - 4, rng, words) + ". The " + en_text(half // 10 - 5, rng, words) + ".\n")
    if any(n.startswith("en50") for n in names):
        with open(f / "en50.txt", "w", encoding="utf-8") as fh:  # one line, two English sentences
            fh.write("In " + en_text(half - 4, rng, words) + ". The " + en_text(half - 5, rng, words) + ".\n")
    if any(n.startswith("normal50") for n in names):
        with open(f / "normal50.txt", "w", encoding="utf-8") as fh:  # 50 MB of ordinary sentences, one a line
            size = 0
            while size < 50_000_000:
                line = "The " + en_text(rng.randint(60, 200), rng, words) + ".\n"
                fh.write(line)
                size += len(line)
    out = f / "out"
    return {
        "zh100k": ("one 100,000-char Chinese sentence (align, documents)",
                   ["align", str(f / "zh100k.txt"), "--en", str(f / "one.en"), "-o", str(out) + ".tsv"],
                   f / "zh100k.txt"),
        "zh300k": ("one 300,000-char Chinese sentence (align, documents)",
                   ["align", str(f / "zh300k.txt"), "--en", str(f / "one.en"), "-o", str(out) + ".tsv"],
                   f / "zh300k.txt"),
        "zh300k-presplit": ("one 300,000-char Chinese line (align --presplit)",
                            ["align", str(f / "zh300k.txt"), "--en", str(f / "one.en"), "--presplit",
                             "-o", str(out) + ".align"], f / "zh300k.txt"),
        "en5-align": ("5 MB line, two English sentences (align, documents)",
                      ["align", str(f / "two.zh"), "--en", str(f / "en5.txt"), "-o", str(out) + ".tsv"],
                      f / "en5.txt"),
        "en50-split": ("50 MB line, two English sentences (split)",
                       ["split", str(f / "two.zh"), "--en", str(f / "en50.txt"), "-o", str(out) + ".jsonl"],
                       f / "en50.txt"),
        "en50-align": ("50 MB line, two English sentences (align, documents)",
                       ["align", str(f / "two.zh"), "--en", str(f / "en50.txt"), "-o", str(out) + ".tsv"],
                       f / "en50.txt"),
        "normal50-split": ("50 MB of ordinary English sentences (split)",
                           ["split", str(f / "two.zh"), "--en", str(f / "normal50.txt"), "-o", str(out) + ".jsonl"],
                           f / "normal50.txt"),
    }


#: A small launcher between this script and the measured process: it forks, execs ``ipcorpus`` and
#: reports the child's peak RSS from ``wait4``. (A child's ``ru_maxrss`` starts from the RSS of the
#: process it was forked from, so forking straight from this script, which has just written 100 MB of
#: text, would overstate it.)
_LAUNCH = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "ipcorpus", *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_child(args: list[str], timeout: float) -> tuple[float, float, int | None, str]:
    """(wall seconds, peak RSS in MB, exit code or None on timeout, the last lines of its output)."""
    with tempfile.TemporaryDirectory() as tmp:
        rss_file, log_file = Path(tmp) / "rss", Path(tmp) / "log"
        t0 = time.perf_counter()
        with open(log_file, "wb") as log:
            proc = subprocess.Popen([sys.executable, "-c", _LAUNCH, str(rss_file), *args], stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            try:
                code: int | None = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)  # the launcher and the ipcorpus process it started
                proc.wait()
                code = None
        wall = time.perf_counter() - t0
        rss = int(rss_file.read_text()) / 1024 if rss_file.exists() else float("nan")
        text = log_file.read_text(encoding="utf-8", errors="replace")
    lines = [ln.strip() for ln in re.split(r"[\r\n]", text) if ln.strip() and "reading and segmenting" not in ln]
    return wall, rss, code, " | ".join(lines[-2:])[:200]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", action="append", help="run only these shapes (repeatable)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per child process (default 1800)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ipc-long-") as tmp:
        names = args.only or list(SHAPES)
        unknown = sorted(set(names) - set(SHAPES))
        if unknown:
            ap.error(f"unknown shapes {unknown}; choose from {list(SHAPES)}")
        shapes = write_shapes(Path(tmp), names)
        print("| shape | input | size | wall s | peak RSS MB | exit | output |")
        print("|---|---|---:|---:|---:|---|---|")
        for name in names:
            desc, cmd, sized = shapes[name]
            wall, rss, code, said = run_child(cmd, args.timeout)
            size = sized.stat().st_size
            size_txt = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"
            exit_txt = "timeout" if code is None else str(code)
            print(f"| {name} | {desc} | {size_txt} | {wall:.1f} | {rss:.0f} | {exit_txt} | {said} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
