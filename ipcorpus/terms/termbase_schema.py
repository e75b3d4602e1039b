"""The term base file: its tables, where it lives, lookup keys, and the one-line errors about it.

Shared by the read side (:mod:`ipcorpus.terms.termbase`) and the write side
(:mod:`ipcorpus.terms.termbase_write`).

Tables: ``entries`` (Chinese term, frequency, origin ``mined``/``imported``, batch), ``translations``
(ranked English renderings with confidence and count), ``segments`` (aligned zh/en pairs),
``entry_examples`` (entry -> segments that show it), and two FTS5 tables with the ``trigram``
tokenizer (SQLite >= 3.34): ``terms_fts`` over every term's script key and every translation
(substring lookup, Chinese included) and ``segments_fts`` over the segments (concordance).

Each entry keeps its source as written and has a ``source_key``, its Simplified form
(:func:`ipcorpus.segment.script.script_key`), indexed. Schema version 2 added the key.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ipcorpus.errors import IpcorpusError
from ipcorpus.segment.script import script_key

SCHEMA_VERSION = "2"
ENV_VAR = "IPCORPUS_TERMBASE"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS batches (batch TEXT NOT NULL, origin TEXT NOT NULL, digest TEXT NOT NULL,
    PRIMARY KEY (batch, origin));
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


def _corrupt(path: Path) -> IpcorpusError:
    return IpcorpusError(f"{path}: not a valid term base (corrupt or not an SQLite file); it was left untouched")


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
