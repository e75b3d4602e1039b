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
"""

from __future__ import annotations

import re

from ipcorpus.segment._common import cut_at

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
_WORD_BEFORE = re.compile(r"(\S+)$")
_ENUMERATOR = re.compile(r"^(?:[-–•]\s*)?[(\[]?(?:\d{1,3}|[IVXLCivxlc]{1,6}|[A-Za-z])[)\]]?$")
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_NEXT_WORD = re.compile(r"\s+([\"'“‘(\[]*)(\S*)")


def _strip_word(word: str) -> str:
    """The word before a dot without opening quotes/brackets: ``("Co`` -> ``Co``."""
    return word.lstrip("\"'“‘([")


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
    before = text[sent_start:m.start()]
    wm = _WORD_BEFORE.search(before)
    word = _strip_word(wm.group(1)) if wm else ""
    low = word.lower()
    if low in NEVER_FINAL:
        return False
    if _ENUMERATOR.match(before.strip()):
        return False  # "1. Issue", "- I. Strengthen"
    if re.fullmatch(r"\d{1,3}", word) and first.isdigit():
        return False  # PDF-split number "17. 2 billion"
    if low in MAYBE_FINAL or _ACRONYM.match(word) or re.fullmatch(r"[A-Z]", word):
        return next_word.strip("\"'“‘(") in OPENERS
    return True


def split_en(text: str) -> list[str]:
    """Split English ``text`` into sentences (rules in the module docstring).

    Whitespace at the cuts is dropped; every non-space character of ``text`` is kept, in order.
    """
    boundaries: list[int] = []
    sent_start = 0
    for m in _CANDIDATE.finditer(text):
        if _is_boundary(text, sent_start, m):
            boundaries.append(m.end())
            sent_start = m.end()
    return cut_at(text, boundaries)
