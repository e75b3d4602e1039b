"""Pairing: the Chinese and English definition clauses of one segment pair matched to each other.

Inside one segment pair, the Chinese clauses and the English clauses are paired by an
assignment (:func:`scipy.optimize.linear_sum_assignment`) maximising the similarity of the clause
BODIES (the clause without its term; for a dangling clause, "X指——", the whole clause; a dangling
clause is half as like a complete one). The similarity is the caller's ``similarity`` (cosines of a
sentence encoder) mixed with the lexical score (:data:`ENCODER_WEIGHT`), or the lexical score alone
(:func:`lexical_similarity`: CC-CEDICT word translations of the Chinese, Traditional folded to
Simplified, against the English content words, weighted by rarity inside the unit; shared numbers
and section references, "第31條" = "section 31"; shared Latin tokens; length ratio against the
unit's own; the same kind of marker, 指/means vs 包括/includes). The likeness of the terms themselves
weighs :data:`TERM_WEIGHT` (0.2), only a tie-breaker: two terms defined by the same reference
("具有《職工會條例》給予該詞的涵義") have identical bodies. An inline copy that names the other side's
term pairs the two outright. A pair's confidence is its score plus its margin over its best rival
(row and column), clipped to 0-1; in a unit with several definitions on a side a pair is kept when
its confidence reaches :data:`THRESHOLD`; when the unit holds one definition each side they are
paired directly (the score still says how alike they are).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ipcorpus.terms.definitions.base import HAS_CJK, Clause
from ipcorpus.terms.definitions.clauses import en_definition_clauses, zh_definition_clauses
from ipcorpus.terms.definitions.en import en_copular_clause
from ipcorpus.terms.definitions.lexical import dictionary_overlap, lexical_similarity
from ipcorpus.terms.pairs import SegmentPair

log = logging.getLogger(__name__)

#: weight of the caller's similarity (cosine) against the lexical score when both are there
ENCODER_WEIGHT = 0.6
#: weight of the likeness of the two TERMS (dictionary, and the encoder when given) against that of the
#: bodies: a tie-breaker for bodies that say the same ("具有《X條例》給予該詞的涵義" for two terms)
TERM_WEIGHT = 0.2
#: in a unit with more than one definition on a side, a pair is kept when its confidence (score plus margin
#: over its best rival, :func:`_confidence`) reaches this; with a fifth of the clauses of the dev set's
#: definition lists dropped at random, 0.4 kept about 97% of the right pairs at 97% precision (lexical and encoder)
THRESHOLD = 0.4

Similarity = Callable[[list[str], list[str]], np.ndarray]


@dataclass(frozen=True)
class DefinedTerm:
    """A term defined in both languages of one segment pair.

    ``zh_term`` / ``en_term``: the defined term (the longest variant when the clause defines several,
    all of them in ``zh_variants`` / ``en_variants``); ``zh_text`` / ``en_text``: the whole definition
    clause on each side; ``segment_id``: the pair's id; ``score``: how sure the pairing is (0-1).
    """

    zh_term: str
    en_term: str
    zh_text: str
    en_text: str
    segment_id: int
    score: float
    zh_variants: tuple[str, ...] = ()
    en_variants: tuple[str, ...] = ()


def _pair_texts(c: Clause) -> str:
    """What a clause is compared by: its body, or the whole clause when it has none (dangling)."""
    return c.text if c.dangling else c.body


def _hint_match(z: Clause, e: Clause) -> bool:
    if e.hints and any(h in z.terms for h in e.hints):
        return True
    if any(not HAS_CJK.search(t) and t.lower() in {x.lower() for x in e.terms} for t in z.terms):
        return True
    return bool(z.hints) and any(h.lower() == t.lower() for h in z.hints for t in e.terms)


def _cosines(similarity: Similarity, zh: list[str], en: list[str]) -> np.ndarray | None:
    """The caller's similarity, clipped to 0-1; None (with a warning) when it fails or has the wrong shape."""
    try:
        cos = np.asarray(similarity(zh, en), dtype=np.float64).reshape(len(zh), len(en))
    except Exception as exc:  # the caller's encoder failed: the lexical score alone
        log.warning("similarity failed (%s): definitions paired lexically", exc)
        return None
    return np.clip(np.nan_to_num(cos), 0.0, 1.0)


