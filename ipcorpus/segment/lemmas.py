"""English lemmas: simplemma's dictionary lemma and the forms built on it, each for one use.

* :func:`lemma_en` — simplemma's lemma of a lower-cased word, lower-cased (``patents`` -> ``patent``,
  ``running`` -> ``run``): the word tokens' lemma (:func:`ipcorpus.segment.tokens.tokenize_en`) and the
  dictionary look-ups of the aligner and the term miner.
* :func:`content_lemmas` — the :func:`lemma_en` of the content words of a text (3+ letters, not in
  :data:`CONTENT_STOP`): CC-CEDICT glosses and English sentences as sets of comparable lemmas.
* :func:`rendering_lemma` — an English word's form in the glossary's renderings: acronyms kept, plurals
  singular (but the plural-only nouns of :data:`EN_PLURAL_ONLY`), everything else only lower-cased.
* :func:`model_lemma` — the term miner's word-alignment token: :func:`rendering_lemma`, and verb forms
  in ``-ed``/``-ing`` taken to their base (pledged, pledging -> pledge).

simplemma's English dictionary is read from the user's cache folder (:mod:`ipcorpus.datacache`) with one
``marshal.loads`` (0.05 s instead of 0.45 s decoding simplemma's compressed file); the lemmas are the
same as ``simplemma.lemmatize``'s.
"""

from __future__ import annotations

import logging
import marshal
import re
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

#: bump when the cached simplemma dictionary is stored differently
_SIMPLEMMA_TABLE_VERSION = 1

#: English words that carry no translation evidence (function words and CC-CEDICT's own jargon)
CONTENT_STOP = frozenset(
    "a an the of to in on at by for with from and or be is are was were been sb sth one's oneself it its as "
    "not no up out into over also etc used variant kangxi radical surname abbr old esp fig lit see same "
    "classifier something somebody someone this that these those very have has had do does did you your he "
    "she his her they them their we our us my me him who which what when where there here than then".split()
)
_CONTENT_WORD = re.compile(r"[a-z]+")

#: English nouns whose plural is their dictionary form, or has its own meaning (a grammar fact):
#: "customs" the authority, "damages" the award, "goods" the merchandise.
EN_PLURAL_ONLY = frozenset("""
goods customs damages proceedings premises means arms headquarters savings earnings outskirts belongings
surroundings clothes remains species series news thanks minutes particulars
""".split())


@lru_cache(maxsize=65536)
def lemma_en(word: str) -> str:
    """Lemma of a lower-cased English word: simplemma if installed, else a few suffix rules."""
    lemmatize = _en_lemmatizer()
    if lemmatize is None:  # pragma: no cover - simplemma is installed in the project venv
        return _rule_lemma(word)
    return _x_stem(word, lemmatize(word, "en")).lower()


def _x_stem(word: str, lemma: str) -> str:
    """simplemma's lemma of a verb on "x" mended: "fixed", "fixes", "fixing" are "fix", not "fixe" (also
    mix, prefix, index ...); a lemma of four letters or more ending in "xe" whose word is that lemma
    without the "e" plus "ed", "es" or "ing"."""
    low, lem = word.lower(), lemma.lower()
    if len(lem) >= 4 and lem.endswith("xe") and low in (lem[:-1] + "ed", lem[:-1] + "es", lem[:-1] + "ing"):
        return lemma[:-1]
    return lemma


@lru_cache(maxsize=1)
def lemmatizer_version() -> str:
    """What the English lemmas come from (simplemma's version, or the suffix rules without it): part of
    the key of every cached table whose words are lemmatised."""
    try:
        from importlib.metadata import version

        return f"simplemma-{version('simplemma')}-x"  # -x: verbs on "x" mended (_x_stem)
    except Exception:  # noqa: BLE001 - not installed (or no metadata): the suffix rules
        return "rules"


def _simplemma(word: str) -> str:
    """simplemma's lemma of ``word`` as simplemma gives it (the suffix rules without simplemma)."""
    lemmatize = _en_lemmatizer()
    if lemmatize is None:  # pragma: no cover - simplemma is installed in the project venv
        return _rule_lemma(word)
    return _x_stem(word, lemmatize(word, "en"))


