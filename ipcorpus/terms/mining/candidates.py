"""Chinese term candidates and their occurrences, in one pass over the pairs.

A candidate is a run of one to ``max_zh_tokens`` segmenter words (on the Simplified key) that

* starts with a nominal word (noun, verbal noun, proper noun, abbreviation, idiom, upper-case acronym,
  distinguishing adjective) and holds only nominal words and verbs after it, never punctuation, digits
  or function words;
* does not start with a general quantifier or scope word (全省, 各类, 进一步 …) nor end with a general
  process word (建设, 工作, 情况 …): these make free combinations, not terms;
* one conjunction (与, 和, 及) may join two nouns inside it, when the run ends on a noun (a name:
  知识产权研究与服务中心);
* a verb or verbal noun of two or more characters may stand alone (质押, 侵权) or begin a run that holds
  a noun (雇佣合约, 质押登记);
* a run does not go on into a plain verb right after an agent noun (a person's word: 使用者, 专员, 署长, or
  a person's or organisation's name): that is a subject and its predicate (专员认为 "the Commissioner
  considers", 提供者指明 "the provider specifies"), not a term, whereas a thing before a verb may be one
  (版权登记 "copyright registration");
* a run does not start on a word that no dictionary lists (jieba's guess) and that holds a function
  character: the guesser glued it to a neighbour (由|省委 -> 由省, 其|拟 -> 其拟).

Names found by :mod:`ipcorpus.terms.names` (titles in 《》, quoted names, organisations, places,
events) are candidates too, with their kind. The document's form of a candidate is its original text
(Traditional stays Traditional). Its occurrences are then counted wherever its characters stand, not
only where the segmenter cut it out (a dictionary word 商业秘密保护 must not hide 商业秘密): every
substring of two to ``max_zh_chars`` characters of each Chinese text is looked up in the candidate
table, which is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ipcorpus.segment.chars import all_han_mining
from ipcorpus.terms.mining.corpus import ZH_FUNCTION, Pair, ZhToken, simplified

_START = ("n", "vn", "nz", "l", "j", "eng", "nt", "ns", "an", "b", "nr", "t", "h")
_INNER = _START + ("v", "vd", "a")
_SINGLE = ("n", "vn", "nz", "l", "j", "eng", "nt", "an", "v", "t")

#: general words that never begin a term: quantifiers, scope, time.
ZH_STOP_START = frozenset(
    "全省 我省 全国 全市 全年 各地 各类 各项 各级 相关 有关 其中 进一步 全面 积极 重点 新 年 年度 共 累计 "
    "省 市 县 区 该 本 此 同比 去年 今年 目前 以上 以下 等 多家 一批 首批 首个 省级 国家级 市级 其他 任何 "
    "所有 每 某 上述 前述 所述 下列 有效 主要 一般 一定 特定".split())
#: general words that never end a term: process and measure words, and the verbs of a definition
#: ("X指……", "X是指……": "means").
ZH_STOP_END = frozenset(
    "建设 工作 情况 方面 等 项目 水平 能力 作用 问题 活动 目标 任务 要求 数 量 家 件 个 项 起 方式 措施 "
    "实施 推进 开展 加强 提升 完善 发展 举办 印发 出台 进行 包括 作出 提供 有关 规定 适用 "
    "指 是指 系指 意指 一词 一语 这词".split())
#: last characters of agent nouns (a person's word: 使用者, 专员, 署长, 当事人, 法官, 律师).
ZH_AGENT_END = tuple("者员长人官师")

#: a division of the text numbered in Roman numerals (Part VII, 第VC部, IIA部): a place in the document,
#: not a term; a Roman numeral alone (VII, IIIA) is copied, not translated.
_ROMAN = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
_DIVISION = re.compile(rf"(?<![A-Za-z0-9])(?:{_ROMAN}[A-H]?(?=[部条條章节節款项項])|(?=[IVX]{{2}}){_ROMAN}[A-H]?$)")
#: conjunctions that may join two nouns inside a candidate, once (知识产权研究与服务中心).
ZH_COORD = frozenset("与 和 及".split())
#: verbs too general to be one-word terms.
ZH_GENERAL_VERBS = frozenset(
    "进行 包括 作出 提供 规定 适用 加强 推进 开展 完善 提升 实施 发展 建设 推动 支持 组织 建立 需要 "
    "应当 可以 能够 成为 具有 获得 实现 形成 促进 落实 继续 开始 发生 使用 没有 不得 须 视为 当作 "
    "增加 增长 减少 提高 降低 扩大 达到 超过 同比 完成 取得 增强 认为".split())


#: (start, end, token count, ends on a plain verb after other words) of a candidate run
Run = tuple[int, int, int, bool]


@dataclass
class Candidate:
    """A Chinese candidate: its form (original script), Simplified key, occurrences and kind."""

    form: str
    key: str
    tokens: int = 1
    kind: str = "term"
    #: fine tokens (the word-alignment units) in the first occurrence
    fine: int = 0
    #: a run of several words that ends on a plain verb (条例准许, 版权登记): a clause or a term
    verb_end: bool = False
    #: a run of several words that starts on a plain verb (交付买方, 核实数码签署): a clause or a term
    verb_start: bool = False
    #: a run of several words whose last word follows a plain verb (转交|买方, 交付|买方): a clause when its
    #: rendering gives the last word as an object ("transmission to the buyer")
    verb_object: bool = False
    #: (pair index, start, end) of every occurrence
    occurrences: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def segments(self) -> set[int]:
        return {i for i, _, _ in self.occurrences}


def _usable(tok: ZhToken, tags: Sequence[str]) -> bool:
    t = tok.text
    if any(ch.isdigit() for ch in t) or t in ZH_FUNCTION:
        return False
    if tok.pos == "eng":
        return t.isupper() and len(t) >= 2
    if not all_han_mining(t):
        return False
    return tok.pos.startswith(tuple(tags))


def _nominal(tok: ZhToken) -> bool:
    return tok.pos.startswith("n") or tok.pos in ("vn", "j", "l", "eng")


def _verb_preposition(tok: ZhToken) -> bool:
    """A verb with a preposition glued on (坐在 "sit on", 用于 "used for", 交给 "hand to"): the start of a
    clause, not of a term."""
    return tok.pos.startswith("v") and len(tok.text) >= 2 and tok.text[-1] in "在于到给向自"


def _single_verb(tok: ZhToken) -> bool:
    """A verb of two or more characters that may stand alone as a term (质押, 侵权)."""
    return tok.pos.startswith("v") and len(tok.text) >= 2 and tok.text not in ZH_GENERAL_VERBS \
        and tok.text not in ZH_STOP_END and _usable(tok, ("v",))


def _joins_coordinated(tokens: Sequence[ZhToken], i: int, j: int, coord: int) -> bool:
    """True when token ``j`` of a run starting at ``i`` is the one conjunction between two nouns inside a
    name (知识产权研究与服务中心)."""
    n = len(tokens)
    return j > i and tokens[j].text in ZH_COORD and not coord and j + 1 < n and _nominal(tokens[j - 1]) \
        and _nominal(tokens[j + 1]) and tokens[j + 1].text not in ZH_STOP_START


def _agent(tok: ZhToken) -> bool:
    """True for a noun that names a person or an organisation (使用者, 专员, a name tagged nr or nt)."""
    return tok.pos.startswith("nr") or tok.pos == "nt" or (_nominal(tok) and tok.text.endswith(ZH_AGENT_END))


def _ends_run(tokens: Sequence[ZhToken], i: int, j: int, has_noun: bool, coord: int) -> bool:
    """True when the run ``tokens[i..j]`` is a candidate (given that it may continue)."""
    first, tok = tokens[i], tokens[j]
    if tok.text in ZH_STOP_END or tok.text in ZH_GENERAL_VERBS or not has_noun:
        return False
    if j == i and (len(tok.text) < 2 or not tok.pos.startswith(_SINGLE)):
        return False
    if j > i and first.pos == "ns":
        return False  # a place before a term (浙江省|知识产权) is a phrase; names come from names.py
    if j > i and tok.text in _GLUE_END:
        # a run ending on a speech, seeing or motion verb (同志|说 "the comrade said", 手|笑, 迦勒|说, 约瑟|来):
        # a clause. Not any one-character verb: jieba tags 祭 of 素|祭 "meat offering", 树 of 番石榴|树 "myrtle
        # tree" and the last syllable of a transliterated name (瓦实|提 "Vashti") as verbs
        return False
    return not (coord and not tok.pos.startswith("n"))  # a run with a conjunction ends on a noun, as a name does


#: one-character nouns that head technical compounds (a patent's layers, plates, rods, seats ...), which
#: jieba tags as measure words or bound morphemes (层 q, 杆 q, 板 ng) when it does not know the compound
_HEAD_TAGS = ("q", "ng", "zg")
_HEAD_CHARS = frozenset("层膜板片杆座管线块端套轮环柱槽孔盖框网腔极器架罩壳垫圈阀泵轴齿梁筒辊刃壁")


def _head_morpheme(tok: ZhToken) -> bool:
    """One of :data:`_HEAD_CHARS` that jieba cut off as a measure word or a bound morpheme after a word
    (有源|层 "active layer", 支撑|板 "support plate", 连接|杆 "connecting rod"): it may end a run, never
    start or continue one."""
    return tok.text in _HEAD_CHARS and tok.pos in _HEAD_TAGS


def _runs_from(tokens: Sequence[ZhToken], i: int, max_tokens: int, max_chars: int) -> list[Run]:
    """The candidate runs that start at token ``i`` (which may start one)."""
    out = []
    first = tokens[i]
    has_noun = False
    coord = 0
    for j in range(i, min(len(tokens), i + max_tokens + 1)):
        tok = tokens[j]
        if _joins_coordinated(tokens, i, j, coord):
            coord = 1
            continue
        if j - i - coord >= max_tokens:
            break
        if j > i and _head_morpheme(tok) and tok.start == tokens[j - 1].end and tok.text not in ZH_STOP_END \
                and tok.end - first.start <= max_chars:
            # 有源|层 "active layer", 连接|杆 "connecting rod": the one-character head ends the run
            out.append((first.start, tok.end, j - i + 1 - coord, False))
            break
        if j > i and (not _usable(tok, _INNER) or tok.text in ZH_STOP_START or tok.start != tokens[j - 1].end):
            break
        if j > i and _invented(tok):
            break  # a guessed word with a function character inside a run (說明|其擬, 產權|即於)
        if j > i and tok.pos == "v" and _agent(tokens[j - 1]):
            break  # a subject and its predicate (专员认为), not a term
        has_noun = has_noun or _nominal(tok)
        if tok.end - first.start > max_chars:
            break
        if _ends_run(tokens, i, j, has_noun, coord):
            out.append((first.start, tok.end, j - i + 1 - coord, j > i and tok.pos == "v"))
    return out


#: characters that are grammatical words of their own (function words; determiners 该 本 此 每 各; modals
#: 可 应; negation 不 未; aspect 已 了 着 过; 者 时 内 地; personal pronouns and demonstratives 我 你 他 那 这
#: …; sentence particles 吗 呢 吧; adverbs 很 再 还 挺 又 就 才 最 先 真 …), which the segmenter's guesser
#: glues to a neighbour (由|省委 -> 由省, 其|拟 -> 其拟, 无条件地|拨归|该 -> 地拨, 归该, 时|不|应 -> 时不应,
#: 那|僧 -> 那僧, 先|喝 -> 先喝); 有 is left out, as it makes words the dictionaries may lack (有薪 "paid",
#: 管有 "possession")
_GLUE = (ZH_FUNCTION - {"有"}) | set("该地可者已未时不应内本此每各") | set("我你他她它您咱那这了着过吗呢吧") \
    | set("很再还挺又就才曾便刚太最先真")
#: ... and characters that end no guessed word: speech and seeing verbs, directional complements and the
#: localisers 上 里, which the guesser glues to the name, verb or noun before them (小红|道 "Xiaohong said",
#: 黛玉|见 "Daiyu saw", 照|进来 "shine in", 汤|里 "in the soup", 椅|上 "on the chair")
_GLUE_END = frozenset("说道笑叹问见来去上里")


#: the frequency at or below which jieba's dictionary entry vouches for no word: two thirds of its entries
#: stand at 3 or less, many of them phrases its makers collected (带我去, 那僧笑, 摸了摸, 可予)
_RARE = 3


def _invented(tok: ZhToken) -> bool:
    """True for a word with a function character that only the segmenter's guesser made, or that jieba's
    dictionary lists at its floor frequency (:data:`_RARE`) and no other dictionary lists, with that
    character standing alone in it: 由省 of 由|省委, 其拟 of 其|拟|另售, 而致, 人须, 那僧笑, 带我去, 可予
    (not 交易过程, whose 过 stands in 过程). Such a word starts, ends and continues no candidate."""
    return _invented_word(tok.text)


@lru_cache(maxsize=200_000)
def _invented_word(t: str) -> bool:
    if len(t) < 2 or not all_han_mining(t) or not (any(ch in _GLUE for ch in t) or t[-1] in _GLUE_END):
        return False
    from ipcorpus.segment.dictionary import ip_renderings
    from ipcorpus.segment.tokens import general_frequencies
    from ipcorpus.terms.mining.evidence import cedict_word

    freq = general_frequencies()[0]
    if cedict_word(t) or t in ip_renderings():
        return False
    n = freq.get(t, 0)
    if not n:
        return True
    if n > _RARE:
        return False

    def in_word(i: int) -> bool:  # character i inside a well-attested word of two or more inside t
        return any(freq.get(t[a:b], 0) > _RARE for a in range(i + 1) for b in range(max(a + 2, i + 1), len(t) + 1)
                   if b - a < len(t))

    return any((ch in _GLUE or (i == len(t) - 1 and ch in _GLUE_END)) and not in_word(i) for i, ch in enumerate(t))


def token_runs(tokens: Sequence[ZhToken], max_tokens: int, max_chars: int) -> list[Run]:
    """(start, end, token count, whether it ends on a plain verb after other words) of the candidate runs
    of one pair's words (see the module docstring)."""
    out = []
    for i, first in enumerate(tokens):
        if first.text in ZH_STOP_START or _invented(first) or _verb_preposition(first):
            continue
        single_verb = _single_verb(first)
        if single_verb:
            out.append((first.start, first.end, 1, False))
        if _usable(first, _START) or single_verb:
            out += _runs_from(tokens, i, max_tokens, max_chars)
    return out


