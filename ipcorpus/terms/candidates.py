"""Term candidates: Chinese n-grams of nouns and verbal nouns, English noun-phrase-like n-grams.

Chinese: the segmenter's tokens with parts of speech (jieba tags) are joined into runs of up to
:data:`MAX_ZH_TOKENS` tokens that start with a nominal token, never cross punctuation, numbers or
function words, and do not start or end with a general word (全省, 建设, ...). English: runs of up to
:data:`MAX_EN_TOKENS` words between punctuation, not starting or ending with a stop word, with at most
one inner ``of``/``for``/``and``; every word is lemmatised (plural -> singular) so that "patents for
invention" and "patent for invention" are one candidate.

Nested candidates are resolved C-value style (Frantzi, Ananiadou & Mima 2000): a candidate that
occurs mostly inside one longer candidate is a fragment and is dropped, one that the document
also uses on its own, or inside many different longer terms, is kept.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

MAX_ZH_TOKENS = 4
MAX_EN_TOKENS = 6
#: a capitalised name in the original English ("State Intellectual Property Office and Patent Office")
#: may run longer than :data:`MAX_EN_TOKENS`, up to this many words.
MAX_EN_NAME_TOKENS = 10

#: jieba tags that may start a Chinese term (nouns, verbal nouns, idioms/abbreviations, foreign words).
_ZH_START = ("n", "vn", "nz", "l", "j", "eng", "nt", "ns", "an", "a", "b")
#: tags allowed inside or at the end of a term (verbs included: 质押, 导航, 执法 end many terms).
_ZH_INNER = _ZH_START + ("v", "vd")
#: tags that may form a one-token term on their own.
_ZH_SINGLE = ("n", "vn", "nz", "l", "j", "eng", "nt", "an")

#: general words that never begin (or never end) a term: quantifiers, places-as-scope, time, process words.
ZH_STOP_START = frozenset(
    "全省 我省 全国 全市 全年 各地 各类 各项 各级 相关 有关 其中 进一步 全面 积极 重点 新 年 年度 共 累计 "
    "省 市 县 区 该 本 此 同比 去年 今年 目前 以上 以下 等 多家 一批 首批 首个 省级 国家级 市级".split())
ZH_STOP_END = frozenset(
    "建设 工作 情况 方面 等 项目 水平 能力 作用 问题 活动 目标 任务 要求 数 量 家 件 个 项 起 方式 措施 "
    "实施 推进 开展 加强 提升 完善 发展 举办 印发 出台".split())
#: administrative levels (省, 市, 县) are scope words, but before the name of a government organ (a word
#: ending in 局, 厅, 委, 院, 办) they are part of the organ's name: 省版权局 is "Provincial Copyright
#: Administration", not 省 + a term.
ZH_LEVEL = frozenset("省 市 县".split())
ZH_ORGAN = ("局", "厅", "委", "院", "办")
ZH_STOP = frozenset("的 了 和 与 及 或 在 对 为 将 并 由 以 把 被 等 是 有 也 都".split())
#: conjunctions that may join two nominal tokens inside a name, once (知识产权研究与服务中心), like the
#: English side's one inner "and"; a candidate never ends on one.
ZH_COORD = frozenset("与 和 及".split())

EN_STOP = frozenset("""
a an the and or but of for to in on at by with from as into than then that this these those
which who whom whose what when where while is are was were be been being has have had do does did
it its it's their they them he she his her we our us you your i me my more most such other
all any each every both few many much some no not only own same so too very can will just should
now also up down out over under again further once here there why how about against between
through during before after above below off per via among within without including
""".split()) | frozenset("total number year years province provinces provincial city cities first second third".split())
#: scope words of EN_STOP: they never start a lower-case candidate, but may stand inside or at the end
#: of one ("power province") and anywhere in a capitalised name ("Zhejiang Provincial Government").
EN_SCOPE = frozenset("total number year years province provinces provincial city cities first second third".split())
EN_INNER = frozenset({"of", "for", "and"})

_EN_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]|[A-Za-z]")
_EN_BREAK = re.compile(r"[.,;:!?()\[\]\"“”‘’/]|\s-\s|\d")
_HAS_DIGIT = re.compile(r"\d")
_PAST_PARTICIPLE = re.compile(r"^[a-z]{2,}[^e]ed$")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class ZhToken:
    """A Chinese token with its jieba part-of-speech tag."""

    text: str
    pos: str


@dataclass
class Candidate:
    """A candidate term: its normal form, token count, the segments and the count of its occurrences."""

    form: str
    length: int
    segments: set[int] = field(default_factory=set)
    count: int = 0
    surfaces: dict[str, int] = field(default_factory=dict)
    #: a Chinese verb-object candidate (侵犯知识产权), generated only by :func:`zh_verb_object`.
    verbal: bool = False

    @property
    def surface(self) -> str:
        """The most frequent surface form (before lemmatisation)."""
        return max(self.surfaces.items(), key=lambda kv: (kv[1], -len(kv[0])))[0] if self.surfaces else self.form


@lru_cache(maxsize=1)
def _jieba_posseg():
    """jieba's own POS tokenizer (general dictionary only)."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    return pseg


