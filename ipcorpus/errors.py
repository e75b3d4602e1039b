"""Errors that reach the user as one clear line (the CLI turns them into exit code 1)."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path


class IpcorpusError(Exception):
    """A problem with the user's input or environment, worded for the user.

    The message must make sense on its own, on one line, and name the file or option at fault.
    """


class InputError(IpcorpusError):
    """An input file cannot be read, decoded or parsed."""


class ModelError(IpcorpusError):
    """An encoder model cannot be found or loaded (never fetched from the network)."""


class OutputError(IpcorpusError):
    """An output file or the term base cannot be written (permission, immutable file, full disk...)."""


_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[^./]+\.tmp$")
_WRITE_ONLY_ERRNOS = {e for e in (errno.ENOSPC, errno.EROFS, errno.EFBIG, getattr(errno, "EDQUOT", None))
                      if e is not None}


def _user_path(name: str | bytes | os.PathLike[str] | None) -> tuple[str | None, bool]:
    """The file a user knows, and whether the name was that of an atomic write's temporary file
    (``.NAME.XXXX.tmp`` becomes ``NAME``)."""
    if name is None:
        return None, False
    p = Path(os.fsdecode(name))
    m = _TEMP_NAME.match(p.name)
    return (str(p.with_name(m.group("name"))), True) if m else (str(p), False)


def os_error_message(exc: OSError, path: str | os.PathLike[str] | None = None, *, writing: bool = False) -> str:
    """One line for an :class:`OSError` met while reading or writing a file: the file (``path`` when
    given, else the error's own file name, the target of a rename first) and the system's reason.

    ``cannot write out.tmx: Operation not permitted (an immutable or read-only file?)``,
    ``cannot write out.tmx: No space left on device``, ``notes.txt: Permission denied``.
    """
    if path is not None:
        name: str | None = str(path)
    else:
        target, _ = _user_path(exc.filename2)
        first, temp = _user_path(exc.filename)
        name = target or first
        writing = writing or target is not None or temp
    writing = writing or exc.errno in _WRITE_ONLY_ERRNOS
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno in (errno.EPERM, errno.EACCES):
        reason += " (an immutable or read-only file or folder?)" if writing else ""
    if writing:
        return f"cannot write {name or 'an output file'}: {reason}"
    return f"{name}: {reason}" if name else f"{reason}"
