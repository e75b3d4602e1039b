"""Chinese sentence splitter.

A sentence ends after a run of ``。！？!?…`` together with the closing quotes and brackets that follow it
(``”’」』》）)】`` always; an ASCII ``"`` or ``'`` only when it closes a quote opened in the same sentence,
judged by parity). A long sentence that is a list of clauses is further cut after each top-level
``；`` (or ``;``): "long" means at least :data:`LONG_LIST_CHARS` characters and at least
:data:`LONG_LIST_MIN_SEMICOLONS` semicolons outside brackets and quotes.
"""

from __future__ import annotations

import re

from ipcorpus.segment._common import cut_at

LONG_LIST_CHARS = 60
LONG_LIST_MIN_SEMICOLONS = 2

_TERMINALS = re.compile(r"[。！？!?…]+")
_CLOSERS = "”’」』》）)】〕〉"
_ASCII_QUOTES = "\"'"
_OPENERS = "（(《“‘「『【〔〈"
_PAIR_CLOSERS = "）)》”’」』】〕〉"


def _absorb_closers(text: str, start: int, end: int) -> int:
    """Extend ``end`` over closing quotes/brackets that belong to the sentence ``text[start:end]``."""
    n = len(text)
    while end < n:
        ch = text[end]
        if ch in _CLOSERS or ch in "。！？!?…":
            end += 1
        elif ch in _ASCII_QUOTES and text.count(ch, start, end) % 2 == 1:
            end += 1
        else:
            break
    return end


def _sentence_boundaries(text: str) -> list[int]:
    """Offsets just after each sentence end (terminators plus closers)."""
    bounds: list[int] = []
    start = 0
    for m in _TERMINALS.finditer(text):
        if m.start() < start:
            continue  # already absorbed
        end = _absorb_closers(text, start, m.end())
        bounds.append(end)
        start = end
    return bounds


def _semicolon_cuts(sentence: str) -> list[int]:
    """Offsets after each top-level semicolon of ``sentence`` (outside brackets and quotes)."""
    cuts: list[int] = []
    depth = 0
    ascii_open = False
    for i, ch in enumerate(sentence):
        if ch in _OPENERS:
            depth += 1
        elif ch in _PAIR_CLOSERS:
            depth = max(0, depth - 1)
        elif ch == '"':
            ascii_open = not ascii_open
        elif ch in "；;" and depth == 0 and not ascii_open:
            cuts.append(i + 1)
    return cuts


def _split_clause_list(sentence: str) -> list[str]:
    """Cut a long clause list at its top-level semicolons; other sentences come back whole."""
    if len(sentence) < LONG_LIST_CHARS or (sentence.count("；") + sentence.count(";")) < LONG_LIST_MIN_SEMICOLONS:
        return [sentence]
    cuts = _semicolon_cuts(sentence)
    if len(cuts) < LONG_LIST_MIN_SEMICOLONS:
        return [sentence]
    return cut_at(sentence, cuts)


def split_zh(text: str) -> list[str]:
    """Split Chinese ``text`` into sentences (rules in the module docstring).

    Whitespace at the cuts is dropped; every non-space character of ``text`` is kept, in order.
    """
    out: list[str] = []
    for sentence in cut_at(text, _sentence_boundaries(text)):
        out.extend(_split_clause_list(sentence))
    return out
