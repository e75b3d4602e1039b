"""The bilingual IP dictionary shipped with the package (``ipcorpus/segment/data/ip_dict.tsv``).

Each line: Chinese term, English translations separated by ``|``, jieba part of speech (``n`` noun,
``nt`` institution, ``ns`` place, ``nz`` other proper noun, ``v`` verb, ``vn`` verbal noun). Lines starting
with ``#`` are comments. The jieba user dictionary is derived from this file; the aligner and the term
miner use the translations as evidence.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ipcorpus.errors import IpcorpusError

DICT_RESOURCE = "ip_dict.tsv"


def parse_dictionary(text: str, source: str = DICT_RESOURCE) -> list[tuple[str, list[str], str]]:
    """Parse dictionary text into ``(zh, [en, ...], pos)`` entries (duplicates of ``zh`` are merged)."""
    entries: dict[str, tuple[list[str], str]] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 2 or not cols[0] or not cols[1]:
            raise IpcorpusError(f"{source}:{lineno}: expected 'zh<TAB>en|en…<TAB>pos', got {raw!r}")
        zh, en = cols[0], [e.strip() for e in cols[1].split("|") if e.strip()]
        pos = cols[2] if len(cols) > 2 and cols[2] else "n"
        if zh in entries:
            old_en, old_pos = entries[zh]
            entries[zh] = (old_en + [e for e in en if e not in old_en], old_pos)
        else:
            entries[zh] = (en, pos)
    return [(zh, en, pos) for zh, (en, pos) in entries.items()]


@lru_cache(maxsize=1)
def dictionary_bytes() -> bytes:
    """The dictionary file's raw contents (read once; their hash keys the caches derived from it)."""
    return resources.files("ipcorpus.segment").joinpath("data").joinpath(DICT_RESOURCE).read_bytes()


@lru_cache(maxsize=1)
def _cached() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    text = dictionary_bytes().decode("utf-8")
    return tuple((zh, tuple(en), pos) for zh, en, pos in parse_dictionary(text))


def load_ip_dictionary() -> list[tuple[str, list[str], str]]:
    """The IP dictionary as ``(zh, [English translations, best first], pos)`` entries, in file order.

    A fresh list is returned on every call (the parsed file itself is cached), so callers may modify it.
    """
    return [(zh, list(en), pos) for zh, en, pos in _cached()]


@lru_cache(maxsize=1)
def ip_renderings() -> dict[str, tuple[str, ...]]:
    """The IP dictionary as Simplified Chinese -> its English renderings, best first (built once: do not
    modify)."""
    return {zh: en for zh, en, _pos in _cached()}


def ip_pairs() -> list[tuple[str, str]]:
    """The IP dictionary as ``(zh, en)`` pairs, one per English rendering, in file order."""
    return [(zh, e) for zh, en, _pos in _cached() for e in en]
