"""Reading aligned segment pairs for the term miner: TMX, JSONL or TSV.

A raw document is aligned first, which is the pipeline's job (:func:`ipcorpus.pipeline.read_pairs` reads
either kind).

Every reader returns a list of :class:`SegmentPair` (Chinese text, English text, a running id, the
aligner's score when known). Bad input raises :class:`~ipcorpus.errors.InputError` with one line that
names the file; nothing here writes anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ipcorpus.errors import InputError
from ipcorpus.ingest.clean import clean_text, clean_value, parse_xml_file
from ipcorpus.ingest.decode import read_text
from ipcorpus.types import Alignment


@dataclass(frozen=True)
class SegmentPair:
    """One aligned pair of segments (a bead of the aligner, a TMX ``tu``, a line of a TSV)."""

    id: int
    zh: str
    en: str
    score: float | None = None
    source: str = ""


#: the extensions of files that hold aligned pairs (anything else is a document to align first)
ALIGNED_SUFFIXES = (".tmx", ".jsonl", ".json", ".tsv")


def read_segment_pairs(path: str | Path) -> list[SegmentPair]:
    """Read aligned pairs from ``path``; the format is chosen by the file extension.

    ``.tmx`` TMX 1.4, ``.jsonl`` one object per bead (keys ``zh``, ``en``, optional ``score``),
    ``.tsv`` ``zh<TAB>en[<TAB>score]``.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    ext = p.suffix.lower()
    if ext == ".tmx":
        pairs = read_tmx(p)
    elif ext in (".jsonl", ".json"):
        pairs = read_jsonl(p)
    elif ext == ".tsv":
        pairs = read_tsv(p)
    else:
        raise InputError(f"{p}: not a file of aligned pairs (expected {', '.join(ALIGNED_SUFFIXES)})")
    if not pairs:
        raise InputError(f"{p}: no aligned segment pairs with text on both sides")
    return pairs


def _lang_of(tuv) -> str:
    """The language of a ``tuv`` element (``xml:lang`` or the TMX 1.1 ``lang`` attribute), lower-cased."""
    lang = tuv.get("{http://www.w3.org/XML/1998/namespace}lang") or tuv.get("lang") or ""
    return lang.lower()


def read_tmx(path: Path) -> list[SegmentPair]:
    """Pairs from the ``tu`` elements of a TMX file: the ``zh*`` and the ``en*`` ``tuv`` of each unit.

    The ``x-score`` prop, when present, becomes the pair's score. Units missing one side are skipped.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = parse_xml_file(path, parser).getroot()
    except etree.XMLSyntaxError as exc:
        msg = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise InputError(f"{path}: not a well-formed TMX file ({msg})") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    if etree.QName(root).localname != "tmx":
        raise InputError(f"{path}: not a TMX file (root element <{etree.QName(root).localname}>)")
    tus = root.findall(".//tu")
    if not tus:
        raise InputError(f"{path}: empty TMX (no <tu> translation units)")
    pairs: list[SegmentPair] = []
    for tu in tus:
        zh, en = _tu_texts(tu, str(path))
        if zh and en:
            pairs.append(SegmentPair(len(pairs), zh, en, _tu_score(tu), str(path)))
    return pairs


def _tu_texts(tu, source: str) -> tuple[str | None, str | None]:
    """The first Chinese and the first English text of a ``tu`` (None for a missing side)."""
    zh = en = None
    for tuv in tu.findall("tuv"):
        lang = _lang_of(tuv)
        seg = tuv.find("seg")
        text = clean_text("".join(seg.itertext()), source).strip() if seg is not None else ""
        if lang.startswith("zh") and zh is None:
            zh = text
        elif lang.startswith("en") and en is None:
            en = text
    return zh, en


def _tu_score(tu) -> float | None:
    """The ``x-score`` prop of a ``tu`` as a number (the last one; None when absent or not a number)."""
    score = None
    for prop in tu.findall("prop"):
        if prop.get("type") == "x-score":
            try:
                score = float(prop.text or "")
            except ValueError:
                score = None
    return score


def read_jsonl(path: Path) -> list[SegmentPair]:
    """Pairs from a JSONL file: objects with string ``zh`` and ``en``; other lines (a meta line) skipped."""
    pairs: list[SegmentPair] = []
    for lineno, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = clean_value(json.loads(line), str(path))  # escapes such as \u0001 or \ud800 appear only now
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{lineno}: not a JSON object ({exc.msg})") from exc
        except (ValueError, RecursionError) as exc:  # a 5000-digit number, nesting 1000 deep
            raise InputError(f"{path}:{lineno}: not a usable JSON object ({exc})") from exc
        if not isinstance(obj, dict) or "zh" not in obj or "en" not in obj:
            continue
        zh, en = obj["zh"], obj["en"]
        if isinstance(zh, list):
            zh = "".join(map(str, zh))
        if isinstance(en, list):
            en = " ".join(map(str, en))
        if not isinstance(zh, str) or not isinstance(en, str):
            raise InputError(f"{path}:{lineno}: 'zh' and 'en' must be strings")
        score = obj.get("score")
        try:
            score = float(score) if isinstance(score, (int, float)) else None
        except OverflowError:
            score = None
        if zh.strip() and en.strip():
            pairs.append(SegmentPair(len(pairs), zh.strip(), en.strip(), score, str(path)))
    return pairs


def read_tsv(path: Path) -> list[SegmentPair]:
    """Pairs from ``zh<TAB>en[<TAB>score]`` lines; a first line ``zh<TAB>en`` is a header."""
    pairs: list[SegmentPair] = []
    for lineno, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise InputError(f"{path}:{lineno}: expected zh<TAB>en, found no tab")
        if lineno == 1 and cols[0].strip().lower() in ("zh", "source", "zh-cn"):
            continue
        score = None
        if len(cols) > 2:
            try:
                score = float(cols[2])
            except ValueError:
                score = None
        if cols[0].strip() and cols[1].strip():
            pairs.append(SegmentPair(len(pairs), cols[0].strip(), cols[1].strip(), score, str(path)))
    return pairs


def pairs_from_alignment(alignment: Alignment, source: str = "") -> list[SegmentPair]:
    """The beads of ``alignment`` that have text on both sides, as segment pairs (ids from 0)."""
    pairs: list[SegmentPair] = []
    for bead, zh, en in alignment.pairs():
        if zh.strip() and en.strip():
            pairs.append(SegmentPair(len(pairs), zh, en, bead.score, source))
    return pairs
