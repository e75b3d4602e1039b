"""Reading a text file whatever its encoding, and normalising it.

Order of attempts: a byte-order mark (UTF-8, UTF-16, UTF-32); strict UTF-8; then charset-normalizer
(which tells GB18030/GBK and Big5 apart reliably). GB2312/GBK are decoded as GB18030, their superset.
A file with NUL bytes and no UTF-16/32 mark, or one that no candidate decodes into mostly printable
text, is rejected as binary.
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from ipcorpus.errors import InputError

logger = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}
#: Control characters removed by :func:`normalize_text` (tab and newline are kept).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\u200b]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SPACES = ("\u3000", "\u00a0", "\u2007", "\u202f")
MAX_CHAOS = 0.2
_DETECT_BYTES = 1 << 20  # charset-normalizer looks at the first MiB; the whole file is decoded after


def normalize_text(text: str) -> str:
    """CRLF/CR and other line separators -> ``\\n``; full-width and no-break spaces -> `` ``;
    control characters (except ``\\t`` and ``\\n``), BOMs and zero-width spaces removed."""
    text = _LINE_BREAKS.sub("\n", text)
    for space in _SPACES:  # str.replace is much faster than str.translate on large texts
        if space in text:
            text = text.replace(space, " ")
    return _CONTROL.sub("", text)


def _looks_binary(text: str) -> bool:
    """True when more than 1 % of the characters are control characters other than whitespace."""
    if not text:
        return False
    sample = text[:200_000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\x0c") or ch == "\ufffd")
    return bad > max(2, len(sample) // 100)


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode ``data`` (see the module docstring for the order of attempts); raise :class:`InputError`
    naming ``name`` when the bytes are binary or undecodable."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but cannot be decoded ({exc.reason})") from exc
    if b"\x00" in data[:_DETECT_BYTES]:
        raise InputError(f"{name}: binary file (NUL bytes), not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_detected(data, name)
    if _looks_binary(text):
        raise InputError(f"{name}: binary file (control characters), not a text file")
    return text


def _decode_detected(data: bytes, name: str) -> str:
    """Decode non-UTF-8 bytes. charset-normalizer first chooses between the Chinese encodings only
    (GB18030 or Big5; on short texts an open choice often lands on CP949 or UTF-16); only when neither
    fits (chaos above :data:`MAX_CHAOS`) are all encodings considered."""
    from charset_normalizer import from_bytes

    sample = data[:_DETECT_BYTES]
    best = from_bytes(sample, cp_isolation=["gb18030", "big5"]).best()
    if best is None or best.chaos > MAX_CHAOS:
        best = from_bytes(sample).best()
    if best is None:
        raise InputError(f"{name}: cannot detect the text encoding (not UTF-8, GB18030, Big5 or UTF-16)")
    enc = _SUPERSETS.get(best.encoding.lower().replace("-", "").replace("_", ""), best.encoding)
    logger.info("%s: decoding as %s", name, enc)
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"{name}: looks like {enc} but cannot be decoded as such") from exc


def read_text(path: str | Path) -> str:
    """Read and decode a text file, then normalise it (:func:`normalize_text`).

    Raises :class:`InputError` ("<path>: …") for a missing, unreadable, binary, undecodable or empty file.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{p}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{p}: is a directory, not a text file") from exc
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from exc
    text = normalize_text(decode_bytes(data, str(p)))
    if not text.strip():
        raise InputError(f"{p}: file is empty")
    return text
