"""Glossary files: write TSV (OmegaT layout), CSV, TBX-Basic, JSON; read TSV, CSV, TBX (v3 and 2008 martif).

Rows come best first (the order of :attr:`Glossary.entries`, translations by confidence). Writes are
atomic: the file is written next to its destination and moved into place, so a failure never leaves a
half-written glossary. Reading a malformed file raises :class:`~ipcorpus.errors.InputError`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ipcorpus.errors import InputError, IpcorpusError
from ipcorpus.fileio import atomic_write_text
from ipcorpus.ingest.decode import read_text
from ipcorpus.types import Glossary, TermEntry, Translation

FORMATS = ("tsv", "csv", "tbx", "json")
TBX_NS = "urn:iso:std:iso:30042:ed:3.0"
TBX_SCHEMA = "tbx_basic_v3_subset.rng"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """The glossary format: ``fmt`` if given, else the file extension (tsv, csv, tbx, json)."""
    f = (fmt or Path(path).suffix.lstrip(".")).lower()
    if f == "txt":
        f = "tsv"
    if f not in FORMATS:
        raise IpcorpusError(f"{path}: unknown glossary format {f!r} (use one of: {', '.join(FORMATS)})")
    return f


def filter_glossary(glossary: Glossary, *, min_freq: int = 0, min_confidence: float = 0.0) -> Glossary:
    """A copy with entries seen at least ``min_freq`` times and translations of ``min_confidence``."""
    out: list[TermEntry] = []
    for e in glossary.entries:
        if e.frequency < min_freq and e.origin != "imported":
            continue
        tr = [t for t in e.translations if t.confidence >= min_confidence]
        if tr:
            out.append(TermEntry(e.source, tr, e.frequency, e.examples, e.origin, e.note))
    return Glossary(out, dict(glossary.meta))


def _comment(e: TermEntry, t: Translation) -> str:
    parts = [f"confidence {t.confidence:.2f}", f"count {t.count}", f"frequency {e.frequency}", e.origin]
    return "; ".join(parts)


def _clean(s: str) -> str:
    return " ".join(s.split())


def glossary_to_tsv(glossary: Glossary) -> str:
    """OmegaT glossary layout: ``source<TAB>target<TAB>comment``, one line per translation."""
    lines = [f"{_clean(e.source)}\t{_clean(t.target)}\t{_comment(e, t)}" for e in glossary.entries for t in e.translations]
    return "\n".join(lines) + ("\n" if lines else "")


CSV_HEADER = ["source", "target", "confidence", "count", "frequency", "origin", "rank"]


def glossary_to_csv(glossary: Glossary) -> str:
    """CSV with a header; one row per translation; ``rank`` 1 is the best translation of the term."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_HEADER)
    for e in glossary.entries:
        for i, t in enumerate(e.translations, 1):
            w.writerow([e.source, t.target, f"{t.confidence:.4f}", t.count, e.frequency, e.origin, i])
    return buf.getvalue()


def glossary_to_json(glossary: Glossary) -> str:
    """JSON for scripts: ``{"meta": ..., "entries": [{source, frequency, origin, translations, examples}]}``."""
    entries = [
        {
            "source": e.source,
            "frequency": e.frequency,
            "origin": e.origin,
            "note": e.note,
            "translations": [{"target": t.target, "confidence": t.confidence, "count": t.count} for t in e.translations],
            "examples": [{"zh": x.zh, "en": x.en, "segment_id": x.segment_id} for x in e.examples],
        }
        for e in glossary.entries
    ]
    return json.dumps({"meta": glossary.meta, "entries": entries}, ensure_ascii=False, indent=1, default=str) + "\n"


def glossary_to_tbx(glossary: Glossary, *, src_lang: str = "zh", tgt_lang: str = "en") -> str:
    """TBX-Basic (TBX v3, DCA style): one ``conceptEntry`` per term, the Chinese term and its
    translations as ``termSec`` s; the best translation is the preferred term, others admitted;
    confidence and counts in ``note``; an example pair as ``descrip type="context"``."""
    from lxml import etree

    def el(parent, tag: str, text: str | None = None, **attrs: str):
        node = etree.SubElement(parent, f"{{{TBX_NS}}}{tag}")
        for k, v in attrs.items():
            node.set(XML_LANG if k == "lang" else k, v)
        if text is not None:
            node.text = text
        return node

    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, tgt_lang)
    fd = el(el(root, "tbxHeader"), "fileDesc")
    el(el(fd, "titleStmt"), "title", "ipcorpus glossary")
    sd = el(fd, "sourceDesc")
    meta = {k: v for k, v in glossary.meta.items() if k != "config"}
    el(sd, "p", "ipcorpus " + json.dumps(meta, ensure_ascii=False, default=str))
    body = el(el(root, "text"), "body")
    for i, e in enumerate(glossary.entries, 1):
        ce = el(body, "conceptEntry", id=f"c{i}")
        if e.origin:
            el(ce, "admin", e.origin, type="source")
        ls = el(ce, "langSec", lang=src_lang)
        ts = el(ls, "termSec")
        el(ts, "term", e.source)
        el(ts, "termNote", "preferredTerm-admn-sts", type="administrativeStatus")
        if e.examples:
            el(ts, "descrip", _clean(e.examples[0].zh), type="context")
        el(ts, "note", f"frequency {e.frequency}")
        ls = el(ce, "langSec", lang=tgt_lang)
        for j, t in enumerate(e.translations):
            ts = el(ls, "termSec")
            el(ts, "term", t.target)
            status = "preferredTerm-admn-sts" if j == 0 else "admittedTerm-admn-sts"
            el(ts, "termNote", status, type="administrativeStatus")
            if j == 0 and e.examples:
                el(ts, "descrip", _clean(e.examples[0].en), type="context")
            el(ts, "note", f"confidence {t.confidence:.4f}; count {t.count}")
    if not glossary.entries:
        raise IpcorpusError("the glossary is empty: a TBX file needs at least one entry (lower --min-freq/--min-confidence)")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def write_glossary(glossary: Glossary, path: str | Path, fmt: str | None = None, *,
                   min_freq: int = 0, min_confidence: float = 0.0) -> int:
    """Write ``glossary`` to ``path`` (format from ``fmt`` or the extension), atomically.

    Returns the number of entries written (after the ``min_freq``/``min_confidence`` filters).
    """
    f = format_of(path, fmt)
    g = filter_glossary(glossary, min_freq=min_freq, min_confidence=min_confidence)
    text = {"tsv": glossary_to_tsv, "csv": glossary_to_csv, "json": glossary_to_json, "tbx": glossary_to_tbx}[f](g)
    atomic_write_text(path, text)
    return len(g.entries)


