"""TMX 1.4b writer.

The header records the signature of the alignment (``Alignment.meta``: ipcorpus version, encoder,
aligner settings) and the input file names as ``prop`` elements, so a translation memory says how it
was made. Each translation unit (a bead with both sides) is one ``tu`` with the props ``x-score``
(confidence), ``x-bead`` (e.g. ``2-1``) and ``x-merged`` (``true`` when a side holds more than one
sentence), then ``tuv xml:lang="zh-CN"`` and ``tuv xml:lang="en"``.

Characters that XML 1.0 does not allow are removed from every text, and line breaks inside a
segment become spaces. The file validates against ``tmx14b.dtd`` (shipped next to this module).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib.resources import files
from typing import Any, TextIO
from xml.sax.saxutils import escape, quoteattr

from ipcorpus import __version__
from ipcorpus.export._io import one_line, strip_xml_invalid
from ipcorpus.export._units import Record
from ipcorpus.types import Alignment

SRC_LANG = "zh-CN"
TGT_LANG = "en"


def dtd_text() -> str:
    """The TMX 1.4b DTD shipped with the package (for validation)."""
    return files("ipcorpus.export").joinpath("tmx14b.dtd").read_text(encoding="utf-8")


def _clean(text: str) -> str:
    """Text safe for a TMX element: XML-valid characters only, on one line."""
    return one_line(strip_xml_invalid(text))


def _prop(prop_type: str, value: str, indent: str) -> str:
    return f"{indent}<prop type={quoteattr(_clean(prop_type))}>{escape(_clean(value))}</prop>\n"


def _prop_value(value: Any) -> str:
    """A meta value as prop text: strings as they are, anything else as compact sorted JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def header_props(alignment: Alignment) -> list[tuple[str, str]]:
    """The header props: the signature (``jsonl_meta``: version, encoder, settings, input files) as
    ``x-<key>`` props, the same keys the JSONL meta line holds."""
    from ipcorpus.export.tabular import jsonl_meta

    meta = jsonl_meta(alignment)
    return [(f"x-{key}", _prop_value(meta[key])) for key in sorted(meta) if meta[key] not in ("", None)]


def write_tmx(fh: TextIO, alignment: Alignment, records: Iterable[Record]) -> None:
    """Write a TMX 1.4b document of ``records`` (translation units only) to ``fh``."""
    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    fh.write('<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    fh.write('<tmx version="1.4">\n')
    fh.write(
        f'  <header creationtool="ipcorpus" creationtoolversion={quoteattr(__version__)}'
        f' datatype="plaintext" segtype="sentence" adminlang="en" srclang="{SRC_LANG}"'
        ' o-tmf="ipcorpus">\n'
    )
    for prop_type, value in header_props(alignment):
        fh.write(_prop(prop_type, value, "    "))
    fh.write("  </header>\n  <body>\n")
    for n, rec in enumerate(records, start=1):
        if not rec.is_unit:
            continue
        fh.write(f'    <tu tuid="{n}">\n')
        fh.write(_prop("x-score", f"{rec.bead.score:.4f}", "      "))
        fh.write(_prop("x-bead", rec.bead.kind, "      "))
        fh.write(_prop("x-merged", "true" if rec.merged else "false", "      "))
        for lang, text in ((SRC_LANG, rec.zh), (TGT_LANG, rec.en)):
            fh.write(f'      <tuv xml:lang="{lang}"><seg>{escape(_clean(text))}</seg></tuv>\n')
        fh.write("    </tu>\n")
    fh.write("  </body>\n</tmx>\n")
