"""The term base: one SQLite file with glossary entries, their translations and the aligned segments.

This module is the read side, :class:`TermBase` (look-up by either script, concordance examples) and
:class:`Hit`, and the public import path of the whole term base: it re-exports the file's layout, paths
and keys (:mod:`ipcorpus.terms.termbase_schema`: tables, :func:`default_termbase_path`,
:func:`resolve_termbase`, :func:`lookup_key`) and the write side (:mod:`ipcorpus.terms.termbase_write`:
:func:`load_into_termbase`, :class:`LoadReport`, :func:`lock_path`, :data:`BUSY_WAIT`; atomic publish,
writer lock, busy wait).

Traditional and Simplified: each entry keeps its source as written (shown as stored) and has a
``source_key``, its Simplified form (:func:`ipcorpus.segment.script.script_key`), indexed; a query is
looked up by its own key, so 商标 finds an entry stored as 商標 and the reverse (exact, prefix and
substring). Schema version 2 added the key. A version-1 base is upgraded on the next load (``ALTER
TABLE`` + backfill, on the copy, like any write); a lookup in a version-1 base (opened read-only)
computes the keys into a temporary table of its own connection, at the first lookup.

Reading needs only the stdlib and OpenCC (no jieba, no numpy, no torch).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ipcorpus.errors import IpcorpusError
from ipcorpus.segment.script import is_traditional, script_keys, to_simplified, to_traditional
from ipcorpus.terms.termbase_schema import (
    ENV_VAR,
    SCHEMA,
    SCHEMA_VERSION,
    _check,
    _db_error,
    _has_key_column,
    default_termbase_path,
    lookup_key,
    norm,
    resolve_termbase,
)
from ipcorpus.terms.termbase_write import BUSY_WAIT, LoadReport, load_into_termbase, lock_path, replaced_note
from ipcorpus.types import Example, TermEntry, Translation

__all__ = [
    "BUSY_WAIT", "ENV_VAR", "SCHEMA", "SCHEMA_VERSION", "SCRIPT_SAMPLE", "Hit", "LoadReport", "TermBase",
    "default_termbase_path", "load_into_termbase", "lock_path", "lookup_key", "norm", "replaced_note", "resolve_termbase",
]

SCRIPT_SAMPLE = 200  # segments read to tell which scripts a base's segments are in


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
