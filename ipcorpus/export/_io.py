"""Shared helpers of the writers: atomic file output and text clean-up."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ipcorpus.errors import IpcorpusError

# Characters allowed by XML 1.0 (section 2.2): #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
# [#x10000-#x10FFFF]. Everything else (C0 controls such as U+0001, lone surrogates, U+FFFE/U+FFFF) is
# removed: a single one, raw or escaped as &#1;, makes OmegaT reject the whole TMX.
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAKS = re.compile(r"[\t\r\n\u2028\u2029\x85]+")


def strip_xml_invalid(text: str) -> str:
    """Remove every character that XML 1.0 does not allow (controls, surrogates, U+FFFE, U+FFFF)."""
    return _XML_INVALID.sub("", text)


def one_line(text: str) -> str:
    """Replace tabs and line breaks by single spaces, so that a text fits in one TSV/TMX cell."""
    return _LINE_BREAKS.sub(" ", text).strip()


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """Open a temporary file next to ``path`` for writing UTF-8 text; on success it replaces ``path``
    (``os.replace``), on any error it is deleted, so a half-written output never exists."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise IpcorpusError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