def _seeds(pairs: Sequence[Pair], max_tokens: int, max_chars: int, names: dict[int, list],
           defined: Sequence[str]) -> dict[str, Candidate]:
    """Every candidate form of the pairs (runs, names with their kind, defined terms), no occurrence yet."""
    seeds: dict[str, Candidate] = {}
    for form in defined:
        # a defined term may be long (a scheme's or a benefit's name) or one character (月 "month")
        if 1 <= len(form) <= 2 * max_chars and (len(form) > 1 or all_han_mining(form)):
            seeds[form] = Candidate(form, simplified(form), 1)
    for i, p in enumerate(pairs):
        runs = token_runs(p.tokens, max_tokens, max_chars)
        for sub in p.inner:
            runs += token_runs(sub, max_tokens, max_chars)
        verbs = {t.start for t in p.tokens if t.pos == "v"}
        verb_ends = {t.end for t in p.tokens if t.pos == "v"}
        starts = {t.end: t.start for t in p.tokens}
        for a, b, k, verb_end in runs:
            form = p.zh[a:b]
            if form not in seeds:
                last = starts.get(b, b)
                seeds[form] = Candidate(form, p.key[a:b], k, verb_end=verb_end, verb_start=k > 1 and a in verbs,
                                        verb_object=k > 1 and last > a and last in verb_ends)
        for span in names.get(i, ()):
            form = p.zh[span.start:span.end]
            c = seeds.get(form)
            if c is None:
                seeds[form] = Candidate(form, p.key[span.start:span.end], 1, span.kind)
            elif c.kind == "term":
                c.kind = span.kind
    return seeds


