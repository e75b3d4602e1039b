"""Term-base reliability: concurrent writers, linear re-import, signals, file modes, damage.

Each test names the promise of docs/reliability.md that it checks.
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
from fakes import default_sighup, interrupt_when_ready

from ipcorpus.cli import cli
from ipcorpus.errors import IpcorpusError
from ipcorpus.terms.termbase import TermBase, load_into_termbase
from ipcorpus.types import Glossary, TermEntry, Translation

ROOT = Path(__file__).resolve().parents[2]



def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("IPCORPUS_DEBUG", None)
    return env


def _glossary(n: int, tag: str = "") -> Glossary:
    return Glossary([TermEntry(f"术语{tag}{i}", [Translation(f"term {tag} number {i}", 1.0)], 0, [], "imported")
                     for i in range(n)])


def _batches(tb: Path) -> set[str]:
    with sqlite3.connect(tb) as c:
        return {b for (b,) in c.execute("SELECT DISTINCT batch FROM entries")}


def _leftovers(folder: Path, name: str) -> list[str]:
    """Files next to the term base other than the base itself (temp copies, journals, lock files)."""
    return sorted(p.name for p in folder.iterdir() if p.name != name)


# ------------------------------------------------------------------ promise: concurrent writers serialise


@pytest.mark.parametrize("existing", [True, False], ids=["existing-base", "new-base"])
def test_eight_concurrent_imports_all_survive(tmp_path: Path, existing: bool) -> None:
    tb = tmp_path / "tb.sqlite"
    files = []
    for i in range(9):
        f = tmp_path / f"i{i}.tsv"
        f.write_text(f"术语{i}\tterm {i}\n专利{i}\tpatent {i}\n", encoding="utf-8")
        files.append(f)
    if existing:
        r = CliRunner().invoke(cli, ["glossary", "import", str(files[8]), "--termbase", str(tb)])
        assert r.exit_code == 0, r.output
    procs = [subprocess.Popen([sys.executable, "-m", "ipcorpus", "glossary", "import", str(f), "--termbase", str(tb)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_env())
             for f in files[:8]]
    outs = [(p.wait(timeout=120), p.stdout.read()) for p in procs]
    for p in procs:
        p.stdout.close()
    assert all(rc == 0 for rc, _ in outs), outs
    expected = {str(f.resolve()) for f in (files if existing else files[:8])}
    assert _batches(tb) == expected
    with TermBase(tb) as base:
        assert base.stats()["entries"] == 2 * len(expected)
        assert base.lookup("专利3")[0].entry.translations[0].target == "patent 3"
    assert _leftovers(tmp_path, "tb.sqlite") == sorted(f.name for f in files)


def test_writer_waits_for_the_lock_instead_of_failing(tmp_path: Path) -> None:
    """A second writer that finds the lock taken waits for it (here: it is released after 0.3 s)."""
    import threading
    import time

    from ipcorpus.fileio import file_lock
    from ipcorpus.terms import termbase as mod

    tb = tmp_path / "tb.sqlite"
    load_into_termbase(tb, _glossary(3, "a"), batch="a", origin="imported")
    held = threading.Event()

    def hold() -> None:
        with file_lock(mod.lock_path(tb), wait=5, busy="busy"):
            held.set()
            time.sleep(0.3)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    t0 = time.monotonic()
    load_into_termbase(tb, _glossary(3, "b"), batch="b", origin="imported")
    t.join()
    assert time.monotonic() - t0 >= 0.2
    assert _batches(tb) == {"a", "b"}


def test_lock_wait_has_a_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ipcorpus.fileio import file_lock
    from ipcorpus.terms import termbase as mod

    tb = tmp_path / "tb.sqlite"
    load_into_termbase(tb, _glossary(3, "a"), batch="a", origin="imported")
    before = tb.read_bytes()
    monkeypatch.setenv("IPCORPUS_LOCK_WAIT", "0.2")
    with file_lock(mod.lock_path(tb), wait=5, busy="busy"):
        with pytest.raises(IpcorpusError, match="locked by another program") as exc:
            load_into_termbase(tb, _glossary(3, "b"), batch="b", origin="imported")
    assert "\n" not in str(exc.value)
    assert tb.read_bytes() == before
    assert _leftovers(tmp_path, "tb.sqlite") == []


# ------------------------------------------------------------------ promise: a busy base never hangs a write

#: Run in a child: ``glossary import`` whose copy of the base meets a lock another process holds (a write
#: lock on SQLite's PENDING byte of the temporary copy, taken right after the integrity check, so the
#: backup step gets SQLITE_BUSY); the lock is released after HOLD seconds. ``Connection.backup`` retried
#: such a step for ever: the 250-example fuzz run that hung in ``_copy_for_write``.
_BLOCKER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 0x40000000)
print("locked", flush=True)
parent, end = os.getppid(), time.monotonic() + float(sys.argv[2])
while time.monotonic() < end and os.getppid() == parent:  # never outlives the importer
    time.sleep(0.05)
"""
_BUSY_CHILD = """
import subprocess, sys
import ipcorpus.terms.termbase_write as tbm  # the write side: _verify and BUSY_WAIT live there
tb, team, hold, blocker = sys.argv[1:5]
started = []
real = tbm._verify
def verify(conn, path):
    real(conn, path)
    (tmp,) = path.parent.glob(f".{path.name}.*.tmp")
    p = subprocess.Popen([sys.executable, "-c", blocker, str(tmp), hold], stdout=subprocess.PIPE, text=True)
    started.append(p)
    assert p.stdout.readline().strip() == "locked"
tbm._verify = verify
tbm.BUSY_WAIT = 1.5
from ipcorpus.cli import main
try:
    code = main(["glossary", "import", team, "--termbase", tb])
finally:
    for p in started:
        p.kill()
        p.wait()
sys.exit(code)
"""