def tokenize_zh(text: str, *, use_dictionary: bool = True) -> list[ZhToken]:
    """Chinese tokens with POS tags.

    With ``use_dictionary`` the segmenter's tokenizer (jieba plus the shipped IP dictionary as user
    words, :func:`ipcorpus.segment.tokens.tokenize_zh`) is used when available; without it, plain jieba,
    so that a dictionary-off run owes nothing to the dictionary.
    """
    if use_dictionary:
        try:
            from ipcorpus.segment.tokens import tokenize_zh as seg_tokenize
        except ImportError:
            seg_tokenize = None
        if seg_tokenize is not None:
            return [ZhToken(t.text, t.pos or "x") for t in seg_tokenize(text)]
    return [ZhToken(w.word, w.flag) for w in _jieba_posseg().cut(text)]


def word_boundaries(text: str) -> set[int]:
    """Character offsets at which plain jieba (general dictionary) starts or ends a word in ``text``."""
    out = {0}
    pos = 0
    for w in _jieba_posseg().cut(text):
        pos += len(w.word)
        out.add(pos)
    return out


def on_word_boundaries(form: str, texts: Sequence[str], boundaries: Sequence[set[int]]) -> float:
    """Share of the occurrences of ``form`` in ``texts`` whose both ends fall on jieba word boundaries
    (1.0 when it never occurs). A candidate that starts or ends inside a general-language word most of
    the time is a fragment (国家知识产权 inside 国家知识产权局, 秘密保护 inside 商业秘密)."""
    n = ok = 0
    for text, cuts in zip(texts, boundaries, strict=True):
        start = text.find(form)
        while start >= 0:
            n += 1
            ok += start in cuts and start + len(form) in cuts
            start = text.find(form, start + 1)
    return ok / n if n else 1.0


def _zh_ok_token(tok: ZhToken, allowed: Sequence[str]) -> bool:
    if not _CJK.search(tok.text) and not (tok.pos == "eng" and tok.text.isupper()):
        return False
    if _HAS_DIGIT.search(tok.text) or tok.text in ZH_STOP:
        return False
    return tok.pos.startswith(tuple(allowed)) or tok.pos in allowed


