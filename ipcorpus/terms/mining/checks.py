"""Clauses and fragments: the checks that tell a candidate's rendering is no term (see
:func:`not_a_term`), and the word lists of the text and the dictionaries they use (:class:`Lexicon`).

* A **clause**: a Chinese run ending on a verb rendered by a phrase ending on a word the text uses only as
  a verb ("buyer accept"), or opening with a participle and a preposition ("specified in the order"); a
  run starting on a verb rendered by a phrase starting on such a word ("deliver to the buyer"); a
  rendering ending on the verb of a definition ("date means").
* A **fragment**: a rendering of several words that ends on a word the text uses only before another word
  ("intellectual property demonstrative"); a capitalised rendering with a function word inside that ends
  where the English name goes on ("... Office and Patent" before "Office"); a rendering of several words
  that another word follows wherever it is spotted (three times or more: "national intellectual property"
  before "Office", "demonstrative", "pilot"); one English word for one word of a longer term ("rapid" for
  快速维权).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ipcorpus.segment.lemmas import lemma_en, model_lemma
from ipcorpus.terms.mining.candidates import Candidate
from ipcorpus.terms.mining.corpus import EN_FUNCTION, Pair, fine_tokens
from ipcorpus.terms.mining.evidence import gloss_word, matches, verb_only_reading, verb_senses
from ipcorpus.terms.names import romanised
from ipcorpus.terms.names.pinyin import pinyin_word

if TYPE_CHECKING:
    from ipcorpus.terms.mining.selection import Rendering


#: an English word after one of these is used as a verb ("shall accept", "to prove") ...
_VERB_BEFORE = frozenset("to shall may must will would can could should not".split())
#: ... and after one of these as a noun ("the permit", "a claim").
_NOUN_BEFORE = frozenset("the a an this these any each every its their his her such no".split())
#: a word after a preposition is a noun too ("claim for damages", "measure of damages"), "to" aside
_PREPOSITIONS = frozenset("of for in on with by from under without against".split())


def verbs_only(pairs: Sequence[Pair]) -> frozenset[str]:
    """The model lemmas (lower case) of the English words that the pairs use as verbs and never as nouns:
    seen after "to" or a modal ("shall accept", "to prove") and never after a determiner ("the permit")."""
    return word_uses(pairs)[0]


def word_uses(pairs: Sequence[Pair]) -> tuple[frozenset[str], frozenset[str]]:
    """(:func:`verbs_only`, the lower-case English words that the pairs use as nouns: seen after a
    determiner or a preposition, "the claim", "measure of damages"; an "-ing" word after a determiner or
    before "of" that no content word follows, "the meaning", "training of") in one pass."""
    verb: set[str] = set()
    noun: set[str] = set()
    nouns: set[str] = set()
    for p in pairs:
        prev = ""
        words = p.words
        for k, w in enumerate(words):
            low = w.text.lower()
            if w.content:
                if prev in _VERB_BEFORE:
                    verb.add(model_lemma(w.text).lower())
                elif prev in _NOUN_BEFORE and not low.endswith(("ed", "ing")):  # "a related", "the following"
                    noun.add(model_lemma(w.text).lower())
                    nouns.add(low)
                elif prev in _PREPOSITIONS and not low.endswith(("ed", "ing")):
                    nouns.add(low)
                if low.endswith("ing") and (prev in _NOUN_BEFORE or _next_is(words, k, "of")) \
                        and not (k + 1 < len(words) and words[k + 1].content and words[k + 1].chunk == w.chunk):
                    nouns.add(low)  # a gerund that heads its phrase: "the training", "meaning of"
            # a list label "(a)" is no determiner: "(a) accepts the certificate"
            prev = "" if p.en[w.start - 1:w.start] == "(" else low
    return frozenset(verb - noun), frozenset(nouns)


def _next_is(words, k: int, text: str) -> bool:
    return k + 1 < len(words) and words[k + 1].text.lower() == text and words[k + 1].chunk == words[k].chunk


def modifiers_only(pairs: Sequence[Pair], followed: frozenset[tuple[int, int]] | None = None) -> frozenset[str]:
    """The model lemmas (lower case) of the English adjectives and adverbs (by their endings) that the pairs
    use only before another word, at least twice and never at the end of a phrase ("demonstrative" of
    "demonstrative enterprise", "city"):
    a rendering of several words that ends on one has lost its head ("intellectual property
    demonstrative"). ``followed``: :func:`followed_words` of the pairs, when already computed."""
    followed = followed_words(pairs) if followed is None else followed
    before: Counter[str] = Counter()
    last: set[str] = set()
    for i, p in enumerate(pairs):
        for k, w in enumerate(p.words):
            if not w.content:
                continue
            lemma = model_lemma(w.text).lower()
            if (i, k) in followed:
                before[lemma] += 1
            else:
                last.add(lemma)
    return frozenset(w for w, n in before.items() if n >= 2 and w not in last and w.endswith(_MODIFIER_ENDS))


#: endings of English adjectives and adverbs: a noun that the text only uses before another noun
#: ("trading" of "copyright trading business", "medicine" of "Chinese medicine practitioner") still heads
#: a term
_MODIFIER_ENDS = ("ive", "al", "ic", "ous", "ful", "able", "ible", "ary", "ly", "ant", "ent", "less")


def inside_names(pairs: Sequence[Pair], followed: frozenset[tuple[int, int]] | None = None) -> frozenset[tuple[int, int]]:
    """(pair, word index) of each capitalised English word directly followed (space only between), in the
    same chunk, by another capitalised content word ("Patent" of "Patent Office"). ``followed``:
    :func:`followed_words` of the pairs, when already computed."""
    followed = followed_words(pairs) if followed is None else followed
    out = set()
    for i, k in followed:
        words, en = pairs[i].words, pairs[i].en
        w, nxt = words[k], words[k + 1]
        if w.text[:1].isupper() and nxt.text[:1].isupper() and not en[w.end:nxt.start].strip():
            out.add((i, k))
    return frozenset(out)


def followed_words(pairs: Sequence[Pair], *, predicates_end: bool = False) -> frozenset[tuple[int, int]]:
    """(pair, word index) of each English word directly followed, in the same chunk, by a content word.
    ``predicates_end``: not by a predicate, an inflected verb form ("-s", "-ed", "-ing") before a determiner
    ("the encapsulation layer comprises an ...", "... layer covering the ..."), which ends the noun phrase
    before it (an adverb before it, "unconditionally appropriated the", is still followed)."""
    out = set()
    for i, p in enumerate(pairs):
        words = p.words
        for k, (w, nxt) in enumerate(zip(words, words[1:], strict=False)):
            if not nxt.content or nxt.chunk != w.chunk or p.en[w.end:nxt.start].strip(" -"):
                continue
            if predicates_end and k + 2 < len(words) and nxt.text.lower().endswith(("s", "ed", "ing")) \
                    and words[k + 2].text.lower() in _PREDICATE_OBJECT and words[k + 2].chunk == nxt.chunk:
                continue
            out.add((i, k))
    return frozenset(out)


#: words that open the object of a predicate verb
_PREDICATE_OBJECT = frozenset("the a an this that these those its their said each every".split())


def _surface(r: Rendering) -> list[str]:
    """The words of the rendering's most frequent text (its form when it has none)."""
    return max(r.surfaces, key=r.surfaces.get, default=r.form).split()


def _verb_last(r: Rendering) -> bool:
    """True when a rendering of several words ends on a word that may be a verb's plain form: not a gerund
    ("course of dealing") and not an infinitive after "to" ("agreement to sell")."""
    surface = _surface(r)
    return len(surface) > 1 and not surface[-1].lower().endswith("ing") and surface[-2].lower() != "to"


def _cut_name(r: Rendering, cuts: frozenset[tuple[int, int]]) -> bool:
    surface = _surface(r)
    inner = [w for w in surface[1:-1] if w.lower() in EN_FUNCTION]
    if not inner or not all(w[:1].isupper() for w in surface if w.lower() not in EN_FUNCTION):
        return False  # only a name with a function word inside ("... Office and Patent" before "Office")
    return sum((s.pair, s.last) in cuts for s in r.spotted) * 2 > len(r.spotted)


def _predicate(r: Rendering, lexicon: Lexicon) -> bool:
    """True when a rendering is "X to V", V a word the text uses only as a verb and X no word it uses as a
    noun ("liable to pay", "bound to send", "refuse to accept"; not "agreement to sell")."""
    surface = [w.lower() for w in _surface(r)]
    return len(surface) == 3 and surface[1] == "to" and model_lemma(surface[2]).lower() in lexicon.verbs \
        and bool(lexicon.nouns) and surface[0] not in lexicon.nouns


def _finite_verb(key: str, r: Rendering, at: int) -> bool:
    """True when a rendering of several words ends (``at`` -1) or starts (``at`` 0) on a verb's
    third-person form ("permits", "expresses") that renders the Chinese word at that end, which CC-CEDICT
    gives that verb only as a "to ..." sense (准许 "to permit", 表示 "to express"): a clause."""
    surface = _surface(r)
    if len(surface) < 2:
        return False
    word = surface[at].lower()
    if not word.endswith("s") or word.endswith(("ss", "'s", "’s", "us", "is")) or lemma_en(word) == word:
        return False
    return verb_only_reading(fine_tokens(key)[at][2], lemma_en(word))


def _simple_past(key: str, surface: list[str]) -> bool:
    """True when a word of the rendering is an irregular simple past ("took"; not "-ed", not a participle
    such as "taken") of a verb that CC-CEDICT gives the term's last word only as (吊銷生效 "suspension took
    effect", 生效 "to take effect"; jieba tags 生效 a noun there, so the run is not known to end on a verb)."""
    toks = fine_tokens(key)
    if len(toks) < 2:
        return False
    last = toks[-1][2]
    for w in (x.lower() for x in surface[1:]):  # after its subject ("made in Zhejiang" has none: a participle)
        lemma = lemma_en(w)
        if lemma != w and not w.endswith(("s", "ed", "ing", "en", "wn", "ne")) and verb_only_reading(last, lemma):
            return True
    return False


#: the verbs that open a definition's body ("X means ...", "X includes ...")
_DEFINING = frozenset("means refers includes denotes".split())


def _defining(r: Rendering) -> bool:
    """True when the rendering's text ends on the verb of a definition ("specified date means")."""
    surface = _surface(r)
    return surface[-1].lower() in _DEFINING


#: prepositions after a participle that make a rendering a passive clause ("specified in the order").
_CLAUSE_PREPOSITIONS = frozenset("in by to under for of with on from at".split())


def _clause_rendering(r: Rendering, verbs: frozenset[str]) -> bool:
    """True when the rendering of a Chinese noun + verb is a clause: it ends on a word used only as a verb
    ("buyer accept") or opens with a participle and a preposition ("specified in the order", "published
    in the Gazette")."""
    words = r.form.split()
    if words[-1] in verbs:
        return True
    surface = _surface(r)
    return len(surface) > 2 and _participle(surface[0].lower()) and surface[1].lower() in _CLAUSE_PREPOSITIONS


def _participle(word: str) -> bool:
    """A past participle: "-ed", or an irregular one that is no lemma ("known", "given", "done")."""
    return word.endswith("ed") or (word.endswith(("en", "wn", "ne")) and not word.endswith("men")
                                   and lemma_en(word) != word)


@dataclass(frozen=True)
class Lexicon:
    """What the dictionaries and the text say about words, for :func:`select`.

    ``attested``: Simplified forms that an independent source lists as terms (the IP dictionary): such a
    candidate is a term of its own even where the text only uses it inside a longer one (行政执法 inside
    专利行政执法). ``words``: Simplified forms that a general dictionary lists as words (CC-CEDICT): such a
    candidate inside two kept longer ones is a term of its own even where those overlap (侵犯 of
    侵犯知识产权 and 侵犯知识产权案件). ``verbs``: English words the text uses only as verbs
    (:func:`verbs_only`): a candidate whose Chinese ends on a verb after other words and whose rendering
    ends on such a word is a clause, not a term (條例准許 "Ordinance permit"). ``modifiers``: English
    words the text uses only before another word (:func:`modifiers_only`): a term's rendering of several
    words may not end on one; ``name_cuts``: a term's rendering in capitals, with a function word
    inside, that mostly ends inside a longer capitalised name is a name cut short ("State Intellectual Property Office and Patent" before
    "Office")."""

    attested: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    #: (pair, word index) of every capitalised English word that a capitalised word follows inside the
    #: same name (:func:`inside_names`): a rendering in capitals with a function word inside that ends
    #: there is a name cut short.
    name_cuts: frozenset[tuple[int, int]] = frozenset()
    #: Simplified term -> the stems of the renderings that a dictionary gives for it (the IP dictionary)
    listed: dict[str, frozenset[frozenset[str]]] = field(default_factory=dict)
    #: (pair, word index) of every English word that another content word follows in the same chunk
    #: (:func:`followed_words`): a rendering that ends there wherever it is spotted is a modifier.
    followed: frozenset[tuple[int, int]] = frozenset()
    #: the lower-case English words the text uses as nouns (:func:`word_uses`)
    nouns: frozenset[str] = frozenset()
    #: the dictionaries' English lemmas for a Chinese word (None: dictionaries off)
    glosses: Callable[[str], frozenset[str]] | None = None
    #: the abbreviations the English text defines, as voting forms: short form -> long form ("cnipa" ->
    #: "china national intellectual property administration"; :func:`ipcorpus.terms.names.abbreviations`)
    short_forms: dict[str, str] = field(default_factory=dict)


#: a rendering that ends on "to the X": the object of a verb ("deliver to the buyer"; not "agreement to sell")
_TO_OBJECT = re.compile(r"\bto (?:the|a|an) \S+$")


#: the endings of an English possessive: a rendering ending on one lacks the word it qualifies
_POSSESSIVE = ("'s", "’s", "s'", "s’")


def not_a_term(c: Candidate, best: Rendering, defined: bool, lexicon: Lexicon) -> str:
    """Why a candidate with the best rendering ``best`` is a clause or a fragment, not a term ("" if it
    is none of them)."""
    words = best.form.split()
    if _garbled(best):
        return "garbled English: two prepositions in a row"
    clause = _clause_check(c, best, defined, lexicon)
    if clause:
        return clause
    if not defined and c.kind == "term" and len(words) > 1 and words[-1] in lexicon.modifiers:
        return "a fragment: ends on a modifier"
    if not defined and c.kind == "term" and len(best.spotted) >= 3 and len(words) > 1 and c.key not in lexicon.attested \
            and all((x.pair, x.last) in lexicon.followed for x in best.spotted):
        return "a fragment: always before another word"  # 国家知识产权 "national intellectual property"
    if c.kind == "quoted" and (why := _quotation_check(c, best, lexicon)):
        return why
    if c.kind == "term" and best.surfaces and max(best.surfaces, key=best.surfaces.get).endswith(_POSSESSIVE):
        return "a fragment: ends on a possessive"  # 月工資 "full month’s" (wages)
    if c.count == 1 and (why := _seen_once_check(c, best, lexicon)):
        return why
    if c.kind == "term" and _half_coordination(c.key, best):
        return "a fragment: one side of a coordination"  # 英文日報及中文日報 "English language daily newspaper"
    if c.kind == "term" and best.spotted and _cut_name(best, lexicon.name_cuts):
        return "a name cut short"
    if c.kind == "term" and lexicon.glosses is not None and c.key not in lexicon.words \
            and _one_part(c.key, best, lexicon.glosses):
        return "renders one word of the term"
    return ""


#: prepositions that follow a noun made of a verb ("return of the goods", "application for renewal"); two of
#: them in a row (not "into", "under": "from under") mark English whose word order the PDF's extraction
#: scrambled ("Protection of to Facilitate")
_AFTER_VERBAL_NOUN = frozenset("of for to in on by with from at into under".split())
_SCRAMBLING_PAIRS = _AFTER_VERBAL_NOUN - {"into", "under"}


def _garbled(r: Rendering) -> bool:
    """True when the rendering's text has a preposition right after another ("Suggestion of Strengthening
    Protection of to Facilitate Innovation Business Secret ..."): no English a translator can use."""
    words = [w.lower().strip(",;") for w in _surface(r)]
    return any(a in _SCRAMBLING_PAIRS and b in _SCRAMBLING_PAIRS for a, b in zip(words, words[1:], strict=False))


def _clause_check(c: Candidate, best: Rendering, defined: bool, lexicon: Lexicon) -> str:
    """Why a candidate with the best rendering ``best`` is a clause ("" if it is none)."""
    words = best.form.split()
    if not defined and (c.verb_end or _verb_last(best)) and _clause_rendering(best, lexicon.verbs):
        return "a clause: ends on a verb"
    if not defined and _predicate(best, lexicon):
        return "a clause: a predicate and its verb"  # 責任付給 "liable to pay", 送貨 "bound to send"
    if not defined and c.verb_end and _finite_verb(c.key, best, -1):
        return "a clause: ends on a finite verb"  # 條例准許 "Ordinance permits"
    if not defined and len(words) > 1 and _simple_past(c.key, _surface(best)):
        return "a clause: a verb in the past"  # 吊銷生效 "suspension took effect"
    if not defined and c.verb_start and _finite_verb(c.key, best, 0):
        return "a clause: starts on a finite verb"  # 表示同意 "expresses agreement"
    if len(words) > 1 and _defining(best):
        return "a clause: a definition's opening"  # 日期指 "date means" (jieba's 期指 hides "X指……")
    if not defined and c.verb_start and len(words) > 1 and words[0] in lexicon.verbs:
        return "a clause: starts on a verb"  # 核實數碼簽署 "verify a digital signature"
    if not defined and c.verb_object and _TO_OBJECT.search(best.form):
        return "a clause: a verb and its object"  # 轉交買方 "transmission to the buyer"
    if not defined and c.verb_start and c.verb_object and _verb_then_object(c.key, best):
        return "a clause: a verb and its object"  # 發出認可證書 "issue recognized certificates"
    return ""


def _verb_then_object(key: str, r: Rendering) -> bool:
    """True when the rendering of a Chinese verb and its object starts on the plain form of a verb that
    CC-CEDICT gives the first Chinese word as a "to ..." sense, before other words (發出證書 "issue
    certificates", 发出 "to issue"): an imperative, no term. A preposition after the word makes it a noun (退回貨品
    "return of the goods"); so does a noun compound ("pledge registration": 质押登记 holds no verb and object)."""
    words = _surface(r)
    toks = fine_tokens(key)
    if len(words) < 2 or not toks:
        return False
    first = words[0]
    if not first.islower() or lemma_en(first) != first or words[1].lower() in _AFTER_VERBAL_NOUN:
        return False
    return first in verb_senses(toks[0][2])


#: Chinese conjunctions that join two words of a term (知识产权研究与服务中心, 年資及退休金權利)
_ZH_AND = frozenset("及和与或并")
#: English words that join two parts of a rendering ("as well as")
_EN_AND = frozenset({"and", "or", "&", "/", "as", "well"})


def _half_coordination(key: str, r: Rendering) -> bool:
    """True when the Chinese joins two words with a conjunction (X及Y, X和Y) and the rendering joins nothing:
    one side of the coordination rendered ("English language daily newspaper" for 英文日報及中文日報)."""
    toks = fine_tokens(key)
    joined = any(key[a_end:b_start] in _ZH_AND for (_, a_end, _), (b_start, _, _) in zip(toks, toks[1:], strict=False))
    if not joined:
        return False
    return not any(w.lower().strip(",;") in _EN_AND for w in _surface(r))


def _seen_once_check(c: Candidate, best: Rendering, lexicon: Lexicon) -> str:
    """Why a title, event or place seen once is no entry ("" if it is one): a title or an event needs two
    content words; a place, an English word that is the pinyin of its name (台州市 "Taizhou city")."""
    if c.kind in ("title", "event") and sum(w not in EN_FUNCTION for w in best.form.split()) < 2:
        return "a title seen once, rendered by one word"  # 史记 "Historian" of "Records of the Grand Historian"
    if c.kind == "place" and not any(romanised(c.key[:k], w) for w in _surface(best) for k in range(2, len(c.key) + 1)):
        return "a place seen once, its English not its pinyin"  # 南湖 "South Lake area"
    if c.kind == "name" and not _named_once(c.key, best, lexicon):
        return "a name seen once, its English not checked by the dictionaries"
    return ""


def _named_once(key: str, best: Rendering, lexicon: Lexicon) -> bool:
    """True when an organisation's name seen once is rendered by a capitalised English name in which every
    word of two characters or more that the dictionaries gloss is rendered, one such word at least
    (省检察院 "Zhejiang Provincial People's Procuratorate": 检察院 "procuratorate")."""
    if lexicon.glosses is None:
        return False
    surface = _surface(best)
    if not all(w[:1].isupper() for w in surface if w.lower() not in EN_FUNCTION):
        return False
    words = [w for _, _, w in fine_tokens(key)]
    glossed = [w for w in words if len(w) >= 2 and lexicon.glosses(w)]
    if not glossed or unrendered_word(key, best.form, lexicon.glosses):
        return False
    # ... and every English word renders a word or a character of the name (or is its pinyin or an
    # acronym): no word of the sentence around it ("Director of Health" for 衞生署, "... Primary School of")
    known = frozenset().union(*(lexicon.glosses(w) for w in words), *(lexicon.glosses(ch) for ch in "".join(words)))
    if not all(w.lower() in EN_FUNCTION or w.isupper() or pinyin_word(w) or matches(model_lemma(w).lower(), known)
               for w in surface):
        return False
    return _in_order(key, surface, lexicon.glosses)


def _in_order(key: str, surface: list[str], glosses: Callable[[str], frozenset[str]]) -> bool:
    """True when an English name without a preposition renders the Chinese words in their order (modifier
    before head in both languages): "Zhejiang Intellectual Property Public Service Province Platform" for
    浙江省知识产权公共服务平台 puts 省's "Province" among the last words, a PDF's scrambled line."""
    if any(w.lower() in ("of", "for", "on", "in", "at") for w in surface):
        return True  # "Intellectual Property Court of Hangzhou": the order turns at the preposition
    toks = fine_tokens(key)
    places = []
    for w in surface:
        if w.lower() in EN_FUNCTION:
            continue
        lemma = model_lemma(w).lower()
        at = next((a for a, _, t in toks if matches(lemma, glosses(t)) or romanised(t, w)), None)
        if at is None:
            at = next((a + k for a, _, t in toks for k, ch in enumerate(t) if matches(lemma, glosses(ch))), None)
        if at is not None:
            places.append(at)
    return places == sorted(places)


def _quotation_check(c: Candidate, best: Rendering, lexicon: Lexicon) -> str:
    """Why a quoted name is no entry ("" if it is one): seen once, it needs every vote from the English
    quotation paired with its own (and the dictionaries to check it); rendered by paired quotations only,
    none of its glossed words may go unrendered."""
    paired = bool(best.spotted) and all(x.quoted for x in best.spotted)
    if c.count == 1 and not (paired and lexicon.glosses is not None):
        return "quoted once, the English does not quote it"  # 问鼎中原 "Central Plain"
    figures = any(ch.isdigit() for w in _surface(best) for ch in w)
    if paired and lexicon.glosses is not None and unrendered_word(c.key, best.form, lexicon.glosses, figures=figures):
        return "a word of the quotation not rendered"  # “浙江制造精品” "made in Zhejiang"
    return ""


#: Chinese numerals: a word holding one is rendered by a figure, which no gloss gives
_ZH_NUMERALS = frozenset("一二三四五六七八九十百千万两零〇")


def unrendered_word(key: str, form: str, glosses: Callable[[str], frozenset[str]], *, figures: bool = False) -> bool:
    """True when a word of two characters or more of ``key`` that the dictionaries gloss has none of its
    glosses in the rendering ``form``, as a word, a stem or inside a compound ("bluesky" holds "blue"):
    the translator's quotation renders something else or leaves a part out ("made in Zhejiang" for
    浙江制造精品, 精品 "premium product"). With ``figures`` (the rendering's text holds a figure), a word with a
    Chinese numeral in it is taken as rendered (一号工程 "No. 1 Project")."""
    words = [w for w in form.split() if w not in EN_FUNCTION]
    compact = "".join(words)
    for _, _, w in fine_tokens(key):
        if figures and any(ch in _ZH_NUMERALS for ch in w):
            continue  # a numbered word rendered with a figure (一号工程 "No. 1 Project")
        known = glosses(w) if len(w) >= 2 else frozenset()
        if known and not any(matches(x, known) for x in words) \
                and not any(len(g) >= 3 and g in compact for g in known) and not any(romanised(w, x) for x in words):
            return True
    return False


def _one_part(key: str, best: Rendering, glosses: Callable[[str], frozenset[str]]) -> bool:
    """True when a term of several words, each of which the dictionaries know, is rendered by one English
    word that translates one of them only (快速维权 "rapid", 侵权货物 "infringing"); the caller spares
    words that CC-CEDICT lists whole (切实可行 "practicable")."""
    content = [w for w in best.form.split() if w not in EN_FUNCTION]
    parts = [w for _, _, w in fine_tokens(key)]
    if len(content) != 1 or len(parts) < 2:
        return False
    known = [glosses(w) for w in parts]
    # a word of two characters or more that no dictionary knows is a word all the same (身分 "capacity" of
    # 消費者身分, rendered "consumer"): it counts as a part the one English word does not render
    if not all(g or len(w) >= 2 for g, w in zip(known, parts, strict=True)) or not any(known):
        return False
    return sum(gloss_word(content[0], g) for g in known) == 1
