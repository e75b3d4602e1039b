"""The span record shared by the name finders, and their common text helpers.

:class:`Span` is what every finder returns; :func:`finish` merges spans of different kinds that cover
the same characters (:data:`KIND_RANK` decides). :func:`simplified` is the position-preserving
Simplified form of Chinese text that the finders tag and match on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ipcorpus.segment.chars import HAN_BMP
from ipcorpus.segment.script import to_simplified

KINDS = ("title", "quoted", "name", "place", "event", "abbreviation")
#: when two spans of different kinds cover exactly the same characters, the earlier kind is kept.
KIND_RANK = {k: i for i, k in enumerate(("title", "event", "name", "place", "quoted", "abbreviation"))}


@dataclass(frozen=True)
class Span:
    """A name or title found in a text: ``text == original[start:end]``, ``kind`` one of :data:`KINDS`."""

    start: int
    end: int
    text: str
    kind: str


def make_span(text: str, start: int, end: int, kind: str) -> Span:
    return Span(start, end, text[start:end], kind)


def trimmed_span(text: str, start: int, end: int, kind: str) -> Span | None:
    """The span without surrounding whitespace (None when nothing is left)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return make_span(text, start, end, kind) if end > start else None


def finish(spans: Iterable[Span]) -> list[Span]:
    """Spans in text order, one per (start, end): the kind ranked first in :data:`KIND_RANK` wins."""
    best: dict[tuple[int, int], Span] = {}
    for s in spans:
        key = (s.start, s.end)
        if key not in best or KIND_RANK[s.kind] < KIND_RANK[best[key].kind]:
            best[key] = s
    return sorted(best.values(), key=lambda s: (s.start, -s.end, KIND_RANK[s.kind]))


def simplified(text: str) -> str:
    """Simplified characters, position for position (the original text if a conversion changed lengths)."""
    out = to_simplified(text)
    return out if len(out) == len(text) else text


HAS_CJK = re.compile(f"[{HAN_BMP}]")
ALL_CJK = re.compile(f"[{HAN_BMP}]+")


def ascii_quote_pairs(text: str, q: str) -> list[tuple[int, int]]:
    """The insides of ASCII quotation marks, paired in order of appearance (an odd last one is left alone)."""
    pos = [i for i, c in enumerate(text) if c == q]
    return [(a + 1, b) for a, b in zip(pos[0::2], pos[1::2], strict=False) if b - a > 1]


#: typographic quotation marks that open and close a quotation (Chinese and English texts alike)
PAIRED_QUOTES = (("“", "”"), ("「", "」"), ("『", "』"), ("‘", "’"))


def quotations(text: str, ascii_quotes: str = '"') -> list[tuple[int, int]]:
    """(start, end) of the inside of every outermost quotation of ``text``, in order: typographic pairs
    and the ASCII marks of ``ascii_quotes`` paired in order (a quotation inside another, the '浙江制造' of
    "实施'浙江制造'标准", is part of it)."""
    spans: list[tuple[int, int]] = []
    for open_q, close_q in PAIRED_QUOTES:
        spans += [(m.start(1), m.end(1)) for m in re.finditer(f"{open_q}([^{open_q}{close_q}\\n]{{1,200}}){close_q}", text)]
    for q in ascii_quotes:
        spans += ascii_quote_pairs(text, q)
    out: list[tuple[int, int]] = []
    for s in sorted(spans):
        if not out or s[0] > out[-1][1]:
            out.append(s)
    return out


def paired_quotations(zh: str, en: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The quotations of a Chinese text and of its English translation paired in order, when the two
    hold the same number of them (a translator keeps the quotation marks of names and slogans: "铁拳" is
    "iron fist"); none when the numbers differ. English single quotes pair only as typographic marks
    (an ASCII apostrophe is mostly a possessive)."""
    z = quotations(zh, "\"'")
    e = quotations(en, '"')
    return list(zip(z, e, strict=True)) if z and len(z) == len(e) else []
