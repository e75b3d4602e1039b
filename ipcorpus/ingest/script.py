"""Telling Chinese from English in a line, and cutting a line that carries both.

Counts: CJK ideographs (plus CJK punctuation is neutral) against Latin letters. One ideograph carries
about as much text as two or three Latin letters, so a piece is Chinese when ``2 * cjk >= latin``.
A line is cut in two when all its Chinese comes before all its English (or the reverse) and both
parts are substantial (:data:`MIN_CJK` ideographs and :data:`MIN_LATIN_WORDS` Latin words).
"""

from __future__ import annotations

import re

from ipcorpus.types import Lang

MIN_CJK = 4
MIN_LATIN_WORDS = 3

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
_SPACE = re.compile(r"\s")


def count_script(text: str) -> tuple[int, int]:
    """``(CJK ideographs, Latin letters)`` in ``text``."""
    return len(_CJK.findall(text)), len(_LATIN.findall(text))


def majority_lang(text: str) -> Lang | None:
    """``"zh"`` or ``"en"`` by majority script, ``None`` when the text has neither (numbers, symbols)."""
    cjk, latin = count_script(text)
    if cjk == 0 and latin == 0:
        return None
    return "zh" if 2 * cjk >= latin else "en"


def _cut_point(text: str, first_end: int, second_start: int) -> int:
    """Where to cut between a first-script run ending at ``first_end`` and the other script starting at
    ``second_start``: at the first whitespace in between (punctuation attached to the first run stays
    with it), else right before the other script."""
    m = _SPACE.search(text, first_end, second_start)
    return m.start() if m else second_start


def split_mixed(text: str) -> list[tuple[Lang | None, str]]:
    """Cut a line into ``[(lang, part), ...]``: two parts when it is Chinese then English (or the
    reverse) and both are substantial, otherwise one part with its majority language (``None`` when it
    has neither letters nor ideographs). Parts are not stripped: ``"".join(parts) == text``.
    """
    cjk = [m.start() for m in _CJK.finditer(text)]
    if len(cjk) >= MIN_CJK and len(_LATIN_WORD.findall(text)) >= MIN_LATIN_WORDS:
        latin = [m.start() for m in _LATIN.finditer(text)]
        if cjk[-1] < latin[0]:  # Chinese, then English
            cut = _cut_point(text, cjk[-1] + 1, latin[0])
            return [("zh", text[:cut]), ("en", text[cut:])]
        if latin[-1] < cjk[0]:  # English, then Chinese
            cut = _cut_point(text, latin[-1] + 1, cjk[0])
            return [("en", text[:cut]), ("zh", text[cut:])]
    return [(majority_lang(text), text)]
