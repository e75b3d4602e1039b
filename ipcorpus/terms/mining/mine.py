"""``mine_glossary``: the miner's steps in order (each a module of this package)."""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from ipcorpus import __version__
from ipcorpus.segment.dictionary import ip_renderings
from ipcorpus.terms.mining import candidates as cand
from ipcorpus.terms.mining import checks, corpus, filters, model1, selection, spotting
from ipcorpus.terms.mining.config import MinerConfig
from ipcorpus.terms.mining.evidence import (
    DictionaryHits,
    cedict_prior,
    cedict_word,
    prior_pairs,
    word_glosses,
)
from ipcorpus.terms.names import abbreviations, en_name_spans, romanised, zh_name_spans
from ipcorpus.terms.names.spans import brackets, paired_quotations
from ipcorpus.terms.pairs import SegmentPair
from ipcorpus.types import Definition, Example, Glossary, TermEntry, Translation

log = logging.getLogger(__name__)

#: kinds of name whose rendering is widened to the whole English name span it overlaps, when that span
#: holds at most two words a Chinese fine token (an organisation's or a place's capitalised span often runs
#: into a longer name: 工信部 is not "Batch Champion Enterprise for Single Index of MIIT")
SNAP_KINDS = frozenset({"title", "quoted", "event", "name"})
#: pairs above which a progress bar is shown (on a terminal)
PROGRESS_FROM = 2000


def _progress(total: int, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="pair", disable=None if total >= PROGRESS_FROM else True,
                leave=False)


def _names(pairs: Sequence[corpus.Pair]) -> dict[int, list]:
    """Name spans (titles, quoted names, organisations, places, events) of each pair's Chinese, found on
    the segmenter words that :func:`corpus.tokenise` already tagged (the same words, offsets and parts of
    speech as :func:`ipcorpus.segment.tokens.tokenize_zh_tagged` of the pair's key gives: not tagged twice)."""
    from ipcorpus.segment.tokens import Token

    return {i: zh_name_spans(p.zh, tokens=[Token(t.text, t.start, t.end, t.pos, t.text.lower(), t.text.lower())
                                           for t in p.tokens])
            for i, p in enumerate(pairs)}


def _definitions(pairs: Sequence[SegmentPair], encoder, threshold: float) -> dict[str, object]:
    from ipcorpus.terms.definitions import find_definitions

    similarity = None
    if encoder is not None:
        def similarity(zh, en):
            return encoder.encode(list(zh)) @ encoder.encode(list(en)).T
    out: dict[str, object] = {}
    for d in find_definitions(pairs, similarity=similarity, threshold=threshold):
        if d.zh_term not in out or d.score > out[d.zh_term].score:
            out[d.zh_term] = d
    return out


@dataclass(frozen=True)
class ReviewRow:
    """One candidate for a reviewer: its occurrences, what was spotted and how often, and the verdict."""

    source: str
    kind: str
    count: int
    renderings: tuple[tuple[str, int], ...]
    verdict: str


