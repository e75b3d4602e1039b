"""Cheap lexical evidence that translators trust, as sets of comparable *keys* per sentence.

Each sentence is reduced to a set of strings ("keys") that would appear identically on both sides of
a translation pair:

- ``n:<value>``: a number, whatever its spelling. Chinese numerals (二十一, 一百零五, 一九九八, 百分之三十),
  Arabic digits and English number words (twenty-one, fourteenth, a hundred) all map to the same value.
  The value 1 is ignored (一 / "a", "one" are too common to be evidence).
- ``l:<word>``: a Latin-script name. In English every capitalised word (and each pair of neighbouring
  capitalised words joined, so that "Wang Er" gives ``wanger``); in Chinese every Latin-script word and the
  toneless pinyin of every run of 2-3 Chinese characters, so that 陈清扬 (chen qing yang) meets
  "Chen Qingyang" and 宝玉 meets Hawkes' "Bao-yu".
- ``q``: the sentence holds a quoted title (《…》 in Chinese, a quotation in English).
- ``d:<id>``: a hit in the bilingual IP dictionary (:func:`ipcorpus.segment.dictionary.ip_pairs`): the
  Chinese term occurs in the Chinese sentence, one of its translations in the English.
- ``w:<lemma>`` (with ``cedict``): an English content word that translates one of the Chinese sentence's
  words according to CC-CEDICT (:mod:`ipcorpus.align.cedict`), unless it is common in the document.

:func:`pair_evidence` weighs the keys two sentences share. Weights, cap and thresholds:
:class:`ipcorpus.align.config.LexicalConfig` (``AlignConfig.lexical``).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ipcorpus.align.config import LexicalConfig
from ipcorpus.segment.chars import HAN_BASIC

log = logging.getLogger(__name__)

_ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_ZH_NUM_RE = re.compile(r"[零〇○一二两三四五六七八九十百千万亿]+")
_ZH_PCT_RE = re.compile(r"百分之([零〇○一二两三四五六七八九十百千万亿点]+|\d+(?:\.\d+)?)")
_DIGITS_RE = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_RE = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'\-]*")
_HAN_RE = re.compile(f"[{HAN_BASIC}]")

_EN_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_EN_ORD = {
    "first": "one", "second": "two", "third": "three", "fourth": "four", "fifth": "five", "sixth": "six",
    "seventh": "seven", "eighth": "eight", "ninth": "nine", "tenth": "ten", "eleventh": "eleven",
    "twelfth": "twelve", "thirteenth": "thirteen", "fourteenth": "fourteen", "fifteenth": "fifteen",
    "sixteenth": "sixteen", "seventeenth": "seventeen", "eighteenth": "eighteen",
    "nineteenth": "nineteen", "twentieth": "twenty", "thirtieth": "thirty", "fortieth": "forty",
    "fiftieth": "fifty", "sixtieth": "sixty", "seventieth": "seventy", "eightieth": "eighty",
    "ninetieth": "ninety", "hundredth": "hundred", "thousandth": "thousand",
}
_EN_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_EN_WORD_RE = re.compile(r"[A-Za-z]+")

def zh_numeral_value(s: str) -> int | None:
    """Value of a run of Chinese numerals: 二十一 -> 21, 一百零五 -> 105, 三万六千五百零一 -> 36501,
    一九九八 -> 1998 (digit-by-digit when there is no unit character). None if it does not parse."""
    if not s:
        return None
    if not any(c in _ZH_UNITS or c in _ZH_BIG for c in s):
        if all(c in _ZH_DIGITS for c in s):
            return int("".join(str(_ZH_DIGITS[c]) for c in s))
        return None
    total, section, digit = 0, 0, None
    for c in s:
        if c in _ZH_DIGITS:
            digit = _ZH_DIGITS[c]
        elif c in _ZH_UNITS:
            section += (1 if digit is None else digit) * _ZH_UNITS[c]
            digit = None
        elif c in _ZH_BIG:
            section += digit or 0
            total = (total + section) * _ZH_BIG[c] if total < _ZH_BIG[c] else total + section * _ZH_BIG[c]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def en_number_values(text: str) -> list[int]:
    """Values of the English number words of ``text``: "twenty-one" -> 21, "fourteenth" -> 14,
    "thirty-six thousand, five hundred and one" -> 36501, "a hundred" -> 100."""
    words = [w.lower() for w in _EN_WORD_RE.findall(text.replace("-", " "))]
    out: list[int] = []
    total = current = 0
    in_num = False
    for i, w in enumerate(words):
        w = _EN_ORD.get(w, w)
        if w in _EN_SMALL:
            current += _EN_SMALL[w]
            in_num = True
        elif w in _EN_SCALE and (in_num or (i > 0 and words[i - 1] == "a")):
            scale = _EN_SCALE[w]
            current = max(current, 1)
            if scale >= 1000:
                total += current * scale
                current = 0
            else:
                current *= scale
            in_num = True
        elif w == "and" and in_num:
            continue
        else:
            if in_num:
                out.append(total + current)
            total = current = 0
            in_num = False
    if in_num:
        out.append(total + current)
    return out


def _plain(word: str) -> str:
    """Lower-case, strip accents and hyphens/apostrophes: "Nǚ-wa" -> "nuwa"."""
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", word.lower())


def _digit_values(text: str) -> set[int]:
    vals: set[int] = set()
    for m in _DIGITS_RE.findall(text):
        try:
            v = float(m.replace(",", ""))
        except ValueError:
            continue
        vals.add(int(v) if v == int(v) else v)  # type: ignore[arg-type]
    return vals


_ZH_DIGIT_UNIT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([万亿])")


def zh_numbers(text: str) -> set[str]:
    """Number keys ``n:<value>`` of a Chinese sentence (Arabic digits and Chinese numerals), value 1 dropped.

    Digits before 万/亿 also count multiplied out (28.6万 -> 286000)."""
    vals: set = _digit_values(text)
    for num, unit in _ZH_DIGIT_UNIT_RE.findall(text):
        v = round(float(num) * _ZH_BIG[unit], 6)
        vals.add(int(v) if v == int(v) else v)
    for m in _ZH_NUM_RE.findall(text):
        v = zh_numeral_value(m)
        if v is not None:
            vals.add(v)
    return {f"n:{v}" for v in vals if v != 1}


def en_numbers(text: str) -> set[str]:
    """Number keys ``n:<value>`` of an English sentence (digits and number words), value 1 dropped."""
    vals: set = _digit_values(text)
    vals.update(en_number_values(text))
    return {f"n:{v}" for v in vals if v != 1}


@lru_cache(maxsize=65536)
def char_pinyin(c: str) -> str:
    """Toneless pinyin of one Chinese character (its most common reading), cached per character:
    per-character look-up is ~20x faster than phrase-aware conversion, which matters on long texts.
    The answers for U+4E00..U+9FFF are computed once and kept on disk (importing pypinyin takes 0.4 s)."""
    from ipcorpus.datacache import char_table

    table = char_table("pinyin", _pypinyin_char, "pypinyin")
    return table[c] if c in table else _pypinyin_char(c)


def _pypinyin_char(c: str) -> str:
    from pypinyin import Style, lazy_pinyin  # imported lazily: loading its data takes ~0.5 s

    out = lazy_pinyin(c, style=Style.NORMAL, errors=lambda x: ["?"] * len(x))
    return out[0] if out else "?"


def zh_names(text: str) -> set[str]:
    """Name keys ``l:<word>`` of a Chinese sentence: Latin-script words, and the pinyin of every run of
    2 or 3 neighbouring Chinese characters (陈清扬 -> chenqing, qingyang, chenqingyang)."""
    keys = {f"l:{_plain(w)}" for w in _LATIN_RE.findall(text) if len(_plain(w)) >= 2}
    han = "".join(c if _HAN_RE.match(c) else "|" for c in text)
    for run in han.split("|"):
        if len(run) < 2:
            continue
        syl = [char_pinyin(c) for c in run]
        for n in (2, 3):
            for i in range(len(syl) - n + 1):
                keys.add("l:" + "".join(syl[i:i + n]))
    return keys


def en_names(text: str) -> set[str]:
    """Name keys ``l:<word>`` of an English sentence: capitalised words (accents, hyphens dropped:
    "Bao-yu" -> baoyu) and each pair of neighbouring capitalised words joined ("Wang Er" -> wanger)."""
    words = _LATIN_RE.findall(text)
    caps = [(i, _plain(w)) for i, w in enumerate(words) if w[0].isupper()]
    keys = {f"l:{p}" for _, p in caps if len(p) >= 2}
    for (i, p), (j, q) in zip(caps, caps[1:], strict=False):
        if j == i + 1:
            keys.add(f"l:{p}{q}")
    return keys


@dataclass
class Dictionary:
    """A bilingual term list prepared for fast look-up: Chinese term -> ids, English phrase -> ids."""

    zh: dict[str, set[int]] = field(default_factory=dict)
    en: dict[str, set[int]] = field(default_factory=dict)
    max_zh: int = 0
    max_en: int = 0
    _first: tuple[int, set[str]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Dictionary:
        """Build from (Chinese term, English translation) pairs; one id per Chinese term."""
        d = cls()
        ids: dict[str, int] = {}
        for zh, en in pairs:
            zh, en = zh.strip(), " ".join(_EN_WORD_RE.findall(en.lower()))
            if len(zh) < 2 or not en:
                continue
            k = ids.setdefault(zh, len(ids))
            d.zh.setdefault(zh, set()).add(k)
            d.en.setdefault(en, set()).add(k)
            d.max_zh = max(d.max_zh, len(zh))
            d.max_en = max(d.max_en, len(en.split()))
        return d

    def zh_hits(self, text: str) -> set[str]:
        """Keys ``d:<id>`` of the dictionary terms that occur in a Chinese sentence."""
        out: set[str] = set()
        if not self.zh:
            return out
        for i in range(len(text)):
            for n in range(2, min(self.max_zh, len(text) - i) + 1):
                for k in self.zh.get(text[i:i + n], ()):
                    out.add(f"d:{k}")
        return out

    def en_hits(self, text: str) -> set[str]:
        """Keys ``d:<id>`` of the dictionary terms whose translation occurs in an English sentence."""
        out: set[str] = set()
        if not self.en:
            return out
        words = _EN_WORD_RE.findall(text.lower())
        first = self._en_first_words()
        for i in range(len(words)):
            # a phrase of two or more words (or it less a last "s") starts with its first word whole:
            # where no English entry starts with this word, only the word itself can match
            longest = min(self.max_en, len(words) - i) if words[i] in first else min(1, self.max_en)
            for n in range(1, longest + 1):
                phrase = " ".join(words[i:i + n])
                # a plural last word also matches ("patents" -> "patent")
                for form in (phrase, phrase[:-1] if phrase.endswith("s") else None):
                    for k in self.en.get(form, ()) if form else ():
                        out.add(f"d:{k}")
        return out


    def _en_first_words(self) -> set[str]:
        """The first words of the English entries (kept; made again when entries were added)."""
        if self._first is None or self._first[0] != len(self.en):
            self._first = (len(self.en), {k.split(" ")[0] for k in self.en})
        return self._first[1]


@lru_cache(maxsize=1)
def ip_dictionary() -> Dictionary:
    """The segmenter's bilingual IP dictionary (:func:`ipcorpus.segment.dictionary.ip_pairs`), or an empty
    one when it cannot be read."""
    from ipcorpus.segment.dictionary import ip_pairs

    try:
        return Dictionary.from_pairs(ip_pairs())
    except Exception as exc:  # a dictionary we cannot read is no evidence, never a failure
        log.warning("IP dictionary unusable for alignment: %s", exc)
        return Dictionary()


def zh_keys(text: str, dictionary: Dictionary | None = None) -> frozenset[str]:
    """All lexical keys of a Chinese sentence (numbers, names/pinyin, quoted title, dictionary hits)."""
    keys = zh_numbers(text) | zh_names(text)
    if "《" in text:
        keys.add("q")
    if dictionary is not None:
        keys |= dictionary.zh_hits(text)
    return frozenset(keys)


def en_keys(text: str, dictionary: Dictionary | None = None) -> frozenset[str]:
    """All lexical keys of an English sentence (numbers, capitalised names, quoted title, dictionary hits)."""
    keys = en_numbers(text) | en_names(text)
    if re.search(r"[\"“][^\"”]{2,}[\"”]", text):
        keys.add("q")
    if dictionary is not None:
        keys |= dictionary.en_hits(text)
    return frozenset(keys)


_EN_QUOTE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—-]))['‘\"“](?=\S)")
_EN_QUOTE_CLOSE = re.compile(r"(?<=\S)['’\"”](?=$|[\s)\],.;:!?—-])")


def zh_quote_balance(text: str) -> int:
    """Quotations a Chinese sentence opens minus those it closes (“ ” and 「 」)."""
    return text.count("“") - text.count("”") + text.count("「") - text.count("」")


def en_quote_balance(text: str) -> int:
    """Quotations an English sentence opens minus those it closes: a quotation mark (' " ‘ ’ “ ”) at the
    start of a word opens, one at the end of a word closes; apostrophes inside words (don't) count for
    neither. British single quotes are covered; a plural possessive (the boys') counts as a close."""
    return len(_EN_QUOTE_OPEN.findall(text)) - len(_EN_QUOTE_CLOSE.findall(text))


def is_question(text: str) -> int:
    """1 if the sentence holds a question mark (？ or ?), else 0: a question is a question in both languages."""
    return int("?" in text or "？" in text)


def pair_evidence(zk: frozenset[str], ek: frozenset[str], cap: float | None = None,
                  weights: dict[str, float] | None = None) -> float:
    """Weighted count of the keys two sentences share, capped at ``cap`` (weights and cap: by default those
    of :class:`~ipcorpus.align.config.LexicalConfig`)."""
    if not zk or not ek:
        return 0.0
    if cap is None or weights is None:
        default = LexicalConfig()
        cap = default.cap if cap is None else cap
        weights = default.key_weights if weights is None else weights
    shared = zk & ek
    return min(cap, sum(weights.get(k.split(":", 1)[0], 1.0) for k in shared))


#: Texts longer than this (characters) get their keys from pieces of at most this length, cut at a space
#: (issue 11, item 5). Sentences are cut at 10,000 characters by the splitters, but a paragraph (the
#: paragraph-level search) or a pre-split line can be any length, and the word lists built for keys
#: take about 100 bytes per word: 1.8 GB for a 50 MB paragraph. No real paragraph comes near this.
#: The setting is :attr:`LexicalConfig.long_text_chars <ipcorpus.align.config.LexicalConfig>`; this is its default.
LONG_TEXT_CHARS = LexicalConfig().long_text_chars


def _long_text_pieces(text: str, limit: int = LONG_TEXT_CHARS) -> list[str]:
    """``text`` cut at the last whitespace before every ``limit`` characters (or there)."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        hi = start + limit
        cut = max(text.rfind(" ", start + limit // 2, hi), text.rfind("\n", start + limit // 2, hi))
        cut = hi if cut <= start else cut
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _keys_in_pieces(zh: Sequence[str], en: Sequence[str], use_dictionary: bool, cedict: bool, lex: LexicalConfig,
                    ) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """:func:`keys_for` when a text is over ``lex.long_text_chars``: such a text's keys are the union of
    its pieces' keys (a name or number cut in two at a piece boundary is lost; memory stays bounded)."""
    limit = lex.long_text_chars
    flat: dict[str, list[str]] = {"zh": [], "en": []}
    spans: dict[str, list[tuple[int, int]]] = {"zh": [], "en": []}
    for lang, texts in (("zh", zh), ("en", en)):
        for t in texts:
            pieces = _long_text_pieces(t, limit) if len(t) > limit else [t]
            spans[lang].append((len(flat[lang]), len(flat[lang]) + len(pieces)))
            flat[lang].extend(pieces)
    zk, ek = keys_for(flat["zh"], flat["en"], use_dictionary, cedict, lex)
    return ([frozenset().union(*zk[a:b]) for a, b in spans["zh"]],
            [frozenset().union(*ek[a:b]) for a, b in spans["en"]])


def keys_for(zh: Sequence[str], en: Sequence[str], use_dictionary: bool = True, cedict: bool = False,
             lex: LexicalConfig | None = None) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """Lexical keys of every sentence of both sides (with ``cedict``, also the CC-CEDICT word keys of
    :mod:`ipcorpus.align.cedict`, which depend on the whole document). A text over
    ``lex.long_text_chars`` gets the union of its pieces' keys. ``lex``: default :class:`LexicalConfig`."""
    lex = lex or LexicalConfig()
    limit = lex.long_text_chars
    if any(len(t) > limit for t in zh) or any(len(t) > limit for t in en):
        return _keys_in_pieces(zh, en, use_dictionary, cedict, lex)
    d = ip_dictionary() if use_dictionary else None
    zk, ek = [zh_keys(t, d) for t in zh], [en_keys(t, d) for t in en]
    if cedict:
        from ipcorpus.align.cedict import dictionary_keys

        zw, ew = dictionary_keys(zh, en, lex.max_df, lex.min_common)
        zk = [a | b for a, b in zip(zk, zw, strict=True)]
        ek = [a | b for a, b in zip(ek, ew, strict=True)]
    return zk, ek
