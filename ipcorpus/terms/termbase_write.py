"""The write side of the term base: loading a glossary and its segments into the SQLite file.

Writes never touch the live file: the base is copied to a temporary file in the same folder, changed
there in one transaction, and moved over the original with ``os.replace``; a failure (or SIGTERM,
SIGHUP, Ctrl-C) leaves the existing term base as it was and no temporary file behind. Writers are
serialised by an exclusive lock on ``.NAME.lock`` beside the base (see :func:`ipcorpus.fileio.file_lock`),
held from before the copy until after the replace, so concurrent imports and runs each see the others'
entries; a second writer waits (up to ``$IPCORPUS_LOCK_WAIT`` seconds) instead of failing. Other
programs writing to the file through SQLite are kept out by a ``BEGIN IMMEDIATE`` transaction on the
original during the copy (the copy goes through SQLite's backup API: opening and closing the file
with ``shutil`` would drop SQLite's POSIX locks); a lock that keeps the copy waiting (another program
writing to the base or its copy) ends the load after :data:`BUSY_WAIT` seconds with one line ("term base
is busy"), where the backup API alone would retry for ever. Before loading, ``PRAGMA quick_check`` must pass.
A load replaces the earlier loads of the same batch name (the inputs' paths) and of exactly the same
segments under another name (the same document run from another path: a digest of the segments is kept
in the ``batches`` table), so no term is listed twice for one text.
Re-loading a batch is linear in the size of the base (see :func:`_delete_batch`). The replaced base keeps its file mode; a new one gets ``0666`` less the umask. A locked or
corrupt file gives a one-line :class:`~ipcorpus.errors.IpcorpusError`.

A version-1 base (no ``source_key``) is upgraded on the next load (``ALTER TABLE`` + backfill, on the
copy, like any write).

:mod:`ipcorpus.terms.termbase` re-exports the public names; a test that patches a helper here
(``_insert_entries``, ``_verify``, :data:`BUSY_WAIT`) must patch this module, where they are used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipcorpus.errors import IpcorpusError
from ipcorpus.fileio import file_lock, mode_for, terminate_cleanly
from ipcorpus.segment.script import script_keys
from ipcorpus.terms.termbase_schema import (
    SCHEMA,
    SCHEMA_VERSION,
    _check,
    _corrupt,
    _db_error,
    _has_key_column,
    norm,
    resolve_termbase,
)
from ipcorpus.types import Glossary, TermEntry

#: seconds the copy of the base waits for a lock another program holds before the load fails (see
#: :func:`_backup`; the wait for other ipcorpus writers is ``$IPCORPUS_LOCK_WAIT``)
BUSY_WAIT = 10.0
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6  # result codes (sqlite3.SQLITE_BUSY exists only from Python 3.11)


def _upgrade(conn: sqlite3.Connection) -> bool:
    """Bring a version-1 base to version 2: add and backfill ``source_key``, index keys in ``terms_fts``.

    Nothing to do for a new (empty) file or a current base; returns whether it upgraded.
    """
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'").fetchone():
        return False
    if _has_key_column(conn):
        return False
    with conn:
        conn.execute("ALTER TABLE entries ADD COLUMN source_key TEXT NOT NULL DEFAULT ''")
        rows = conn.execute("SELECT id, source_norm FROM entries").fetchall()
        keys = script_keys([n for _, n in rows])
        conn.executemany("UPDATE entries SET source_key = ? WHERE id = ?", zip(keys, (i for i, _ in rows), strict=True))
        conn.execute("DELETE FROM terms_fts")  # version 1 indexed the source as written
        conn.execute("INSERT INTO terms_fts(term, entry_id) SELECT source_key, id FROM entries")
        conn.execute("INSERT INTO terms_fts(term, entry_id) SELECT target, entry_id FROM translations")
    return True


@dataclass
class LoadReport:
    """What a load changed: counts of entries and segments written, and the path."""

    path: Path
    entries: int = 0
    segments: int = 0
    removed: int = 0
    #: earlier loads of the same segments under another name (the same document from another path,
    #: or the translation memory of a run), replaced by this one
    replaced: list[str] = field(default_factory=list)


def replaced_note(report: LoadReport) -> list[str]:
    """One line for a user when the load replaced earlier loads of the same segments (else none)."""
    if not report.replaced:
        return []
    return [f"term base: replaced the earlier load of the same text ({'; '.join(report.replaced)}, "
            f"{report.removed} entries)"]


def lock_path(path: Path) -> Path:
    """The lock file that serialises the writers of the term base at ``path``: ``.NAME.lock`` beside it
    (present only while a write is going on)."""
    return path.with_name(f".{path.name}.lock")


def _locked(path: Path) -> IpcorpusError:
    return IpcorpusError(f"{path}: term base is locked by another program; try again when it is done")


def _verify(conn: sqlite3.Connection, path: Path) -> None:
    """``PRAGMA quick_check`` (b-tree structure of every page, not only the few a load touches)."""
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        raise _corrupt(path)


def _copy_for_write(path: Path) -> tuple[str, sqlite3.Connection | None]:
    """Copy the live base (if any) to a temp file in its folder; hold a write lock on the original.

    Returns the temp file name and the connection that holds the lock (``None`` for a new base). The
    caller holds the writer lock (:func:`lock_path`). The temp file gets the mode the result should have.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    src = None
    try:
        os.chmod(tmp, mode_for(path))
        if not path.exists() or path.stat().st_size == 0:
            return tmp, None
        src = sqlite3.connect(str(path), timeout=0.5)
        _check(src, path)
        src.execute("BEGIN IMMEDIATE")  # fails at once if another (non-ipcorpus) writer holds the base
        # With the RESERVED lock held nobody else can commit, so the base is consistent. The check and the
        # copy go through a second SQLite connection: SQLite keeps the file open while this one holds
        # its lock, whereas opening and closing the file some other way (shutil) would drop the lock.
        reader = sqlite3.connect(str(path), timeout=0.5)
        try:
            _verify(reader, path)
            dst = sqlite3.connect(tmp, timeout=0.5)
            try:
                _backup(reader, dst, path)
            finally:
                dst.close()
        finally:
            reader.close()
        return tmp, src
    except BaseException as exc:
        if src is not None:
            src.close()
        _remove_temp(tmp)
        if isinstance(exc, sqlite3.Error):
            raise _db_error(path, exc) from exc
        raise