def _import_against_a_lock(tmp_path: Path, hold: float) -> tuple[subprocess.CompletedProcess, float, Path, bytes]:
    import time

    tb = tmp_path / "tb.sqlite"
    load_into_termbase(tb, _glossary(3, "a"), batch="a", origin="imported")
    before = tb.read_bytes()
    team = tmp_path / "team.tsv"
    team.write_text("质押\tpledge\n", encoding="utf-8")
    t0 = time.monotonic()
    res = subprocess.run([sys.executable, "-c", _BUSY_CHILD, str(tb), str(team), str(hold), _BLOCKER],
                         capture_output=True, text=True, env=_env(), timeout=120)
    return res, time.monotonic() - t0, tb, before


def test_a_lock_held_during_the_copy_fails_cleanly_within_the_bound(tmp_path: Path) -> None:
    """The lock is held for an hour: the import gives up after BUSY_WAIT (1.5 s here) with one line, the
    base as it was, no temporary copy left. Before, it waited for ever (the child hit the 120 s timeout)."""
    res, elapsed, tb, before = _import_against_a_lock(tmp_path, 3600)
    assert res.returncode == 1, (res.stdout, res.stderr)
    err = res.stderr.strip()
    assert err.startswith("Error: ") and "\n" not in err and "Traceback" not in err, err
    assert "term base is busy" in err and str(tb) in err
    assert elapsed < 60, elapsed  # 1.5 s of waiting plus start-up
    assert tb.read_bytes() == before
    assert _leftovers(tmp_path, "tb.sqlite") == ["team.tsv"]


def test_a_lock_released_during_the_wait_lets_the_write_finish(tmp_path: Path) -> None:
    res, _, tb, _ = _import_against_a_lock(tmp_path, 0.5)
    assert res.returncode == 0, (res.stdout, res.stderr)
    assert _batches(tb) == {"a", str((tmp_path / "team.tsv").resolve())}
    assert _leftovers(tmp_path, "tb.sqlite") == ["team.tsv"]


# ------------------------------------------------------------------ promise: re-import is linear


def _vm_steps(monkeypatch: pytest.MonkeyPatch, fn) -> int:
    """SQLite virtual-machine steps (in thousands) that ``fn`` costs: deterministic, unlike wall time."""
    count = [0]
    real = sqlite3.connect

    def tick() -> int:
        count[0] += 1
        return 0

    def connect(*a, **k):
        conn = real(*a, **k)
        conn.set_progress_handler(tick, 1000)
        return conn

    with monkeypatch.context() as m:
        m.setattr(sqlite3, "connect", connect)
        fn()
    return count[0]


