"""Writing output files safely: a failed run never leaves a half-written file.

* :func:`atomic_writer` writes next to the target and moves the file into place; a new file gets the
  mode the umask gives (``0666 & ~umask``), a replaced file keeps its mode.
* :func:`file_lock` and :func:`folder_lock`: exclusive locks between ipcorpus processes (writers of one
  term base, runs into one output folder); a writer waits for the lock, up to ``$IPCORPUS_LOCK_WAIT``
  seconds (default 600), then fails with one line.
* :func:`terminate_cleanly`: while it is active SIGTERM and SIGHUP unwind the stack like SIGINT does
  (every ``finally`` runs and removes its temporary files); the process then dies of the signal.
* :class:`StagedFiles`: a set of files written into a hidden staging folder and swapped into the
  destination folder together, with the previous files put back if the swap fails.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from ipcorpus.errors import IpcorpusError

LOCK_WAIT_VAR = "IPCORPUS_LOCK_WAIT"
LOCK_WAIT = 600.0  # seconds a writer waits for another one by default

# ------------------------------------------------------------------------------------------ modes

_umask_lock = threading.Lock()


def current_umask() -> int:
    """The process umask (read from /proc where possible, else by setting and restoring it)."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def mode_for(target: str | os.PathLike[str]) -> int:
    """The permission bits a file written to ``target`` should get: those of the file it replaces, else
    ``0666`` less the umask (what ``open()`` would give a new file)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def _chmod(fd_or_path: int | str | os.PathLike[str], mode: int) -> None:
    with contextlib.suppress(OSError, NotImplementedError):
        if isinstance(fd_or_path, int):
            os.fchmod(fd_or_path, mode)
        else:
            os.chmod(fd_or_path, mode)


# ---------------------------------------------------------------------------------- atomic writes


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """Open a temporary file next to ``path`` for writing UTF-8 text; on success it replaces ``path``
    (``os.replace``), on any error it is deleted, so a half-written output never exists. The result has
    the mode of the file it replaces, or for a new file the mode the umask gives."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise IpcorpusError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        if hasattr(os, "fchmod"):
            _chmod(fd, mode_for(target))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        if not hasattr(os, "fchmod"):
            _chmod(tmp, mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path) as fh:
        fh.write(text)


# ------------------------------------------------------------------------------------------ locks


def lock_wait() -> float:
    """Seconds to wait for a lock: ``$IPCORPUS_LOCK_WAIT``, else :data:`LOCK_WAIT`."""
    try:
        return max(0.0, float(os.environ.get(LOCK_WAIT_VAR, LOCK_WAIT)))
    except ValueError:
        return LOCK_WAIT


def _flock(fd: int, wait: float) -> bool:
    """Take an exclusive ``flock`` on ``fd``, polling for up to ``wait`` seconds; False on timeout.

    ``flock`` locks belong to the open file description, so (unlike the POSIX record locks SQLite uses)
    closing some other descriptor of the same file does not drop them. Without ``fcntl`` (Windows) the
    lock is a no-op."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return True
    deadline = time.monotonic() + wait
    delay = 0.005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
        if time.monotonic() >= deadline:
            return False
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


@contextlib.contextmanager
def file_lock(lock_path: str | os.PathLike[str], *, wait: float | None = None, busy: str) -> Iterator[None]:
    """Hold an exclusive lock on the file ``lock_path`` (created, and removed again on release).

    Waits up to ``wait`` seconds (default :func:`lock_wait`) for another holder, then raises
    :class:`IpcorpusError` with ``busy``. The file is removed while still locked; a waiter that then gets
    the lock on the removed file sees that the path no longer names it and starts again, so two holders
    never overlap and no lock file is left behind."""
    p = Path(lock_path)
    wait = lock_wait() if wait is None else wait
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(p, os.O_RDWR | os.O_CREAT, 0o666 & ~current_umask())
        except OSError as exc:
            raise IpcorpusError(f"cannot lock {p}: {exc.strerror or exc}") from exc
        try:
            if not _flock(fd, max(0.0, deadline - time.monotonic())):
                raise IpcorpusError(busy)
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(p))
            except FileNotFoundError:
                same = False
        except BaseException:
            os.close(fd)
            raise
        if same:
            break
        os.close(fd)  # the holder before us removed it: lock the new one
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(p)
        os.close(fd)


@contextlib.contextmanager
def folder_lock(folder: str | os.PathLike[str], *, wait: float | None = None, busy: str) -> Iterator[None]:
    """Hold an exclusive lock on the folder itself (``flock`` on the directory: no file is created).
    Where a folder cannot be locked that way the lock is skipped."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # not openable as a directory here (Windows): no lock
        yield
        return
    try:
        if not _flock(fd, lock_wait() if wait is None else wait):
            raise IpcorpusError(busy)
        yield
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------------------- signals


