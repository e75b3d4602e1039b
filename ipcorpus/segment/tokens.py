"""Word tokens: jieba (with part of speech) for Chinese, a regex plus simplemma for English.

The Chinese tokenizer is a private :class:`jieba.Tokenizer` (never jieba's global one) into which every
entry of the IP dictionary (:func:`ipcorpus.segment.dictionary.load_ip_dictionary`) is added as a user
word with its part of speech, so that 知识产权, 发明专利, 马德里商标国际注册 … come out whole. It is built
once per process (``lru_cache``); jieba's own log messages are silenced.

Start-up (issue 13, item 4): the finished tokenizer's prefix dictionary (jieba's with the IP words added,
500,000 entries), jieba's own, and simplemma's English dictionary (:mod:`ipcorpus.segment.lemmas`) are
kept in the user's cache folder (:mod:`ipcorpus.datacache`) and read back with one ``marshal.loads`` each
(about 0.2 s, 0.2 s and 0.05 s instead of 1 s, 0.8 s and 0.45 s). A short text (a one-sentence pair) is
cut without reading the prefix dictionary at all: its few entries are looked up in an on-disk copy
(:class:`_LazyJieba`). The tables are the same, so are the words and lemmas.

The jieba tokenizers, one per dictionary:

* the IP tokenizer (:func:`words_zh`, :func:`tokenize_zh`, :func:`tokenize_zh_tagged`): jieba's general
  dictionary with every IP dictionary word added;
* the plain tokenizer (``tokenize_zh_tagged(..., use_dictionary=False)``): jieba's general dictionary
  (jieba's global tokenizer);
* the fine tokenizer (:func:`tokenize_zh_fine`): jieba's general dictionary without words of four or
  more characters, so that 国家知识产权局 is 国家/知识产权/局 (the term miner learns word alignment on it).
"""

from __future__ import annotations

import logging
import marshal
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ipcorpus.segment.chars import all_han_a_to_basic
from ipcorpus.segment.dictionary import dictionary_bytes, load_ip_dictionary
from ipcorpus.segment.lemmas import lemma_en

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


#: bump when the cached jieba tables are built differently
_JIEBA_TABLES_VERSION = 1
#: characters of Chinese text segmented from look-ups in the on-disk table (a few milliseconds per
#: thousand characters) before the whole table is read (0.2-0.3 s): a one-sentence pair never reads it
LAZY_JIEBA_CHARS = 5000


def _jieba_key(jieba: Any, ip_words: bool = True) -> str:
    """Cache key of the tokenizer's tables: jieba's version and dictionary file, the IP dictionary's
    contents (``ip_words``), and how the tables are built."""
    from ipcorpus import datacache

    ip = datacache.content_stamp(dictionary_bytes()) if ip_words else "-"
    return datacache.make_key(_JIEBA_TABLES_VERSION, getattr(jieba, "__version__", "?"), marshal.version,
                              datacache.file_stamp(os.path.join(os.path.dirname(jieba.__file__), "dict.txt")), ip)


def _jieba_tables_ok(value: object) -> bool:
    if not (isinstance(value, tuple) and len(value) == 4):
        return False
    freq, total, tags, force = value
    return (isinstance(freq, dict) and isinstance(total, int) and isinstance(tags, dict)
            and isinstance(force, list) and len(freq) > 1000 and total > 0)


def _initialize(jieba: Any, tok: Any) -> None:
    """``tok.initialize()`` for jieba's default dictionary, its table read with one ``marshal.loads`` from
    the cache folder (jieba reads its own cache with ``marshal.load`` from the file: 0.7-0.9 s)."""
    from ipcorpus import datacache

    if tok.initialized or tok.dictionary != jieba.DEFAULT_DICT:
        tok.initialize()
        return
    key = _jieba_key(jieba, ip_words=False)
    tables = datacache.read_marshal("jieba-plain", key, lambda v: isinstance(v, tuple) and len(v) == 2
                                    and isinstance(v[0], dict) and isinstance(v[1], int) and len(v[0]) > 1000)
    if tables is None:
        tok.initialize()
        datacache.write_marshal("jieba-plain", key, (tok.FREQ, tok.total))
        return
    with tok.lock:
        tok.FREQ, tok.total = tables  # type: ignore[misc]
        tok.initialized = True


