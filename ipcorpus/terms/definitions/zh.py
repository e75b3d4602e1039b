"""Chinese definition heads: where a Chinese fragment starts with a defined term and its marker.

Numbering ("(1)", "第二条") and openers ("在本條例中，除文意另有所指外——", "本办法所称", "如……，") are cut
off; the term comes before a marker 指 / 是指 / 包括 / 不包括 / 具有……涵義 / ……的涵義與……相同 / 亦有相應的涵義
/ ——參閱, after an optional qualifier ("就……而言，"). It is at most :data:`ZH_MAX` characters
(:data:`ZH_MAX_LIST` inside a definition list), without clause punctuation, and not a sentence (no modal
verb, no leading conjunction or determiner). Variants are split ("交、交付", "簽及簽署"); an inline English
copy in parentheses is cut from the term and kept as a hint. See :mod:`ipcorpus.terms.definitions.clauses`.
"""

from __future__ import annotations

import re

from ipcorpus.terms.definitions.base import HAS_CJK, PAREN, Clause, strip_quotes

#: longest Chinese term (characters) outside a definition list / inside one (where the term's start is sure)
ZH_MAX = 12
ZH_MAX_LIST = 24

_ZH_SPLIT = re.compile(r"(?<=[；;。！？!?\n])|(?<=——)(?!——)|(?<=—)(?![—])")
_ZH_ENUM = re.compile(
    r"^\s*(?:[+*•·▪■●◆]\s*|[（(][0-9A-Za-z一二三四五六七八九十]{1,6}[)）]\s*|[0-9]+(?:\.[0-9]+)*[、.．\s](?!\d)\s*|第[0-9一二三四五六七八九十百千零〇]+[條条款項项]\s*|"
    r"[一二三四五六七八九十]+[、．]\s*)"
)
_ZH_LIST_OPENER = re.compile(
    r"^(?:除(?:非)?(?:文意|文義|文义|上下文)[^，。；]{0,12}?(?:外|者)?(?:——|—|[，,:：]\s*)|"
    r"[^，。；]{0,20}?(?:下列|以下)(?:用語|用语|詞語|词语|術語|术语|名詞|名词)[^，。；：:]{0,12}?[：:]\s*|"
    r"[^，。；]{0,12}?(?:用詞|用词|用語|用语|名詞|名词|術語|术语)[，,]?\s*(?:之)?(?:定義|定义|含義|含义)如下[：:]\s*)"
)
_ZH_SCOPE_OPENER = re.compile(
    r"^(?:(?:(?:在|於|于)[^，。；—]{1,30}?(?:中|內|内|裏|里)|(?:就|為|为)[^，。；—]{1,30}?(?:而言|的目的|之目的)|"
    r"(?:為施行|为施行|為實施|为实施)[^，。；—]{1,30}?|本[^，。；—]{1,12}?(?:中|內|内)|"
    r"(?:下文|上文|以下|文中)(?:中|內|内)?)(?:[，,]|——|—)\s*|"
    r"(?:在|於|于)?第[^，。；—]{1,20}?(?:條|条|款|段|節|节|部|章|項|项)(?:中|內|内)[，,]?\s*)"
)
_ZH_OTHER_OPENERS = (
    re.compile(r"^(?:如|若|凡|倘|倘若|儘管|尽管|不論|不论)[^，。；—]{1,60}?[，,]\s*"),  # a condition: "如……，X指……"
    # 本條例所稱X，是指; 前款所称X; 第二条所称X; 本发明中所述的X (a patent's wording)
    re.compile(r"^(?:本|該|该|此|上述|前|第[0-9一二三四五六七八九十百]+)[^，。；、—]{0,10}?"
               r"(?:所(?:稱|称|用|述|指)(?:的|之)?|中(?:的|之))"),
    re.compile(r"^(?:術語|术语|用語|用语|詞語|词语|所謂|所谓|所(?:述|稱|称)(?:的|之)?)\s*"),
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
    r"本(?:條|条|法|章|規|规|辦|办|部|節|节|附表|款|項|项|協|协|合約|合约|合同|指引|公約|公约|標準|标准|細則|细则|發明|发明|"
    r"申請|申请|實用新型|实用新型|公司|人|約定|约定)|"
    r"第[0-9一二三四五六七八九十百]+[條条款章項项部節节]|[的之])"
)
_ZH_PLACE_START = re.compile(r"^(?:在|於|于|由|以|對|对|就)")
_ZH_BAD_INSIDE = re.compile(r"須|须|必須|必须|應當|應該|应当|应该|應予|应予|可以|不得|將|将|是|所指|所述|所稱|所称|所列|須予|须予|"
                            r"經已|经已|已經|已经")
