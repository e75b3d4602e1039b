"""Glossary files: write TSV (OmegaT layout), CSV, TBX-Basic, JSON; read TSV, CSV, JSON, TBX (v3 and 2008 martif).

Rows come best first (the order of :attr:`Glossary.entries`, translations by confidence). Writes are
atomic: the file is written next to its destination and moved into place, so a failure never leaves a
half-written glossary. Reading a malformed file raises :class:`~ipcorpus.errors.InputError`.

Every output records the glossary's configuration (the whole :attr:`Glossary.meta`, its ``config``
included):

* **TBX** (TBX v3, ISO 30042:2019, namespace ``urn:iso:std:iso:30042:ed-2``, dialect TBX-Basic, DCA
  style): the meta as JSON in ``tbxHeader/fileDesc/sourceDesc/p`` (after the word ``ipcorpus``). One
  ``conceptEntry`` per term: the entry's origin as ``admin type="source"``; its kind, when not
  ``term``, as a ``note`` ``kind: <kind>`` (and, for ``abbreviation``, ``termNote type="termType"``
  ``abbreviation`` on the Chinese term); its note as a ``note``; one ``langSec`` per language with the
  definition sentence of that language as ``descrip type="definition"`` (TBX-Basic allows a definition
  at the concept or language level only), with ``admin type="source"`` ``segment N`` in a ``descripGrp``
  when the segment is known; the Chinese term, then the translations (the best one preferred, the
  others admitted) as ``termSec`` s, with an example pair as ``descrip type="context"`` and counts in
  ``note`` s. The output is valid against the official TBX core RELAX NG and the TBX-Basic DCA
  Schematron (the tests check both). :func:`validate_tbx` checks a file against the core RELAX NG,
  whose path it is given: that grammar is not shipped with ipcorpus, as its upstream repository states
  no licence.
* **JSON**: ``{"meta": ..., "entries": [...]}``, each entry with ``kind`` and ``definition``
  (``{zh, en, segment_id}`` or null).
* **CSV**: a header row; ``kind``, ``definition_zh`` and ``definition_en`` are the last columns.
* **TSV** (OmegaT layout ``source<TAB>target<TAB>comment``, no header): the comment holds confidence,
  counts, origin, the kind (when not ``term``) and ``definition: <zh> / <en>``; the meta goes to a
  sidecar ``NAME.tsv.meta.json`` beside the file (written atomically too).

Reading a TBX file takes the Chinese terms as sources and the English ones as translations. A file
without both Chinese and English (such as the TBX-Basic example, in English, Spanish and Zulu) is read
with the first language met in the file as the source and the second as the target, unless
``src_lang``/``tgt_lang`` say otherwise; the languages used are in the returned meta.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ipcorpus.errors import InputError, IpcorpusError, OutputError, os_error_message
from ipcorpus.fileio import atomic_write_text
from ipcorpus.ingest.clean import clean_value, parse_xml_file
from ipcorpus.ingest.decode import read_text
from ipcorpus.types import Definition, Glossary, TermEntry, Translation

FORMATS = ("tsv", "csv", "tbx", "json")
#: the TBX v3 namespace (ISO 30042:2019)
TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
KINDS = ("term", "name", "title", "quoted", "abbreviation")
#: TBX-Basic ``termType`` values read back as the kind ``abbreviation``
_ABBREVIATION_TERM_TYPES = ("abbreviation", "acronym", "shortForm")
_SEGMENT_SOURCE = re.compile(r"segment (\d+)")


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
            out.append(dataclasses.replace(e, translations=tr))
    return Glossary(out, dict(glossary.meta))


def _clean(s: str) -> str:
    return " ".join(s.split())


def _comment(e: TermEntry, t: Translation) -> str:
    parts = [f"confidence {t.confidence:.2f}", f"count {t.count}", f"frequency {e.frequency}", e.origin]
    if e.kind and e.kind != "term":
        parts.append(f"kind: {e.kind}")
    if e.definition is not None:
        parts.append(f"definition: {_clean(e.definition.zh)} / {_clean(e.definition.en)}")
    return "; ".join(parts)


def glossary_to_tsv(glossary: Glossary) -> str:
    """OmegaT glossary layout: ``source<TAB>target<TAB>comment``, one line per translation."""
    lines = [f"{_clean(e.source)}\t{_clean(t.target)}\t{_comment(e, t)}" for e in glossary.entries for t in e.translations]
    return "\n".join(lines) + ("\n" if lines else "")


def _meta_json(meta: dict[str, Any], **kw: Any) -> str:
    return json.dumps(meta, ensure_ascii=False, default=str, **kw)


def meta_sidecar_path(path: str | Path) -> Path:
    """Where :func:`write_glossary` puts the meta of a TSV glossary: ``NAME.tsv.meta.json`` beside it."""
    p = Path(path)
    return p.with_name(p.name + ".meta.json")


CSV_HEADER = ["source", "target", "confidence", "count", "frequency", "origin", "rank",
              "kind", "definition_zh", "definition_en"]


def glossary_to_csv(glossary: Glossary) -> str:
    """CSV with a header; one row per translation; ``rank`` 1 is the best translation of the term."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_HEADER)
    for e in glossary.entries:
        d = e.definition
        for i, t in enumerate(e.translations, 1):
            w.writerow([e.source, t.target, f"{t.confidence:.4f}", t.count, e.frequency, e.origin, i,
                        e.kind, d.zh if d else "", d.en if d else ""])
    return buf.getvalue()


