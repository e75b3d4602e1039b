"""Reading a text file whatever its encoding, and normalising it.

Order of attempts: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without a mark, told by its NUL
bytes (the high bytes of ASCII characters: all at odd offsets for little-endian, at even offsets for
big-endian); strict UTF-8; then charset-normalizer (which tells GB18030/GBK and Big5 apart reliably on
longer texts). GB2312/GBK are decoded as GB18030, their superset. On short texts the detector often
says Big5 for GBK (``质押`` read as ``窐挹``): when it says Big5 but the bytes also decode as GB18030 into
plausible simplified text (every non-ASCII character a GB2312 ideograph or common punctuation; Big5
bytes read as GB18030 almost always give private-use, box-drawing or rare GBK-extension characters),
GB18030 wins; Big5 stays when the text is only valid, or only plausible, as Big5.
A file with NUL bytes that is not UTF-16, or one that no candidate decodes into mostly printable
text, is rejected as binary.

The decoded text is then normalised (:func:`normalize_text`), which includes the one cleaning step of
:mod:`ipcorpus.ingest.clean`: characters XML 1.0 cannot hold are removed and counted.
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from ipcorpus.errors import InputError
from ipcorpus.ingest.clean import clean_text
from ipcorpus.segment.chars import is_han_basic

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


def normalize_text(text: str, source: str | None = None) -> str:
    """CRLF/CR and other line separators -> ``\\n``; full-width and no-break spaces -> `` ``;
    control characters (except ``\\t`` and ``\\n``), BOMs and zero-width spaces removed. Characters XML
    1.0 cannot hold (controls, U+FFFE, U+FFFF, lone surrogates) are removed by
    :func:`ipcorpus.ingest.clean.clean_text` and counted for ``source`` when given."""
    text = clean_text(_LINE_BREAKS.sub("\n", text), source)
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
        text = _decode_utf16_by_nuls(data)
        if text is None:
            raise InputError(f"{name}: binary file (NUL bytes), not a text file")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_detected(data, name)
    if _looks_binary(text):
        raise InputError(f"{name}: binary file (control characters), not a text file")
    return text


def _decode_utf16_by_nuls(data: bytes) -> str | None:
    """``data`` decoded as UTF-16 without a byte-order mark when its NUL bytes say so, else ``None``.

    In UTF-16 text the NUL bytes are the high bytes of ASCII characters: at odd offsets (little-endian)
    or even ones (big-endian). The other parity may hold a few (ideographs such as U+4E00 一 have a
    NUL low byte) but at least 8 times fewer. The result must decode strictly and hold no U+0000.
    UTF-32 (NULs at both parities) and binary files fail these tests.
    """
    if len(data) % 2:
        return None
    sample = data[:_DETECT_BYTES]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 2 and odd >= 8 * even:
        enc = "utf-16-le"
    elif even >= 2 and even >= 8 * odd:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    logger.info("decoding as %s (no byte-order mark; told by its NUL bytes)", enc)
    return text


#: Non-ASCII characters that simplified Chinese text in GB18030 plausibly holds besides GB2312 ideographs.
_GB_PUNCT = re.compile(r"[\u00b7\u2010-\u2027\u2030-\u205e\u3000-\u303f\uff01-\uff5e\uffe0-\uffe5]")


def _plausible_gb(text: str) -> bool:
    """Every non-ASCII character of ``text`` is a GB2312 ideograph or common punctuation."""
    for ch in set(text):
        if ch.isascii() or _GB_PUNCT.match(ch):
            continue
        if not is_han_basic(ch):
            return False
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            return False
    return True


def _prefer_gb18030(data: bytes) -> str | None:
    """``data`` decoded as GB18030 when that gives plausible simplified text (:func:`_plausible_gb`)."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if _plausible_gb(text) else None


def _decode_detected(data: bytes, name: str) -> str:
    """Decode non-UTF-8 bytes. charset-normalizer first chooses between the Chinese encodings only
    (GB18030 or Big5; on short texts an open choice often lands on CP949 or UTF-16); only when neither
    fits (chaos above :data:`MAX_CHAOS`) are all encodings considered."""
    from charset_normalizer import from_bytes

    sample = data[:_DETECT_BYTES]
    best = from_bytes(sample, cp_isolation=["gb18030", "big5"]).best()
    if best is None or best.chaos > MAX_CHAOS:
        if (gb := _prefer_gb18030(data)) is not None:  # short GBK punctuation-heavy text: an open guess says UTF-16
            logger.info("%s: decoding as gb18030", name)
            return gb
        best = from_bytes(sample).best()
    if best is None:
        raise InputError(f"{name}: cannot detect the text encoding (not UTF-8, GB18030, Big5 or UTF-16)")
    enc = _SUPERSETS.get(best.encoding.lower().replace("-", "").replace("_", ""), best.encoding)
    if enc == "big5hkscs" and (gb := _prefer_gb18030(data)) is not None:
        logger.info("%s: decoding as gb18030 (also valid as Big5)", name)
        return gb
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
    text = normalize_text(decode_bytes(data, str(p)), str(p))
    if not text.strip():
        raise InputError(f"{p}: file is empty")
    return text
