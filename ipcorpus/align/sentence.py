"""Sentence alignment: :func:`align_sentences`.

The method, in three steps (each a small function below):

1. **Embed** every sentence once (one call per side to the encoder). Multi-sentence beads are scored
   with the normalised *sum* of their sentences' embeddings, which the search derives from the 1-1
   similarities (see :mod:`ipcorpus.align.search`), so no concatenation is embedded.
2. **Find the band** (the first pass). Short documents are searched over the whole lattice. Long ones
   are aligned coarse-to-fine as in Vecalign: neighbouring sentences are grouped into blocks of
   ``coarse_factor`` (their embeddings summed), the blocks are aligned (recursively), and the fine search
   runs in a band of ``band`` sentences around the projected block path. Time and memory are linear.
3. **Search the band exactly** with all bead types, scoring each bead by margin-normalised embedding
   similarity, a length model fitted to the document, lexical evidence and a bead-type prior, and turn
   each chosen bead's score into a confidence in [0, 1].
"""

from __future__ import annotations

import logging
import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

import numpy as np

from ipcorpus.align.config import AlignConfig
from ipcorpus.align.lexical import keys_for, pair_evidence
from ipcorpus.align.search import Band, Features, Weights, banded_dp
from ipcorpus.embed.base import Encoder
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
    value, which is subtracted from its bead similarities.
    """
    n, m = len(zx), len(ey)
    zmar = np.zeros(n)
    if n == 0 or m == 0:
        return zmar, np.zeros(m)
    rows, cols, vals = [], [], []
    chunk = 256  # rows per matrix product: the column span (and memory) stays proportional to the band
    for r0 in range(0, n, chunk):
        r1 = min(n, r0 + chunk)
        starts = [band_candidates(band, n, m, r) for r in range(r0, r1)]
        s_min = min(s for s, _ in starts)
        s_max = max(e for _, e in starts)
        sims = zx[r0:r1] @ ey[s_min:s_max].T
        for t, (s, e) in enumerate(starts):
            v = sims[t, s - s_min:e - s_min]
            kk = min(k, len(v))
            zmar[r0 + t] = np.partition(v, len(v) - kk)[len(v) - kk:].mean() if kk else 0.0
            rows.append(np.full(len(v), r0 + t))
            cols.append(np.arange(s, e))
            vals.append(v)
    c = np.concatenate(cols)
    v = np.concatenate(vals)
    order = np.lexsort((-v, c))
    c, v = c[order], v[order]
    first = np.searchsorted(c, np.arange(m), side="left")
    last = np.searchsorted(c, np.arange(m), side="right")
    emar = np.zeros(m)
    for col in range(m):
        a, b = first[col], min(last[col], first[col] + k)
        if b > a:
            emar[col] = v[a:b].mean()
    return zmar, emar


def lexical_matrix(zkeys: Sequence[frozenset[str]], ekeys: Sequence[frozenset[str]], band: Band,
                   maxb: int) -> dict[int, dict[int, float]]:
    """Sparse lexical evidence inside the band: {zh id: {en id: weight}} for pairs sharing keys."""
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
        row = {c: pair_evidence(ks, ekeys[c]) for c in hits}
        row = {c: v for c, v in row.items() if v > 0}
        if row:
            out[r] = row
    return out


def _weights(cfg: AlignConfig, lexical: bool = True) -> Weights:
    types = cfg.bead_types()
    pen = {t: cfg.penalty(*t) for t in types}
    return Weights(types=types, w_sim=cfg.w_sim, sim_offset=cfg.sim_offset, w_len=cfg.w_len,
                   w_lex=cfg.w_lex if lexical else 0.0, skip=cfg.skip, size_exponent=cfg.size_exponent,
                   penalty=pen)


def _group(v: np.ndarray, f: int) -> np.ndarray:
    """Sum consecutive blocks of ``f`` rows (the last block may be shorter)."""
    n = len(v)
    idx = np.arange(0, n, f)
    return np.add.reduceat(v, idx, axis=0) if n else v


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def find_band(zx: np.ndarray, ey: np.ndarray, zlen: np.ndarray, elen: np.ndarray, cfg: AlignConfig) -> Band:
    """The first pass: the band of the lattice that the exact search visits.

    Whole lattice when ``(n+1)(m+1) <= full_search_cells``; otherwise align blocks of ``coarse_factor``
    sentences (recursively), and keep ``band`` sentences on each side of the projected block path.
    """
    n, m = len(zx), len(ey)
    if (n + 1) * (m + 1) <= cfg.full_search_cells or min(n, m) < 4 * cfg.coarse_factor:
        return Band.full(n, m)
    f = cfg.coarse_factor
    czx, cey = _unit(_group(zx, f)), _unit(_group(ey, f))
    czl, cel = _group(zlen, f), _group(elen, f)
    coarse_cfg = AlignConfig(beads=((1, 1), (1, 2), (2, 1), (2, 2)), max_bead=2, band=cfg.band,
                             full_search_cells=cfg.full_search_cells, coarse_factor=f,
                             margin_k=cfg.margin_k, w_len=cfg.w_len, w_lex=0.0, skip=cfg.skip,
                             merge_penalty=0.0, m2m_penalty=0.0)
    cband = find_band(czx, cey, czl, cel, coarse_cfg)
    feats = _features(czx, cey, czl, cel, cband, coarse_cfg, None)
    path = banded_dp(feats, _weights(coarse_cfg, lexical=False), cband)
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
    zm, em = neighbour_margins(zx, ey, band, cfg.margin_k)
    ratio = float(elen.sum() + 1.0) / float(zlen.sum() + 1.0)
    return Features(zx=zx, ey=ey, zlen=zlen, elen=elen, ratio=ratio, zmargin=zm, emargin=em, lex=lex or {})


#: logistic calibration of :func:`confidence`, fitted on the 12 mac-dev files pooled (strict
#: correctness of each chosen bead against its score per sentence; see docs/benchmarks.md)
CONF_CENTRE = -0.24
CONF_SCALE = 0.126
#: confidence of a 0-1/1-0 bead: the measured strict precision of such beads on mac-dev (~0.3)
CONF_DELETION = 0.3


def confidence(score: float, a: int, b: int) -> float:
    """Confidence in [0, 1] that a bead is exactly right: a logistic function of its score per
    sentence ``score / ((a + b) / 2)``, calibrated on mac-dev (predicted 0.85 -> 85% correct)."""
    if a == 0 or b == 0:
        return CONF_DELETION
    g = score / ((a + b) / 2.0)
    z = max(-50.0, min(50.0, (g - CONF_CENTRE) / CONF_SCALE))
    return float(1.0 / (1.0 + math.exp(-z)))


def align_embedded(zx: np.ndarray, ey: np.ndarray, zh: Sequence[str], en: Sequence[str],
                   cfg: AlignConfig) -> list[Bead]:
    """Align two sentence lists whose unit embeddings are given (steps 2 and 3 of the method)."""
    n, m = len(zh), len(en)
    if n == 0 or m == 0:
        return [Bead((i,), (), CONF_DELETION) for i in range(n)] + [Bead((), (j,), CONF_DELETION) for j in range(m)]
    zlen, elen = char_lengths(zh), char_lengths(en)
    band = find_band(zx, ey, zlen, elen, cfg)
    lex = None
    if cfg.w_lex:
        zk, ek = keys_for(zh, en)
        lex = lexical_matrix(zk, ek, band, cfg.max_bead)
    feats = _features(zx, ey, zlen, elen, band, cfg, lex)
    path = banded_dp(feats, _weights(cfg), band)
    return [Bead(zs, es, confidence(s, len(zs), len(es))) for zs, es, s in path]


def align_sentences(zh: list[str], en: list[str], encoder: Encoder,
                    config: AlignConfig | None = None) -> list[Bead]:
    """Align Chinese sentences ``zh`` with English sentences ``en``.

    Returns beads in document order; every sentence of each side is in exactly one bead.
    Each text is embedded once with ``encoder``.
    """
    cfg = config or AlignConfig()
    zx = np.asarray(encoder.encode(list(zh)), dtype=np.float32) if zh else np.zeros((0, 1), np.float32)
    ey = np.asarray(encoder.encode(list(en)), dtype=np.float32) if en else np.zeros((0, 1), np.float32)
    return align_embedded(_unit(zx) if len(zx) else zx, _unit(ey) if len(ey) else ey, zh, en, cfg)
