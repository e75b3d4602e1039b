"""Pieces of text joined the way each language joins them, and Chinese text freed of the spaces and marks
that PDF extraction leaves inside it.

* :func:`separator`, :func:`join_text` — Chinese pieces join without a space, English ones with one.
* :func:`tidy_zh` — paragraph repair's light touch: spaces (U+0020 only) between two Chinese characters,
  Chinese punctuation or full-width forms (:data:`ipcorpus.segment.chars.CJK_TEXT`) removed.
* :func:`clean_zh` — the term miner's thorough one: any whitespace between two Han characters, line-break
  hyphens inside a word, spaces between an acronym and Chinese, and ``**`` bold marks removed (the
  characters of :data:`ipcorpus.segment.chars.HAN_A_TO_BASIC` only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ipcorpus.segment.chars import CJK_TEXT, HAN_A_TO_BASIC

_CJK_GAP = re.compile(f"(?<=[{CJK_TEXT}]) +(?=[{CJK_TEXT}])")
_HAN_SPACE = re.compile(rf"(?<=[{HAN_A_TO_BASIC}])\s+(?=[{HAN_A_TO_BASIC}])")
#: a line-break hyphen that PDF extraction leaves inside a Chinese word (指标体- 系)
_HAN_BREAK = re.compile(rf"(?<=[{HAN_A_TO_BASIC}])-\s+(?=[{HAN_A_TO_BASIC}])")
_ACRONYM_SPACE = re.compile(rf"(?<![A-Za-z])([A-Z]{{2,}})[ \t]+(?=[{HAN_A_TO_BASIC}])"
                            rf"|(?<=[{HAN_A_TO_BASIC}])[ \t]+(?=[A-Z]{{2,}}\b)")


def separator(lang: str) -> str:
    """What stands between two pieces of text in ``lang``: nothing in Chinese (``"zh"``), a space otherwise."""
    return "" if lang == "zh" else " "


def join_text(lang: str, pieces: Iterable[str]) -> str:
    """``pieces`` joined with :func:`separator` (sentences into a paragraph, lines into a paragraph)."""
    return separator(lang).join(pieces)


def tidy_zh(text: str) -> str:
    """Remove spaces between two Chinese characters (or Chinese punctuation)."""
    return _CJK_GAP.sub("", text)


def clean_zh(text: str) -> str:
    """Chinese text without the artefacts that split words: spaces between Chinese characters
    (``知 识产权``), line-break hyphens (``指标体- 系``), spaces between an acronym and Chinese
    (``PCT 国际专利``), and ``**`` bold marks."""
    text = _HAN_BREAK.sub("", text.replace("**", ""))
    return _ACRONYM_SPACE.sub(lambda m: m.group(1) or "", _HAN_SPACE.sub("", text))
