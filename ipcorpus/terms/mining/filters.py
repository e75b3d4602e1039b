"""After selection: the kept candidates that are no glossary entries, moved to the review file with a verdict.

Each filter takes the selected terms (``scored``: form -> :class:`~ipcorpus.terms.mining.selection.Scored`),
deletes the ones it rejects and writes why into ``verdicts``: general words, bare verbs and modifiers, the
tails of company names, and renderings that both the dictionaries and the encoder reject. Names, titles,
defined terms and the IP dictionary's terms are spared.
"""

from __future__ import annotations

from collections.abc import Sequence

from ipcorpus.segment.lemmas import lemma_en
from ipcorpus.terms.mining import corpus, selection
from ipcorpus.terms.mining.checks import unrendered_word
from ipcorpus.terms.mining.config import MinerConfig
from ipcorpus.terms.mining.evidence import (
    gloss_word,
    matches,
    verb_only_reading,
    verb_only_word,
    word_glosses,
)


def general_words(scored: dict[str, selection.Scored], toks: Sequence[corpus.Pair], attested: frozenset[str],
                  verdicts: dict[str, str]) -> None:
    """Leave out the one-word terms that the text uses no more than general language does (specificity 0:
    国家 "national", 市场 "market", 管理 "management") unless the text defines them or the IP dictionary lists
    them: a glossary of such words is noise to a translator (they stay in the review file)."""
    n_tokens = sum(len(p.tokens) for p in toks)
    for form in [f for f, s in scored.items() if s.candidate.kind == "term" and s.candidate.tokens == 1
                 and s.definition is None and s.candidate.key not in attested
                 and selection.specificity(s.candidate.key, s.candidate.count, n_tokens) <= 0.0]:
        del scored[form]
        verdicts[form] = "a general word"


def _bare_verb(key: str, r: selection.Rendering, nouns: frozenset[str]) -> bool:
    """Whether the rendering ``r`` of the one-word Simplified ``key`` is a bare verb: one word, which
    CC-CEDICT gives only as the verb of a "to ..." sense of ``key``, and not a gerund or a plural that the
    text uses as a noun (``nouns``: "training of", "measure of damages"; "complying with", "it depends"
    are verbs)."""
    words = r.form.split()
    if len(words) != 1 or words[0] in corpus.EN_FUNCTION:
        return False
    surface = (max(r.surfaces, key=r.surfaces.get) if r.surfaces else words[0]).lower()
    lemma = lemma_en(surface)
    if surface in nouns and (surface.endswith("ing") or (surface.endswith("s") and surface != lemma)):
        return False  # the gerund "training of"; the plural "measure of damages" (not "it depends")
    if verb_only_reading(key, lemma):
        return True
    # a word that CC-CEDICT knows only as a verb (停工 "to stop work") rendered by a word the text does not
    # use as a noun and that has no noun's ending ("laid", "fall", "entitle"; not "appraisal", "amendment")
    return surface not in nouns and not surface.endswith(_NOUN_ENDINGS) and verb_only_word(key)


def _text_verb(r: selection.Rendering, text_verbs: frozenset[str], nouns: frozenset[str]) -> bool:
    """Whether ``r`` is one word in its plain form that the text uses only as a verb (after "to" or a modal,
    never after a determiner: 收案 "receive"), whatever the dictionaries know of the Chinese word."""
    words = r.form.split()
    surface = max(r.surfaces, key=r.surfaces.get) if r.surfaces else ""
    # in its plain form and lower case: a name after "to" ("went to Qingping") is no verb
    return len(words) == 1 and words[0] in text_verbs and surface == words[0] and surface not in nouns


#: English endings of nouns: a word ending so renders a verb as its noun (鉴定 "appraisal", 制造 "manufacturing")
_NOUN_ENDINGS = ("ing", "tion", "sion", "ment", "ance", "ence", "ity", "ure", "al", "ness", "ship", "age", "ery")


def bare_words(scored: dict[str, selection.Scored], attested: frozenset[str], modifiers: frozenset[str],
               nouns: frozenset[str], verdicts: dict[str, str], *, verbs: bool = True,
               text_verbs: frozenset[str] = frozenset()) -> None:
    """Leave out the one-word terms whose every rendering is a bare verb (:func:`_bare_verb`, with
    ``verbs``; ``nouns``: the words the text uses as nouns: 加快 "accelerate", 获批 "approve", 视乎
    "depends") or a bare modifier, an adjective or adverb that the text uses only before another word
    (``modifiers``, :func:`checks.modifiers_only`: 智能 "intelligent" of "intelligent manufacturing", 金融
    "financial"): neither is a glossary term. A word rendered by a noun stays (创新 "innovation", 制造
    "manufacturing", 損害 "damages", 撤銷 "revoke | revocation", 司法 "judicial | justice"), and so does a
    word the text defines or the IP dictionary lists (质押 "pledge"). They stay in the review file."""
    for form, s in list(scored.items()):
        c = s.candidate
        if c.kind != "term" or c.tokens != 1 or s.definition is not None or c.key in attested:
            continue
        kinds = set()
        for r in s.renderings:
            if r.form in modifiers:
                kinds.add("a modifier")
            elif verbs and (_bare_verb(c.key, r, nouns) or _text_verb(r, text_verbs, nouns)):
                kinds.add("a verb")
            else:
                break
        else:
            del scored[form]
            verdicts[form] = " or ".join(sorted(kinds, reverse=True)) + ", no term"