def initialize_jieba(tok: Any) -> None:
    """``tok.initialize()`` for a jieba tokenizer (e.g. ``jieba.dt``), jieba's default dictionary read from
    the user's cache folder (:func:`_initialize`): the same tables, 0.2 s instead of 0.7-0.9 s."""
    import jieba

    _initialize(jieba, tok)


def _build_word_tokenizer(jieba: Any) -> Any:
    """jieba's default dictionary, then every IP dictionary word added with its tag (about 1 s)."""
    tok = jieba.Tokenizer()
    _initialize(jieba, tok)
    for zh, _en, pos in load_ip_dictionary():
        tok.add_word(zh, tag=pos or None)
    return tok


def _import_jieba() -> Any:
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=1)
def _word_tokenizer() -> Any:
    """A private jieba tokenizer loaded with the IP dictionary (words and their tags; built once per
    process, its tables read from the user's cache folder when a copy is there)."""
    from ipcorpus import datacache

    jieba = _import_jieba()
    key = _jieba_key(jieba)
    tables = datacache.read_marshal("jieba-ip", key, _jieba_tables_ok)
    if tables is not None:
        tok = jieba.Tokenizer()
        tok.FREQ, tok.total, tok.user_word_tag_tab, force = tables  # type: ignore[misc]
        for word in force:  # what add_word does for a word of frequency 0 (there is none today)
            jieba.finalseg.add_force_split(word)
        tok.initialized = True
        if not datacache.cache_file("jieba-ip", key, "sqlite").is_file():
            datacache.write_table("jieba-ip", key, tok.FREQ, {"total": tok.total, "force": "\n".join(force)})
        return tok
    tok = _build_word_tokenizer(jieba)
    force = [zh for zh, _en, _pos in load_ip_dictionary() if tok.FREQ.get(zh) == 0]
    datacache.write_marshal("jieba-ip", key, (tok.FREQ, tok.total, tok.user_word_tag_tab, force))
    datacache.write_table("jieba-ip", key, tok.FREQ, {"total": tok.total, "force": "\n".join(force)})
    logger.debug("jieba tokenizer ready with %d IP dictionary words", len(load_ip_dictionary()))
    return tok


class _LazyJieba:
    """Segmentation of a short text from look-ups in the on-disk copy of :func:`_word_tokenizer`'s prefix
    dictionary: the text's own entries (every substring jieba asks about: it walks each start while the
    growing prefix is in the dictionary, and the dictionary holds every prefix of its words) are copied
    into the dictionary of a small tokenizer, which then cuts exactly as the full one does."""

    def __init__(self, jieba: Any, table: Any) -> None:
        self._jieba = jieba
        self._table = table
        self._total = int(table.meta["total"])
        self.chars_left = LAZY_JIEBA_CHARS
        for word in str(table.meta.get("force") or "").split("\n"):
            if word:
                jieba.finalseg.add_force_split(word)

    def tokenizer_for(self, text: str) -> Any:
        """A tokenizer whose dictionary holds the entries of ``text`` (spends ``len(text)`` of the budget)."""
        self.chars_left -= len(text)
        get = self._table.get
        entries: dict[str, int] = {}
        n = len(text)
        for i in range(n):
            for j in range(i + 1, n + 1):
                frag = text[i:j]
                if frag in entries:
                    continue
                value = get(frag)
                if value is None:
                    break
                entries[frag] = value
        tok = self._jieba.Tokenizer()
        tok.FREQ, tok.total, tok.initialized = entries, self._total, True
        return tok


@lru_cache(maxsize=1)
def _lazy_jieba() -> _LazyJieba | None:
    """The look-up segmenter when the on-disk table is there (None: the full tokenizer is used)."""
    from ipcorpus import datacache

    jieba = _import_jieba()
    table = datacache.open_table("jieba-ip", _jieba_key(jieba), lambda: _word_tokenizer().FREQ)
    if table is None or "total" not in table.meta:
        return None
    return _LazyJieba(jieba, table)


