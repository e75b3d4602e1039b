"""TBX glossaries: written as TBX-Basic (TBX v3), read from TBX v3 and TBX 2008 (martif), validated.

Written as TBX v3 (ISO 30042:2019, namespace ``urn:iso:std:iso:30042:ed-2``), dialect TBX-Basic, DCA
style: the meta as JSON in ``tbxHeader/fileDesc/sourceDesc/p`` (after the word ``ipcorpus``). One
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

Reading a TBX file takes the Chinese terms as sources and the English ones as translations. A file
without both Chinese and English (such as the TBX-Basic example, in English, Spanish and Zulu) is read
with the first language met in the file as the source and the second as the target, unless
``src_lang``/``tgt_lang`` say otherwise; the languages used are in the returned meta.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ipcorpus.errors import InputError, IpcorpusError
from ipcorpus.ingest.clean import parse_xml_file
from ipcorpus.terms.formats.common import KINDS, clean, meta_json
from ipcorpus.types import Definition, Glossary, TermEntry, Translation

#: the TBX v3 namespace (ISO 30042:2019)
TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: TBX-Basic ``termType`` values read back as the kind ``abbreviation``
_ABBREVIATION_TERM_TYPES = ("abbreviation", "acronym", "shortForm")
_SEGMENT_SOURCE = re.compile(r"segment (\d+)")

# ----------------------------------------------------------------------------------------------- write


class _TbxWriter:
    """Builds the TBX tree: elements in the TBX namespace, their text without the characters XML forbids."""

    def __init__(self, src_lang: str, tgt_lang: str) -> None:
        from lxml import etree

        from ipcorpus.export import strip_xml_invalid

        self._sub_element, self._strip = etree.SubElement, strip_xml_invalid
        self.src_lang, self.tgt_lang = src_lang, tgt_lang

    def el(self, parent, tag: str, text: str | None = None, **attrs: str):
        node = self._sub_element(parent, f"{{{TBX_NS}}}{tag}")
        for k, v in attrs.items():
            node.set(XML_LANG if k == "lang" else k, v)
        if text is not None:
            node.text = self._strip(text)
        return node

    def descrip(self, parent, kind: str, text: str, segment_id: int | None) -> None:
        """``descrip type=kind``, in a ``descripGrp`` with the segment as its source when known."""
        if segment_id is None:
            self.el(parent, "descrip", clean(text), type=kind)
        else:
            grp = self.el(parent, "descripGrp")
            self.el(grp, "descrip", clean(text), type=kind)
            self.el(grp, "admin", f"segment {segment_id}", type="source")

    def concept(self, body, i: int, e: TermEntry) -> None:
        """The ``conceptEntry`` of one term: origin, kind and note, then one ``langSec`` per language."""
        ce = self.el(body, "conceptEntry", id=f"c{i}")
        if e.origin:
            self.el(ce, "admin", e.origin, type="source")
        if e.kind and e.kind != "term":
            self.el(ce, "note", f"kind: {e.kind}")
        if e.note.strip():
            self.el(ce, "note", clean(e.note))
        self._source_lang_sec(ce, e)
        self._target_lang_sec(ce, e)

    def _source_lang_sec(self, ce, e: TermEntry) -> None:
        """Source language: the definition, then the term."""
        d = e.definition
        example = e.examples[0] if e.examples else None
        ls = self.el(ce, "langSec", lang=self.src_lang)
        if d is not None and d.zh.strip():
            self.descrip(ls, "definition", d.zh, d.segment_id)
        ts = self.el(ls, "termSec")
        self.el(ts, "term", e.source)
        if e.kind == "abbreviation":
            self.el(ts, "termNote", "abbreviation", type="termType")
        self.el(ts, "termNote", "preferredTerm-admn-sts", type="administrativeStatus")
        if example is not None and example.zh.strip():
            self.descrip(ts, "context", example.zh, example.segment_id)
        self.el(ts, "note", f"frequency {e.frequency}")

    def _target_lang_sec(self, ce, e: TermEntry) -> None:
        """Target language: the definition, then the translations, best first."""
        d = e.definition
        example = e.examples[0] if e.examples else None
        ls = self.el(ce, "langSec", lang=self.tgt_lang)
        if d is not None and d.en.strip():
            self.descrip(ls, "definition", d.en, d.segment_id)
        for j, t in enumerate(e.translations):
            ts = self.el(ls, "termSec")
            self.el(ts, "term", t.target)
            status = "preferredTerm-admn-sts" if j == 0 else "admittedTerm-admn-sts"
            self.el(ts, "termNote", status, type="administrativeStatus")
            if j == 0 and example is not None and example.en.strip():
                self.descrip(ts, "context", example.en, example.segment_id)
            self.el(ts, "note", f"confidence {t.confidence:.4f}; count {t.count}")


def glossary_to_tbx(glossary: Glossary, *, src_lang: str = "zh", tgt_lang: str = "en") -> str:
    """TBX-Basic (TBX v3, DCA style): one ``conceptEntry`` per term (see the module docstring)."""
    from lxml import etree

    if not glossary.entries:
        raise IpcorpusError("the glossary is empty: a TBX file needs at least one entry (lower --min-freq/--min-confidence)")
    w = _TbxWriter(src_lang, tgt_lang)
    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, tgt_lang)
    fd = w.el(w.el(root, "tbxHeader"), "fileDesc")
    w.el(w.el(fd, "titleStmt"), "title", "ipcorpus glossary")
    w.el(w.el(fd, "sourceDesc"), "p", "ipcorpus " + meta_json(glossary.meta))
    body = w.el(w.el(root, "text"), "body")
    for i, e in enumerate(glossary.entries, 1):
        w.concept(body, i, e)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


# ----------------------------------------------------------------------------------------------- validate


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


# ----------------------------------------------------------------------------------------------- read


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _primary(lang: str) -> str:
    """The primary language subtag, lower case: ``zh-CN`` -> ``zh``."""
    return re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]


def _lang(node) -> str:
    return _primary(node.get(XML_LANG) or node.get("lang") or "")


def _text(node) -> str:
    return clean("".join(node.itertext()))


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


def _tbx_root(path: Path):
    """The root element of a TBX file; an InputError when it is malformed, unreadable or not TBX."""
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
    return root


def _languages(concepts: list, src_lang: str | None, tgt_lang: str | None) -> tuple[str, str, list[str]]:
    """(source, target, every language met in the file's entries, in order)."""
    langs = list(dict.fromkeys(
        lg for c in concepts for ls in c if _local(ls.tag) in ("langSec", "langSet") and (lg := _lang(ls))))
    if src_lang or tgt_lang:
        src, tgt = _primary(src_lang or "zh"), _primary(tgt_lang or "en")
    elif ("zh" in langs and "en" in langs) or len(langs) < 2:
        src, tgt = "zh", "en"
    else:
        src, tgt = langs[0], langs[1]
    return src, tgt, langs


def _kind_and_notes(entry) -> tuple[str, list[str]]:
    """An entry's kind (from an ipcorpus ``note`` ``kind: ...``; ``term`` without one) and its other notes."""
    kind, notes = "term", []
    for child in entry:
        name = _local(child.tag)
        if name == "note":
            text = _text(child)
            if text.startswith("kind: ") and text[6:].strip() in KINDS:
                kind = text[6:].strip()
            elif text:
                notes.append(text)
    return kind, notes


def _is_abbreviation(term) -> bool:
    """Does the ``termSec``/``tig`` of ``term`` carry a ``termType`` abbreviation/acronym/shortForm?"""
    return any(_local(n.tag) == "termNote" and n.get("type") == "termType"
               and _text(n) in _ABBREVIATION_TERM_TYPES for n in term.getparent().iter())


def _lang_sec_terms(ls, lang: str, src: str, terms: dict[str, list[str]], kind: str) -> str:
    """Add the terms of the ``langSec``/``langSet`` ``ls`` to ``terms[lang]``; the kind, ``abbreviation``
    when the entry's first source term is marked so."""
    for t in ls.iter():
        if _local(t.tag) != "term" or not (term := "".join(t.itertext()).strip()):
            continue
        if lang == src and not terms[src] and kind == "term" and _is_abbreviation(t):
            kind = "abbreviation"
        terms[lang].append(term)
    return kind


def _tbx_entry(entry, src: str, tgt: str) -> TermEntry | None:
    """The glossary entry of one ``conceptEntry``/``termEntry`` (None without terms in both languages)."""
    terms: dict[str, list[str]] = {src: [], tgt: []}
    defs: dict[str, tuple[str, int | None]] = {}
    kind, notes = _kind_and_notes(entry)
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
        kind = _lang_sec_terms(ls, lang, src, terms, kind)
    if not (terms[src] and terms[tgt]):
        return None
    definition = None
    if defs:
        (dz, sz), (de, se) = defs.get(src, ("", None)), defs.get(tgt, ("", None))
        definition = Definition(dz, de, sz if sz is not None else se)
    return TermEntry(terms[src][0], [Translation(t, 1.0, 0) for t in dict.fromkeys(terms[tgt])],
                     0, [], "imported", "; ".join(notes), kind=kind, definition=definition)


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
    root = _tbx_root(path)
    concepts = [n for n in root.iter() if _local(n.tag) in ("conceptEntry", "termEntry")]
    src, tgt, langs = _languages(concepts, src_lang, tgt_lang)
    entries = [e for entry in concepts if (e := _tbx_entry(entry, src, tgt)) is not None]
    if not entries:
        found = f" (the file's languages: {', '.join(langs)})" if langs else ""
        if (src, tgt) == ("zh", "en"):
            raise InputError(f"{path}: no entries with both a Chinese and an English term{found}")
        raise InputError(f"{path}: no entries with terms in both {src} and {tgt}{found}")
    return Glossary(entries, {"source": str(path), "format": "tbx", "src_lang": src, "tgt_lang": tgt})
