"""`ipcorpus run` is all or nothing: a staging folder swapped in at the end, the term base
loaded last, the last complete run wins whole, tiny inputs give an empty glossary, modes are kept.

Runs use a fake encoder (hashed tokens), so each takes about a second. Each test names the promise of
docs/reliability.md that it checks.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import HashEncoder, default_sighup, interrupt_when_ready

from ipcorpus.cli import cli
from ipcorpus.pipeline import RUN_OUTPUTS

ROOT = Path(__file__).resolve().parents[2]
WP = ROOT / "corpora" / "whitepaper-2019" / "whitepaper-2019-zhejiang-ip.txt"
OUTPUTS = set(RUN_OUTPUTS)




FAKE_ENCODER_CODE = textwrap.dedent('''
    import hashlib
    import numpy as np
    import ipcorpus.embed
    class HashEncoder:
        name = "hash64"
        dim = 64
        def encode(self, texts):
            out = np.zeros((len(texts), self.dim), dtype=np.float32)
            for r, t in enumerate(texts):
                for tok in t.split() or [t]:
                    out[r, int(hashlib.md5(tok.encode()).hexdigest(), 16) % self.dim] += 1.0
                out[r, 0] += 0.1
            return out / np.linalg.norm(out, axis=1, keepdims=True)
    ipcorpus.embed.load_encoder = lambda name=None, *, cache_dir=None, **kw: ipcorpus.embed.CachedEncoder(HashEncoder())
''')


@pytest.fixture(autouse=True)
def fake_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    import ipcorpus.embed

    monkeypatch.setattr(ipcorpus.embed, "load_encoder",
                        lambda name=None, *, cache_dir=None, **kw: ipcorpus.embed.CachedEncoder(HashEncoder()))
    monkeypatch.delenv("IPCORPUS_DEBUG", raising=False)


def _lines(first: int, last: int) -> str:
    return "\n".join(WP.read_text(encoding="utf-8").splitlines()[first - 1:last]) + "\n"


@pytest.fixture
def doc_a(tmp_path: Path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(_lines(1, 60), encoding="utf-8")
    return p


@pytest.fixture
def doc_b(tmp_path: Path) -> Path:
    p = tmp_path / "b.txt"
    p.write_text(_lines(108, 200), encoding="utf-8")
    return p


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    p = tmp_path / "tiny.txt"
    p.write_text("专利质押登记金额增长。\n\nThe amount of patent pledges grew.\n", encoding="utf-8")
    return p


def run(*args: str | Path):
    return CliRunner().invoke(cli, ["run", *map(str, args)])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every entry of ``folder`` (hidden ones too) with its bytes."""
    return {p.name: p.read_bytes() if p.is_file() else b"<dir>" for p in folder.iterdir()}


def tb_rows(tb: Path) -> tuple:
    with sqlite3.connect(tb) as c:
        return (c.execute("SELECT source, batch FROM entries ORDER BY id").fetchall(),
                c.execute("SELECT zh, batch FROM segments ORDER BY id").fetchall())


@pytest.fixture
def previous(tmp_path: Path, doc_a: Path) -> tuple[Path, Path, dict[str, bytes], bytes]:
    """A folder and term base filled by a successful run of a.txt, and their contents."""
    out, tb = tmp_path / "out", tmp_path / "tb.sqlite"
    res = run(doc_a, "-o", out, "--termbase", tb)
    assert res.exit_code == 0, res.output
    assert set(snapshot(out)) == OUTPUTS
    return out, tb, snapshot(out), tb.read_bytes()


# ------------------------------------------------------------------ promise: a tiny input is no error


def test_tiny_input_writes_an_empty_glossary_and_says_so(tmp_path: Path, tiny: Path) -> None:
    out, tb = tmp_path / "out", tmp_path / "tb.sqlite"
    res = run(tiny, "-o", out, "--termbase", tb)
    assert res.exit_code == 0, res.output
    assert "no terms found" in res.output and "glossary.tbx not written" in res.output
    assert (out / "glossary.tsv").read_text(encoding="utf-8") == ""
    assert not (out / "glossary.tbx").exists()
    assert set(snapshot(out)) == OUTPUTS - {"glossary.tbx"}
    entries, segments = tb_rows(tb)
    assert entries == [] and len(segments) == 1  # the aligned pair is in the term base all the same


