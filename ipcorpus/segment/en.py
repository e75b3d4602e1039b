"""English sentence splitter.

A sentence ends at ``.``, ``!``, ``?`` or an ellipsis (with any closing quotes or brackets that follow it)
when whitespace follows, except:

* after an abbreviation that never ends a sentence (``Mr.``, ``No.``, ``Pat.``, ``Art.``, ``Fig.``,
  ``e.g.``, ``i.e.``, ``vs.`` …, see :data:`NEVER_FINAL`);
* after an abbreviation that may end a sentence (``Co.``, ``Ltd.``, ``Inc.``, ``etc.``, ``U.S.``, single
  initials …, see :data:`MAYBE_FINAL`) unless the next word is a typical sentence opener (``The``, ``In`` …);
* when the next word starts with a lower-case letter;
* inside a number split by PDF extraction: ``17. 2 billion`` (one to three digits, ``.``, space, digit);
* after a leading enumerator: ``1. Issue …``, ``- I. Strengthen …``, ``(a). …``.

Decimals (``3.6``) and thousands (``5,123,456``, ``49, 100``) never split because no terminator followed
by whitespace occurs inside them.

A "sentence" longer than :data:`~ipcorpus.segment.zh.MAX_SENTENCE_CHARS` is cut into pieces of at most
that length, each a sentence of its own: after the last ``,`` ``;`` or ``:`` before a space in the second
half of the allowed length, else at the last space there, else exactly at the limit
(:func:`~ipcorpus.segment.zh.cut_over_long`). The splitter runs in time linear in the length of the text
(a 50 MB line included).
"""

from __future__ import annotations

import re

from ipcorpus.segment._common import cut_at
from ipcorpus.segment.zh import MAX_SENTENCE_CHARS, cut_over_long

#: Abbreviations (compared case-insensitively, without their final dot) after which a sentence never ends.
NEVER_FINAL: frozenset[str] = frozenset(
    s.lower()
    for s in """
    Mr Mrs Ms Dr Prof St Mt Messrs Hon Rev Gen Col Capt Lt Sgt Gov Sen Rep Pres
    No Nos no nos Pat Pats Art Arts Fig Figs Sec Secs Ch Chap Vol Vols pp Para Paras Ref Refs Eq Eqs Tab
    Appl Ser Reg Regs Ord Cl Ct Cir Supp Fed Civ Crim Dept Div Min Ann Doc Docs Rec Ex Exh Exs
    e.g i.e cf viz vs v approx ca al et seq Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    """.split()
)

#: Abbreviations that can also end a sentence; a sentence ends after them only before a typical opener.
MAYBE_FINAL: frozenset[str] = frozenset(
    s.lower()
    for s in """
    Co Ltd Inc Corp Corps Bros LLC Plc Pty Jr Sr etc Esq U.S U.K U.N E.U P.R.C U.S.A R.O.C Hon
    a.m p.m A.D B.C
    """.split()
)

#: Words that typically open a sentence (decides the :data:`MAYBE_FINAL` case).
OPENERS: frozenset[str] = frozenset(
    """
    The This That These Those It Its In On At As A An We They He She There Their Our His Her However
    Moreover Furthermore Also For By With From After Before Since When While If Such All Each Both Some
    Many Most According Under Through Among Meanwhile Therefore Thus Besides Then During To Of Since
    """.split()
)

_CANDIDATE = re.compile(r"(?:\.\.\.|…|[.!?])+[\"'”’)\]]*(?=\s)")
_ENUMERATOR = re.compile(r"^(?:[-–•]\s*)?[(\[]?(?:\d{1,3}|[IVXLCivxlc]{1,6}|[A-Za-z])[)\]]?$")
#: :data:`_ENUMERATOR` on the unstripped text (``fullmatch`` between offsets: no copy of the sentence)
_ENUMERATOR_RAW = re.compile(r"\s*(?:[-–•]\s*)?[(\[]?(?:\d{1,3}|[IVXLCivxlc]{1,6}|[A-Za-z])[)\]]?\s*")
_NON_SPACE_RUN = re.compile(r"\S*")
_CLAUSE_MARKS = re.compile(r"[,;:](?=\s)")
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_NEXT_WORD = re.compile(r"\s+([\"'“‘(\[]*)(\S*)")


def _strip_word(word: str) -> str:
    """The word before a dot without opening quotes/brackets: ``("Co`` -> ``Co``."""
    return word.lstrip("\"'“‘([")


def _word_before(text: str, start: int, end: int) -> str:
    """What ``re.search(r"(\\S+)$", text[start:end])`` finds (the last word; before a final newline, the
    word before it), in time linear in the word's length: the sentence so far is neither copied nor
    searched from its start, so a long sentence with many candidate full stops stays linear."""
    if end > start and text[end - 1] == "\n":
        end -= 1
    lo = end
    step = 64
    while lo > start:  # scan back in growing chunks for the last whitespace
        chunk_start = max(start, lo - step)
        run = _NON_SPACE_RUN.match(text[chunk_start:lo][::-1]).end()  # type: ignore[union-attr]
        if run < lo - chunk_start:
            lo -= run
            break
        lo = chunk_start
        step *= 2
    return text[lo:end]


def _is_boundary(text: str, sent_start: int, m: re.Match[str]) -> bool:
    """Decide whether the terminator matched by ``m`` ends a sentence (see the module docstring)."""
    nxt = _NEXT_WORD.match(text, m.end())
    next_word = nxt.group(2) if nxt else ""
    if not next_word:
        return True
    first = next_word[0]
    if first.islower():
        return False
    term = m.group(0).rstrip("\"'”’)]")
    if term != ".":
        return True  # ! ? ... followed by a capital, digit or symbol
    word = _strip_word(_word_before(text, sent_start, m.start()))
    low = word.lower()
    if low in NEVER_FINAL:
        return False
    if _ENUMERATOR_RAW.fullmatch(text, sent_start, m.start()):
        return False  # "1. Issue", "- I. Strengthen"
    if re.fullmatch(r"\d{1,3}", word) and first.isdigit():
        return False  # PDF-split number "17. 2 billion"
    if low in MAYBE_FINAL or _ACRONYM.match(word) or re.fullmatch(r"[A-Z]", word):
        return next_word.strip("\"'“‘(") in OPENERS
    return True


def split_en(text: str) -> list[str]:
    """Split English ``text`` into sentences (rules in the module docstring).

    Whitespace at the cuts is dropped; every non-space character of ``text`` is kept, in order. No
    sentence is longer than :data:`~ipcorpus.segment.zh.MAX_SENTENCE_CHARS`.
    """
    boundaries: list[int] = []
    sent_start = 0
    for m in _CANDIDATE.finditer(text):
        if _is_boundary(text, sent_start, m):
            boundaries.append(m.end())
            sent_start = m.end()
    out: list[str] = []
    for sentence in cut_at(text, boundaries):
        out.extend(cut_over_long(sentence, MAX_SENTENCE_CHARS, _CLAUSE_MARKS))
    return out