def _count(pairs: Sequence[Pair], seeds: dict[str, Candidate], max_chars: int) -> None:
    """Every occurrence of every seed: substrings of up to ``max_chars`` looked up (linear in the text),
    longer names and one-character defined terms found by search (they are few)."""
    for i, p in enumerate(pairs):
        text = p.zh
        for a in range(len(text)):
            for b in range(a + 2, min(len(text), a + max_chars) + 1):
                c = seeds.get(text[a:b])
                if c is not None and _whole_latin(text, a, b):
                    c.occurrences.append((i, a, b))
    for c in [c for f, c in seeds.items() if len(f) > max_chars or len(f) == 1]:
        for i, p in enumerate(pairs):
            start = p.zh.find(c.form)
            while start >= 0:
                if _whole_latin(p.zh, start, start + len(c.form)):
                    c.occurrences.append((i, start, start + len(c.form)))
                start = p.zh.find(c.form, start + 1)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _whole_latin(text: str, a: int, b: int) -> bool:
    """False when text[a:b] starts or ends inside a Latin word or number (IIA inside VIIIA, PC in PCT)."""
    return not ((a > 0 and _latin(text[a]) and _latin(text[a - 1]))
                or (b < len(text) and _latin(text[b - 1]) and _latin(text[b])))


_NUMBER_BEFORE = re.compile(r"(?:[0-9第]|[(（][0-9A-Za-z]{1,4}[)）])$")


