"""Word tokens for the term miner: jieba (with part of speech) for Chinese, a regex plus simplemma for English.

The Chinese tokenizer is a private :class:`jieba.Tokenizer` (never jieba's global one) into which every
entry of the IP dictionary (:func:`ipcorpus.segment.dictionary.load_ip_dictionary`) is added as a user
word with its part of speech, so that 知识产权, 发明专利, 马德里商标国际注册 … come out whole. It is built
once per process (``lru_cache``); jieba's own log messages are silenced.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ipcorpus.segment.dictionary import load_ip_dictionary

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Token:
    """One word token: its text, character offsets ``[start, end)`` in the input, part of speech
    (jieba tag for Chinese, ``""`` for English), lower-case form and lemma."""

    text: str
    start: int
    end: int
    pos: str = ""
    lower: str = ""
    lemma: str = ""


@lru_cache(maxsize=1)
def _word_tokenizer() -> Any:
    """A private jieba tokenizer loaded with the IP dictionary (words and their tags; built once per process)."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for zh, _en, pos in load_ip_dictionary():
        tok.add_word(zh, tag=pos or None)
    logger.debug("jieba tokenizer ready with %d IP dictionary words", len(load_ip_dictionary()))
    return tok


@lru_cache(maxsize=1)
def _pos_tokenizer() -> Any:
    """The part-of-speech tokenizer over :func:`_word_tokenizer` (jieba.posseg costs about a second more)."""
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_word_tokenizer())


def warm_up() -> None:
    """Load jieba and the IP dictionary now (takes about a second), e.g. behind a progress message."""
    _pos_tokenizer()


def words_zh(text: str) -> list[str]:
    """Chinese words only (jieba with the IP dictionary, no parts of speech: faster), whitespace skipped."""
    return [w for w in _word_tokenizer().cut(text, HMM=True) if w.strip()]


def tokenize_zh(text: str) -> list[Token]:
    """Chinese word tokens with jieba part-of-speech tags; whitespace is skipped.

    Offsets index into ``text``. ``lower`` and ``lemma`` equal the text (lower-cased for Latin words
    such as ``PCT``).
    """
    tokens: list[Token] = []
    pos = 0
    for pair in _pos_tokenizer().cut(text, HMM=True):
        word, flag = pair.word, pair.flag
        start = text.find(word, pos)
        if start < 0:  # jieba never rewrites text; be safe anyway
            start = pos
        end = start + len(word)
        pos = end
        if not word.strip():
            continue
        low = word.lower()
        tokens.append(Token(word, start, end, flag, low, low))
    return tokens


def _guess_tag(word: str) -> str:
    """A part of speech for a word the tag table lacks (found by jieba's HMM): Chinese words of two or more
    characters are mostly names and terms (``nz``), upper-case Latin words acronyms (``eng``)."""
    if word.isdigit():
        return "m"
    if word.isascii():
        return "eng" if word.isalpha() else "x"
    return "nz" if len(word) > 1 and all("\u3400" <= ch <= "\u9fff" for ch in word) else "x"


def tokenize_zh_tagged(text: str, *, use_dictionary: bool = True) -> list[Token]:
    """Chinese word tokens with parts of speech looked up in jieba's tag table (user words of the IP
    dictionary included with ``use_dictionary``, else plain jieba) instead of jieba.posseg's tagging HMM:
    ten or more times faster on long texts full of unknown words (names), the same words, and tags that
    differ only for words the table lacks. Offsets index into ``text``; whitespace is skipped."""
    if use_dictionary:
        tokenizer, tags = _word_tokenizer(), _ip_tag_table()
    else:
        tokenizer, tags = _plain_tokenizer()
    out = []
    for word, start, end in tokenizer.tokenize(text, HMM=True):
        if word.strip():
            low = word.lower()
            out.append(Token(word, start, end, tags.get(word) or _guess_tag(word), low, low))
    return out


@lru_cache(maxsize=1)
def _ip_tag_table() -> dict[str, str]:
    """jieba's tag table with the IP dictionary's words and tags added (one table, loaded once)."""
    tags = dict(_plain_tokenizer()[1])
    tags.update((zh, pos) for zh, _en, pos in load_ip_dictionary() if pos)
    return tags


@lru_cache(maxsize=1)
def _plain_tokenizer() -> tuple[Any, dict[str, str]]:
    """jieba's default tokenizer and its tag table (general dictionary only)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt, jieba.posseg.dt.word_tag_tab


_EN_WORD = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*|\d+(?:[.,]\d+)*%?")


@lru_cache(maxsize=65536)
def lemma_en(word: str) -> str:
    """Lemma of a lower-cased English word: simplemma if installed, else a few suffix rules."""
    try:
        import simplemma
    except ImportError:  # pragma: no cover - simplemma is installed in the project venv
        return _rule_lemma(word)
    return simplemma.lemmatize(word, lang="en").lower()


def _rule_lemma(word: str) -> str:
    """A small fallback lemmatizer: plural and verb suffixes only."""
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + repl
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def tokenize_en(text: str) -> list[Token]:
    """English word tokens (letters with inner hyphens/apostrophes, or numbers); punctuation is skipped."""
    out: list[Token] = []
    for m in _EN_WORD.finditer(text):
        word = m.group(0)
        low = word.lower()
        lemma = low if low[0].isdigit() else lemma_en(low)
        out.append(Token(word, m.start(), m.end(), "", low, lemma))
    return out
