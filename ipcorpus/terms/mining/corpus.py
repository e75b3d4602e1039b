"""The aligned pairs, tokenised once for every later step of the miner.

Chinese: the text is cleaned of PDF artefacts that split words (spaces between Chinese characters,
``**`` marks) and converted to Simplified for the segmenter and the dictionaries, character by
character, so that every offset found on the Simplified *key* indexes the original text too and the
glossary keeps the text's own script. Two tokenisations are kept: the segmenter's words with parts of
speech (jieba with the IP dictionary; candidates are runs of them) and *fine* tokens (jieba's general
dictionary without words of four or more characters, so that 国家知识产权局 is 国家/知识产权/局) on
which word alignment is learnt. English: words with offsets, lemmas (plural -> singular, acronyms
kept), a content/function flag and the number of the punctuation-free chunk they stand in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ipcorpus.segment.chars import HAN_MINING
from ipcorpus.segment.lemmas import model_lemma as model_lemma
from ipcorpus.segment.lemmas import rendering_lemma as lemma_en
from ipcorpus.segment.script import to_simplified
from ipcorpus.segment.text import clean_zh as clean_zh
from ipcorpus.segment.tokens import tokenize_zh_fine
from ipcorpus.terms.pairs import SegmentPair

#: English function words: never the first or last word of a rendering, not aligned.
EN_FUNCTION = frozenset("""
a an the and or but nor of for to in on at by with from as into than then that this these those
which who whom whose what when where while is are was were be been being has have had do does did
it its it's their they them he she his her we our us you your i me my more most such other
all any each every both few many much some no not only own same so too very can will just should shall may
must might would could now also up down out over under again further once here there why how about against
between through during before after above below off per via among within without including another
""".split())
#: function words that may stand inside a rendering ("protection of intellectual property").
EN_INNER = frozenset("of for and the on in to".split())
#: Chinese function words: never inside a candidate, not aligned.
ZH_FUNCTION = frozenset("的 了 和 与 及 或 在 对 为 将 并 由 以 把 被 等 是 有 也 都 之 其 所 而 于 如 若 即 须 则".split())

CJK = re.compile(f"[{HAN_MINING}]")
#: an English word (letters, inner hyphens and apostrophes) or something that breaks a chunk
#: prefixes that are no words of their own: a compound that starts with one ("sub-sale", "re-sell", "non-
#: payment") is one word, and a line break after its hyphen ("sub- sale") does not cut it.
EN_BOUND_PREFIXES = frozenset("sub non pre post re co un anti semi multi inter intra mis".split())
_PREFIX_BREAK = rf"\b(?i:{'|'.join(sorted(EN_BOUND_PREFIXES))})-[ \t]+(?=[a-z])"
#: a company's legal form, which its periods and comma must not cut ("Zhejiang Dahua Technology Co., Ltd.")
_COMPANY_FORM = r"\bCo\.?,?\s?Ltd\.?|\bCo\.(?=\s*(?:\(|$))"
_EN_TOKEN = re.compile(rf"(?P<w>(?P<co>{_COMPANY_FORM})|{_PREFIX_BREAK}[a-z]+|[A-Za-z](?:[A-Za-z'’\-]*[A-Za-z])?)"
                       r"|(?P<b>[.,;:!?()\[\]\"“”‘’/—–]|\s-\s|\d+)")
_LATIN_UPPER = re.compile(r"^[A-Z]{2,}$")


def simplified(text: str) -> str:
    """``text`` in Simplified characters, character for character (same length)."""
    return to_simplified(text)


@dataclass(frozen=True)
class EnWord:
    """An English word: offsets in the pair's English, text, lemma, content flag, chunk number."""

    start: int
    end: int
    text: str
    lemma: str
    content: bool
    chunk: int


@dataclass(frozen=True)
class ZhToken:
    """A segmenter word: offsets in the pair's Chinese, Simplified text, jieba part of speech."""

    start: int
    end: int
    text: str
    pos: str


@dataclass
class Pair:
    """One aligned pair, tokenised."""

    id: int
    zh: str
    key: str
    en: str
    tokens: list[ZhToken]
    fine: list[tuple[int, int, str]]
    words: list[EnWord]
    #: plain jieba's split of each segmenter word of four or more characters that it cuts (专利质押融资
    #: -> 专利/质押/融资): the terms such a dictionary word hides are candidates too.
    inner: list[list[ZhToken]]