def _definition_dict(d: Definition | None) -> dict[str, Any] | None:
    return None if d is None else {"zh": d.zh, "en": d.en, "segment_id": d.segment_id}


def glossary_to_json(glossary: Glossary) -> str:
    """JSON for scripts: ``{"meta": ..., "entries": [{source, frequency, origin, note, kind, definition,
    translations, examples}]}``; ``definition`` is ``{zh, en, segment_id}`` or null."""
    entries = [
        {
            "source": e.source,
            "frequency": e.frequency,
            "origin": e.origin,
            "note": e.note,
            "kind": e.kind,
            "definition": _definition_dict(e.definition),
            "translations": [{"target": t.target, "confidence": t.confidence, "count": t.count} for t in e.translations],
            "examples": [{"zh": x.zh, "en": x.en, "segment_id": x.segment_id} for x in e.examples],
        }
        for e in glossary.entries
    ]
    return _meta_json({"meta": glossary.meta, "entries": entries}, indent=1) + "\n"


def glossary_to_tbx(glossary: Glossary, *, src_lang: str = "zh", tgt_lang: str = "en") -> str:
    """TBX-Basic (TBX v3, DCA style): one ``conceptEntry`` per term (see the module docstring)."""
    from lxml import etree

    from ipcorpus.export import strip_xml_invalid

    if not glossary.entries:
        raise IpcorpusError("the glossary is empty: a TBX file needs at least one entry (lower --min-freq/--min-confidence)")

    def el(parent, tag: str, text: str | None = None, **attrs: str):
        node = etree.SubElement(parent, f"{{{TBX_NS}}}{tag}")
        for k, v in attrs.items():
            node.set(XML_LANG if k == "lang" else k, v)
        if text is not None:
            node.text = strip_xml_invalid(text)
        return node

    def descrip(parent, kind: str, text: str, segment_id: int | None) -> None:
        """``descrip type=kind``, in a ``descripGrp`` with the segment as its source when known."""
        if segment_id is None:
            el(parent, "descrip", _clean(text), type=kind)
        else:
            grp = el(parent, "descripGrp")
            el(grp, "descrip", _clean(text), type=kind)
            el(grp, "admin", f"segment {segment_id}", type="source")

    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, tgt_lang)
    fd = el(el(root, "tbxHeader"), "fileDesc")
    el(el(fd, "titleStmt"), "title", "ipcorpus glossary")
    el(el(fd, "sourceDesc"), "p", "ipcorpus " + _meta_json(glossary.meta))
    body = el(el(root, "text"), "body")
    for i, e in enumerate(glossary.entries, 1):
        ce = el(body, "conceptEntry", id=f"c{i}")
        if e.origin:
            el(ce, "admin", e.origin, type="source")
        if e.kind and e.kind != "term":
            el(ce, "note", f"kind: {e.kind}")
        if e.note.strip():
            el(ce, "note", _clean(e.note))
        d = e.definition
        example = e.examples[0] if e.examples else None
        # source language: the definition, then the term
        ls = el(ce, "langSec", lang=src_lang)
        if d is not None and d.zh.strip():
            descrip(ls, "definition", d.zh, d.segment_id)
        ts = el(ls, "termSec")
        el(ts, "term", e.source)
        if e.kind == "abbreviation":
            el(ts, "termNote", "abbreviation", type="termType")
        el(ts, "termNote", "preferredTerm-admn-sts", type="administrativeStatus")
        if example is not None and example.zh.strip():
            descrip(ts, "context", example.zh, example.segment_id)
        el(ts, "note", f"frequency {e.frequency}")
        # target language: the definition, then the translations, best first
        ls = el(ce, "langSec", lang=tgt_lang)
        if d is not None and d.en.strip():
            descrip(ls, "definition", d.en, d.segment_id)
        for j, t in enumerate(e.translations):
            ts = el(ls, "termSec")
            el(ts, "term", t.target)
            status = "preferredTerm-admn-sts" if j == 0 else "admittedTerm-admn-sts"
            el(ts, "termNote", status, type="administrativeStatus")
            if j == 0 and example is not None and example.en.strip():
                descrip(ts, "context", example.en, example.segment_id)
            el(ts, "note", f"confidence {t.confidence:.4f}; count {t.count}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def write_glossary(glossary: Glossary, path: str | Path, fmt: str | None = None, *,
                   min_freq: int = 0, min_confidence: float = 0.0) -> int:
    """Write ``glossary`` to ``path`` (format from ``fmt`` or the extension), atomically; a TSV also
    gets its meta in the sidecar :func:`meta_sidecar_path` (``NAME.tsv.meta.json``).

    Returns the number of entries written (after the ``min_freq``/``min_confidence`` filters).
    """
    f = format_of(path, fmt)
    g = filter_glossary(glossary, min_freq=min_freq, min_confidence=min_confidence)
    text = {"tsv": glossary_to_tsv, "csv": glossary_to_csv, "json": glossary_to_json, "tbx": glossary_to_tbx}[f](g)
    _write_file(path, text)
    if f == "tsv":
        _write_file(meta_sidecar_path(path), _meta_json(g.meta, indent=1) + "\n")
    return len(g.entries)