def test_reimport_costs_about_the_first_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-importing a glossary replaces its rows in time linear in its size (it used to scan the whole
    full-text index once per 500 entries: 16k rows cost 5x the first import, 1M rows never finished)."""
    ratios = []
    for n in (4000, 8000):
        tb = tmp_path / f"tb{n}.sqlite"
        g = _glossary(n)
        def load(tb: Path = tb, g: Glossary = g) -> None:
            load_into_termbase(tb, g, batch="big", origin="imported")

        first = _vm_steps(monkeypatch, load)
        again = _vm_steps(monkeypatch, load)
        ratios.append(again / first)
        with TermBase(tb) as base:
            assert base.stats()["entries"] == n
            assert [h.entry.source for h in base.lookup("number 17", limit=3)][0] == "术语17"
            assert base.lookup("术语" + str(n - 1))[0].match == "exact"
    assert max(ratios) < 2.0, ratios


def test_reimport_of_a_small_batch_keeps_the_rest(tmp_path: Path) -> None:
    """The batch deletion goes by the full-text rowids (small batch) or rebuilds the index (large batch):
    both leave every other entry findable, by substring too."""
    tb = tmp_path / "tb.sqlite"
    load_into_termbase(tb, _glossary(50, "x"), batch="x", origin="imported")
    load_into_termbase(tb, _glossary(5, "y"), batch="y", origin="imported")
    load_into_termbase(tb, _glossary(5, "y"), batch="y", origin="imported")  # small: rowid deletes
    load_into_termbase(tb, _glossary(50, "x"), batch="x", origin="imported")  # large: rebuild
    with TermBase(tb) as base:
        assert base.stats()["entries"] == 55
        assert {h.entry.source for h in base.lookup("y number 3")} == {"术语y3"}
        assert {h.entry.source for h in base.lookup("x number 49")} == {"术语x49"}
    with sqlite3.connect(tb) as c:
        assert c.execute("SELECT count(*) FROM terms_fts").fetchone()[0] == 110
        assert c.execute("SELECT count(*) FROM terms_fts WHERE entry_id NOT IN (SELECT id FROM entries)"
                         ).fetchone()[0] == 0


# ------------------------------------------------------------------ promise: SIGTERM/SIGHUP clean up


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_signal_during_write_leaves_no_temp_copy(tmp_path: Path, signame: str) -> None:
    tb = tmp_path / "tb.sqlite"
    load_into_termbase(tb, _glossary(20, "old"), batch="old", origin="imported")
    before = tb.read_bytes()
    team = tmp_path / "team.tsv"
    team.write_text("质押\tpledge\n", encoding="utf-8")
    code = textwrap.dedent(f"""
        import sys, time
        import ipcorpus.terms.termbase_write as tbm
        real = tbm._insert_entries
        def slow(*a, **k):
            n = real(*a, **k)
            print("READY", flush=True)
            time.sleep(60)
            return n
        tbm._insert_entries = slow
        from ipcorpus.cli import main
        sys.exit(main(["glossary", "import", {str(team)!r}, "--termbase", {str(tb)!r}]))
    """)
    # the child starts with SIGHUP's default disposition even when the runner ignores it (nohup): ipcorpus
    # keeps an inherited ignore (test_ignored_sighup_stays_ignored)
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         preexec_fn=default_sighup,
                         env=_env())
    rc, err = interrupt_when_ready(p, signame)
    assert rc != 0
    assert "Traceback" not in err, err
    if signame != "SIGINT":
        assert rc == -getattr(signal, signame)  # dies of the signal, after the clean-up
    assert _leftovers(tmp_path, "tb.sqlite") == ["team.tsv"]
    assert tb.read_bytes() == before


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
def test_ignored_sighup_stays_ignored(tmp_path: Path) -> None:
    """Under nohup (SIGHUP ignored) a term-base write must not start reacting to SIGHUP."""
    from ipcorpus.fileio import terminate_cleanly

    old = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with terminate_cleanly():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN)
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, old)


# ------------------------------------------------------------------ promise: file modes


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_new_base_follows_umask_and_replaced_base_keeps_its_mode(tmp_path: Path) -> None:
    tb = tmp_path / "tb.sqlite"
    old = os.umask(0o022)
    try:
        load_into_termbase(tb, _glossary(2, "a"), batch="a", origin="imported")
        assert stat.S_IMODE(tb.stat().st_mode) == 0o644
        os.chmod(tb, 0o664)
        load_into_termbase(tb, _glossary(2, "b"), batch="b", origin="imported")
        assert stat.S_IMODE(tb.stat().st_mode) == 0o664
        os.umask(0o077)
        load_into_termbase(tb, _glossary(2, "c"), batch="c", origin="imported")
        assert stat.S_IMODE(tb.stat().st_mode) == 0o664  # an existing file keeps its mode whatever the umask
        tb2 = tmp_path / "tb2.sqlite"
        load_into_termbase(tb2, _glossary(2, "a"), batch="a", origin="imported")
        assert stat.S_IMODE(tb2.stat().st_mode) == 0o600
    finally:
        os.umask(old)


# ------------------------------------------------------------------ promise: damaged bases are refused


def _damage_middle(tb: Path) -> None:
    """Overwrite one leaf page in the middle of the ``translations`` table with garbage."""
    with sqlite3.connect(tb) as c:
        size = c.execute("PRAGMA page_size").fetchone()[0]
        pages = [p for (p,) in c.execute("SELECT pageno FROM dbstat WHERE name = 'translations' "
                                         "AND pagetype = 'leaf' ORDER BY path")]
    page = pages[len(pages) // 2]
    with open(tb, "r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\xa5" * size)


def test_base_damaged_in_the_middle_is_refused(tmp_path: Path) -> None:
    tb = tmp_path / "tb.sqlite"
    load_into_termbase(tb, _glossary(3000, "old"), batch="old", origin="imported")
    _damage_middle(tb)
    before = tb.read_bytes()
    team = tmp_path / "team.tsv"
    team.write_text("质押\tpledge\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["glossary", "import", str(team), "--termbase", str(tb)])
    assert r.exit_code == 1
    assert r.output.strip().splitlines() == [
        f"Error: {tb}: not a valid term base (corrupt or not an SQLite file); it was left untouched"]
    assert tb.read_bytes() == before
    assert _leftovers(tmp_path, "tb.sqlite") == ["team.tsv"]