def en_words(text: str) -> list[EnWord]:
    """The words of English text with their chunk numbers (punctuation, dashes and digits break chunks)."""
    out: list[EnWord] = []
    chunk = 0
    for m in _EN_TOKEN.finditer(text):
        if m.group("b") is not None:
            chunk += 1
            continue
        w = re.sub(r"-[ \t]+", "-", m.group("w").replace("’", "'"))
        parts = w.split("-")
        if not m.group("co") and len(parts) > 1 and all(len(x) >= 3 for x in parts) \
                and parts[0].lower() not in EN_BOUND_PREFIXES:
            # a compound of words ("patent-pledge financing"): each part may start or end a rendering
            start = m.start()
            for x in parts:
                out.append(_en_word(start, x, chunk))
                start += len(x) + 1
        elif _label(w, out, chunk, text, m.start()):
            # "Party A", "Schedule B": a capital letter after a capitalised word labels it, it is no article
            out.append(EnWord(m.start(), m.end(), w, w, True, chunk))
        else:
            out.append(_en_word(m.start(), w, chunk, m.end()))
    return out


def _label(w: str, before: list[EnWord], chunk: int, text: str, start: int) -> bool:
    return len(w) == 1 and w.isupper() and w != "I" and bool(before) and before[-1].chunk == chunk \
        and before[-1].text[:1].isupper() and len(before[-1].text) > 1 and text[before[-1].end:start] == " "


def _en_word(start: int, w: str, chunk: int, end: int | None = None) -> EnWord:
    low = w.lower()
    return EnWord(start, start + len(w) if end is None else end, w, lemma_en(w),
                  low not in EN_FUNCTION and len(low) > 1, chunk)


def word_form(w: EnWord) -> str:
    """A word as it stands in a rendering's form: the model lemma of a content word, a function word as
    it is (both lower case)."""
    return model_lemma(w.text).lower() if w.content else w.text.lower()


def join_prefix_breaks(text: str) -> str:
    """``text`` with a line break after a prefix's hyphen closed ("sub- sale" -> "sub-sale")."""
    if "-" not in text:
        return text
    return re.sub(_PREFIX_BREAK, lambda m: m.group(0).rstrip(" \t"), text)


def fine_tokens(key: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of the content fine tokens of Simplified text: Chinese words without digits
    and upper-case acronyms; punctuation, numbers and function words are left out."""
    out = []
    for w, a, b in tokenize_zh_fine(key):
        w = w.strip()
        if not w or w in ZH_FUNCTION:
            continue
        if (CJK.search(w) and not any(ch.isdigit() for ch in w)) or _LATIN_UPPER.match(w):
            out.append((a, b, w))
    return out


def pos_tokens(key: str, *, use_dictionary: bool = True) -> list[ZhToken]:
    """Segmenter words of Simplified text with parts of speech (with the IP dictionary as user words, or
    plain jieba; tags from jieba's table, see :func:`ipcorpus.segment.tokens.tokenize_zh_tagged`)."""
    from ipcorpus.segment.tokens import tokenize_zh_tagged

    return [ZhToken(t.start, t.end, t.text, t.pos) for t in tokenize_zh_tagged(key, use_dictionary=use_dictionary)]


@lru_cache(maxsize=65536)
def _plain_split(word: str) -> tuple[tuple[int, int, str, str], ...]:
    from ipcorpus.segment.tokens import tokenize_zh_tagged

    return tuple((t.start, t.end, t.text, t.pos) for t in tokenize_zh_tagged(word, use_dictionary=False))


def inner_tokens(tokens: Sequence[ZhToken]) -> list[list[ZhToken]]:
    """Plain jieba's split of each token of four or more characters that it cuts in two or more."""
    out = []
    for t in tokens:
        if len(t.text) >= 4:
            parts = _plain_split(t.text)
            if len(parts) > 1:
                out.append([ZhToken(t.start + a, t.start + b, w, f) for a, b, w, f in parts])
    return out


def tokenise(pairs: Sequence[SegmentPair], *, use_dictionary: bool = True, progress=None) -> list[Pair]:
    """Every pair cleaned, converted and tokenised (see the module docstring)."""
    out = []
    for p in pairs:
        zh = clean_zh(p.zh)
        key = simplified(zh)
        toks = pos_tokens(key, use_dictionary=use_dictionary)
        out.append(Pair(p.id, zh, key, p.en, toks, fine_tokens(key), en_words(p.en), inner_tokens(toks)))
        if progress is not None:
            progress.update(1)
    return out