def _write_file(path: str | Path, text: str) -> None:
    """:func:`atomic_write_text`, with an OSError (an immutable target, a full disk) as one line naming
    the file."""
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise OutputError(os_error_message(exc, path, writing=True)) from exc


# ----------------------------------------------------------------------------------------------- TBX


@lru_cache(maxsize=4)
def _relaxng(schema: str):
    from lxml import etree

    try:
        return etree.RelaxNG(etree.parse(schema))
    except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
        raise IpcorpusError(f"{schema}: cannot load the RELAX NG grammar ({exc})") from exc


def validate_tbx(path_or_bytes: str | Path | bytes, schema: str | Path | None = None) -> list[str]:
    """Validate a TBX file (a path, or the file's bytes) against the RELAX NG grammar ``schema``:
    the official TBX v3 core structure, ``TBXcoreStructV03.rng`` (from LTAC-Global/TBX_Core_RNG; not
    shipped with ipcorpus, its repository states no licence). Returns the error messages (none = valid).

    This checks the core structure only; the TBX-Basic constraints (data categories and where they may
    go) are in the dialect's Schematron, ``TBX-Basic_DCA.sch``, which needs an XPath 2 processor.
    """
    from lxml import etree

    if schema is None:
        raise IpcorpusError("validate_tbx needs the TBX core RELAX NG grammar (TBXcoreStructV03.rng, "
                            "from LTAC-Global/TBX_Core_RNG): pass its path as schema=")
    grammar = _relaxng(str(Path(schema).resolve()))
    try:
        if isinstance(path_or_bytes, bytes):
            doc = etree.fromstring(path_or_bytes).getroottree()
        else:
            doc = etree.parse(str(path_or_bytes))
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    if grammar.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in grammar.error_log]


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _primary(lang: str) -> str:
    """The primary language subtag, lower case: ``zh-CN`` -> ``zh``."""
    return re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]