def zh_ngrams(tokens: Sequence[ZhToken], verb_starts: frozenset[str] = frozenset()) -> Iterable[tuple[str, int]]:
    """Yield (candidate, token count) for every admissible n-gram of a tokenised Chinese segment.

    ``verb_starts``: verbs that may begin a candidate like a noun (term-forming verbs, 质押 of 质押登记;
    see the miner's productivity test)."""
    n = len(tokens)
    for i in range(n):
        first = tokens[i]
        if first.text in ZH_LEVEL and i + 1 < n and tokens[i + 1].text.endswith(ZH_ORGAN) \
                and len(tokens[i + 1].text) >= 2 and _zh_ok_token(tokens[i + 1], _ZH_START + ("nr",)):
            yield first.text + tokens[i + 1].text, 2  # the provincial organ's name: 省 + 版权局
        if first.text in ZH_STOP_START:
            continue
        if not _zh_ok_token(first, _ZH_START) and first.text not in verb_starts:
            continue
        parts: list[str] = []
        coord = 0
        for j in range(i, min(n, i + MAX_ZH_TOKENS + 1)):
            if j - i - coord >= MAX_ZH_TOKENS:
                break  # the conjunction does not count towards the token limit
            tok = tokens[j]
            if (j > i and tok.text in ZH_COORD and not coord and j + 1 < n
                    and _zh_ok_token(tokens[j + 1], _ZH_START) and tokens[j + 1].text not in ZH_STOP_START):
                coord = 1
                parts.append(tok.text)
                continue
            if j > i and not _zh_ok_token(tok, _ZH_INNER):
                break
            parts.append(tok.text)
            if tok.text in ZH_STOP_END or tok.pos.startswith("v") and tok.pos != "vn" and j == i:
                continue
            if j > i and tokens[j].text in ZH_STOP_START:
                break
            form = "".join(parts)
            if len(form) < 2 or len(form) > 12:
                continue
            k = j - i + 1 - coord
            if k > 1 and first.pos == "ns":
                continue  # a place name before a term (浙江省知识产权, 浙江企业) is a phrase, not a term
            if k == 1 and not (first.pos in _ZH_SINGLE or first.pos.startswith("n") and first.pos not in ("nr", "ns")):
                continue
            yield form, k


def _nominal(tok: ZhToken) -> bool:
    return (tok.pos.startswith("n") and tok.pos not in ("nr", "ns")) or tok.pos in ("vn", "j", "l")


def zh_verb_object(tokens: Sequence[ZhToken], max_object: int = 2) -> Iterable[tuple[str, int]]:
    """Yield (candidate, token count) for verb-object terms used attributively: a verb of two or more
    characters, one to ``max_object`` nominal tokens, and a nominal token right after them, so that the
    whole phrase modifies a noun (侵犯知识产权|犯罪, 质押融资|情况, 巡回审判|庭). A verb-object phrase in
    predicate position (加强知识产权保护。) is a clause, not a term, and is not yielded."""
    n = len(tokens)
    for i, verb in enumerate(tokens):
        if not (verb.pos == "v" and len(verb.text) >= 2 and _zh_ok_token(verb, ("v",))
                and verb.text not in ZH_STOP_END and verb.text not in ZH_STOP_START):
            continue
        for j in range(i + 1, min(n, i + 1 + max_object)):
            obj = tokens[j]
            if not (_nominal(obj) and _zh_ok_token(obj, _ZH_INNER)) or obj.text in ZH_STOP_START:
                break
            if j + 1 < n and _nominal(tokens[j + 1]) and _zh_ok_token(tokens[j + 1], _ZH_INNER) \
                    and obj.text not in ZH_STOP_END:
                yield "".join(t.text for t in tokens[i:j + 1]), j - i + 1


def zh_verb_words(tokens: Sequence[ZhToken]) -> Iterable[str]:
    """Verbs of two or more characters that may be one-word terms (质押, 侵权, 授权); they never start a
    longer candidate. Whether one is a term is decided by its use (see the miner's productivity test)."""
    for tok in tokens:
        if tok.pos == "v" and len(tok.text) >= 2 and _zh_ok_token(tok, ("v",)) \
                and tok.text not in ZH_STOP_END and tok.text not in ZH_STOP_START:
            yield tok.text


def lemma_en(word: str) -> str:
    """Lemma of an English word for matching: acronyms kept, plurals made singular, rest lower-cased."""
    if len(word) > 1 and word.isupper():
        return word
    low = word.lower()
    if len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "ics")):
        return _simplemma(low)
    return low


@lru_cache(maxsize=65536)
def _simplemma(word: str) -> str:
    try:
        import simplemma
    except ImportError:  # pragma: no cover - simplemma is installed with the project
        return word[:-1]
    out = simplemma.lemmatize(word, lang="en")
    return out if out and len(out) >= len(word) - 3 else word


def en_chunks(text: str) -> list[list[str]]:
    """Split English text into runs of words between punctuation and digits."""
    return [words for piece in _EN_BREAK.split(text) if (words := _EN_WORD.findall(piece))]


