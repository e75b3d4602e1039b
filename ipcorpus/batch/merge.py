"""The corpus-level files of a batch: the merged translation memory and the summary table.

The merged ``memory.tmx`` holds every unit of every finished document's ``memory.tmx``, documents in
manifest order, units in their order; each unit gets a ``prop type="x-document"`` with its document's
name, and ``tuid`` s run from 1 over the whole corpus. The header keeps the first document's signature
props (version, encoder, aligner settings; not its file names or counts) and adds ``x-documents``. The file is
streamed, so its size is not bounded by memory, and it is TMX 1.4b like the documents' own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from ipcorpus.batch.work import DocResult

SUMMARY_COLUMNS = ("document", "status", "zh_sentences", "en_sentences", "beads", "units", "mean_confidence",
                   "first_segment", "seconds", "error")
#: the header props of a document's TMX that hold for the whole corpus (its settings, not its counts)
_CORPUS_PROPS = ("x-ipcorpus", "x-encoder", "x-config")


def _iter_tus(path: Path):
    """(header element or None, tu element) of a TMX file, streamed; each tu is freed after use."""
    from lxml import etree

    for _, el in etree.iterparse(str(path), events=("end",), tag=("header", "tu"), resolve_entities=False,
                                 no_network=True, huge_tree=True):
        yield el
        if el.tag == "tu":
            el.clear(keep_tail=False)
            while el.getprevious() is not None:
                del el.getparent()[0]


def _header_line(version_attr: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
            f'  <header creationtool="ipcorpus" creationtoolversion={quoteattr(version_attr)}'
            ' datatype="plaintext" segtype="sentence" adminlang="en" srclang="zh-CN" o-tmf="ipcorpus">\n')


def _prop(kind: str, value: str, indent: str) -> str:
    return f"{indent}<prop type={quoteattr(kind)}>{escape(value)}</prop>\n"


def write_merged_tmx(docs: Sequence[tuple[str, Path]], fh: TextIO) -> int:
    """Write one TMX of the units of ``docs`` ((name, path of its memory.tmx), in order); return the
    number of units."""
    from ipcorpus import __version__

    n = 0
    header_done = False
    for name, path in docs:
        for el in _iter_tus(path):
            if el.tag == "header":
                if not header_done:
                    _write_header(fh, el, len(docs), __version__)
                    header_done = True
                continue
            n += 1
            fh.write("    " + _unit_text(el, name, n) + "\n")
    if not header_done:
        _write_header(fh, None, len(docs), __version__)
    fh.write("  </body>\n</tmx>\n")
    return n


def _write_header(fh: TextIO, header, n_docs: int, version: str) -> None:
    fh.write(_header_line(header.get("creationtoolversion", version) if header is not None else version))
    fh.write(_prop("x-documents", str(n_docs), "    "))
    if header is not None:
        for prop in header.findall("prop"):
            if prop.get("type") in _CORPUS_PROPS:
                fh.write(_prop(prop.get("type", ""), prop.text or "", "    "))
    fh.write("  </header>\n  <body>\n")


def _unit_text(tu, name: str, n: int) -> str:
    from lxml import etree

    tu.set("tuid", str(n))
    tu.tail = None
    at = sum(1 for child in tu if child.tag in ("prop", "note"))
    prop = etree.Element("prop", type="x-document")
    prop.text = name
    prop.tail = "\n      "
    tu.insert(at, prop)
    return etree.tostring(tu, encoding="unicode")


# --------------------------------------------------------------------------------------- summary


def summary_rows(results: Iterable[DocResult], first_segments: dict[str, int]) -> list[list[str]]:
    """One row per document (see :data:`SUMMARY_COLUMNS`)."""
    rows = []
    for r in results:
        s = r.stats if r.ok else {}
        conf = s.get("mean_confidence")
        rows.append([r.name, r.status, *(str(s.get(k, "")) for k in ("zh_sentences", "en_sentences", "beads",
                                                                      "units")),
                     f"{conf:.4f}" if isinstance(conf, (int, float)) else "",
                     str(first_segments.get(r.name, "")), f"{r.seconds:.2f}", r.error])
    return rows


def summary_tsv(rows: list[list[str]]) -> str:
    return "\n".join("\t".join(c.replace("\t", " ") for c in row) for row in [list(SUMMARY_COLUMNS), *rows]) + "\n"


def summary_table(rows: list[list[str]], *, limit: int = 40) -> list[str]:
    """The summary as aligned text lines for the screen: every row up to ``limit`` documents, else the
    failed ones only (the TSV has them all)."""
    shown = rows if len(rows) <= limit else [r for r in rows if r[1] == "failed"][:limit]
    header = ["document", "status", "zh", "en", "beads", "units", "conf", "s"]
    table = [header] + [[*r[:7], r[8]] for r in shown]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
             for row in table]
    for r in shown:
        if r[9]:
            lines.append(f"{r[0]}: {r[9]}")
    if len(shown) < len(rows):
        lines.append(f"({len(rows) - len(shown)} more documents in summary.tsv)")
    return lines