def _lang(node) -> str:
    return _primary(node.get(XML_LANG) or node.get("lang") or "")


def _text(node) -> str:
    return _clean("".join(node.itertext()))


def _definitions(parent) -> list[tuple[str, int | None]]:
    """The definitions among ``parent``'s children (bare or in a ``descripGrp``), with their segment."""
    out: list[tuple[str, int | None]] = []
    for child in parent:
        name = _local(child.tag)
        if name == "descrip" and child.get("type") == "definition":
            out.append((_text(child), None))
        elif name == "descripGrp":
            ds = [d for d in child if _local(d.tag) == "descrip" and d.get("type") == "definition"]
            if ds:
                seg = None
                for a in child:
                    m = _SEGMENT_SOURCE.fullmatch(_text(a)) if _local(a.tag) == "admin" else None
                    if m and a.get("type") == "source":
                        seg = int(m.group(1))
                out.append((_text(ds[0]), seg))
    return [(t, s) for t, s in out if t]


def read_tbx(path: Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Glossary:
    """Entries of a TBX file, TBX v3 (``conceptEntry/langSec/termSec``) or 2008 (``termEntry/langSet/tig``).

    The first term of an entry in the source language is the source; its terms in the target language
    are the translations (order kept, confidence 1.0). The languages: ``src_lang``/``tgt_lang`` if
    given, else Chinese and English if the file has both, else the first and the second language met
    in the file. Entries without both languages are skipped. The definitions (``descrip
    type="definition"`` of each language) and the kind (an ipcorpus ``note`` ``kind: ...``, or a
    ``termType`` abbreviation/acronym/shortForm on the source term) are read back; the definition of the
    source language goes to ``Definition.zh``, that of the target language to ``Definition.en``.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = parse_xml_file(path, parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: malformed TBX ({str(exc).splitlines()[0] if str(exc) else 'syntax error'})") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    if _local(root.tag) not in ("tbx", "martif"):
        raise InputError(f"{path}: not a TBX file (root element <{_local(root.tag)}>)")
    concepts = [n for n in root.iter() if _local(n.tag) in ("conceptEntry", "termEntry")]
    langs = list(dict.fromkeys(
        lg for c in concepts for ls in c if _local(ls.tag) in ("langSec", "langSet") and (lg := _lang(ls))))
    if src_lang or tgt_lang:
        src, tgt = _primary(src_lang or "zh"), _primary(tgt_lang or "en")
    elif ("zh" in langs and "en" in langs) or len(langs) < 2:
        src, tgt = "zh", "en"
    else:
        src, tgt = langs[0], langs[1]
    entries: list[TermEntry] = []
    for entry in concepts:
        terms: dict[str, list[str]] = {src: [], tgt: []}
        defs: dict[str, tuple[str, int | None]] = {}
        kind, notes = "term", []
        for child in entry:
            name = _local(child.tag)
            if name == "note":
                text = _text(child)
                if text.startswith("kind: ") and text[6:].strip() in KINDS:
                    kind = text[6:].strip()
                elif text:
                    notes.append(text)
        for lang, (text, seg) in ((_lang(d), (_text(d), None)) for d in entry
                                  if _local(d.tag) == "descrip" and d.get("type") == "definition"):
            if lang in (src, tgt) and text:
                defs.setdefault(lang, (text, seg))
        for ls in entry:
            if _local(ls.tag) not in ("langSec", "langSet"):
                continue
            lang = _lang(ls)
            if lang not in terms:
                continue
            for text, seg in _definitions(ls)[:1]:
                defs[lang] = (text, seg)
            for t in ls.iter():
                if _local(t.tag) != "term" or not (term := "".join(t.itertext()).strip()):
                    continue
                if lang == src and not terms[src] and kind == "term" and any(
                        _local(n.tag) == "termNote" and n.get("type") == "termType"
                        and _text(n) in _ABBREVIATION_TERM_TYPES for n in t.getparent().iter()):
                    kind = "abbreviation"
                terms[lang].append(term)
        if not (terms[src] and terms[tgt]):
            continue
        definition = None
        if defs:
            (dz, sz), (de, se) = defs.get(src, ("", None)), defs.get(tgt, ("", None))
            definition = Definition(dz, de, sz if sz is not None else se)
        entries.append(TermEntry(terms[src][0], [Translation(t, 1.0, 0) for t in dict.fromkeys(terms[tgt])],
                                 0, [], "imported", "; ".join(notes), kind=kind, definition=definition))
    if not entries:
        found = f" (the file's languages: {', '.join(langs)})" if langs else ""
        if (src, tgt) == ("zh", "en"):
            raise InputError(f"{path}: no entries with both a Chinese and an English term{found}")
        raise InputError(f"{path}: no entries with terms in both {src} and {tgt}{found}")
    return Glossary(entries, {"source": str(path), "format": "tbx", "src_lang": src, "tgt_lang": tgt})


# ---------------------------------------------------------------------------------- TSV, CSV, JSON


def _group(rows: Iterable[tuple[str, str, float, dict[str, Any]]], path: Path, fmt: str) -> Glossary:
    """Entries from (source, target, confidence, fields) rows; an entry's ``fields`` (kind,
    definition) are taken from its first row."""
    by_source: dict[str, TermEntry] = {}
    for src, tgt, conf, fields in rows:
        src, tgt = src.strip(), tgt.strip()
        if not src or not tgt:
            continue
        e = by_source.get(src)
        if e is None:
            e = by_source[src] = TermEntry(src, [], 0, [], "imported", **fields)
        if all(t.target != tgt for t in e.translations):
            e.translations.append(Translation(tgt, conf, 0))
    if not by_source:
        raise InputError(f"{path}: no glossary rows (expected source<TAB>target lines)")
    return Glossary(list(by_source.values()), {"source": str(path), "format": fmt})


def _fields(kind: Any, dzh: Any, den: Any, seg: Any = None) -> dict[str, Any]:
    """The kind and definition of a JSON entry or CSV row (missing or unknown kind: ``term``)."""
    out: dict[str, Any] = {"kind": kind if kind in KINDS else "term"}
    if (dzh or den) and isinstance(dzh or "", str) and isinstance(den or "", str):
        out["definition"] = Definition(dzh or "", den or "", seg if isinstance(seg, int) else None)
    return out


def _json_rows(p: Path) -> list[tuple[str, str, float, dict[str, Any]]]:
    """The rows of an ipcorpus JSON glossary; an InputError naming the file and the entry when the
    layout or a type is wrong (a number as ``source``, a string as ``translations``...)."""
    try:
        data = clean_value(json.loads(read_text(p)), str(p))  # escapes such as \u0001 appear only now
    except json.JSONDecodeError as exc:
        raise InputError(f"{p}: not an ipcorpus JSON glossary ({exc})") from exc
    except (ValueError, RecursionError) as exc:  # a 5000-digit number, nesting 1000 deep
        raise InputError(f"{p}: not a usable JSON glossary ({exc})") from exc
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError(f"{p}: not an ipcorpus JSON glossary (expected an object with an 'entries' list)")
    rows = []
    for n, e in enumerate(entries, 1):
        if not isinstance(e, dict):
            raise InputError(f"{p}: entry {n} is not an object")
        source, translations = e.get("source"), e.get("translations")
        if not isinstance(source, str):
            raise InputError(f"{p}: entry {n}: 'source' must be a string, not {_json_type(source)}")
        if not isinstance(translations, list):
            raise InputError(f"{p}: entry {n}: 'translations' must be a list, not {_json_type(translations)}")
        d = e.get("definition")
        d = d if isinstance(d, dict) else {}
        fields = _fields(e.get("kind"), d.get("zh"), d.get("en"), d.get("segment_id"))
        for t in translations:
            target = t.get("target") if isinstance(t, dict) else None
            if not isinstance(target, str):
                raise InputError(f"{p}: entry {n}: each translation needs a string 'target', not "
                                 f"{_json_type(target if isinstance(t, dict) else t)}")
            rows.append((source, target, 1.0, fields))
    return rows


def _json_type(value: Any) -> str:
    """The JSON name of ``value``'s type, for messages."""
    if value is None:
        return "null (or missing)"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def _csv_rows(text: str, p: Path) -> list[list[str]]:
    """The rows of CSV ``text``; an InputError naming the file and line for a cell longer than the csv
    module's limit (131,072 characters: usually a quote that is never closed) or another CSV error."""
    reader = csv.reader(io.StringIO(text))
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputError(f"{p}:{reader.line_num}: a CSV cell longer than {csv.field_size_limit():,} characters "
                             "(a quote that is never closed?)") from exc
        raise InputError(f"{p}:{reader.line_num}: not a valid CSV file ({exc})") from exc
    return rows