def en_ngrams(words: Sequence[str]) -> Iterable[tuple[str, str, int]]:
    """Yield (lemmatised form, surface form, word count) for admissible English n-grams of a run."""
    lemmas = [lemma_en(w) for w in words]
    lows = [w.lower() for w in words]
    caps = [w[:1].isupper() for w in words]
    n = len(words)

    def stop(k: int, start: bool) -> bool:
        if lows[k] in EN_SCOPE:
            return start and not caps[k]
        return lows[k] in EN_STOP

    for i in range(n):
        if stop(i, True) or lows[i] in EN_INNER or len(lows[i]) < 2:
            continue
        inner = 0
        name = caps[i]
        for j in range(i, min(n, i + MAX_EN_NAME_TOKENS)):
            name = name and (caps[j] or lows[j] in EN_INNER)
            if j - i >= MAX_EN_TOKENS and not name:
                break  # only a capitalised name runs past the ordinary limit
            if lows[j] in EN_INNER and j > i:
                # "of"/"and" between two capitalised words is part of a name ("Department of Science
                # and Technology"): it does not count towards the one inner word allowed
                if not (caps[j - 1] and j + 1 < n and caps[j + 1]):
                    inner += 1
                if inner > 1:
                    break
                continue
            if j > i and stop(j, False):
                break
            if len(lows[j]) < 2:
                break
            if j > i and lows[j] == lows[j - 1]:
                break  # a doubled word ("intellectual Intellectual property") is a text-extraction artefact
            if _PAST_PARTICIPLE.match(lows[j]):
                continue  # noun phrases do not end in a past participle ("registered", "received")
            yield " ".join(lemmas[i:j + 1]), " ".join(words[i:j + 1]), j - i + 1 - inner


def en_scope_names(chunks: Iterable[Sequence[str]]) -> set[str]:
    """Forms of the n-grams that the document writes as a capitalised name beginning with a scope word
    ("Provincial Government", "Provincial Party Committee"): names, not scope word + term."""
    out: set[str] = set()
    for words in chunks:
        for form, surface, _ in en_ngrams(words):
            first = surface.split(" ", 1)[0]
            if first[:1].isupper() and first.lower() in EN_SCOPE and " " in surface:
                out.add(form)
    return out


def en_lower_names(words: Sequence[str], names: set[str]) -> Iterable[tuple[str, str, int]]:
    """Yield (form, surface, word count) for lower-case occurrences of the capitalised names in ``names``
    (from :func:`en_scope_names`): a scope word does not start a lower-case candidate ("provincial
    enterprise"), but "provincial government" in "the provincial party committee and provincial
    government" is the name "Provincial Government" written in lower case, and counts as it."""
    if not names:
        return
    for i, w in enumerate(words):
        if w[:1].isupper() or w.lower() not in EN_SCOPE:
            continue
        head = [w[:1].upper() + w[1:], *words[i + 1:i + MAX_EN_NAME_TOKENS]]
        for form, surface, k in en_ngrams(head):
            if surface.startswith(head[0] + " ") and form in names:
                yield form, " ".join([w, *surface.split(" ")[1:]]), k


def en_hyphen_tails(words: Sequence[str]) -> Iterable[tuple[str, str, int]]:
    """Yield the n-grams of two or more words that start inside a noun-participle compound, at the
    participle: "patent-pledged financing" -> "pledged financing" (the phrase "trademark-pledged
    financing" and "property-pledged financing" share), as (form, surface, word count). Other
    compounds ("e-commerce", "one-stop") are units and are not cut."""
    for i, w in enumerate(words):
        if "-" not in w:
            continue
        tail = w.rsplit("-", 1)[1]
        if len(tail) < 5 or not tail.isalpha() or not tail.lower().endswith(("ed", "ing")):
            continue
        for form, surface, k in en_ngrams([tail, *words[i + 1:i + MAX_EN_TOKENS]]):
            if k > 1 and (surface == tail or surface.startswith(tail + " ")):
                yield form, surface, k


