"""`ipcorpus batch` against clusters started outside it, and killed in the middle (issue 13).

* A real ``dask scheduler`` and ``dask worker --nworkers 2`` started as programs on localhost ports, the
  batch sent there with ``--scheduler``, then both stopped.
* A batch killed with SIGKILL (the command and its local worker processes, as a crash or ``kill -9`` of
  the job would) and run again: the documents finished before the kill are skipped, the others done,
  and nothing half-written is left.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_batch import make_corpus, summary, tmx_units, wp_lines

from ipcorpus.cli import cli

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.slow


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_batch_on_a_scheduler_and_workers_started_by_hand(tmp_path: Path) -> None:
    info = tmp_path / "scheduler.json"
    common = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True, "cwd": tmp_path}
    scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--scheduler-file",
                                  str(info)], **common)
    workers = None
    try:
        wait_for(info.exists, 60, "the scheduler file")
        wait_for(lambda: "address" in info.read_text(encoding="utf-8"), 10, "the scheduler address")
        address = json.loads(info.read_text(encoding="utf-8"))["address"]
        workers = subprocess.Popen([str(BIN / "dask"), "worker", address, "--nworkers", "2", "--nthreads", "1",
                                    "--host", "127.0.0.1", "--no-dashboard"], **common)
        manifest = make_corpus(tmp_path / "in")
        manifest.write_text("id\tzh\ten\toptions\nA\ta.txt\nB\tb.txt\nP\tp.zh\tp.en\t--presplit\n"
                            "english\tenglish.txt\n", encoding="utf-8")
        out = tmp_path / "out"
        res = CliRunner().invoke(cli, ["batch", str(manifest), "-o", str(out), "--scheduler", address,
                                       "--no-termbase", "--quiet"])
        assert res.exit_code == 1, res.output
        assert res.output.strip() == f"Error: 1 of 4 documents failed (see {out / 'summary.tsv'})"
        assert {n: r["status"] for n, r in summary(out).items()} == {
            "A": "aligned", "B": "aligned", "P": "aligned", "english": "failed"}
        assert tmx_units(out / "memory.tmx") == [u for n in "ABP" for u in tmx_units(out / n / "memory.tmx")]
        assert (out / "glossary.tsv").stat().st_size > 0
    finally:
        for proc in (workers, scheduler):
            if proc is not None:
                stop(proc)
    assert scheduler.returncode is not None and (workers is None or workers.returncode is not None)


def test_killed_batch_loses_only_the_documents_in_flight(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    names = [f"d{i}" for i in range(8)]
    for i, name in enumerate(names):  # slices of the white paper, under a second each to align
        first = 1 + 25 * i
        (inputs / f"{name}.txt").write_text(wp_lines(first, first + 40), encoding="utf-8")
    manifest = inputs / "m.tsv"
    manifest.write_text("".join(f"{n}.txt\n" for n in names), encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", str(manifest), "-o", str(out), "--no-termbase", "--quiet", "--workers"]
    proc = subprocess.Popen([str(BIN / "ipcorpus"), *args, "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        wait_for(lambda: (out / "d0" / "batch-state.json").exists(), 120, "the first document")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the command and its worker processes, at once
        proc.wait()
    done = {n for n in names if (out / n / "batch-state.json").exists()}
    assert "d0" in done and len(done) < len(names), f"the kill came too late to test anything ({done})"
    assert not (out / "summary.tsv").exists() and not (out / "memory.tmx").exists()

    res = CliRunner().invoke(cli, [*args, "2"])
    assert res.exit_code == 0, res.output
    status = {n: r["status"] for n, r in summary(out).items()}
    assert status == {n: "skipped" if n in done else "aligned" for n in names}
    assert not list(out.rglob(".ipcorpus-staging-*"))
    assert tmx_units(out / "memory.tmx") == [u for n in names for u in tmx_units(out / n / "memory.tmx")]