class _Busy(Exception):
    """Raised from the backup's progress callback when a lock has kept it waiting too long."""


def _backup(reader: sqlite3.Connection, dst: sqlite3.Connection, path: Path) -> None:
    """Copy ``reader``'s database into ``dst`` (SQLite backup API), waiting at most :data:`BUSY_WAIT`
    seconds for a lock. ``Connection.backup`` retries a step that finds a lock taken (SQLITE_BUSY or
    SQLITE_LOCKED) every ``sleep`` seconds for ever; the progress callback, called after every step,
    ends the wait instead and the load fails with one line (:func:`_busy`)."""
    deadline = time.monotonic() + BUSY_WAIT

    def progress(status: int, remaining: int, total: int) -> None:
        if status in (_SQLITE_BUSY, _SQLITE_LOCKED) and time.monotonic() >= deadline:
            raise _Busy

    try:
        reader.backup(dst, progress=progress, sleep=0.05)
    except _Busy:
        raise _busy(path) from None


def _busy(path: Path) -> IpcorpusError:
    return IpcorpusError(f"{path}: term base is busy (another program kept it locked for {BUSY_WAIT:g} s); "
                         f"try again when it is done")


def _remove_temp(tmp: str) -> None:
    for name in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(name)


def _insert_entries(conn: sqlite3.Connection, entries: Sequence[TermEntry], batch: str,
                    seg_ids: dict[int, int]) -> int:
    n = 0
    norms = [norm(e.source) for e in entries]
    keys = script_keys(norms)
    for rank, (e, src_norm, key) in enumerate(zip(entries, norms, keys, strict=True), 1):
        cur = conn.execute(
            "INSERT INTO entries(source, source_norm, source_key, frequency, origin, note, batch, rank) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (e.source, src_norm, key, e.frequency, e.origin, e.note, batch, rank))
        eid = cur.lastrowid
        conn.execute("INSERT INTO terms_fts(term, entry_id) VALUES (?, ?)", (key, eid))
        for i, t in enumerate(e.translations):
            conn.execute("INSERT INTO translations VALUES (?,?,?,?,?,?)",
                         (eid, i, t.target, norm(t.target), t.confidence, t.count))
            conn.execute("INSERT INTO terms_fts(term, entry_id) VALUES (?, ?)", (t.target, eid))
        for x in e.examples:
            sid = seg_ids.get(x.segment_id) if x.segment_id is not None else None
            if sid is not None:
                conn.execute("INSERT OR IGNORE INTO entry_examples VALUES (?, ?)", (eid, sid))
        n += 1
    return n


def _rebuild_terms_fts(conn: sqlite3.Connection) -> None:
    """Drop and refill ``terms_fts`` from the entries and translations (rows in the order a load adds
    them: an entry's key, then its translations by rank)."""
    conn.execute("DROP TABLE terms_fts")
    conn.execute("CREATE VIRTUAL TABLE terms_fts USING fts5(term, entry_id UNINDEXED, tokenize='trigram')")
    conn.execute("INSERT INTO terms_fts(term, entry_id) SELECT term, eid FROM ("
                 "SELECT source_key AS term, id AS eid, -1 AS r FROM entries UNION ALL "
                 "SELECT target, entry_id, rank FROM translations) ORDER BY eid, r")


def _replace_same_segments(conn: sqlite3.Connection, batch: str, origin: str, digest: str) -> tuple[list[str], int]:
    """Remove the earlier loads (same ``origin``, another batch name) of exactly the segments that
    ``digest`` stands for, and record ``batch`` with it: the same document run from another path, or a
    glossary built again from a run's translation memory, replaces the earlier load instead of listing
    every term twice. Returns (the batches removed, their entries removed)."""
    _backfill_digests(conn, batch)
    others = [b for (b,) in conn.execute("SELECT batch FROM batches WHERE digest = ? AND origin = ? AND batch != ?",
                                         (digest, origin, batch))]
    removed = sum(_delete_batch(conn, b, origin) for b in others)
    conn.executemany("DELETE FROM batches WHERE batch = ? AND origin = ?", [(b, origin) for b in others])
    conn.execute("INSERT OR REPLACE INTO batches VALUES (?, ?, ?)", (batch, origin, digest))
    return others, removed


def _feed(digest, zh: str, en: str) -> None:
    """One segment into a batch's digest (the same for a load and for the segments it left in the base)."""
    digest.update(f"{zh}\x1f{en}\x1e".encode())


def _backfill_digests(conn: sqlite3.Connection, loading: str) -> None:
    """Record the digest of every mined batch loaded before digests were kept (its segments in the order
    they were loaded), once, so that those loads are replaced too; ``loading``, the batch being loaded,
    has its digest from the load."""
    missing = [b for (b,) in conn.execute(
        "SELECT DISTINCT batch FROM segments WHERE batch != ? "
        "AND batch NOT IN (SELECT batch FROM batches WHERE origin = 'mined')", (loading,))]
    for b in missing:
        digest = hashlib.sha256()
        for zh, en in conn.execute("SELECT zh, en FROM segments WHERE batch = ? ORDER BY id", (b,)):
            _feed(digest, zh, en)
        conn.execute("INSERT OR REPLACE INTO batches VALUES (?, 'mined', ?)", (b, digest.hexdigest()))


def _delete_batch(conn: sqlite3.Connection, batch: str, origin: str) -> int:
    """Remove the entries (and, for mined ones, the segments) an earlier load of ``batch`` added.

    Linear in the size of the base: ``terms_fts`` cannot index ``entry_id``, so its rows are found in one
    scan and deleted by rowid, or, when the batch is at least half the base, the index is rebuilt from
    what stays (deleting full-text rows costs more than adding them)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS doomed (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.doomed")
    conn.execute("INSERT INTO temp.doomed SELECT id FROM entries WHERE batch = ? AND origin = ?", (batch, origin))
    n = conn.execute("SELECT count(*) FROM temp.doomed").fetchone()[0]
    if n:
        rebuild = 2 * n >= conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        if not rebuild:
            rowids = conn.execute("SELECT rowid FROM terms_fts WHERE entry_id IN (SELECT id FROM temp.doomed)"
                                  ).fetchall()
            conn.executemany("DELETE FROM terms_fts WHERE rowid = ?", rowids)
        conn.execute("DELETE FROM translations WHERE entry_id IN (SELECT id FROM temp.doomed)")
        conn.execute("DELETE FROM entry_examples WHERE entry_id IN (SELECT id FROM temp.doomed)")
        conn.execute("DELETE FROM entries WHERE id IN (SELECT id FROM temp.doomed)")
        if rebuild:
            _rebuild_terms_fts(conn)
    conn.execute("DELETE FROM temp.doomed")
    if origin == "mined":
        old = conn.execute("SELECT id, zh, en FROM segments WHERE batch = ?", (batch,)).fetchall()
        for sid, zh, en in old:
            conn.execute("INSERT INTO segments_fts(segments_fts, rowid, zh, en) VALUES ('delete', ?, ?, ?)", (sid, zh, en))
        conn.execute("DELETE FROM segments WHERE batch = ?", (batch,))
    return n


def load_into_termbase(
    path: str | Path | None,
    glossary: Glossary,
    *,
    segments: Iterable[tuple[int, str, str]] = (),
    batch: str = "",
    origin: str = "mined",
    before_replace: Callable[[], None] | None = None,
) -> LoadReport:
    """Load ``glossary`` (and the aligned ``segments`` as (id, zh, en)) into the term base at ``path``.

    Entries of the same ``batch`` and ``origin`` loaded before are replaced; everything else stays.
    All in one transaction on a copy, then ``os.replace``: on any failure the base is unchanged. Writers
    wait for each other (see the module doc). ``before_replace``, if given, is called under the lock when
    the new base is ready, just before it replaces the old one: if it raises, the base is left as it was
    (``ipcorpus run`` swaps its output folder in there).
    """
    p = resolve_termbase(path)
    report = LoadReport(p)
    with terminate_cleanly():
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IpcorpusError(f"{p}: cannot create the term base folder ({exc.strerror or exc})") from exc
        with file_lock(lock_path(p), busy=str(_locked(p))), _writing(p) as (tmp, conn):
            _upgrade(conn)
            conn.executescript(SCHEMA)
            with conn:
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
                report.removed = _delete_batch(conn, batch, origin)
                seg_ids: dict[int, int] = {}
                digest = hashlib.sha256()
                for ref, zh, en in segments:
                    cur = conn.execute("INSERT INTO segments(zh, en, batch, ref) VALUES (?,?,?,?)", (zh, en, batch, ref))
                    seg_ids[ref] = cur.lastrowid
                    conn.execute("INSERT INTO segments_fts(rowid, zh, en) VALUES (?,?,?)", (cur.lastrowid, zh, en))
                    _feed(digest, zh, en)
                report.segments = len(seg_ids)
                if seg_ids:
                    report.replaced, removed = _replace_same_segments(conn, batch, origin, digest.hexdigest())
                    report.removed += removed
                else:
                    conn.execute("DELETE FROM batches WHERE batch = ? AND origin = ?", (batch, origin))
                for e in glossary.entries:
                    e.origin = origin if origin == "imported" else e.origin
                report.entries = _insert_entries(conn, glossary.entries, batch, seg_ids)
            conn.close()
            if before_replace is not None:
                before_replace()
            os.replace(tmp, p)
    return report


@contextlib.contextmanager
def _writing(p: Path) -> Iterator[tuple[str, sqlite3.Connection]]:
    """A connection to a fresh copy of the base at ``p`` (original held by ``BEGIN IMMEDIATE``); the copy
    is removed on the way out unless it was moved over ``p``."""
    tmp, lock = _copy_for_write(p)
    conn = None
    try:
        conn = sqlite3.connect(tmp)
        yield tmp, conn
    except sqlite3.Error as exc:
        raise _db_error(p, exc) from exc
    finally:
        if conn is not None:
            conn.close()
        if lock is not None:
            lock.rollback()
            lock.close()
        _remove_temp(tmp)
