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


#: the inside of a pair of round brackets, ASCII or full-width, with no bracket inside
_BRACKETS = re.compile(r"[(（]([^()（）\n]{1,200})[)）]")


def brackets(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of every pair of round brackets of ``text`` (ASCII or full-width), in order."""
    return [(m.start(1), m.end(1)) for m in _BRACKETS.finditer(text)]


def bracket_partner(zh: str, en: str, occurrence: tuple[int, int], near: tuple[int, int] | None,
                    found: tuple[list, list] | None = None) -> tuple[int, int] | None:
    """The English brackets that translate the Chinese brackets which the occurrence ``(start, end)`` of
    ``zh`` fills whole (浙江省知识产权研究与服务中心（国家知识产权局专利局杭州代办处） "... (State Intellectual Property
    Office and Patent Office, Hangzhou Agency)"): the English brackets that overlap ``near`` (the character
    span where the word alignment found the occurrence's words), else, when both texts hold the same
    number of brackets, the one in the same place. None when the occurrence fills no brackets whole or
    neither way finds a partner. ``found``: ``(brackets(zh), brackets(en))`` when the caller has them."""
    a, b = occurrence
    z, e = found if found is not None else (brackets(zh), brackets(en))
    at = next((k for k, (za, zb) in enumerate(z) if za <= a and b <= zb and not zh[za:a].strip() and not zh[b:zb].strip()),
              None)
    if at is None:
        return None
    if near is not None:
        hit = [(ea, eb) for ea, eb in e if min(eb, near[1]) > max(ea, near[0])]
        if len(hit) == 1:
            return hit[0]
    return e[at] if len(e) == len(z) else None