def read_glossary(path: str | Path, fmt: str | None = None, *,
                  src_lang: str | None = None, tgt_lang: str | None = None) -> Glossary:
    """Read a glossary (TSV in OmegaT layout, CSV with or without header, JSON, TBX); entries marked
    ``imported``. ``src_lang``/``tgt_lang`` pick the languages of a TBX file (see :func:`read_tbx`).

    TSV/CSV target cells may hold alternatives separated by ``|``.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    f = format_of(p, fmt)
    if f == "tbx":
        return read_tbx(p, src_lang=src_lang, tgt_lang=tgt_lang)
    if f == "json":
        return _group(_json_rows(p), p, f)
    text = read_text(p)
    if f == "tsv":
        rows = []
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                raise InputError(f"{p}:{lineno}: expected source<TAB>target, found no tab")
            rows += [(cols[0], alt, 1.0, {}) for alt in cols[1].split("|")]
        return _group(rows, p, f)
    reader = _csv_rows(text, p)
    if not reader:
        raise InputError(f"{p}: empty CSV file")
    head = [h.strip().lower() for h in reader[0]]
    si, ti, start = 0, 1, 0
    if {"source", "target"} <= set(head):
        si, ti, start = head.index("source"), head.index("target"), 1
    elif {"zh", "en"} <= set(head):
        si, ti, start = head.index("zh"), head.index("en"), 1
    extra = {k: head.index(k) for k in ("kind", "definition_zh", "definition_en") if start and k in head}
    rows = []
    for lineno, r in enumerate(reader[start:], start + 1):
        if not r:
            continue
        if len(r) <= max(si, ti):
            raise InputError(f"{p}:{lineno}: expected at least two columns (source, target)")
        cell = {k: (r[i] if i < len(r) else "") for k, i in extra.items()}
        fields = _fields(cell.get("kind"), cell.get("definition_zh"), cell.get("definition_en"))
        rows += [(r[si], alt, 1.0, fields) for alt in r[ti].split("|")]
    return _group(rows, p, f)