# ----------------------------------------------------------------------------------------------- TBX


@lru_cache(maxsize=1)
def tbx_schema():
    """The shipped RELAX NG grammar for our TBX-Basic output, as an ``lxml.etree.RelaxNG``."""
    from lxml import etree

    data = resources.files("ipcorpus.terms").joinpath("schema").joinpath(TBX_SCHEMA).read_bytes()
    return etree.RelaxNG(etree.fromstring(data))


def validate_tbx(path_or_bytes: str | Path | bytes) -> list[str]:
    """Validate a TBX file against the shipped TBX-Basic grammar; returns the error messages (none = valid)."""
    from lxml import etree

    try:
        if isinstance(path_or_bytes, bytes):
            doc = etree.fromstring(path_or_bytes).getroottree()
        else:
            doc = etree.parse(str(path_or_bytes))
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    schema = tbx_schema()
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _lang(node) -> str:
    return (node.get(XML_LANG) or node.get("lang") or "").lower()


def read_tbx(path: Path) -> Glossary:
    """Entries of a TBX file, TBX v3 (``conceptEntry/langSec/termSec``) or 2008 (``termEntry/langSet/tig``).

    The first Chinese term of an entry is the source; its English terms are the translations
    (order kept, confidence 1.0). Entries without both languages are skipped.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: malformed TBX ({str(exc).splitlines()[0] if str(exc) else 'syntax error'})") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    if _local(root.tag) not in ("tbx", "martif"):
        raise InputError(f"{path}: not a TBX file (root element <{_local(root.tag)}>)")
    entries: list[TermEntry] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("conceptEntry", "termEntry"):
            continue
        zh: list[str] = []
        en: list[str] = []
        for ls in entry:
            if _local(ls.tag) not in ("langSec", "langSet"):
                continue
            lang = _lang(ls)
            terms = ["".join(t.itertext()).strip() for t in ls.iter() if _local(t.tag) == "term"]
            terms = [t for t in terms if t]
            if lang.startswith("zh"):
                zh += terms
            elif lang.startswith("en"):
                en += terms
        if zh and en:
            entries.append(TermEntry(zh[0], [Translation(t, 1.0, 0) for t in dict.fromkeys(en)], 0, [], "imported"))
    if not entries:
        raise InputError(f"{path}: no entries with both a Chinese and an English term")
    return Glossary(entries, {"source": str(path), "format": "tbx"})


def _group(rows: Iterable[tuple[str, str, float]], path: Path, fmt: str) -> Glossary:
    by_source: dict[str, TermEntry] = {}
    for src, tgt, conf in rows:
        src, tgt = src.strip(), tgt.strip()
        if not src or not tgt:
            continue
        e = by_source.setdefault(src, TermEntry(src, [], 0, [], "imported"))
        if all(t.target != tgt for t in e.translations):
            e.translations.append(Translation(tgt, conf, 0))
    if not by_source:
        raise InputError(f"{path}: no glossary rows (expected source<TAB>target lines)")
    return Glossary(list(by_source.values()), {"source": str(path), "format": fmt})


def read_glossary(path: str | Path, fmt: str | None = None) -> Glossary:
    """Read a glossary (TSV in OmegaT layout, CSV with or without header, TBX); entries marked ``imported``.

    TSV/CSV target cells may hold alternatives separated by ``|``.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    f = format_of(p, fmt)
    if f == "tbx":
        return read_tbx(p)
    if f == "json":
        try:
            data = json.loads(read_text(p))
            rows = [(e["source"], t["target"], 1.0) for e in data["entries"] for t in e["translations"]]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{p}: not an ipcorpus JSON glossary ({exc})") from exc
        return _group(rows, p, f)
    text = read_text(p)
    if f == "tsv":
        rows = []
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                raise InputError(f"{p}:{lineno}: expected source<TAB>target, found no tab")
            rows += [(cols[0], alt, 1.0) for alt in cols[1].split("|")]
        return _group(rows, p, f)
    reader = list(csv.reader(io.StringIO(text)))
    if not reader:
        raise InputError(f"{p}: empty CSV file")
    head = [h.strip().lower() for h in reader[0]]
    si, ti, start = 0, 1, 0
    if {"source", "target"} <= set(head):
        si, ti, start = head.index("source"), head.index("target"), 1
    elif {"zh", "en"} <= set(head):
        si, ti, start = head.index("zh"), head.index("en"), 1
    rows = []
    for lineno, r in enumerate(reader[start:], start + 1):
        if not r:
            continue
        if len(r) <= max(si, ti):
            raise InputError(f"{p}:{lineno}: expected at least two columns (source, target)")
        rows += [(r[si], alt, 1.0) for alt in r[ti].split("|")]
    return _group(rows, p, f)

