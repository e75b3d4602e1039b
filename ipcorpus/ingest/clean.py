"""The one text-cleaning step every reader applies: nothing XML 1.0 cannot hold gets past ingestion.

XML 1.0 (section 2.2) allows ``#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]``.
Everything else — C0 control characters such as U+0001, lone surrogates (which a JSON ``"\\ud800"``
escape produces), U+FFFE and U+FFFF — is removed when a file is read, so that no writer (TMX, TBX)
and no store (the term base, which needs valid UTF-8) ever meets it.

* documents, TSV, CSV, JSON and JSONL go through :func:`ipcorpus.ingest.read_text`, which cleans the
  decoded text; JSON and JSONL strings are cleaned once more after parsing (escapes such as
  ``\\u0001`` only appear then);
* TMX and TBX files that are not well-formed only because of such characters (raw, or as character
  references like ``&#1;``) are cleaned and parsed again (:func:`parse_xml_file`).

Every removal is counted per file (in :mod:`ipcorpus.notes`); the command line prints one note per file
that changed (:func:`take_notes`), e.g. ``note: g.tsv: removed 3 characters that XML 1.0 cannot hold ...``.

The same notes carry one more line when over-long text was cut (:func:`record_cut`; issue 11, item 5):
a sentence longer than :data:`ipcorpus.segment.zh.MAX_SENTENCE_CHARS` that a splitter cut into pieces,
or a text that the encoder was given in pieces (:mod:`ipcorpus.embed.cache`). ``record``,
``changed_counts``, ``record_cut`` and ``take_notes`` live in :mod:`ipcorpus.notes` (below every stage,
so that segment and embed record there without importing ingest) and are importable from here too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ipcorpus.notes import changed_counts, record, record_cut, take_notes

__all__ = ["XML_INVALID", "changed_counts", "clean_text", "clean_value", "clean_xml_bytes", "parse_xml_file",
           "record", "record_cut", "take_notes"]

#: Characters XML 1.0 does not allow (the complement of its ``Char`` production).
XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Character references to such characters: ``&#1;``, ``&#x1F;``, ``&#xFFFE;``, ``&#55296;``.
_BAD_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def clean_text(text: str, source: str | None = None) -> str:
    """``text`` without the characters XML 1.0 cannot hold; the number removed is counted for
    ``source`` (a file name) when given."""
    cleaned, n = XML_INVALID.subn("", text)
    if n and source is not None:
        record(source, n)
    return cleaned


def clean_value(value: Any, source: str | None = None) -> Any:
    """:func:`clean_text` applied to every string inside a parsed JSON value (keys included)."""
    if isinstance(value, str):
        return clean_text(value, source)
    if isinstance(value, list):
        return [clean_value(v, source) for v in value]
    if isinstance(value, dict):
        return {clean_value(k, source): clean_value(v, source) for k, v in value.items()}
    return value


def _is_invalid_ref(m: re.Match[str]) -> bool:
    cp = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return cp > 0x10FFFF or bool(XML_INVALID.match(chr(cp)))


def clean_xml_bytes(data: bytes) -> tuple[bytes, int] | None:
    """UTF-8 XML ``data`` without raw characters XML 1.0 cannot hold and without character references
    to them, with the number removed; ``None`` when there is nothing to remove or the bytes are not
    UTF-8 (a file in another encoding is left to the parser's own error)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    head = text[:200]
    decl = re.match(r"""\ufeff?<\?xml[^>]*encoding\s*=\s*["']([^"']+)""", head)
    if decl and decl.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        return None
    text, n_raw = XML_INVALID.subn("", text)
    n_ref = 0

    def drop(m: re.Match[str]) -> str:
        nonlocal n_ref
        if _is_invalid_ref(m):
            n_ref += 1
            return ""
        return m.group(0)

    text = _BAD_CHAR_REF.sub(drop, text)
    if not n_raw + n_ref:
        return None
    return text.encode("utf-8"), n_raw + n_ref


def parse_xml_file(path: str | Path, parser):
    """``lxml.etree.parse`` of ``path`` with ``parser``; when the file is not well-formed only because
    of characters XML 1.0 cannot hold, they are removed (and counted for ``path``) and the cleaned bytes
    parsed. Raises the parser's ``XMLSyntaxError`` (or ``OSError``) otherwise."""
    from lxml import etree

    try:
        return etree.parse(str(path), parser)
    except etree.XMLSyntaxError as first:
        data = Path(path).read_bytes()
        fixed = clean_xml_bytes(data)
        if fixed is None:
            raise
        try:
            tree = etree.fromstring(fixed[0], parser, base_url=str(path)).getroottree()
        except etree.XMLSyntaxError:
            raise first from None
        record(str(path), fixed[1])
        return tree