def _after_numbers(c: Candidate, pairs: Sequence[Pair]) -> bool:
    """True when most occurrences of ``c`` follow a number (12, (2), (a)) or the ordinal 第: the candidate
    starts on the word that goes with the number (第12條所述 -> 條所述, 第(2)款須 -> 款須) or on the number
    itself (第VA部 -> VA), not on a term."""
    after = sum(1 for i, a, _ in c.occurrences if _NUMBER_BEFORE.search(pairs[i].zh[max(0, a - 6):a]))
    return after * 2 > c.count


#: kinds of candidate that the text may give once: a document's title (《电子交易條例》) or a named event
#: (浙江省首届商业秘密保护论坛) is what a translator looks up even when it is cited once; so is a place
#: (台州市 "Taizhou City"), whose English must then hold its pinyin (see :func:`.checks.not_a_term`).
ONCE_KINDS = ("title", "event", "quoted", "place", "name")
#: a numbered division or chapter cited by number (第599章 "Cap. 599", 第5條): a reference, no term
_NUMBERED = re.compile(r"第\s*[0-9０-９一二三四五六七八九十百零〇]+\s*[章条條部节節款项項篇卷编編]")
#: characters that name a division of a text after its number (第VB部, 第3條, 第二章).
_DIVISION_WORD = frozenset("部条條章节節款项項")
_LATIN_END = re.compile(r"[A-Z]+$")