def content_lemmas(text: str) -> frozenset[str]:
    """Lemmas of the content words (3+ letters, not :data:`CONTENT_STOP`) of an English text."""
    words = _CONTENT_WORD.findall(text.lower())
    return frozenset(lemma_en(w) for w in words if len(w) > 2 and w not in CONTENT_STOP)


@lru_cache(maxsize=65536)
def rendering_lemma(word: str) -> str:
    """An English word's form in renderings: acronyms kept, plurals singular (but the plural-only nouns
    of :data:`EN_PLURAL_ONLY`), the rest lower case."""
    if len(word) > 1 and word.isupper():
        return word
    low = word.lower()
    if low in EN_PLURAL_ONLY:
        return low
    if len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "ics")):
        out = _simplemma(low)
        return out if out and len(out) >= len(low) - 3 else low
    return low


@lru_cache(maxsize=65536)
def model_lemma(word: str) -> str:
    """The word-alignment token of an English word: its :func:`rendering_lemma`, and for verb forms the
    verb (pledged, pledging -> pledge), so that a model pools a word's uses."""
    lem = rendering_lemma(word)
    if lem.isupper() or not lem.endswith(("ed", "ing")):
        return lem
    out = _simplemma(lem)
    return out if out and len(out) >= len(lem) - 4 else lem


@lru_cache(maxsize=1)
def _en_lemmatizer() -> Any:
    """``lemmatize(word, lang)``: simplemma's default lemmatizer (what ``simplemma.lemmatize`` uses: the
    same strategies and dictionaries), its dictionaries read from the user's cache folder instead of
    being decoded from simplemma's compressed files (0.05 s instead of 0.45 s for English). Plain
    ``simplemma.lemmatize`` when simplemma's internals are not what this expects; None without simplemma."""
    try:
        import simplemma
    except ImportError:  # pragma: no cover - simplemma is installed in the project venv
        return None
    try:
        from simplemma.strategies import DefaultStrategy
        from simplemma.strategies.dictionaries import dictionary_factory as factories

        class _CachedFactory(factories.CachingDictionaryFactory):  # type: ignore[misc,name-defined]
            """simplemma's default dictionary factory, the decoded dictionaries kept on disk."""

            __slots__ = ()

            def _get_dictionary_uncached(self, lang: str) -> Any:
                return factories.MappingStrToByteString(_simplemma_dictionary(factories, lang))

        strategy = DefaultStrategy(dictionary_factory=_CachedFactory())
        return simplemma.Lemmatizer(lemmatization_strategy=strategy).lemmatize
    except (ImportError, AttributeError, TypeError) as exc:  # another simplemma: its own loading
        logger.debug("simplemma dictionaries not cached (%s)", exc)
        return lambda word, lang: simplemma.lemmatize(word, lang=lang)


def _simplemma_dictionary(factories: Any, lang: str) -> dict[bytes, bytes]:
    """simplemma's decoded ``lang`` dictionary (bytes -> bytes): a cached copy when there is one, else
    decoded by simplemma (and cached)."""
    import simplemma

    from ipcorpus import datacache

    if lang not in factories.SUPPORTED_LANGUAGES:
        raise ValueError(f"Unsupported language: {lang}")
    name = f"simplemma-{lang}"
    key = datacache.make_key(_SIMPLEMMA_TABLE_VERSION, simplemma.__version__, marshal.version,
                             datacache.file_stamp(factories.DATA_FOLDER / f"{lang}.plzma"))
    table = datacache.read_marshal(name, key, lambda v: isinstance(v, dict) and len(v) > 0)
    if table is None:
        table = factories._load_dictionary_from_disk(lang)
        datacache.write_marshal(name, key, table)
    return table  # type: ignore[return-value]


def _rule_lemma(word: str) -> str:
    """A small fallback lemmatizer: plural and verb suffixes only."""
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + repl
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word