def _cutter_for(text: str) -> Any:
    """The full tokenizer once it is loaded or the look-up budget is spent, else a small one for ``text``."""
    from ipcorpus.datacache import whole_tables

    if _word_tokenizer.cache_info().currsize == 0 and len(text) <= LAZY_JIEBA_CHARS and not whole_tables():
        lazy = _lazy_jieba()
        if lazy is not None and lazy.chars_left >= len(text):
            return lazy.tokenizer_for(text)
    return _word_tokenizer()


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
    return [w for w in _cutter_for(text).cut(text, HMM=True) if w.strip()]


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
    return "nz" if len(word) > 1 and all_han_a_to_basic(word) else "x"


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


#: bump when the cached tag tables are built differently
_TAG_TABLES_VERSION = 1


def _tags_ok(value: object) -> bool:
    if not (isinstance(value, dict) and len(value) > 1000):
        return False
    word, tag = next(iter(value.items()))
    return isinstance(word, str) and isinstance(tag, str)


@lru_cache(maxsize=1)
def _ip_tag_table() -> dict[str, str]:
    """jieba's tag table with the IP dictionary's words and tags added (one table, loaded once)."""
    tags = dict(_plain_tags())
    tags.update((zh, pos) for zh, _en, pos in load_ip_dictionary() if pos)
    return tags


@lru_cache(maxsize=1)
def _plain_tags() -> dict[str, str]:
    """jieba.posseg's tag table of jieba's general dictionary, read from the user's cache folder with one
    ``marshal.loads`` (0.2 s; importing jieba.posseg builds it from jieba's dictionary file: 0.7 s), else
    built and kept there; keyed like jieba's own table (its version and dictionary file)."""
    from ipcorpus import datacache

    key = datacache.make_key(_TAG_TABLES_VERSION, _jieba_key(_import_jieba(), ip_words=False))
    tags = datacache.read_marshal("jieba-tags", key, _tags_ok)
    if tags is None:
        import jieba.posseg

        tags = dict(jieba.posseg.dt.word_tag_tab)
        datacache.write_marshal("jieba-tags", key, tags)
    return tags  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _plain_tokenizer() -> tuple[Any, dict[str, str]]:
    """jieba's default tokenizer and its tag table (general dictionary only)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    _initialize(jieba, jieba.dt)
    return jieba.dt, _plain_tags()


@lru_cache(maxsize=1)
def _fine_tokenizer() -> Any:
    """A private jieba tokenizer whose dictionary is jieba's general one without the words of four or more
    characters (their entries kept with frequency 0, so that their prefixes still lead on)."""
    import jieba

    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()
    if tk.dictionary == jieba.DEFAULT_DICT and jieba.dt.dictionary == jieba.DEFAULT_DICT:
        # a copy of jieba's own tokenizer's table (the plain tokenizer and the miner use it too): one read
        # of the table from the cache folder in a process instead of two
        _initialize(jieba, jieba.dt)
        with tk.lock:
            tk.FREQ, tk.total, tk.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True  # type: ignore[misc]
    else:
        _initialize(jieba, tk)
    for w in [w for w, f in tk.FREQ.items() if f and len(w) >= 4]:
        tk.FREQ[w] = 0
    return tk


def tokenize_zh_fine(text: str) -> list[tuple[str, int, int]]:
    """``(word, start, end)`` of every jieba word of ``text`` (whitespace and punctuation included) by the
    fine tokenizer: jieba's general dictionary without words of four or more characters."""
    return list(_fine_tokenizer().tokenize(text, HMM=True))


_EN_WORD = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*|\d+(?:[.,]\d+)*%?")


def tokenize_en(text: str) -> list[Token]:
    """English word tokens (letters with inner hyphens/apostrophes, or numbers); punctuation is skipped."""
    out: list[Token] = []
    for m in _EN_WORD.finditer(text):
        word = m.group(0)
        low = word.lower()
        lemma = low if low[0].isdigit() else lemma_en(low)
        out.append(Token(word, m.start(), m.end(), "", low, lemma))
    return out


@lru_cache(maxsize=1)
def general_frequencies() -> tuple[dict[str, int], int]:
    """jieba's general-language dictionary: (word -> frequency, total). A word the segmenter only guessed
    (its HMM) has none; the miner's specificity compares a text's frequencies with these."""
    import jieba

    jieba.setLogLevel(60)
    initialize_jieba(jieba.dt)  # jieba.initialize(), its table from the user's cache folder (0.7 s less)
    return jieba.dt.FREQ, jieba.dt.total
