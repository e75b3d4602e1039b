"""The term base: one SQLite file with glossary entries, their translations and the aligned segments.

Tables: ``entries`` (Chinese term, frequency, origin ``mined``/``imported``, batch), ``translations``
(ranked English renderings with confidence and count), ``segments`` (aligned zh/en pairs),
``entry_examples`` (entry -> segments that show it), and two FTS5 tables with the ``trigram``
tokenizer (SQLite >= 3.34): ``terms_fts`` over every term's script key and every translation
(substring lookup, Chinese included) and ``segments_fts`` over the segments (concordance).

Traditional and Simplified: each entry keeps its source as written (shown as stored) and has a
``source_key``, its Simplified form (:func:`ipcorpus.segment.script.script_key`), indexed; a query is
looked up by its own key, so 商标 finds an entry stored as 商標 and the reverse (exact, prefix and
substring). Schema version 2 added the key. A version-1 base is upgraded on the next load (``ALTER
TABLE`` + backfill, on the copy, like any write); a lookup in a version-1 base (opened read-only)
computes the keys into a temporary table of its own connection, at the first lookup.

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
Re-loading a batch is linear in the size of the base (see :func:`_delete_batch`). The replaced base keeps its file mode; a new one gets ``0666`` less the umask. A locked or
corrupt file gives a one-line :class:`~ipcorpus.errors.IpcorpusError`. Reading needs only the stdlib and
OpenCC (no jieba, no numpy, no torch).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipcorpus.errors import IpcorpusError
from ipcorpus.fileio import file_lock, mode_for, terminate_cleanly
from ipcorpus.segment.script import is_traditional, script_key, script_keys, to_simplified, to_traditional
from ipcorpus.types import Example, Glossary, TermEntry, Translation

SCHEMA_VERSION = "2"
ENV_VAR = "IPCORPUS_TERMBASE"
SCRIPT_SAMPLE = 200  # segments read to tell which scripts a base's segments are in
#: seconds the copy of the base waits for a lock another program holds before the load fails (see
#: :func:`_backup`; the wait for other ipcorpus writers is ``$IPCORPUS_LOCK_WAIT``)
BUSY_WAIT = 10.0
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6  # result codes (sqlite3.SQLITE_BUSY exists only from Python 3.11)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    source_norm TEXT NOT NULL,
    source_key TEXT NOT NULL DEFAULT '',
    frequency INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL DEFAULT 'mined',
    note TEXT NOT NULL DEFAULT '',
    batch TEXT NOT NULL DEFAULT '',
    rank INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS entries_norm ON entries(source_norm);
CREATE INDEX IF NOT EXISTS entries_key ON entries(source_key);
CREATE INDEX IF NOT EXISTS entries_batch ON entries(batch);
CREATE TABLE IF NOT EXISTS translations (
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    target TEXT NOT NULL,
    target_norm TEXT NOT NULL,
    confidence REAL NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entry_id, rank)
);
CREATE INDEX IF NOT EXISTS translations_norm ON translations(target_norm);
CREATE TABLE IF NOT EXISTS segments (
    id INTEGER PRIMARY KEY,
    zh TEXT NOT NULL,
    en TEXT NOT NULL,
    batch TEXT NOT NULL DEFAULT '',
    ref INTEGER
);
CREATE INDEX IF NOT EXISTS segments_batch ON segments(batch, ref);
CREATE TABLE IF NOT EXISTS entry_examples (
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, segment_id)
);
CREATE VIRTUAL TABLE IF NOT EXISTS terms_fts USING fts5(term, entry_id UNINDEXED, tokenize='trigram');
CREATE VIRTUAL TABLE IF NOT EXISTS segments_fts USING fts5(zh, en, content='segments', content_rowid='id',
    tokenize='trigram');
"""