def _division_mark(c: Candidate, pairs: Sequence[Pair]) -> bool:
    """True when ``c`` ends on capital letters that mostly stand before a division word (及第VC of
    第VA及第VC部): the letters number a part of the text, they are no abbreviation."""
    if not _LATIN_END.search(c.key):
        return False
    before = sum(1 for i, _, b in c.occurrences if pairs[i].key[b:b + 1] in _DIVISION_WORD)
    return before * 2 > c.count


def _enclosed(c: Candidate, pairs: Sequence[Pair], spared: frozenset[str]) -> bool:
    """True when every occurrence (two or more) of a term stands between the same two characters, words'
    characters both (創新|科技及工業|局, 進行|合約售賣|特定): a piece of one longer expression that the text
    repeats, no term of its own. Defined terms and the IP dictionary's (``spared``) stay."""
    if c.kind != "term" or c.count < 2 or c.key in spared or not all_han_mining(c.key):
        return False  # a Latin acronym (PCT of 提交PCT国际) is a word of its own wherever it stands
    sides = set()
    for i, a, b in c.occurrences:
        key = pairs[i].key
        left, right = key[a - 1:a], key[b:b + 1]
        if not (left and right and all_han_mining(left) and all_han_mining(right)) \
                or left in ZH_FUNCTION or right in ZH_FUNCTION:
            return False
        sides.add((left, right))
    return len(sides) == 1