_ZH_BAD_END = re.compile(r"(?:的|之|而|及|或|和|與|与|並|并|也|時|时|後|后|前|中)$")


def _zh_term_hints(term: str) -> tuple[str, tuple[str, ...]]:
    """Cut an inline English copy "(Cap. 599 requirement)" out of a Chinese term."""
    hints: list[str] = []

    def cut(m: re.Match[str]) -> str:
        if re.search(r"[A-Za-z]", m.group(1)) and not HAS_CJK.search(m.group(1)):
            hints.append(m.group(1).strip())
            return ""
        return m.group(0)

    return PAREN.sub(cut, term).strip(), tuple(hints)


def _zh_variants(term: str) -> tuple[str, ...]:
    """"交、交付" -> (交, 交付); "簽及簽署" -> (簽, 簽署) (one part extends the other); else (term,)."""
    parts = [p.strip() for p in re.split(r"[、/／]", term) if p.strip()]
    if len(parts) == 1:
        m = re.fullmatch(r"(.+?)(?:及|和|或|與|与|或者)(.+)", term)
        if m:
            a, b = m.group(1), m.group(2)
            if b.startswith(a) or b.endswith(a) or a.startswith(b) or a.endswith(b):
                parts = [a, b]
    return tuple(strip_quotes(p) for p in parts)


def _valid_zh_term(t: str, max_len: int, relaxed: bool = False) -> bool:
    """Whether ``t`` looks like a Chinese term; ``relaxed``: a bare "X——" after a scoping opener, where
    a phrase may start with a preposition (在該證書的有效期內)."""
    if not t or len(t) > max_len:
        return False
    if not HAS_CJK.search(t):
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
    if p[-1:] in "：:":
        p = p[:-1].rstrip()  # a contract's "“保密信息”：指……", a law's list "一、營業秘密：指……"

    def clean(t: str) -> str:
        return strip_quotes(_ZH_WORD_TAIL.sub("", strip_quotes(t.strip())).strip())

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


def zh_fragments(text: str) -> list[str]:
    """A Chinese text cut at clause and sentence ends and after dashes (empty pieces included)."""
    return _ZH_SPLIT.split(text)


def _zh_deemed(s: str) -> tuple[str, str] | None:
    """"……即被當作為本條例所指的X——" / "……即具本條例所指的X": (term, body)."""
    m = re.search(r"(?:當作|当作|視為|视为|視作|视作|即屬|即属|屬於|属于|即具|具有|即為|即为|即是|即處於|即处于)(?:為|为)?(?:本|該|该|此)(?:條例|条例|法例|法律|法|條|条|規例|规例|規則|规则|辦法|办法|章|部|附表)所指(?:的|之)"
                  r"(?P<t>[^，,。；;—「」“”]{1,12}?)(?=——|—|[，,。；;]|$)", s)
    if m and _valid_zh_term(m.group("t"), ZH_MAX):
        return m.group("t"), s[: m.start()] + s[m.end():]
    # "……，均當作無力償債。", "……時，即處於可交付狀態": a clause that ends on what a case is deemed to be
    m = re.search(r"(?:^|[，,])(?:(?:均|即|則|则)?(?:被)?(?:當作|当作|視為|视为|視作|视作)|即(?:屬|属|處於|处于))"
                  r"(?P<t>[^，,。；;—「」“”]{2,12})[。；;]?$", s)
    if m and _valid_zh_term(m.group("t"), ZH_MAX):
        return m.group("t"), s[: m.start()] + s[m.end():]
    return None


def zh_head_of(frag: str, in_list: bool, scoped_before: bool = False) -> tuple[Clause | None, bool, bool]:
    """The clause a Chinese fragment opens (None if it opens none); whether the fragment carried a list
    opener; whether it was nothing but a scoping opener ("(6)在第(5)款中——"), whose scope then carries
    over to the next fragment."""
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