def default_termbase_path() -> Path:
    """``$IPCORPUS_TERMBASE``, else ``$XDG_DATA_HOME/ipcorpus/termbase.sqlite`` (``~/.local/share`` by default)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data).expanduser() / "ipcorpus" / "termbase.sqlite"


def resolve_termbase(path: str | Path | None) -> Path:
    """The term base path for a ``--termbase`` value (``None``: the default)."""
    return Path(path).expanduser() if path else default_termbase_path()


def norm(text: str) -> str:
    """Case-folded, whitespace collapsed."""
    return " ".join(text.split()).casefold()


def lookup_key(text: str) -> str:
    """Lookup key: :func:`norm`, then Simplified (商標 and 商标 give the same key)."""
    return script_key(norm(text))


def _has_key_column(conn: sqlite3.Connection) -> bool:
    return any(r[1] == "source_key" for r in conn.execute("PRAGMA table_info(entries)"))


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


def _db_error(path: Path, exc: sqlite3.Error) -> IpcorpusError:
    msg = str(exc)
    if "locked" in msg or "busy" in msg:
        return IpcorpusError(f"{path}: term base is locked by another program; try again when it is done")
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return _corrupt(path)
    return IpcorpusError(f"{path}: term base error ({msg})")


def _check(conn: sqlite3.Connection, path: Path) -> None:
    """Fail with one line unless ``conn`` is an ipcorpus term base (or an empty SQLite file)."""
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    except sqlite3.Error as exc:
        raise _db_error(path, exc) from exc
    if tables and "entries" not in tables:
        raise IpcorpusError(f"{path}: an SQLite file, but not an ipcorpus term base; it was left untouched")


@dataclass
class LoadReport:
    """What a load changed: counts of entries and segments written, and the path."""

    path: Path
    entries: int = 0
    segments: int = 0
    removed: int = 0


def lock_path(path: Path) -> Path:
    """The lock file that serialises the writers of the term base at ``path``: ``.NAME.lock`` beside it
    (present only while a write is going on)."""
    return path.with_name(f".{path.name}.lock")


def _locked(path: Path) -> IpcorpusError:
    return IpcorpusError(f"{path}: term base is locked by another program; try again when it is done")


def _corrupt(path: Path) -> IpcorpusError:
    return IpcorpusError(f"{path}: not a valid term base (corrupt or not an SQLite file); it was left untouched")


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
                for ref, zh, en in segments:
                    cur = conn.execute("INSERT INTO segments(zh, en, batch, ref) VALUES (?,?,?,?)", (zh, en, batch, ref))
                    seg_ids[ref] = cur.lastrowid
                    conn.execute("INSERT INTO segments_fts(rowid, zh, en) VALUES (?,?,?)", (cur.lastrowid, zh, en))
                report.segments = len(seg_ids)
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


# ------------------------------------------------------------------------------------------- lookup


@dataclass
class Hit:
    """One entry found by :func:`lookup`: how it matched (exact/prefix/substring) and on which side."""

    entry: TermEntry
    match: str
    side: str
    entry_id: int = 0
    examples: list[Example] = field(default_factory=list)


class TermBase:
    """Read-only access to a term base file (opened with ``mode=ro``; never created or changed by a lookup).

    Lookups go by script key (:func:`lookup_key`). A version-1 base has no key column: its keys are
    computed at the first lookup into a temporary table of this connection (the file is not touched).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = resolve_termbase(path)
        if not self.path.exists():
            raise IpcorpusError(f"{self.path}: no term base here yet; run 'ipcorpus glossary build' or "
                                f"'ipcorpus glossary import' first (or pass --termbase)")
        try:
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=2.0)
        except sqlite3.Error as exc:
            raise _db_error(self.path, exc) from exc
        _check(self.conn, self.path)
        self._keys: tuple[str, str, bool] | None = None  # see _key_source
        self._scripts: frozenset[str] | None = None  # of the segments, once known

    def _key_source(self) -> tuple[str, str, bool]:
        """The FROM clause giving ``e`` (entries) with its key, the key column, and whether ``terms_fts``
        holds the keys: ``entries.source_key``, or for a version-1 base a temporary ``entry_keys`` table
        filled now (its ``terms_fts`` holds the sources as written, so substrings are scanned)."""
        if self._keys is None:
            if _has_key_column(self.conn):
                self._keys = ("entries e", "e.source_key", True)
            else:
                rows = self.conn.execute("SELECT id, source_norm FROM entries").fetchall()
                keys = script_keys([n for _, n in rows])
                self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS entry_keys "
                                  "(id INTEGER PRIMARY KEY, source_key TEXT NOT NULL)")
                self.conn.executemany("INSERT OR REPLACE INTO temp.entry_keys VALUES (?, ?)",
                                      zip((i for i, _ in rows), keys, strict=True))
                self.conn.execute("CREATE INDEX IF NOT EXISTS temp.entry_keys_key ON entry_keys(source_key)")
                self.conn.commit()
                self._keys = ("temp.entry_keys k JOIN entries e ON e.id = k.id", "k.source_key", False)
        return self._keys

    def _segment_scripts(self) -> frozenset[str]:
        """The scripts of the segments, ``simplified`` and/or ``traditional`` (empty: no segments), judged
        on up to :data:`SCRIPT_SAMPLE` segments spread over the table."""
        if self._scripts is None:
            q = self.conn.execute
            top = q("SELECT max(id) FROM segments").fetchone()[0]
            if top is None:
                self._scripts = frozenset()
            else:
                ids = list(range(top, 0, -max(1, top // SCRIPT_SAMPLE)))[:SCRIPT_SAMPLE]
                rows = q(f"SELECT zh FROM segments WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
                rows = rows or q("SELECT zh FROM segments LIMIT ?", (SCRIPT_SAMPLE,)).fetchall()
                self._scripts = frozenset("traditional" if is_traditional(zh) else "simplified" for (zh,) in rows)
        return self._scripts

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> TermBase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def stats(self) -> dict[str, int]:
        """Numbers of entries (mined, imported) and segments."""
        q = self.conn.execute
        try:
            return {
                "entries": q("SELECT count(*) FROM entries").fetchone()[0],
                "imported": q("SELECT count(*) FROM entries WHERE origin = 'imported'").fetchone()[0],
                "segments": q("SELECT count(*) FROM segments").fetchone()[0],
            }
        except sqlite3.Error as exc:
            raise _db_error(self.path, exc) from exc

    def _ids(self, query: str, limit: int) -> list[tuple[int, str, str]]:
        """(entry id, match kind, side) for exact, then prefix, then substring matches, at most ``limit``."""
        key = lookup_key(query)
        hi = key + "\U0010ffff"
        found: dict[int, tuple[str, str]] = {}
        q = self.conn.execute
        src, col, keyed_fts = self._key_source()

        def add(rows, kind: str, side: str) -> None:
            for (eid,) in rows:
                if eid not in found and len(found) < limit:
                    found[eid] = (kind, side)

        order = "ORDER BY e.origin = 'imported' DESC, e.rank, e.id"
        add(q(f"SELECT e.id FROM {src} WHERE {col} = ? {order} LIMIT ?", (key, limit)), "exact", "zh")
        add(q(f"SELECT DISTINCT e.id FROM translations t JOIN entries e ON e.id = t.entry_id "
              f"WHERE t.target_norm = ? {order} LIMIT ?", (key, limit)), "exact", "en")
        if len(found) < limit:
            add(q(f"SELECT e.id FROM {src} WHERE {col} > ? AND {col} < ? {order} LIMIT ?",
                  (key, hi, limit)), "prefix", "zh")
            add(q(f"SELECT DISTINCT e.id FROM translations t JOIN entries e ON e.id = t.entry_id "
                  f"WHERE t.target_norm > ? AND t.target_norm < ? {order} LIMIT ?", (key, hi, limit)), "prefix", "en")
        if len(found) < limit:
            if len(key) >= 3 and keyed_fts:
                phrase = '"' + key.replace('"', '""') + '"'
                rows = q("SELECT DISTINCT CAST(entry_id AS INTEGER) FROM terms_fts WHERE terms_fts MATCH ? "
                         "ORDER BY rank LIMIT ?", (phrase, limit * 4)).fetchall()
            else:  # trigram needs 3 characters; short (Chinese two-character) queries scan
                like = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                rows = q(f"SELECT e.id FROM {src} WHERE {col} LIKE ? ESCAPE '\\' {order} LIMIT ?",
                         (like, limit)).fetchall()
                rows += q("SELECT DISTINCT entry_id FROM translations WHERE target_norm LIKE ? ESCAPE '\\' LIMIT ?",
                          (like, limit)).fetchall()
            add(rows, "substring", "any")
        return [(eid, kind, side) for eid, (kind, side) in found.items()]

    def entry(self, eid: int) -> TermEntry:
        """The entry with id ``eid`` and its ranked translations."""
        q = self.conn.execute
        src, freq, origin, note = q("SELECT source, frequency, origin, note FROM entries WHERE id = ?", (eid,)).fetchone()
        trs = [Translation(t, c, n) for t, c, n in
               q("SELECT target, confidence, count FROM translations WHERE entry_id = ? ORDER BY rank", (eid,))]
        return TermEntry(src, trs, freq, [], origin, note)

    def _concordance(self, term: str, n: int) -> list[tuple[int, str, str]]:
        """Up to ``n`` segments whose Chinese side contains ``term`` as written."""
        if len(term) >= 3:
            phrase = '"' + term.replace('"', '""') + '"'
            return self.conn.execute("SELECT rowid, zh, en FROM segments_fts WHERE segments_fts MATCH ? LIMIT ?",
                                     ("zh : " + phrase, n)).fetchall()
        return self.conn.execute("SELECT id, zh, en FROM segments WHERE instr(zh, ?) > 0 LIMIT ?", (term, n)).fetchall()

    def examples(self, eid: int, entry: TermEntry, n: int) -> list[Example]:
        """Up to ``n`` segment pairs showing the entry: its recorded examples, else a concordance search
        for the term as stored, then (to fill up to ``n``) in the other script, when the base has
        segments in it: a Traditional term in Simplified, a Simplified one in Traditional."""
        if n <= 0:
            return []
        rows = self.conn.execute("SELECT s.id, s.zh, s.en FROM entry_examples x JOIN segments s ON s.id = x.segment_id "
                                 "WHERE x.entry_id = ? ORDER BY s.id LIMIT ?", (eid, n)).fetchall()
        scripts = self._segment_scripts() if not rows and entry.source.strip() else frozenset()
        if scripts:
            rows = self._concordance(entry.source, n)
            other, other_script = to_simplified(entry.source), "simplified"
            if other == entry.source:
                other, other_script = entry.source, "traditional"
                if "traditional" in scripts:  # only then: s2tw takes ~0.1 s to load
                    other = to_traditional(entry.source)
            if len(rows) < n and other != entry.source and other_script in scripts:
                seen = {r[0] for r in rows}
                rows += [r for r in self._concordance(other, n) if r[0] not in seen][:n - len(rows)]
        return [Example(zh, en, sid) for sid, zh, en in rows]

    def lookup(self, query: str, *, limit: int = 10, examples: int = 3) -> list[Hit]:
        """Entries matching ``query`` (Chinese term or English translation): exact, prefix, substring."""
        if not query.strip():
            raise IpcorpusError("empty query: give a Chinese or English term")
        try:
            hits = []
            for eid, kind, side in self._ids(query, limit):
                e = self.entry(eid)
                hits.append(Hit(e, kind, side, eid, self.examples(eid, e, examples)))
            return hits
        except sqlite3.Error as exc:
            raise _db_error(self.path, exc) from exc