def test_tiny_run_over_a_full_folder_removes_the_stale_tbx(previous, tiny: Path) -> None:
    """The last complete run wins whole: a TBX left from an earlier run would not match the new files."""
    out, tb, _, _ = previous
    res = run(tiny, "-o", out, "--termbase", tb)
    assert res.exit_code == 0, res.output
    assert set(snapshot(out)) == OUTPUTS - {"glossary.tbx"}
    assert "专利质押登记金额增长" in (out / "memory.tsv").read_text(encoding="utf-8")


# ------------------------------------------------------------------ promise: a failed run changes nothing


@pytest.mark.parametrize("where", ["mine", "tbx"])
def test_failed_glossary_step_leaves_folder_and_termbase_as_they_were(previous, doc_b: Path, where: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import ipcorpus.terms.formats
    import ipcorpus.terms.miner

    out, tb, files, base = previous

    def boom(*a, **k):
        raise ValueError("something broke")

    if where == "mine":
        monkeypatch.setattr(ipcorpus.terms.miner, "mine_glossary", boom)
    else:
        real = ipcorpus.terms.formats.write_glossary
        monkeypatch.setattr(ipcorpus.terms.formats, "write_glossary",
                            lambda g, path, fmt=None: boom() if str(path).endswith(".tbx") else real(g, path, fmt))
    res = run(doc_b, "-o", out, "--termbase", tb)
    assert res.exit_code == 1
    assert res.output.strip().splitlines()[0].startswith("Error: internal error: ValueError: something broke")
    assert snapshot(out) == files
    assert tb.read_bytes() == base


def test_locked_termbase_leaves_folder_as_it_was(previous, doc_b: Path) -> None:
    out, tb, files, base = previous
    holder = sqlite3.connect(tb)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        res = run(doc_b, "-o", out, "--termbase", tb)
    finally:
        holder.rollback()
        holder.close()
    assert res.exit_code == 1
    assert res.output.strip().splitlines() == [
        f"Error: {tb}: term base is locked by another program; try again when it is done"]
    assert snapshot(out) == files
    assert tb.read_bytes() == base


def test_failure_while_swapping_rolls_the_folder_back(previous, doc_b: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a failure between two of the final renames leaves the previous folder and term base."""
    import ipcorpus.fileio

    out, tb, files, base = previous
    real = os.replace
    calls = []

    def flaky(src, dst, *a, **k):
        if Path(dst).parent == out and not Path(dst).name.startswith("."):
            calls.append(dst)
            if len(calls) == 4:
                raise OSError(28, "No space left on device")
        return real(src, dst, *a, **k)

    monkeypatch.setattr(ipcorpus.fileio.os, "replace", flaky)
    res = run(doc_b, "-o", out, "--termbase", tb)
    assert res.exit_code == 1, res.output
    assert len(res.output.strip().splitlines()) == 1 and "No space left on device" in res.output
    assert snapshot(out) == files
    assert tb.read_bytes() == base


def test_failure_in_a_new_folder_leaves_no_folder(tmp_path: Path, doc_a: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ipcorpus.terms.miner

    monkeypatch.setattr(ipcorpus.terms.miner, "mine_glossary", lambda *a, **k: 1 / 0)
    out = tmp_path / "new" / "out"
    res = run(doc_a, "-o", out, "--no-termbase")
    assert res.exit_code == 1
    assert not out.exists()


# ------------------------------------------------------------------ promise: the last complete run wins whole


def test_a_run_finishing_during_another_does_not_mix_the_folder(tmp_path: Path, doc_a: Path, doc_b: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Run B starts and finishes while run A is writing its files: A, the last to finish, wins whole."""
    import ipcorpus.export

    ref = tmp_path / "ref"
    assert run(doc_a, "-o", ref, "--no-termbase").exit_code == 0
    out = tmp_path / "out"
    real = ipcorpus.export.write_alignment
    nested: list = []

    def write_alignment(*a, **k):
        if not nested:
            nested.append(None)
            nested[0] = run(doc_b, "-o", out, "--no-termbase")
        return real(*a, **k)

    monkeypatch.setattr(ipcorpus.export, "write_alignment", write_alignment)
    res = run(doc_a, "-o", out, "--no-termbase")
    assert res.exit_code == 0 and nested[0].exit_code == 0, (res.output, nested[0].output)
    assert snapshot(out) == snapshot(ref)


def test_two_runs_in_parallel_processes_leave_one_whole_folder(tmp_path: Path, doc_a: Path, doc_b: Path) -> None:
    refs = {}
    for name, doc in (("a", doc_a), ("b", doc_b)):
        assert run(doc, "-o", tmp_path / f"ref-{name}", "--no-termbase").exit_code == 0
        refs[name] = snapshot(tmp_path / f"ref-{name}")
    out = tmp_path / "out"
    code = FAKE_ENCODER_CODE + "import sys\nfrom ipcorpus.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    tb = tmp_path / "tb.sqlite"
    procs = [subprocess.Popen([sys.executable, "-c", code, "run", str(doc), "-o", str(out), "--termbase", str(tb)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for doc in (doc_a, doc_b)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    assert snapshot(out) in (refs["a"], refs["b"])
    entries, segments = tb_rows(tb)  # and both runs' entries and segments are in the one term base
    assert {b for _, b in entries} == {b for _, b in segments} == {str(doc_a.resolve()), str(doc_b.resolve())}


# ------------------------------------------------------------------ promise: signals clean up


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_signal_during_run_leaves_the_previous_folder(previous, doc_b: Path, signame: str) -> None:
    out, tb, files, base = previous
    code = FAKE_ENCODER_CODE + textwrap.dedent(f"""
        import sys, time
        import ipcorpus.terms.formats as fm
        real = fm.write_glossary
        def slow(g, path, fmt=None):
            n = real(g, path, fmt)
            if str(path).endswith(".tbx"):
                print("READY", flush=True)
                time.sleep(60)
            return n
        fm.write_glossary = slow
        from ipcorpus.cli import main
        sys.exit(main(["run", {str(doc_b)!r}, "-o", {str(out)!r}, "--termbase", {str(tb)!r}]))
    """)
    # a runner started under nohup passes SIGHUP on as ignored, and ipcorpus keeps an ignored SIGHUP ignored
    # (test_ignored_sighup_stays_ignored): the child starts with the default disposition, as from a terminal
    p = subprocess.Popen([sys.executable, "-c", code], env=dict(os.environ, PYTHONPATH=str(ROOT)),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=default_sighup)
    rc, err = interrupt_when_ready(p, signame)
    assert rc == -getattr(signal, signame), err
    assert snapshot(out) == files
    assert tb.read_bytes() == base


# ------------------------------------------------------------------ promise: modes follow the umask / are kept


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_outputs_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path: Path, doc_a: Path) -> None:
    out, tb = tmp_path / "out", tmp_path / "tb.sqlite"
    old = os.umask(0o022)
    try:
        assert run(doc_a, "-o", out, "--termbase", tb).exit_code == 0
        assert {n: stat.S_IMODE((out / n).stat().st_mode) for n in OUTPUTS} == dict.fromkeys(OUTPUTS, 0o644)
        assert stat.S_IMODE(tb.stat().st_mode) == 0o644
        os.chmod(out / "memory.tmx", 0o664)
        os.chmod(out / "glossary.tbx", 0o640)
        os.umask(0o077)
        assert run(doc_a, "-o", out, "--termbase", tb).exit_code == 0
        modes = {n: stat.S_IMODE((out / n).stat().st_mode) for n in OUTPUTS}
        assert modes == {**dict.fromkeys(OUTPUTS, 0o644), "memory.tmx": 0o664, "glossary.tbx": 0o640}
        assert stat.S_IMODE(tb.stat().st_mode) == 0o644
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_atomic_writer_modes(tmp_path: Path) -> None:
    """Every other command writes through fileio.atomic_writer: the same rule holds there."""
    from ipcorpus.fileio import atomic_write_text

    old = os.umask(0o027)
    try:
        atomic_write_text(tmp_path / "new.txt", "x")
        assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
        (tmp_path / "old.txt").write_text("x")
        os.chmod(tmp_path / "old.txt", 0o604)
        atomic_write_text(tmp_path / "old.txt", "y")
        assert stat.S_IMODE((tmp_path / "old.txt").stat().st_mode) == 0o604
        assert (tmp_path / "old.txt").read_text() == "y"
    finally:
        os.umask(old)


def test_run_refuses_an_output_folder_that_would_overwrite_its_input(tmp_path):
    from click.testing import CliRunner

    from ipcorpus.cli import cli

    out = tmp_path / "out"
    out.mkdir()
    src = out / "memory.tsv"
    src.write_text("知识产权。\nIntellectual property.\n", encoding="utf-8")
    before = src.read_bytes()
    r = CliRunner().invoke(cli, ["run", str(src), "-o", str(out), "--no-termbase"])
    assert r.exit_code == 1 and "would overwrite the input" in r.output
    assert src.read_bytes() == before