#: parts of speech of a word that, standing beside a term at every occurrence, makes the term a piece of
#: a longer name or compound (nouns, verbal nouns, proper nouns, abbreviations)
_BINDING_POS = frozenset({"n", "nz", "j", "l"})


def _bound(c: Candidate, pairs: Sequence[Pair], spared: frozenset[str]) -> bool:
    """True when a term starts on a verb (or verbal noun) and every occurrence (two or more) has the same
    noun of two characters or more right before it (知识产权强省|建设工作联席会议办公室, 知识产权服务业|集聚发展示范区):
    the predicate half of a longer name or compound that the text repeats, cut where the candidate's
    length limit fell. A segmenter's guessed word (可相 of 可相|比擬地位) binds nothing; defined terms and the IP
    dictionary's (``spared``) stay."""
    if c.kind != "term" or c.count < 2 or c.key in spared or not all_han_mining(c.key):
        return False
    lefts = set()
    for i, a, _ in c.occurrences:
        if not _starts_on_verb(pairs[i], a):
            return False
        left = next((t for t in pairs[i].tokens if t.end == a), None)
        lefts.add(left.text if left is not None and left.pos in _BINDING_POS and len(left.text) >= 2
                  and all_han_mining(left.text) and not _invented_word(left.text) else None)
    return len(lefts) == 1 and None not in lefts


def _drop_bound(cands: dict[str, Candidate], pairs: Sequence[Pair], spared: frozenset[str]) -> None:
    """Drop the bound terms (:func:`_bound`) and the terms starting on a verb all of whose occurrences
    stand inside theirs (工作联席会议办公室 inside 建设工作联席会议办公室): the pieces of one repeated longer
    expression. A noun inside one stays (版权登记 of 條例|准許版权登记: the object of a verb)."""
    bound = [c for c in cands.values() if _bound(c, pairs, spared)]
    if not bound:
        return
    spans: dict[int, list[tuple[int, int]]] = {}
    for c in bound:
        for i, a, b in c.occurrences:
            spans.setdefault(i, []).append((a, b))
    for form in [f for f, c in cands.items() if c.kind == "term" and c.key not in spared]:
        c = cands[form]
        if all(any(x <= a and b <= y for x, y in spans.get(i, ())) and _starts_on_verb(pairs[i], a)
               for i, a, b in c.occurrences):
            del cands[form]


def _starts_on_verb(pair: Pair, a: int) -> bool:
    first = next((t for t in pair.tokens if t.start == a), None)
    return first is not None and first.pos.startswith("v")


def collect(pairs: Sequence[Pair], *, min_freq: int, max_tokens: int, max_chars: int,
            names: dict[int, list] | None = None, defined: Sequence[str] = ()) -> dict[str, Candidate]:
    """The candidates seen at least ``min_freq`` times (titles and named events: once, see
    :data:`ONCE_KINDS`), with every occurrence (see the module docstring).

    ``names`` maps a pair index to the name spans found in it (objects with ``start``, ``end``, ``kind``);
    ``defined`` are terms that the text defines (candidates whatever their words).
    """
    seeds = _seeds(pairs, max_tokens, max_chars, names or {}, defined)
    _count(pairs, seeds, max_chars)
    from ipcorpus.segment.dictionary import ip_renderings

    spared = frozenset(simplified(d) for d in defined) | frozenset(ip_renderings())
    kept = {f: c for f, c in seeds.items()
            if (c.count >= min_freq or c.kind in ONCE_KINDS) and not _DIVISION.search(c.key)
            and not _NUMBERED.fullmatch(c.key) and not _after_numbers(c, pairs) and not _division_mark(c, pairs)
            and not _enclosed(c, pairs, spared)}
    _drop_bound(kept, pairs, spared)
    for c in kept.values():
        i, a, b = c.occurrences[0]
        c.fine = sum(1 for s, e, _ in pairs[i].fine if s < b and e > a)
    return kept