def _review_rows(cands: dict, spotted: dict, verdicts: dict[str, str]) -> list[ReviewRow]:
    rows = []
    for form, c in cands.items():
        votes: dict[str, int] = defaultdict(int)
        surfaces: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for s in spotted[form]:
            if s is not None:
                votes[s.form] += 1
                surfaces[s.form][s.surface] += 1
        shown = {f: max(surfaces[f].items(), key=lambda kv: (kv[1], kv[0]))[0] for f in votes}
        ranked = tuple((shown[f], n) for f, n in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
        rows.append(ReviewRow(form, c.kind, c.count, ranked, verdicts.get(form, "")))
    rows.sort(key=lambda r: (r.verdict != "kept", -r.count, r.source))
    return rows


def write_review(rows: Sequence[ReviewRow], path) -> None:
    """The review rows as TSV (zh, kind, count, verdict, renderings with votes), written atomically."""
    from ipcorpus.fileio import atomic_write_text

    lines = ["zh\tkind\tcount\tverdict\trenderings"]
    lines += [f"{r.source}\t{r.kind}\t{r.count}\t{r.verdict}\t" + " | ".join(f"{t} ({n})" for t, n in r.renderings)
              for r in rows]
    atomic_write_text(path, "\n".join(lines) + "\n")


def _short_forms(toks: Sequence[corpus.Pair]) -> dict[str, str]:
    """The abbreviations that the pairs' English defines ("State Intellectual Property Office (SIPO)"),
    as voting forms: short -> long."""
    out: dict[str, str] = {}
    for p in toks:
        if "(" in p.en:
            for short, long_ in abbreviations(p.en):
                out.setdefault(selection.rendering_form(short), selection.rendering_form(long_))
    return out


def _add_abbreviations(entries: list[TermEntry], toks: Sequence[corpus.Pair]) -> None:
    """Give an entry the abbreviation that the text defines for it, as a further rendering: an English
    long form with its short form in parentheses ("State Intellectual Property Office (SIPO)"), or a
    Chinese name followed by a Latin acronym (世界知识产权组织(WIPO))."""
    by_en: dict[str, str] = {}
    by_zh: dict[str, str] = {}
    for p in toks:
        for short, long_ in abbreviations(p.en) + abbreviations(p.zh):
            if corpus.CJK.search(long_):
                by_zh.setdefault(long_, short)
            else:
                by_en.setdefault(selection.rendering_form(long_), short)
    if not by_en and not by_zh:
        return
    en_text = " ".join(p.en for p in toks)
    for e in entries:
        best = e.translations[0]
        short = by_zh.get(e.source) or by_en.get(selection.rendering_form(best.target))
        if short and all(t.target != short for t in e.translations):
            e.translations.append(Translation(short, best.confidence, en_text.count(short)))


def _similarities(encoder, scored: dict) -> dict[str, float]:
    """Cosine, under the sentence encoder, of each kept term (in Simplified characters, so that a
    Traditional text ranks its terms as the same text in Simplified does) and its best rendering's text."""
    forms = list(scored)
    if not forms:
        return {}
    zh = encoder.encode([scored[f].candidate.key for f in forms])
    en = encoder.encode([max(scored[f].best.surfaces, key=scored[f].best.surfaces.get) for f in forms])
    return {f: float(a @ b) for f, a, b in zip(forms, zh, en, strict=True)}


@dataclass
class MiningPart:
    """The per-document half of mining (the *map* step): a document's pairs cleaned and tokenised, the
    names in its Chinese and the definitions it gives. Parts of many documents are mined together by
    :func:`mine_parts` (the *reduce* step), so counts and evidence are summed over the corpus. Picklable,
    so that a worker process can prepare it."""

    pairs: list[SegmentPair]
    toks: list[corpus.Pair]
    names: dict[int, list]
    definitions: dict[str, object]

    def shifted(self, offset: int) -> MiningPart:
        """The part with every segment id (of its pairs, tokenised pairs and definitions) plus ``offset``:
        a document's part is prepared with ids from 0, before its place in the corpus is known."""
        if not offset:
            return self
        return MiningPart([replace(p, id=p.id + offset) for p in self.pairs],
                          [replace(t, id=t.id + offset) for t in self.toks], self.names,
                          {term: replace(d, segment_id=d.segment_id + offset) for term, d in self.definitions.items()})


def _settings(config: MinerConfig | None, **overrides) -> MinerConfig:
    return replace(config or MinerConfig(), **{k: v for k, v in overrides.items() if v is not None})


def prepare_part(pairs: Sequence[SegmentPair], *, config: MinerConfig | None = None, encoder=None,
                 use_dictionary: bool | None = None) -> MiningPart:
    """The map step of mining for one document's aligned pairs (empty pairs left out)."""
    cfg = _settings(config, use_dictionary=use_dictionary)
    pairs = [p for p in pairs if p.zh.strip() and p.en.strip()]
    bar = _progress(len(pairs), "tokenising")
    toks = corpus.tokenise(pairs, use_dictionary=cfg.use_dictionary, progress=bar)
    bar.close()
    return MiningPart(pairs, toks, _names(toks),
                      _definitions(pairs, encoder, cfg.definition_threshold))


def _merge(parts: Sequence[MiningPart]) -> MiningPart:
    """One part holding the pairs of all ``parts`` in order (pair indices shifted; for a term defined in
    several documents, the best-scored definition)."""
    if len(parts) == 1:
        return parts[0]
    out = MiningPart([], [], {}, {})
    for part in parts:
        shift = len(out.pairs)
        out.pairs.extend(part.pairs)
        out.toks.extend(part.toks)
        out.names.update({i + shift: spans for i, spans in part.names.items()})
        for term, d in part.definitions.items():
            if term not in out.definitions or d.score > out.definitions[term].score:
                out.definitions[term] = d
    return out


def mine_glossary(pairs: Sequence[SegmentPair], *, min_freq: int | None = None,
                  min_confidence: float | None = None, use_dictionary: bool | None = None, encoder=None,
                  config: MinerConfig | None = None, review: list[ReviewRow] | None = None) -> Glossary:
    """Mine a zh-en glossary from aligned pairs; entries best first.

    The keyword settings override the fields of the same name in ``config``. ``review``, when given,
    receives a :class:`ReviewRow` for every candidate (kept or not) with its spotted renderings and votes.
    Equal to ``mine_parts([prepare_part(pairs)])``.
    """
    cfg = _settings(config, min_freq=min_freq, min_confidence=min_confidence, use_dictionary=use_dictionary)
    return mine_parts([prepare_part(pairs, config=cfg, encoder=encoder)], config=cfg, encoder=encoder,
                      review=review)


def _serial(thunks: Sequence[Callable[[], Any]]) -> list[Any]:
    return [f() for f in thunks]


def mine_parts(parts: Sequence[MiningPart], *, config: MinerConfig | None = None, encoder=None,
               review: list[ReviewRow] | None = None, parallel: Callable[[list], list] | None = None) -> Glossary:
    """The reduce step: a glossary over the pairs of all ``parts`` (each from :func:`prepare_part` with
    the same ``config``), candidates counted and one word-alignment model learnt over all of them.

    ``parallel(thunks)``, when given, returns ``[f() for f in thunks]`` computed at once (for example in
    forked processes, :func:`ipcorpus.batch.forked.forked_run`); its ``processes`` attribute says how
    many. The candidates are counted beside the training of the word-alignment models, and the
    spotting is cut into that many runs of pairs. Every step is a pure function of its inputs, so the
    glossary is the same either way."""
    cfg = config or MinerConfig()
    run = parallel or _serial
    whole = _merge(parts)
    pairs, toks, defs = whole.pairs, whole.toks, whole.definitions
    defined = [corpus.clean_zh(z) for z in defs]
    models, cands = run([lambda: _train(toks, cfg),
                         lambda: cand.collect(toks, min_freq=cfg.min_freq, max_tokens=cfg.max_zh_tokens,
                                              max_chars=cfg.max_zh_chars, names=whole.names, defined=defined)])
    spotted = _spot_all(toks, cands, models, cfg, parallel)
    if cfg.definition_where_used:
        _defined_where_used(toks, cands, spotted, defs)
    attested = frozenset(ip_renderings()) if cfg.use_dictionary else frozenset()
    verdicts: dict[str, str] = {}
    words = frozenset(c.key for c in cands.values() if cedict_word(c.key)) if cfg.use_dictionary else frozenset()
    followed = checks.followed_words(toks)
    verbs, nouns = checks.word_uses(toks)
    lexicon = checks.Lexicon(attested, words, verbs, checks.modifiers_only(toks, followed),
                             checks.inside_names(toks, followed), listed=_listed(cands) if cfg.use_dictionary else {},
                             followed=checks.followed_words(toks, predicates_end=True),
                             glosses=word_glosses if cfg.use_dictionary else None, short_forms=_short_forms(toks),
                             nouns=nouns)
    scored = selection.select(cands, spotted, defs, cfg, lexicon, verdicts)
    if not cfg.general_words:
        filters.general_words(scored, toks, attested, verdicts)
    if not cfg.bare_words:
        filters.bare_words(scored, attested, lexicon.modifiers, nouns, verdicts, verbs=cfg.use_dictionary,
                           text_verbs=lexicon.verbs)
    filters.company_tails(scored, toks, verdicts)
    filters.shared_names(scored, lexicon.glosses, verdicts)
    filters.neighbours_words(scored, toks, lexicon.glosses, attested, verdicts)
    sims = _similarities(encoder, scored) if encoder is not None and cfg.w_similarity > 0 else {}
    if cfg.use_dictionary and sims:
        filters.unlike(scored, sims, attested, cfg, verdicts)
    if review is not None:
        review.extend(_review_rows(cands, spotted, verdicts))
    entries = _entries(scored, toks, pairs, cfg, sims, attested)
    _add_abbreviations(entries, toks)
    meta = {
        "ipcorpus": __version__,
        "method": "candidates + IBM Model 1 both ways + translation spotting + votes; nesting by free occurrences",
        "encoder": getattr(encoder, "name", type(encoder).__name__) if encoder is not None else None,
        "pairs": len(pairs),
        "documents": len(parts),
        "zh_candidates": len(cands),
        "definitions": len(defs),
        "config": asdict(cfg),
    }
    log.info("mined %d entries from %d pairs", len(entries), len(pairs))
    return Glossary(entries, meta)


def _defined_where_used(toks: Sequence[corpus.Pair], cands: dict[str, cand.Candidate],
                        spotted: dict[str, list[spotting.Spotted | None]], defs: dict) -> None:
    """At each occurrence of a term that the text defines, where the pair's English holds the defined
    English term word for word (lemmas), that is the rendering there, whatever the word alignment spotted:
    the text says what the term is called (處長 defined as "Commissioner", spotted as "section" where both
    stand in the sentence). The match nearest to the spotted rendering, else the first."""
    pair_forms: dict[int, list[str]] = {}  # a pair's words as rendering forms, made once
    for form, d in defs.items():
        c = cands.get(form)
        target = selection.rendering_form(d.en_term).split() if c is not None else []
        if not target:
            continue
        n = len(target)
        for k, (i, _, _) in enumerate(c.occurrences):
            words = toks[i].words
            forms = pair_forms.get(i)
            if forms is None:
                forms = pair_forms[i] = [corpus.word_form(w) for w in words]
            starts = [a for a in range(len(words) - n + 1) if forms[a:a + n] == target
                      and words[a].chunk == words[a + n - 1].chunk]
            if not starts:
                continue
            old = spotted[form][k]
            a = min(starts, key=lambda x: abs(x - old.first)) if old is not None else starts[0]
            en = toks[i].en
            surface = " ".join(en[words[a].start:words[a + n - 1].end].split())
            align = max(old.alignment if old is not None else 0.0, 0.5)
            spotted[form][k] = spotting.Spotted(" ".join(target), surface, i, a, a + n - 1, align, 1.0, 1.0,
                                                spotting.sentence_start(toks[i], a))


def _listed(cands: dict[str, cand.Candidate]) -> dict[str, frozenset[frozenset[str]]]:
    """The stems of the IP dictionary's renderings of every candidate that it lists."""
    table = ip_renderings()
    return {c.key: frozenset(selection.stems(selection.rendering_form(e)) for e in table[c.key])
            for c in cands.values() if c.key in table}


def _train(toks: Sequence[corpus.Pair], cfg: MinerConfig) -> spotting.Models:
    """IBM Model 1 both ways on the pairs' fine tokens and English content words (with the dictionaries'
    entries as a prior when ``use_dictionary``), over one pair of vocabularies, so that pair ``i``'s
    tables in both directions index the same types in the same order."""
    zh_docs = [[w for _, _, w in p.fine] for p in toks]
    en_docs = [[corpus.model_lemma(w.text) for w in p.words if w.content] for p in toks]
    if cfg.use_dictionary:
        prior = prior_pairs(toks) + (cedict_prior(toks) if cfg.cedict_prior else [])
        zh_docs += [z for z, _ in prior]
        en_docs += [e for _, e in prior]
    zh_vocab: dict[str, int] = {}
    en_vocab: dict[str, int] = {}
    zh_ids = model1.type_ids(zh_docs, zh_vocab)
    en_ids = model1.type_ids(en_docs, en_vocab)
    fwd = model1.train(zh_ids, en_ids, len(zh_vocab), len(en_vocab), iterations=cfg.em_iterations)
    rev = model1.train(en_ids, zh_ids, len(en_vocab), len(zh_vocab), iterations=cfg.em_iterations)
    return spotting.Models(fwd, rev, spotting.Vocab(zh_vocab, en_vocab))


def _spot_all(toks: Sequence[corpus.Pair], cands: dict[str, cand.Candidate], models: spotting.Models, cfg: MinerConfig,
              parallel: Callable[[list], list] | None = None) -> dict[str, list[spotting.Spotted | None]]:
    """The rendering spotted at every occurrence of every candidate, pair by pair (one pass; with
    ``parallel``, in runs of consecutive pairs of about the same number of occurrences, one per process:
    each pair's renderings depend on that pair alone)."""
    named = {i for c in cands.values() if c.kind in SNAP_KINDS for i, _, _ in c.occurrences}
    by_pair: dict[int, list[tuple[tuple[str, int], int, int]]] = defaultdict(list)
    spotted: dict[str, list[spotting.Spotted | None]] = {}
    for form, c in cands.items():
        spotted[form] = [None] * c.count
        for k, (i, a, b) in enumerate(c.occurrences):
            by_pair[i].append(((form, k), a, b))
    items = list(by_pair.items())
    runs = _runs(items, getattr(parallel, "processes", 1)) if parallel is not None else [items]
    context = (toks, cands, models, cfg, named)
    if len(runs) == 1:
        bar = _progress(len(items), "spotting renderings")
        found = [_spot_run(items, context, bar)]
        bar.close()
    else:
        found = parallel([functools.partial(_spot_run, r, context) for r in runs])
    for run_found in found:
        for form, k, s in run_found:
            spotted[form][k] = s
    return spotted


def _spot_run(run: list, context: tuple, bar=None) -> list[tuple[str, int, spotting.Spotted | None]]:
    """(form, occurrence number, rendering) of every occurrence of the pairs of ``run``."""
    toks, cands, models, cfg, named = context
    hits = DictionaryHits(toks) if cfg.use_dictionary else None
    out = []
    for i, occ in run:
        res = spotting.spot_pair(toks[i], i, [(a, b) for _, a, b in occ], models, hits, cfg)
        en_names = en_name_spans(toks[i].en) if i in named else None
        quotes = paired_quotations(toks[i].zh, toks[i].en) if i in named else []
        parens = (brackets(toks[i].zh), brackets(toks[i].en)) if i in named else None
        for ((form, k), a, b), s in zip(occ, res, strict=True):
            kind = cands[form].kind
            q = spotting.quoted_rendering(toks[i], i, (a, b), quotes, cfg.max_name_words, s) \
                if kind == "quoted" and quotes else None
            if q is None and kind in SNAP_KINDS:
                q = spotting.bracketed_rendering(toks[i], i, (a, b), cfg.max_name_words, s, parens)
            if q is not None:
                s = q
            elif s is not None and kind in SNAP_KINDS and en_names:
                # an organisation's short name packs a word into a character (经信 "Economy and Information")
                c = cands[form]
                limit = min(cfg.max_name_words, max(2 * c.fine, len(c.key) + 1 if kind == "name" else 2))
                s = spotting.snap_to_name(toks[i], s, en_names, limit, free_pinyin=kind == "name")
            elif kind == "place" and (s is None or s.last > s.first or not romanised(cands[form].key, s.surface)):
                s = spotting.romanised_word(toks[i], s, cands[form].key, i)
            out.append((form, k, s))
        if hits is not None:
            hits.clear(i)
        if bar is not None:
            bar.update(1)
    return out


def _runs(items: list, n: int) -> list[list]:
    """``items`` ((pair, occurrences)) cut into at most ``n`` runs of consecutive items, each with about
    the same number of occurrences."""
    total = sum(len(occ) for _, occ in items)
    if n <= 1 or len(items) < 2 * n:
        return [items]
    runs: list[list] = [[]]
    done = 0
    for item in items:
        if done >= total * len(runs) / n and len(runs) < n:
            runs.append([])
        runs[-1].append(item)
        done += len(item[1])
    return [r for r in runs if r]


def _entries(scored: dict[str, selection.Scored], toks: Sequence[corpus.Pair], pairs: Sequence[SegmentPair],
             cfg: MinerConfig, sims: dict[str, float], attested: frozenset[str] = frozenset()) -> list[TermEntry]:
    """The kept candidates as glossary entries, best first (ranking: see :mod:`.selection`; ``sims``: the
    encoder's cosine of each term and its rendering, empty without an encoder; ``attested``: the terms the
    IP dictionary lists, ranked x ``cfg.listed_rank``)."""
    n_tokens = sum(len(p.tokens) for p in toks)
    lower_vocab = {w.text for p in toks for w in p.words if w.text.islower()}
    ranked = []
    for form, s in scored.items():
        c = s.candidate
        spec = selection.specificity(c.key, c.count, n_tokens)
        # a one-word candidate must be specific to the text to rank high (企业, 保护 are general words)
        w = cfg.w_specificity if c.tokens > 1 or c.kind != "term" else cfg.w_specificity_word
        rank = s.confidence * (1 - w + w * spec) * (cfg.definition_rank if s.definition is not None else 1.0)
        if c.kind == "term" and c.key in attested:
            rank *= cfg.listed_rank  # the IP dictionary lists it: a term of the field, whatever the text
        if c.kind != "term":
            # a name's English is fixed: the boost needs two occurrences that agree on it (a place seen
            # twice is checked against its pinyin; one seen once ranks as a title seen once does)
            if len(s.best.spotted) >= 2 or (c.kind == "place" and c.count >= 2) or s.definition is not None:
                rank *= cfg.name_rank
        elif form in sims:
            fit = min(1.0, max(0.0, (sims[form] - cfg.sim_floor) / cfg.sim_span))
            rank *= 1 - cfg.w_similarity + cfg.w_similarity * fit
        best = s.best
        translations = [Translation(selection.display(r, lower_vocab, name=c.kind != "term"),
                                    round(s.confidence * r.votes / best.votes, 4), len(r.spotted))
                        for r in s.renderings]
        seen = sorted({x.pair for x in best.spotted})[: cfg.max_examples]
        examples = [Example(toks[i].zh, toks[i].en, pairs[i].id) for i in seen]
        d = s.definition
        definition = Definition(d.zh_text, d.en_text, d.segment_id) if d is not None else None
        note = (f"votes={best.votes:g}/{c.count} align={best.alignment:.2f} cover={best.coverage:.2f} "
                f"weakest={best.weakest:.2f} specificity={spec:.2f}")
        ranked.append((rank, TermEntry(form, translations, c.count, examples, "mined", note,
                                       kind="abbreviation" if selection.ACRONYM.fullmatch(c.key) else c.kind,
                                       definition=definition)))
    ranked.sort(key=lambda rt: (-rt[0], -rt[1].frequency, rt[1].source))
    return [e for _, e in ranked]
