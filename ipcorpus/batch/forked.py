"""A few functions run at once in processes forked from this one (Linux): how the corpus glossary's
reduce step, one task on one worker, uses the cores that the batch leaves idle while it runs.

A forked child sees this process's memory as it is (the merged parts, the trained models), so nothing
is pickled on the way in; only each function's result comes back, pickled through a pipe. A child that
fails, is killed or cannot be started is not an error: its function is run again here, where an
exception reaches the caller as usual. Where ``os.fork`` is missing or unsafe (not Linux) everything
runs here, one function after another.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any

#: at most this many processes (this one included) for one call
MAX_PROCESSES = 8


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Forked:
    """``Forked(n)(thunks) == [f() for f in thunks]``, the first in this process and the others each in
    a child forked from it (``n``, the ``processes`` attribute, tells callers how many runs to make)."""

    def __init__(self, processes: int | None = None) -> None:
        n = usable_cores() if processes is None else processes
        self.processes = max(1, min(n, MAX_PROCESSES)) if can_fork() else 1

    def __call__(self, thunks: Sequence[Callable[[], Any]]) -> list[Any]:
        return forked_run(thunks) if self.processes > 1 else [f() for f in thunks]


def can_fork() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork")


def forked_run(thunks: Sequence[Callable[[], Any]]) -> list[Any]:
    """``[f() for f in thunks]``: ``thunks[0]`` here, each other one in a forked child meanwhile."""
    children: list[tuple[int, int] | None] = []
    try:
        for f in thunks[1:]:
            children.append(_start(f))
        results = [thunks[0]()]
        for k, f in enumerate(thunks[1:]):
            child, children[k] = children[k], None
            ok, value = _collect(child)
            results.append(value if ok else f())
        return results
    finally:
        for child in children:  # after an exception here: stop and reap the children left
            if child is not None:
                _stop(child)


def _start(f: Callable[[], Any]) -> tuple[int, int] | None:
    """Fork a child that runs ``f`` and writes its pickled result to a pipe; (pid, read end), or None."""
    try:
        read, write = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(read)
            data = pickle.dumps(f(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as fh:
                fh.write(data)
            code = 0
        except BaseException:  # noqa: BLE001 - the parent runs f again and reports the error
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _collect(child: tuple[int, int] | None) -> tuple[bool, Any]:
    """(True, result) of a child, or (False, None) if it did not give one."""
    if child is None:
        return False, None
    pid, read = child
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return False, None
    try:
        return True, pickle.loads(data)
    except Exception:  # noqa: BLE001 - a truncated result: run it here
        return False, None


def _stop(child: tuple[int, int] | None) -> None:
    if child is None:
        return
    pid, read = child
    with contextlib.suppress(OSError):
        os.close(read)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
