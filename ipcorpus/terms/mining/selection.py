"""From spotted renderings to glossary entries: votes, nesting, ranking.

* **Votes.** Each occurrence of a candidate votes for the rendering spotted there (renderings are
  compared as lemma forms). The best rendering is the one with most votes (ties: better aligned). A
  definition found in the text ("X means …") adds ``definition_votes`` votes to its term's rendering and
  makes it the best: the text itself says what the term is ("severance payment", where most
  occurrences are spotted as "severance"); where the pair's English holds the defined English term at an
  occurrence, that is the rendering spotted there (:func:`ipcorpus.terms.mining.mine._defined_where_used`:
  處長 "Commissioner", which the word alignment took for "section").
* **Confidence** = share of the candidate's occurrences that vote for the best rendering or a word-order
  variant of it (smoothed: votes / (occurrences + ``smoothing``)) x the geometric mean of its words'
  alignment and of the share of the term's tokens it covers, x ``length_fit`` ** ``length_power`` (fewer
  English content words than Chinese fine tokens suggests a truncation). A candidate whose best
  rendering leaves one of its tokens out (``min_token_coverage``) is no entry. A term is translated the same way wherever it stands; a free combination of
  words is not, and a fragment or an over-extended candidate has tokens or words that align elsewhere.
* **Partial support.** An occurrence that spotted part of the best rendering supports it in proportion
  of its words when the best one is the agreed or the defined rendering, or when the part leaves a token of
  the term uncovered and stands in the best one as one run (a truncated view of it: 知识产权审判
  "intellectual property" beside "intellectual property trial").
* **More renderings** only when one is itself attested: seen ``alt_min_count`` times and in
  ``alt_min_share`` of the occurrences, and not the best rendering with words added or cut.
* **Nesting.** A shorter candidate inside a longer kept one is kept only when it occurs at least
  ``min_free`` times outside every kept longer candidate (C-value's free occurrences, Frantzi et al.
  2000; its votes then come from those occurrences), or when it is part of two or more different kept
  candidates (a productive part: 质押 of 专利质押 and 质押融资; all its occurrences vote) or a term that the
  IP dictionary lists or the text defines, and a longer candidate whose best rendering is the same as that of a shorter candidate inside
  it goes when the shorter one, where it stands on its own, is rendered the same way (its extra
  characters have no rendering: 专利申请量 and 专利申请 both "patent application").
  Longer candidates are decided first.
* **Ranking**: confidence x (1 - w + w x specificity), specificity being the candidate's weirdness
  against jieba's general-language frequencies (Ahmad et al. 1999) on a log scale; x ``definition_rank``
  for a term the text defines; x the encoder's fit of term and rendering for a term, ``name_rank`` for a
  name, place, title, programme or event (``ipcorpus.terms.mining.mine``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ipcorpus.segment.lemmas import lemma_en as dictionary_lemma
from ipcorpus.segment.lemmas import model_lemma
from ipcorpus.segment.lemmas import rendering_lemma as lemma_en
from ipcorpus.terms.mining.candidates import Candidate
from ipcorpus.terms.mining.checks import Lexicon, not_a_term
from ipcorpus.terms.mining.config import MinerConfig
from ipcorpus.terms.mining.corpus import EN_FUNCTION, EN_INNER, en_words, word_form
from ipcorpus.terms.mining.spotting import Spotted


@dataclass
class Rendering:
    """One rendering of a candidate with the occurrences that voted for it."""

    form: str
    votes: float = 0.0
    spotted: list[Spotted] = field(default_factory=list)
    surfaces: dict[str, int] = field(default_factory=dict)

    @property
    def alignment(self) -> float:
        return sum(s.alignment for s in self.spotted) / len(self.spotted) if self.spotted else 1.0

    @property
    def coverage(self) -> float:
        return sum(s.coverage for s in self.spotted) / len(self.spotted) if self.spotted else 1.0

    @property
    def weakest(self) -> float:
        return sum(s.weakest for s in self.spotted) / len(self.spotted) if self.spotted else 1.0


@dataclass
class Scored:
    """A candidate with its renderings, best first, and its confidence."""

    candidate: Candidate
    renderings: list[Rendering]
    confidence: float
    definition: object | None = None

    @property
    def best(self) -> Rendering:
        return self.renderings[0]


def content_set(form: str) -> frozenset[str]:
    """The content words of a rendering form (function words left out: "made in Zhejiang" and "made by
    Zhejiang" hold the same)."""
    return frozenset(w for w in form.split() if w not in EN_INNER and w not in EN_FUNCTION)


def stems(form: str) -> frozenset[str]:
    """The content words of a rendering form cut to five letters (protect / protection alike)."""
    return frozenset(w[:5] for w in content_set(form))


def length_fit(n_zh: int, n_en: int) -> float:
    """How plausible it is that ``n_zh`` fine Chinese tokens render as ``n_en`` English content words, in
    (0, 1]: every token needs a word (快速维权 -> "rapid" is a truncation), and more than two words a
    token suggests an over-extended rendering."""
    if n_en <= 0:
        return 0.0
    return min(1.0, n_en / n_zh) * min(1.0, 2 * n_zh / n_en)


def _tally(spotted: Sequence[Spotted | None], definition_form: str | None, definition_surface: str,
           cfg: MinerConfig) -> dict[str, Rendering]:
    """The renderings voted for, by form (a definition's rendering with ``definition_votes`` votes)."""
    by_form: dict[str, Rendering] = {}
    for s in spotted:
        if s is None:
            continue
        r = by_form.setdefault(s.form, Rendering(s.form))
        r.votes += 1
        r.spotted.append(s)
        r.surfaces[s.surface] = r.surfaces.get(s.surface, 0) + (0 if s.sentence_start else 2) + 1
    if definition_form:
        r = by_form.setdefault(definition_form, Rendering(definition_form))
        r.votes += cfg.definition_votes
        r.surfaces[definition_surface] = r.surfaces.get(definition_surface, 0) + 1
    return by_form


def _consensus(by_form: dict[str, Rendering], cfg: MinerConfig) -> str | None:
    """The attested rendering made of just the words that at least half of the spotted renderings hold:
    the occurrences agree on it even where each spotted a part of it ("right" 5, "right protection" 3,
    "protection" 2: "right protection")."""
    if not cfg.consensus:
        return None
    n_spotted = sum(r.votes for r in by_form.values() if r.spotted)
    word_votes: dict[str, float] = defaultdict(float)
    for r in by_form.values():
        if r.spotted:
            for w in stems(r.form):
                word_votes[w] += r.votes
    majority = frozenset(w for w, v in word_votes.items() if v * 2 >= n_spotted)
    return next((r.form for r in by_form.values() if stems(r.form) == majority and r.votes >= cfg.alt_min_count),
                None)


def _alternatives(ranked: list[Rendering], n: float, cfg: MinerConfig) -> list[Rendering]:
    """The best rendering and those others that are attested on their own (see the module docstring)."""
    kept = [ranked[0]]
    for r in ranked[1:]:
        if len(kept) >= cfg.max_translations:
            break
        if r.votes < cfg.alt_min_count or r.votes / n < cfg.alt_min_share:
            continue
        if any(stems(r.form) <= stems(k.form) or stems(r.form) >= stems(k.form) for k in kept):
            continue  # the best rendering with words added or cut
        if any(_lemmas(r.form) == _lemmas(k.form) for k in kept):
            continue  # the same words in another inflection ("women" / "woman", "ran away" / "run away")
        if r.weakest < cfg.min_token_coverage:
            continue  # leaves a token of the term out: a fragment of a neighbour's translation
        kept.append(r)
    return kept


def _lemmas(form: str) -> tuple[str, ...]:
    """The dictionary lemmas of a form's words, irregular forms included (women -> woman, ran -> run)."""
    return tuple(dictionary_lemma(w) for w in form.split())


def vote(spotted: Sequence[Spotted | None], *, definition_form: str | None = None,
         definition_surface: str = "", tokens: int = 0, cfg: MinerConfig,
         listed: frozenset[frozenset[str]] = frozenset(),
         short_forms: dict[str, str] | None = None, name: bool = False) -> tuple[list[Rendering], float] | None:
    """The renderings that the occurrences' ``spotted`` renderings vote for, best first and filtered as
    the module docstring says, with the confidence of the best; None without any vote. ``listed`` are the
    stems of renderings that a dictionary gives for the term: one that the text uses too gets
    ``listed_votes`` more votes, goes first and needs no word-alignment coverage (优先审查 "priority
    examination", spotted once beside "prioritized"). ``short_forms``: the text's abbreviations (voting
    form of the short form -> that of its long form, "cnipa" -> "china national intellectual property
    administration"): an occurrence spotted as the short form votes for the long form when that is spotted
    too (the name is the same)."""
    by_form = _tally(spotted, definition_form, definition_surface, cfg)
    if not by_form:
        return None
    # a short form votes with its long form where both are spotted ("CNIPA", "China National Intellectual
    # Property Administration"): the long form is the rendering, the short one may follow it
    alias = {f: short_forms[f] for f in by_form if short_forms and short_forms.get(f) in by_form}
    confirmed = None
    if listed and not definition_form:
        found = [r for r in by_form.values() if r.spotted and stems(r.form) in listed]
        if found:
            confirmed = max(found, key=lambda r: (r.votes, r.alignment * r.coverage, r.form))
            confirmed = by_form[alias.get(confirmed.form, confirmed.form)]
            confirmed.votes += cfg.listed_votes
    # renderings with the same content words up to their stems ("trade secret protection", "protection of
    # trade secret", "protect trade secret") are one translation: the best comes from the group with most
    # votes, and within it the form with most votes
    groups: dict[frozenset[str], float] = defaultdict(float)
    for r in by_form.values():
        groups[stems(alias.get(r.form, r.form))] += r.votes
    consensus = _consensus(by_form, cfg)
    consensus = alias.get(consensus, consensus) if consensus is not None else None
    # the truncated views: renderings that leave a token of the term uncovered; of a name, any shorter
    # rendering (a name span cut short looks whole once snapped: "Intellectual Property Research and Service
    # Center" beside "Zhejiang Province Intellectual Property Research and Service Center")
    cut = [r for r in by_form.values() if r.spotted and (name or r.weakest < cfg.min_token_coverage)] \
        if cfg.partial_votes else []

    def views(r: Rendering) -> float:
        """The votes of the truncated views of ``r`` (spotted renderings cut short of it, see below)."""
        return _part_votes(r, [x for x in cut if _run_of(x.form, r.form)])

    ranked = sorted(by_form.values(), key=lambda r: (r.form != definition_form, r is not confirmed, _repeats(r.form),
                                                     r.form in alias,
                                                     r.form != consensus, -(groups[stems(r.form)] + views(r)),
                                                     -r.votes, -(r.alignment * r.coverage), r.form))
    best = ranked[0]
    agreed = _agreed_name(best, spotted, name)
    if best.weakest < cfg.min_token_coverage and best is not confirmed and not agreed:
        return None  # a token of the term is left out of its best rendering: a truncation or a fragment
    n = len(spotted) + (cfg.definition_votes if definition_form else 0) + (cfg.listed_votes if confirmed else 0)
    support = groups[stems(best.form)]
    if cfg.partial_votes and (best.form == consensus or best.form == definition_form) and best is not confirmed:
        # an occurrence that spotted part of the agreed or the defined rendering supports it in proportion
        # (遣散費: "severance" at 13 occurrences, "severance payment" by the definition)
        support += _part_votes(best, [r for r in by_form.values() if r.spotted])
    elif cfg.partial_votes and best is not confirmed:
        # an occurrence whose spotted rendering is a part of the best one that leaves a token of the term
        # uncovered saw the best one cut short: it supports it in proportion (知识产权审判 "intellectual
        # property" beside "intellectual property trial")
        support += views(best)
    coverage = max(best.coverage, best.alignment) if agreed else best.coverage  # agreement stands for coverage
    conf = support / (n + cfg.smoothing) * math.sqrt(max(best.alignment, 0.0) * max(coverage, 0.0))
    if tokens:
        conf *= length_fit(tokens, len(content_set(best.form))) ** cfg.length_power
    return _alternatives(ranked, n, cfg), conf


def _agreed_name(best: Rendering, spotted: Sequence[Spotted | None], name: bool) -> bool:
    """True when every occurrence of a name, two or more, spotted the same English name of two capitalised
    words or more: the occurrences agree on it, whatever the word alignment's coverage of a short form
    that the segmenter cut badly (省经|信厅 "Department of Economy and Information Technology of Zhejiang")."""
    words = max(best.surfaces, key=best.surfaces.get, default="").split()
    return name and len(best.spotted) >= 2 and len(best.spotted) == len(spotted) \
        and sum(w[:1].isupper() for w in words if w.lower() not in EN_FUNCTION) >= 2


def _repeats(form: str) -> bool:
    """True when two content words of a rendering share their stem ("employment to employ"): a span run
    across two mentions, no translation; it goes after every other rendering."""
    words = [w for w in form.split() if w not in EN_FUNCTION]
    keys = [w[:6] if len(w) >= 6 else w for w in words]  # "trade" and "trademark" differ
    return len(set(keys)) < len(keys)


def _part_votes(whole: Rendering, others: Sequence[Rendering]) -> float:
    """The votes of those ``others`` whose content words are part of ``whole``'s, each in proportion of
    the share of ``whole``'s words it holds."""
    words = stems(whole.form)
    return sum(r.votes * len(stems(r.form)) / len(words) for r in others if stems(r.form) < words)


def _run_of(part: str, whole: str) -> bool:
    """True when the words of ``part`` stand in ``whole`` as one run, in order ("intellectual property" in
    "intellectual property trial", not in "property tribunal intellectual")."""
    p, w = part.split(), whole.split()
    return any(w[k:k + len(p)] == p for k in range(len(w) - len(p) + 1))


def select(cands: dict[str, Candidate], spotted: dict[str, list[Spotted | None]], definitions: dict,
           cfg: MinerConfig, lexicon: Lexicon | None = None, verdicts: dict[str, str] | None = None) -> dict[str, Scored]:
    """The kept candidates, longest first (see the module docstring: votes, nesting).

    ``spotted[form][k]`` is the rendering spotted at ``cands[form].occurrences[k]``; ``definitions`` maps
    a form to a found definition (with ``en_term``); ``lexicon``: see :class:`Lexicon`. ``verdicts``, when
    given, receives for every candidate why it was kept or left out (for a reviewer)."""
    verdicts = {} if verdicts is None else verdicts
    lexicon = lexicon or Lexicon()
    renderings = _Renderings(cands, spotted)
    kept: dict[str, Scored] = {}
    inside: dict[str, set[tuple[int, int, int]]] = defaultdict(set)
    hosts: dict[str, dict[str, set[tuple[int, int, int]]]] = defaultdict(dict)
    for form in sorted(cands, key=lambda f: (-len(f), f)):
        c = cands[form]
        free = [k for k, o in enumerate(c.occurrences) if o not in inside[form] or ACRONYM.fullmatch(c.key)]
        if _productive(hosts[form]) or (len(hosts[form]) >= 2 and c.key in lexicon.words) \
                or (hosts[form] and (c.key in lexicon.attested or form in definitions)):
            # productive: a part of several kept terms (质押 of 专利质押, 质押融资), or a listed term; an
            # occurrence inside a kept term votes unless what it spotted there is that term's rendering
            # (市场监管 inside 市场监管局 spotted as "Market Supervision and Administration Bureau")
            took = {o for h, at in hosts[form].items() for o in at}
            free = [k for k, o in enumerate(c.occurrences)
                    if o not in took or not _took_host(spotted[form][k], o, hosts[form], kept)]
        elif len(free) < cfg.min_free and len(free) < c.count:
            verdicts[form] = "inside a longer term"
            continue  # used (nearly) only inside one longer kept candidate
        d = definitions.get(form)
        got = vote([spotted[form][k] for k in free], definition_form=rendering_form(d.en_term) if d else None,
                   definition_surface=d.en_term if d else "", tokens=c.fine, cfg=cfg,
                   listed=lexicon.listed.get(c.key, frozenset()), short_forms=lexicon.short_forms,
                   name=c.kind == "name")
        if got is None or got[1] < cfg.min_confidence:
            verdicts[form] = "no rendering" if got is None else f"confidence {got[1]:.2f}"
            continue
        if d is None and c.kind != "term" and any(stems(got[0][0].form) == stems(kept[h].best.form)
                                                   for h in hosts[form]):
            # a name rendered as the kept longer name it stands in (郵政署 "Postmaster General", the rendering
            # of 郵政署署長) has no rendering of its own
            verdicts[form] = "rendered as the longer name it stands in"
            continue
        why = not_a_term(c, got[0][0], d is not None, lexicon)
        if why:
            verdicts[form] = why
            continue
        subs = _sub_forms(form, cands)
        if d is None and any(renderings.renders_same(form, c.occurrences, got[0][0].form, sub) for sub in subs):
            verdicts[form] = "extra characters not rendered"
            continue  # the extra characters have no rendering of their own
        verdicts[form] = "kept"
        kept[form] = Scored(c, got[0], got[1], d)
        for sub in _hosted(form, c, subs, cands):
            at = hosts[sub].setdefault(form, set())
            for i, a, _ in c.occurrences:
                start = form.find(sub)
                while start >= 0:
                    at.add((i, a + start, a + start + len(sub)))
                    start = form.find(sub, start + 1)
            inside[sub] |= at
    return kept


#: a Latin acronym standing in Chinese text (PCT of PCT国际专利): a word of its own wherever it stands, so
#: it is no part of a longer term for the nesting step (roman numerals number parts, see candidates)
ACRONYM = re.compile(r"(?![IVXLC]+$)[A-Z][A-Z0-9&]{1,7}")

#: the words that end the name of a law or a document (Simplified)
_DOCUMENT_WORDS = ("条例", "规例", "法", "办法", "规定", "意见", "方案", "报告", "指南", "规范", "细则", "决定", "通知",
                   "要点", "纲要", "白皮书")


def _hosted(form: str, c: Candidate, subs: list[str], cands: dict[str, Candidate]) -> list[str]:
    """The shorter candidates that a kept candidate ``c`` (of form ``form``) holds as its parts, for nesting. A document's
    name: only its own shorter titles (补偿条例 of 雇员补偿条例 is no title of its own); the terms in it stay
    terms wherever they stand (商标品牌 in a report's title). A place seen once (义乌市): none, so the
    place it holds (义乌) stays as free as it was."""
    if c.kind == "title":
        return [sub for sub in subs if form.endswith(sub) and cands[sub].key.endswith(_DOCUMENT_WORDS)]
    if c.kind == "place":
        # a place holds only the places in it (杭州 of 杭州高新区); its zone word (高新区) stays a term
        # that other places share; a place seen once holds none
        return [sub for sub in subs if cands[sub].kind == "place"] if c.count > 1 else []
    return subs


def _took_host(s: Spotted | None, occurrence: tuple[int, int, int], hosts: dict[str, set], kept: dict) -> bool:
    """True when the rendering ``s`` spotted at an occurrence inside kept longer terms holds the best
    rendering of one of those terms (假薪酬 inside 產假薪酬 spotted as "paid maternity leave pay")."""
    return s is not None and any(occurrence in at and stems(s.form) >= stems(kept[h].best.form)
                                 for h, at in hosts.items())


def _productive(hosts: dict[str, set[tuple[int, int, int]]]) -> bool:
    """True when a candidate is part of two kept longer candidates at different places (质押 of 专利质押
    and 质押融资), not only of two that overlap wherever it stands (专利执法 of 专利执法维权 and of a
    longer name that holds 专利执法维权)."""
    spans = list(hosts.values())
    return any(not (a <= b or b <= a) for k, a in enumerate(spans) for b in spans[k + 1:])


class _Renderings:
    """Per candidate, the rendering spotted at each occurrence start and the counts of all of them."""

    def __init__(self, cands: dict[str, Candidate], spotted: dict[str, list[Spotted | None]]):
        self.at = {(form, i, a): s.form for form, c in cands.items()
                   for (i, a, _), s in zip(c.occurrences, spotted[form], strict=True) if s is not None}
        self.counts = {form: Counter(s.form for s in spotted[form] if s is not None) for form in cands}

    def renders_same(self, form: str, occurrences, best_form: str, sub: str) -> bool:
        """True when the candidate ``sub`` inside ``form``, where it stands outside ``form`` (twice or
        more), is mostly rendered as ``form``'s best rendering: ``form``'s extra characters then have no
        rendering. Costs the occurrences of ``form``, not of ``sub``."""
        inside: Counter[str] = Counter()
        start = form.find(sub)
        while start >= 0:
            for i, a, _ in occurrences:
                r = self.at.get((sub, i, a + start))
                if r is not None:
                    inside[r] += 1
            start = form.find(sub, start + 1)
        outside = self.counts[sub] - inside
        total = sum(outside.values())
        return total >= 2 and outside[best_form] * 2 >= total and outside[best_form] == max(outside.values())


def rendering_form(text: str) -> str:
    """The voting form of an English text: model lemmas of content words, other words lower case."""
    return " ".join(word_form(w) for w in en_words(text))


def _sub_forms(form: str, table) -> list[str]:
    n = len(form)
    return [form[a:b] for a in range(n) for b in range(a + 2, n + 1) if (b - a) < n and form[a:b] in table]


def specificity(key: str, count: int, doc_tokens: int) -> float:
    """Weirdness of a candidate in [0, 1]: its relative frequency in the text over that in jieba's
    general dictionary, on a log scale (ratio <= 10 -> 0, >= 1000 -> 1); words the general dictionary
    lacks (most multiword terms) count as seen once there."""
    from ipcorpus.segment.tokens import general_frequencies

    freqs, total = general_frequencies()
    general = (freqs.get(key, 0) or 0) + 1
    ratio = (count / max(doc_tokens, 1)) / (general / total)
    return min(1.0, max(0.0, (math.log10(max(ratio, 1e-9)) - 1.0) / 2.0))


def _never_lower(word: str, lower_vocab: set[str]) -> bool:
    """True when the text never writes ``word`` (each part of it, if hyphenated) in lower case."""
    return all(p.lower() not in lower_vocab for p in word.split("-") if p)


def _participle_last(surface: str) -> bool:
    """True when the surface ends on a participle ("Trademark-pledged"): of two surfaces seen as often, the
    one that ends on its head noun ("Trademark Pledge") is shown."""
    last = re.split(r"[\s-]+", surface.strip())[-1].lower()
    return last.endswith(("ed", "ing")) and len(last) > 4


def _label(w: str) -> bool:
    """A capital letter that labels the word before it ("Party A", "Schedule B")."""
    return len(w) == 1 and w.isupper() and w != "I"


def display(r: Rendering, lower_vocab: set[str], *, name: bool = False) -> str:
    """The rendering as a glossary writes it: the text's most frequent surface away from sentence
    starts (of two as frequent, not the possessive: "Erzhan" before "Erzhan's"), each plural made singular ("patents for invention" -> "patent for invention") except a
    modifier before another word ("rights protection"), a one-word rendering in its dictionary form
    ("issued" -> "issue"; a gerund as it is, "training"), a label as written ("Party A"), and a capital
    kept only on a word that the text never writes in lower case ("Service Center" -> "service center",
    "Hangzhou" stays); a name or a title is written as the text writes it ("Provincial Government", "19th
    Asian Games")."""
    surface = max(r.surfaces.items(), key=lambda kv: (kv[1], not kv[0].endswith(("'s", "’s")),
                                                     not _participle_last(kv[0]), kv[0]))[0]
    if name:
        # a name as the text writes it ("19th Asian Games", "China (Zhejiang) ..."), without the possessive
        # ending it had there ("Erzhan's" poems); "People's Court" keeps its inner one, which ends nothing
        return re.sub(r"(?<=\w)['’]s$", "", surface)
    words = surface.split(" ")
    content = [w for w in words if w[:1].isalpha() and w.lower() not in EN_FUNCTION]
    if len(content) > 1 and all(w[:1].isupper() for w in content) \
            and any(not w.isupper() and _never_lower(w, lower_vocab) for w in content):
        return surface  # a name in title case ("Commissioner for Digital Policy"), not a lower-case term
    out = []
    for k, w in enumerate(words):
        if (len(w) > 1 and w.isupper()) or (k > 0 and _label(w)) or any(ch.isupper() for ch in w[1:]):
            out.append(w)  # an acronym; the label of "Party A"; a word with inner capitals ("WeChat", "IPJoint")
            continue
        if k + 1 < len(words) and _label(words[k + 1]) and w[:1].isupper():
            out.append(w)  # the labelled word: "Party" of "Party A"
            continue
        low = w.lower()
        if not w.isalpha():
            lem = low
        elif len(words) == 1 and not name:
            # a one-word rendering in its dictionary form: "issued" -> "issue"; a gerund stays the noun it
            # is ("training", "financing")
            lem = low if low.endswith("ing") else model_lemma(w).lower()
        elif k + 1 < len(words) and words[k + 1].lower() not in EN_FUNCTION and words[k + 1].isalpha():
            lem = low  # a modifier keeps its number: "rights protection", "sales revenue"
        else:
            lem = lemma_en(w).lower()
        proper = _never_lower(w, lower_vocab)
        capital = w[:1].isupper() and (name or proper)
        out.append(lem[:1].upper() + lem[1:] if capital else lem)
    return " ".join(out)