class Terminated(BaseException):
    """Raised in the main thread by SIGTERM or SIGHUP while :func:`terminate_cleanly` is active."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"terminated by signal {signum}")
        self.signum = signum


_TERMINATING = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


@contextlib.contextmanager
def terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into a :class:`Terminated` exception inside the block, so that every
    ``finally`` on the way out runs (temporary files and staging folders are removed) as for Ctrl-C.
    On the way out of the outermost block the old handler is restored and the signal sent again, so the
    process ends as it would have (killed by the signal), only after cleaning up. A signal that is
    ignored (SIGHUP under ``nohup``) stays ignored. Outside the main thread this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old: dict[int, object] = {}
    fired: list[int] = []

    def handler(signum, frame) -> None:
        if not fired:  # the first one unwinds; later ones let the clean-up finish
            fired.append(signum)
            raise Terminated(signum)

    for sig in _TERMINATING:
        prev = signal.getsignal(sig)
        if prev is signal.SIG_IGN or prev is None:
            continue
        old[sig] = prev
        signal.signal(sig, handler)
    try:
        yield
    except Terminated as exc:
        _restore(old)
        old = {}
        os.kill(os.getpid(), exc.signum)  # the previous handler: an outer block's, or the default (die)
        raise SystemExit(128 + exc.signum) from None  # only if that handler returned
    finally:
        _restore(old)


def _restore(old: dict[int, object]) -> None:
    for sig, prev in old.items():
        signal.signal(sig, prev)


# ---------------------------------------------------------------------------------- staged swaps


class StagedFiles:
    """Files written into a hidden staging folder inside ``dest`` and moved into ``dest`` together.

    ``with StagedFiles(dest, managed) as stage:`` creates ``dest`` (if missing) and the staging folder
    ``stage.path``; write the outputs there, then call :meth:`commit`. Leaving the block removes the
    staging folder, and ``dest`` too if it was created here and is still empty. :meth:`commit` moves
    every staged file over its namesake in ``dest`` (each ``os.replace`` is atomic; a replaced file's
    mode is kept) and removes the ``managed`` names that were not staged, so ``dest`` ends up with this
    run's files only. A failure during the commit (or a later :meth:`rollback`) puts the previous
    files back."""

    PREFIX = ".ipcorpus-staging-"

    def __init__(self, dest: str | os.PathLike[str], managed: Iterable[str] = ()) -> None:
        self.dest = Path(dest)
        self.managed = set(managed)
        self.path: Path | None = None
        self._created: Path | None = None
        self._undo: list[Callable[[], None]] = []

    def __enter__(self) -> StagedFiles:
        try:
            if not self.dest.is_dir():
                first_missing = self.dest
                while not first_missing.parent.exists() and first_missing.parent != first_missing:
                    first_missing = first_missing.parent
                self.dest.mkdir(parents=True, exist_ok=True)
                self._created = first_missing
            self.path = Path(tempfile.mkdtemp(prefix=self.PREFIX, dir=self.dest))
        except OSError as exc:
            self._remove_created()
            raise IpcorpusError(f"cannot write to {self.dest}: {exc.strerror or exc}") from exc
        return self

    def __exit__(self, *exc) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
        if exc[0] is not None:
            self._remove_created()

    def _remove_created(self) -> None:
        """Remove the folders this object created, if nothing else was put there."""
        if self._created is None:
            return
        d = self.dest
        while True:
            try:
                d.rmdir()
            except OSError:
                return
            if d == self._created:
                return
            d = d.parent

    def commit(self) -> None:
        """Move the staged files into ``dest`` (see the class doc); all or nothing."""
        assert self.path is not None
        backup = self.path / ".previous"
        staged = sorted(p.name for p in self.path.iterdir() if not p.name.startswith(".") and p.is_file())
        self._undo = []
        try:
            backup.mkdir()
            for name in sorted(self.managed | set(staged)):
                target = self.dest / name
                keep = backup / name
                had_old = os.path.lexists(target)
                if name not in staged:
                    if had_old:
                        os.replace(target, keep)
                        self._undo.append(lambda t=target, k=keep: os.replace(k, t))
                    continue
                src = self.path / name
                if had_old:
                    _chmod(src, mode_for(target))
                    try:
                        os.link(target, keep)
                    except OSError:
                        shutil.copy2(target, keep)
                    self._undo.append(lambda t=target, k=keep: os.replace(k, t))
                else:
                    self._undo.append(lambda t=target: os.unlink(t))
                os.replace(src, target)
        except BaseException as exc:
            self.rollback()
            if isinstance(exc, OSError):
                where = getattr(exc, "filename", None) or self.dest
                raise IpcorpusError(f"cannot write {where}: {exc.strerror or exc}; "
                                    f"{self.dest} was left as it was") from exc
            raise

    def rollback(self) -> None:
        """Undo :meth:`commit` (as far as it went): the previous files are back in ``dest``."""
        while self._undo:
            with contextlib.suppress(OSError):
                self._undo.pop()()