def en_coordination_expansions(words: Sequence[str], *, max_head: int = 3) -> Iterable[tuple[str, str, int]]:
    """Yield (form, surface, word count) for the conjuncts of a coordinated pre-modifier expanded with
    their shared head: "patent and trademark pledge" -> "patent pledge", "trademark pledge" (each with
    the head's first one to ``max_head`` words). Only single-word conjuncts of content words are expanded
    ("science and technology" has no head of its own and gives nothing)."""
    lows = [w.lower() for w in words]
    n = len(words)

    def content(k: int) -> bool:
        return lows[k] not in EN_STOP and lows[k] not in EN_INNER and len(lows[k]) > 1 \
            and not _PAST_PARTICIPLE.match(lows[k])

    for i in range(n - 3):
        if lows[i + 1] != "and" or not (content(i) and content(i + 2)):
            continue
        if i > 0 and content(i - 1):
            continue  # "X Y and Z W": the first conjunct is not a single word
        for h in range(1, max_head + 1):
            end = i + 3 + h
            if end > n or not content(end - 1):
                break
            head = words[i + 3:end]
            for conj in (words[i], words[i + 2]):
                surface = " ".join([conj, *head])
                yield " ".join(lemma_en(w) for w in [conj, *head]), surface, 1 + h


def collect(segments: dict[int, Iterable[tuple[str, str, int]]]) -> dict[str, Candidate]:
    """Count candidates over segments: ``{segment id: iterable of (form, surface, length)}``."""
    out: dict[str, Candidate] = {}
    for sid, grams in segments.items():
        for form, surface, length in grams:
            c = out.get(form)
            if c is None:
                c = out[form] = Candidate(form, length)
            c.count += 1
            c.segments.add(sid)
            c.surfaces[surface] = c.surfaces.get(surface, 0) + 1
    return out


def zh_parts(form: str) -> set[str]:
    """All proper substrings of a Chinese candidate (the forms it contains)."""
    n = len(form)
    return {form[i:j] for i in range(n) for j in range(i + 1, n + 1) if j - i < n}


def en_parts(form: str) -> set[str]:
    """All proper contiguous word sub-sequences of an English candidate."""
    w = form.split()
    n = len(w)
    return {" ".join(w[i:j]) for i in range(n) for j in range(i + 1, n + 1) if j - i < n}


def c_value(cands: dict[str, Candidate], *, parts) -> dict[str, float]:
    """C-value of each candidate: ``log2(1+len) * (f(a) - mean f(b) over longer b containing a)``.

    ``parts(b)`` gives the forms that candidate ``b`` contains.
    """
    nested_sum: dict[str, int] = defaultdict(int)
    nested_n: dict[str, int] = defaultdict(int)
    for b in cands.values():
        for a in parts(b.form):
            if a in cands:
                nested_sum[a] += b.count
                nested_n[a] += 1
    out: dict[str, float] = {}
    for c in cands.values():
        nested = nested_sum[c.form] / nested_n[c.form] if nested_n[c.form] else 0.0
        out[c.form] = math.log2(1 + c.length) * (c.count - nested)
    return out


def resolve_nested(cands: dict[str, Candidate], *, min_freq: int, parts) -> dict[str, Candidate]:
    """Keep candidates seen ``min_freq`` times whose own use (C-value, per length unit) reaches 1.

    A fragment that only ever occurs inside one longer candidate gets ``f(a) - f(b) = 0`` and goes;
    a term the document also uses alone, or inside several different terms, stays.
    """
    frequent = {k: c for k, c in cands.items() if c.count >= min_freq}
    cv = c_value(frequent, parts=parts)
    return {k: c for k, c in frequent.items() if cv[k] / math.log2(1 + c.length) >= 1.0}


@lru_cache(maxsize=1)
def _general_frequencies() -> tuple[dict[str, int], int]:
    """Word frequencies of jieba's general-language dictionary and their total."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.dt.FREQ, jieba.dt.total


def specificity(form: str, count: int, doc_tokens: int) -> float:
    """Domain specificity of a Chinese candidate in [0, 1]: Ahmad et al.'s *weirdness*, the ratio of
    its relative frequency in the document to that in jieba's general dictionary, on a log scale
    (ratio <= 10 -> 0, >= 1000 -> 1). Words the general dictionary lacks (most multiword terms)
    count as seen once there."""
    freqs, total = _general_frequencies()
    general = (freqs.get(form, 0) or 0) + 1
    ratio = (count / max(doc_tokens, 1)) / (general / total)
    return min(1.0, max(0.0, (math.log10(max(ratio, 1e-9)) - 1.0) / 2.0))