def _score_matrix(zc: Sequence[Clause], ec: Sequence[Clause], similarity: Similarity | None) -> np.ndarray:
    zt = [_pair_texts(c) for c in zc]
    et = [_pair_texts(c) for c in ec]
    body = lexical_similarity(zt, et, zh_kinds=[c.kind for c in zc], en_kinds=[c.kind for c in ec])
    zterms = [" ".join(c.terms) for c in zc]
    eterms = [" ".join(c.terms) for c in ec]
    term = dictionary_overlap(zterms, eterms) if TERM_WEIGHT > 0 else np.zeros_like(body)
    if similarity is not None:
        cos = _cosines(similarity, zt, et)
        if cos is not None:
            body = ENCODER_WEIGHT * cos + (1 - ENCODER_WEIGHT) * body
            tcos = _cosines(similarity, zterms, eterms) if TERM_WEIGHT > 0 else None
            if tcos is not None:
                term = ENCODER_WEIGHT * tcos + (1 - ENCODER_WEIGHT) * term
    s = (1 - TERM_WEIGHT) * body + TERM_WEIGHT * term
    # a dangling clause is only like another dangling clause
    dz = np.array([c.dangling for c in zc])
    de = np.array([c.dangling for c in ec])
    s = np.where(dz[:, None] != de[None, :], s * 0.5, s)
    if any(c.hints for c in zc) or any(c.hints for c in ec) or any(not HAS_CJK.search(c.term) for c in zc):
        for i, z in enumerate(zc):
            for j, e in enumerate(ec):
                if _hint_match(z, e):
                    s[i, j] = 1.0
    return np.clip(s, 0.0, 1.0)


def _best_variants(z: Clause, e: Clause) -> tuple[str, str]:
    """The variant pair to report: by position when both sides list as many, else the longest of each."""
    if len(z.terms) == len(e.terms) and len(z.terms) > 1:
        k = max(range(len(z.terms)), key=lambda i: len(z.terms[i]))
        return z.terms[k], e.terms[k]
    return z.term, max(e.terms, key=len)


def _confidence(s: np.ndarray, i: int, j: int) -> float:
    """How sure the pair (i, j) is: its score plus its margin over the best rival in its row and column
    (negative when a rival scores higher), clipped to 0-1; a lone pair has its score alone."""
    rivals = np.concatenate([np.delete(s[i], j), np.delete(s[:, j], i)])
    margin = float(s[i, j] - rivals.max()) if rivals.size else 0.0
    return float(np.clip(s[i, j] + margin, 0.0, 1.0))


def pair_clauses(zc: Sequence[Clause], ec: Sequence[Clause], *, segment_id: int = 0,
                 similarity: Similarity | None = None, threshold: float | None = None) -> list[DefinedTerm]:
    """Pair the definition clauses of one segment pair (see the module text)."""
    if not zc or not ec:
        return []
    if threshold is None:
        threshold = THRESHOLD
    s = _score_matrix(zc, ec, similarity)
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(-s)
    direct = len(zc) == 1 and len(ec) == 1
    out: list[DefinedTerm] = []
    for i, j in sorted(zip(rows, cols, strict=True)):
        sc = _confidence(s, int(i), int(j))
        if not direct and sc < threshold:
            continue
        z, e = zc[i], ec[j]
        zt, et = _best_variants(z, e)
        out.append(DefinedTerm(zt, et, z.text, e.text, segment_id, round(sc, 4), z.terms, e.terms))
    return out


def find_definitions(pairs: Sequence[SegmentPair], *, similarity: Similarity | None = None,
                     threshold: float | None = None) -> list[DefinedTerm]:
    """The terms defined on both sides of the segment pairs, in pair order.

    ``similarity(zh_texts, en_texts) -> (len(zh), len(en))`` cosines (e.g. a sentence encoder's), mixed
    with the lexical score; without it the lexical score alone pairs the clauses. ``threshold``: the
    least confidence of a kept pair in a unit with more than one definition on a side (default
    :data:`THRESHOLD`).
    """
    out: list[DefinedTerm] = []
    for p in pairs:
        zh, en = p.zh or "", p.en or ""
        if not zh.strip() or not en.strip():
            continue
        zc = zh_definition_clauses(zh)
        if not zc:
            continue
        ec = en_definition_clauses(en)
        if not ec and len(zc) == 1 and zc[0].kind == "means":
            # "驰名商标是指……" / "A well-known trademark is a trademark ...": a copula defines where the
            # Chinese says so
            cop = en_copular_clause(en)
            ec = [cop] if cop is not None else []
        if not ec:
            continue
        out.extend(pair_clauses(zc, ec, segment_id=p.id, similarity=similarity, threshold=threshold))
    return out