#: the legal forms that end a company's name (Simplified)
_COMPANY_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "公司")


def company_tails(scored: dict[str, selection.Scored], toks: Sequence[corpus.Pair],
                  verdicts: dict[str, str]) -> None:
    """Leave out a term that ends on a company's legal form with words before it and always follows a
    letter or a Chinese character (技术股份有限公司 "Technology Co., Ltd." of 浙江大华技术股份有限公司 and
    杭州海康威视数字技术股份有限公司): the tail of companies' names, not a term; the legal form alone
    (有限公司 "Co., Ltd.") stays."""
    for form, s in list(scored.items()):
        c = s.candidate
        if c.kind != "term" or s.definition is not None or not c.key.endswith(_COMPANY_FORMS) \
                or c.key in _COMPANY_FORMS:
            continue
        if all(a > 0 and (toks[i].zh[a - 1].isalpha() and toks[i].zh[a - 1] not in corpus.ZH_FUNCTION)
               for i, a, _ in c.occurrences):
            del scored[form]
            verdicts[form] = "the tail of company names"


def neighbours_words(scored: dict[str, selection.Scored], toks: Sequence[corpus.Pair], glosses, attested: frozenset[str],
                     verdicts: dict[str, str]) -> None:
    """Leave out a term whose rendering translates the Chinese word beside it, not itself: at most of its
    occurrences every content word of the rendering is a dictionary gloss of the word right before or right
    after it, and none is a gloss of the term or of its words (擬備 "expense" beside 費用, four times in one
    repeated phrase, where the word alignment cannot tell the two apart). Names, defined and listed terms
    stay; with the dictionaries only."""
    if glosses is None:
        return
    for form, s in list(scored.items()):
        c = s.candidate
        if c.kind != "term" or s.definition is not None or c.key in attested:
            continue
        words = [w for w in s.best.form.split() if w not in corpus.EN_FUNCTION]
        own = [glosses(c.key)] + [glosses(w) for _, _, w in corpus.fine_tokens(c.key)]
        if not words or any(matches(w, g) for w in words for g in own if g):
            continue
        beside = 0
        for i, a, b in c.occurrences:
            # the segmenter words of the Simplified key on either side
            near_glosses = [glosses(t.text) for t in toks[i].tokens if t.end == a or t.start == b]
            if all(any(gloss_word(w, g) for g in near_glosses) for w in words):
                beside += 1
        if beside * 2 > c.count:
            del scored[form]
            verdicts[form] = "renders the word beside it"


def unlike(scored: dict[str, selection.Scored], sims: dict[str, float], attested: frozenset[str],
           cfg: MinerConfig, verdicts: dict[str, str]) -> None:
    """Leave out the weakly attested terms whose rendering both the dictionaries and the encoder reject:
    the dictionaries know the Chinese word but give none of the rendering's words, and the encoder's cosine
    of the two is below ``cfg.unlike_similarity`` (构建 "II", 享有 "entitlement", 機關 "certification
    authority"). A word the dictionaries do not know is spared (the encoder knows legal words such as 受寄人
    "bailee" poorly); names, defined and listed terms too. They stay in the review file."""
    for form, s in list(scored.items()):
        c = s.candidate
        if c.kind != "term" or s.definition is not None or c.key in attested or s.confidence >= cfg.unlike_confidence \
                or sims.get(form, 1.0) >= cfg.unlike_similarity:
            continue
        glosses = word_glosses(c.key)
        if glosses and not any(matches(w, glosses) for w in s.best.form.split() if w not in corpus.EN_FUNCTION):
            del scored[form]
            verdicts[form] = f"rendering unlike the term (cosine {sims[form]:.2f}, not in the dictionaries)"


def shared_names(scored: dict[str, selection.Scored], glosses, verdicts: dict[str, str]) -> None:
    """Of two names or titles that came out with the same English while neither Chinese holds the other
    (国家知识产权局专利局杭州代办处 and 国家知识产权局专利信息传播利用基地, both "State Intellectual Property Office
    Patent Information Dissemination and Utilization Base"), leave out the ones a word of which the English
    does not render (代办处 "agency"), when another one has every word rendered: two offices have two names.
    ``glosses``: the dictionaries' English lemmas for a Chinese word (None: nothing is left out)."""
    if glosses is None:
        return
    groups: dict[str, list[str]] = {}
    for form, s in scored.items():
        if s.candidate.kind != "term":
            groups.setdefault(s.best.form, []).append(form)
    for forms in groups.values():
        if len(forms) < 2:
            continue
        keys = {f: scored[f].candidate.key for f in forms}
        if any(keys[a] in keys[b] for a in forms for b in forms if a != b):
            continue  # a short form and its long form may share the English
        bad = [f for f in forms if unrendered_word(keys[f], scored[f].best.form, glosses)]
        if bad and len(bad) < len(forms):
            for f in bad:
                del scored[f]
                verdicts[f] = "another name has this English, and a word of this one is not rendered"
