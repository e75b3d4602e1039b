"""Traditional and Simplified Chinese: a position-preserving conversion to Simplified for look-ups.

Text keeps its own script in every output; dictionary look-ups, segmentation and the term base's keys
use Simplified. :func:`to_simplified` converts with OpenCC's ``hk2s`` (phrase-level ``t2s`` plus the Hong
Kong variant forms such as 衞, 敍, 衹 that plain ``t2s`` leaves alone) and is *length- and
position-preserving*: character ``i`` of the output is the Simplified form of character ``i`` of the
input, so offsets found in the converted text are offsets in the original.

How: the runs of Han characters are converted in one OpenCC call (joined by newlines, which no phrase
spans); a run whose length changed is converted character by character instead. Everything that is
not a Han character is kept as it is, and so is a character that only a phrase would change and that
is a Simplified form itself (one that ``s2t`` changes): 坏 in 毁坏, which ``t2s`` reads as 坯.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ipcorpus.segment.chars import HAN_ALL

if TYPE_CHECKING:
    from opencc import OpenCC

#: Share of the Han characters that must change under :func:`to_simplified` for :func:`is_traditional`.
TRADITIONAL_SHARE = 0.05

_HAN_RUN = re.compile(f"[{HAN_ALL}]+")
_HAN = re.compile(f"[{HAN_ALL}]")


@lru_cache(maxsize=8)
def _converter(config: str) -> OpenCC:
    """The OpenCC converter for ``config`` (``hk2s``, ``s2t``, ``s2tw``), built once."""
    from opencc import OpenCC

    return OpenCC(config)


@lru_cache(maxsize=1)
def _s2t_characters() -> OpenCC:
    """``s2t`` with the character table only: builds in about 1 ms where the full ``s2t`` loads 0.9 MB
    of phrases (25-130 ms), and single characters need no phrases. The full ``s2t`` if the wheel's
    dictionary is not where expected."""
    import opencc

    table = Path(opencc.__file__).parent / "clib" / "share" / "opencc" / "STCharacters.ocd2"
    if not table.is_file():
        return _converter("s2t")
    config = {"name": "s2t characters", "conversion_chain": [{"dict": {"type": "ocd2", "file": str(table)}}],
              "segmentation": {"type": "mmseg", "dict": {"type": "ocd2", "file": str(table)}}}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s2t-characters.json"
        path.write_text(json.dumps(config), encoding="utf-8")
        return opencc.OpenCC(str(path))


@lru_cache(maxsize=65536)
def _char_to_simplified(ch: str) -> str:
    """One character in Simplified (itself when OpenCC would give more or less than one character)."""
    out = _converter("hk2s").convert(ch)
    return out if len(out) == 1 else ch


@lru_cache(maxsize=65536)
def _keep(ch: str) -> bool:
    """Whether to keep ``ch`` where a phrase changed it: the character alone stays (so only the phrase
    changes it) and it is the Simplified form of another character (``s2t`` changes it, as 坏 -> 壞;
    CJK compatibility ideographs, which ``s2t`` only normalises, do not count)."""
    if _char_to_simplified(ch) != ch:
        return False
    traditional = _s2t_characters().convert(ch)
    return traditional not in (ch, unicodedata.normalize("NFC", ch))


def _fix_run(src: str, dst: str) -> str:
    """``dst`` (the conversion of the Han run ``src``) made position-preserving and Simplified-safe."""
    if len(dst) != len(src):
        return "".join(_char_to_simplified(c) for c in src)
    return "".join(s if s != d and _keep(s) else d for s, d in zip(src, dst, strict=True))


def to_simplified(text: str) -> str:
    """``text`` in Simplified Chinese, of the same length: character ``i`` is that of ``text[i]``."""
    runs = [(m.start(), m.group()) for m in _HAN_RUN.finditer(text)]
    if not runs:
        return text
    converted = _converter("hk2s").convert("\n".join(r for _, r in runs)).split("\n")
    if len(converted) != len(runs):  # defensive: OpenCC never adds or drops a newline
        converted = [_converter("hk2s").convert(r) for _, r in runs]
    out: list[str] = []
    last = 0
    for (start, src), dst in zip(runs, converted, strict=True):
        if dst == src:
            continue
        out.append(text[last:start])
        out.append(_fix_run(src, dst))
        last = start + len(src)
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def to_traditional(text: str) -> str:
    """``text`` in Traditional Chinese with OpenCC ``s2tw`` (the Big5 standard forms, 為/說/閱 as in Hong
    Kong legislation and Taiwan; ``s2hk`` would give 説/閲, ``s2t`` 爲). For display, not position-preserving."""
    return _converter("s2tw").convert(text) if _HAN.search(text) else text


def is_traditional(text: str) -> bool:
    """Whether more than :data:`TRADITIONAL_SHARE` of the Han characters change under :func:`to_simplified`."""
    han = len(_HAN.findall(text))
    if not han:
        return False
    changed = sum(a != b for a, b in zip(text, to_simplified(text), strict=True))
    return changed > TRADITIONAL_SHARE * han


def script_key(text: str) -> str:
    """The look-up key of ``text``: :func:`to_simplified` (so 商標 and 商标 share the key 商标)."""
    return to_simplified(text)


def script_keys(texts: Sequence[str]) -> list[str]:
    """:func:`script_key` of each text, converted in one call (the texts may hold any characters)."""
    if not texts:
        return []
    joined = to_simplified("\n".join(texts))
    keys, pos = [], 0
    for t in texts:
        keys.append(joined[pos:pos + len(t)])
        pos += len(t) + 1
    return keys
