"""Mining a zh-en glossary from aligned segment pairs.

The method, in words:

1. **Candidates.** Chinese term candidates (n-grams of nominal jieba tokens) and English candidates
   (lemmatised noun-phrase-like n-grams) are counted per segment pair; fragments are removed by C-value
   (:mod:`ipcorpus.terms.candidates`).
2. **Co-occurrence.** A Chinese candidate ``z`` can only translate as an English candidate ``e`` seen in
   the English side of at least one pair where ``z`` is on the Chinese side. Their association is the
   Dice coefficient of the two sets of pairs, ``2|S_z & S_e| / (|S_z| + |S_e|)`` (Smadja et al. 1996).
3. **Cross-lingual similarity.** The two candidates are embedded with the project's sentence encoder
   (default: multilingual USE v3 in numpy, no torch) and compared by cosine; this is the
   word-alignment evidence, learnt by the encoder from parallel data, that tells "trade secret" from
   the other phrases of the same paragraph.
4. **Dictionary (optional).** The IP dictionary shipped with the segmenter gives general IP vocabulary:
   the share of the English words that the dictionary translations of the Chinese parts account for.
   It only re-weights candidates that co-occur; it never adds a pair the document does not contain.
5. **Confidence** is a weighted mean of the three (weights in :class:`MinerConfig`); each term keeps
   its translations above ``min_confidence``, best first, with counts and example pairs.
6. **Ranking.** Entries are ordered by confidence times a domain-specificity factor (weirdness of the
   Chinese term against jieba's general-language frequencies), so that 发明专利 ranks above 企业.
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
    EN_STOP,
    Candidate,
    collect,
    en_chunks,
    en_ngrams,
    en_parts,
    lemma_en,
    resolve_nested,
    specificity,
    tokenize_zh,
    zh_ngrams,
    zh_parts,
)
from ipcorpus.terms.pairs import SegmentPair
from ipcorpus.types import Example, Glossary, TermEntry, Translation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MinerConfig:
    """Weights and limits of the miner (recorded in the glossary's ``meta``)."""

    w_similarity: float = 0.6
    w_dice: float = 0.25
    w_dictionary: float = 0.15
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
    confidence: float = 0.0
    segments: set[int] = field(default_factory=set)


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
    longest dictionary entries and the score is (share of Chinese characters covered) x (share of the
    English content words found among those entries' renderings).
    """
    if not dictionary:
        return 0.0
    if en in dictionary.get(zh, ()):
        return 1.0
    words: set[str] = set()
    covered = 0
    i = 0
    while i < len(zh):
        for j in range(min(len(zh), i + 8), i, -1):
            if zh[i:j] in dictionary and j - i >= 2:
                for rendering in dictionary[zh[i:j]]:
                    words.update(rendering.split())
                covered += j - i
                i = j
                break
        else:
            i += 1
    content = [w for w in en.split() if w not in EN_STOP and w not in EN_INNER]
    if not content or not covered:
        return 0.0
    return (covered / len(zh)) * (sum(w in words for w in content) / len(content))


_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def clean_zh(text: str) -> str:
    """Chinese text without PDF-extraction artefacts that split words: spaces between Chinese
    characters (``知 识产权``) and ``**`` bold marks."""
    return _CJK_SPACE.sub("", text.replace("**", ""))


def extract_candidates(pairs: Sequence[SegmentPair], min_freq: int, use_dictionary: bool = True) -> tuple[dict[str, Candidate], dict[str, Candidate], int]:
    """Chinese and English candidates of the pairs (fragments resolved, each seen ``min_freq`` times)
    and the number of Chinese tokens."""
    tokens = {p.id: tokenize_zh(p.zh, use_dictionary=use_dictionary) for p in pairs}
    zh_grams = {sid: [(f, f, k) for f, k in zh_ngrams(toks)] for sid, toks in tokens.items()}
    en_grams = {p.id: [g for chunk in en_chunks(p.en) for g in en_ngrams(chunk)] for p in pairs}
    zh_all = collect(zh_grams)
    # Count each candidate wherever its characters occur, not only where the tokenizer cut it out:
    # a dictionary word such as 商业秘密保护 must not hide the occurrences of 商业秘密 inside it.
    for form, c in zh_all.items():
        c.segments = {p.id for p in pairs if form in p.zh}
        c.count = sum(p.zh.count(form) for p in pairs)
    zh = resolve_nested(zh_all, min_freq=min_freq, parts=zh_parts)
    # English renderings vary more than Chinese terms (PDF damage, paraphrase): allow one fewer.
    en = resolve_nested(collect(en_grams), min_freq=max(1, min_freq - 1), parts=en_parts)
    n_tokens = sum(len(t) for t in tokens.values())
    return zh, en, n_tokens


def _similarities(encoder, zh: list[str], en: list[str]) -> np.ndarray:
    """Cosine matrix (len(zh), len(en)) under ``encoder`` (rows are unit length)."""
    if not zh or not en:
        return np.zeros((len(zh), len(en)), dtype=np.float32)
    a = encoder.encode(zh)
    b = encoder.encode(en)
    return a @ b.T


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
    w_dict = cfg.w_dictionary if dictionary else 0.0
    w_total = cfg.w_similarity + cfg.w_dice + w_dict

    ranked: list[tuple[float, TermEntry]] = []
    for zi, z in enumerate(zh_list):
        zc = zh_c[z]
        co: dict[str, set[int]] = {}
        for s in zc.segments:
            for e in seg_en.get(s, ()):
                co.setdefault(e, set()).add(s)
        scored: list[_Pairing] = []
        for e, segs in co.items():
            ec = en_c[e]
            dice = 2 * len(segs) / (len(zc.segments) + len(ec.segments))
            sim = float(sims[zi, en_index[e]])
            d = dictionary_score(z, e, dictionary) if dictionary else 0.0
            s_norm = min(1.0, max(0.0, (sim - cfg.sim_floor) / cfg.sim_span))
            conf = (cfg.w_similarity * s_norm + cfg.w_dice * dice + w_dict * d) / w_total
            scored.append(_Pairing(ec, sim, dice, d, len(segs), conf, segs))
        if not scored:
            continue
        scored.sort(key=lambda p: (-p.confidence, -p.cooc, p.en.form))
        best = scored[0].confidence
        if best < min_confidence:
            continue
        kept = [p for p in scored[: cfg.max_translations]
                if p.confidence >= min_confidence and p.confidence >= cfg.alt_ratio * best]
        translations = [Translation(p.en.form, round(p.confidence, 4), min(p.en.count, zc.count)) for p in kept]
        examples = [Example(by_id[s].zh, by_id[s].en, s) for s in sorted(kept[0].segments)[: cfg.max_examples]]
        spec = specificity(z, zc.count, n_tokens)
        rank = kept[0].confidence * (1 - cfg.w_specificity + cfg.w_specificity * spec)
        note = f"sim={kept[0].similarity:.3f} dice={kept[0].dice:.3f}" + (
            f" dict={kept[0].dictionary:.2f}" if dictionary else "") + f" specificity={spec:.2f}"
        ranked.append((rank, TermEntry(z, translations, zc.count, examples, "mined", note)))
    ranked.sort(key=lambda rt: (-rt[0], -rt[1].frequency, rt[1].source))
    entries = [e for _, e in ranked]
    meta = {
        "method": "candidates(C-value) + Dice + encoder cosine" + (" + IP dictionary" if dictionary else ""),
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

