"""Telling Chinese from English in a line, and cutting a line that carries both.

Counts: CJK ideographs against Latin letters (digits, punctuation and spaces are neutral). One ideograph
carries about as much text as two or three Latin letters, so a piece is Chinese when
``2 * cjk >= latin``; texts longer than :data:`SAMPLE_CHARS` are counted on three samples (start,
middle, end) so that a 50 MB line costs milliseconds. A line is cut in two when all its Chinese comes
before all its English (or the reverse) and both parts are substantial (:data:`MIN_CJK` ideographs and
:data:`MIN_LATIN_WORDS` Latin words).

A line that switches between the languages more than once (``知识产权。IP. 知识产权。IP.``: pasted
sentence pairs, a flattened table) is first cut into sentences, each sentence gets a language (by
majority; a sentence that ends with a Chinese terminator ``。！？`` is Chinese), and the line is cut
wherever the language changes (:func:`split_by_sentence_script`): a Chinese sentence never lands on
the English side just because its line holds more English.
"""

from __future__ import annotations

import re
from itertools import islice

from ipcorpus.segment.chars import HAN_ALL
from ipcorpus.types import Lang

MIN_CJK = 4
MIN_LATIN_WORDS = 3
SAMPLE_CHARS = 300_000

_LATIN_CLASS = r"A-Za-z\u00c0-\u024f"
_CJK = re.compile(rf"[{HAN_ALL}]")
_LATIN = re.compile(rf"[{_LATIN_CLASS}]")
_LAST_CJK = re.compile(rf".*[{HAN_ALL}]", re.S)
_LAST_LATIN = re.compile(rf".*[{_LATIN_CLASS}]", re.S)
_LATIN_WORD = re.compile(rf"[{_LATIN_CLASS}]{{2,}}")
_SPACE = re.compile(r"\s")
#: The end of a sentence: a Chinese terminator, or ``.!?`` before whitespace, with closing quotes or
#: brackets and the whitespace after it.
_SENTENCE_END = re.compile(r"""(?:[。！？]+|[.!?]+(?=[\s"'”’」』)）\]]|$))[\"'”’」』)）\]]*\s*""")
_ZH_TERMINAL = re.compile(r"[。！？][\"'”’」』)）\]]*\s*$")
#: Lines longer than this are not cut by sentence (pasted sentence pairs are short lines).
MAX_SWITCH_LINE = 100_000


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    third = SAMPLE_CHARS // 3
    mid = len(text) // 2
    return text[:third] + text[mid - third // 2: mid + third // 2] + text[-third:]


def count_script(text: str) -> tuple[int, int]:
    """``(CJK ideographs, Latin letters)`` in ``text`` (in a sample of it when it is very long)."""
    sample = _sample(text)
    return len(_CJK.findall(sample)), len(_LATIN.findall(sample))


def majority_lang(text: str) -> Lang | None:
    """``"zh"`` or ``"en"`` by majority script, ``None`` when the text has neither (numbers, symbols)."""
    cjk, latin = count_script(text)
    if cjk == 0 and latin == 0:
        if len(text) <= SAMPLE_CHARS or not (_CJK.search(text) or _LATIN.search(text)):
            return None
        return "zh" if _CJK.search(text) else "en"
    return "zh" if 2 * cjk >= latin else "en"


def _at_least(pattern: re.Pattern[str], text: str, n: int, start: int = 0, end: int | None = None) -> bool:
    """Whether ``pattern`` matches at least ``n`` times in ``text[start:end]`` (stops after ``n``)."""
    end = len(text) if end is None else end
    return sum(1 for _ in islice(pattern.finditer(text, start, end), n)) >= n


def _cut_point(text: str, first_end: int, second_start: int) -> int:
    """Where to cut between a first-script run ending at ``first_end`` and the other script starting at
    ``second_start``: at the first whitespace in between (punctuation attached to the first run stays
    with it), else right before the other script."""
    m = _SPACE.search(text, first_end, second_start)
    return m.start() if m else second_start


def _sentence_lang(sentence: str) -> Lang | None:
    """The language of one sentence: Chinese when it ends with a Chinese terminator and has an
    ideograph, else its majority language."""
    if _ZH_TERMINAL.search(sentence) and _CJK.search(sentence):
        return "zh"
    return majority_lang(sentence)


def split_by_sentence_script(text: str) -> list[tuple[Lang | None, str]] | None:
    """``text`` cut into runs of sentences of one language, when it switches language more than once
    (three runs or more); ``None`` otherwise. A sentence with neither letters nor ideographs joins the
    run after it (the last run when it ends the line). ``"".join(parts) == text``."""
    if len(text) > MAX_SWITCH_LINE or not (_CJK.search(text) and _LATIN.search(text)):
        return None
    sentences, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start:
            sentences.append(text[start:m.end()])
            start = m.end()
    if start < len(text):
        sentences.append(text[start:])
    runs: list[list] = []  # [lang, text]
    pending = ""
    for sent in sentences:
        lang = _sentence_lang(sent)
        if lang is None:
            pending += sent
        elif runs and runs[-1][0] == lang:
            runs[-1][1] += pending + sent
            pending = ""
        else:
            runs.append([lang, pending + sent])
            pending = ""
    if len(runs) < 3:
        return None
    runs[-1][1] += pending
    return [(lang, part) for lang, part in runs]


def split_mixed(text: str) -> list[tuple[Lang | None, str]]:
    """Cut a line into ``[(lang, part), ...]``: two parts when it is Chinese then English (or the
    reverse) and both are substantial, otherwise one part with its majority language (``None`` when it
    has neither letters nor ideographs). A line that switches language more than once is cut at every
    switch between sentences (:func:`split_by_sentence_script`). Parts are not stripped:
    ``"".join(parts) == text``.
    """
    runs = split_by_sentence_script(text)
    if runs is not None:
        return runs
    first_cjk, first_latin = _CJK.search(text), _LATIN.search(text)
    if first_cjk and first_latin:
        last_cjk = _LAST_CJK.match(text).end()  # type: ignore[union-attr]
        last_latin = _LAST_LATIN.match(text).end()  # type: ignore[union-attr]
        if last_cjk <= first_latin.start():  # Chinese, then English
            cut = _cut_point(text, last_cjk, first_latin.start())
            if _at_least(_CJK, text, MIN_CJK, 0, cut) and _at_least(_LATIN_WORD, text, MIN_LATIN_WORDS, cut):
                return [("zh", text[:cut]), ("en", text[cut:])]
        elif last_latin <= first_cjk.start():  # English, then Chinese
            cut = _cut_point(text, last_latin, first_cjk.start())
            if _at_least(_LATIN_WORD, text, MIN_LATIN_WORDS, 0, cut) and _at_least(_CJK, text, MIN_CJK, cut):
                return [("en", text[:cut]), ("zh", text[cut:])]
    return [(majority_lang(text), text)]
