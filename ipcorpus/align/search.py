"""Banded dynamic programming over bead types, with similarity computed only inside the band.

The search never builds the full n x m matrix. A *band* gives, for every DP row ``i`` (= number of
Chinese sentences consumed), the columns ``lo[i] .. lo[i] + width - 1`` (= number of English sentences
consumed) that may be visited. The cosines each row needs are computed once, in large blocks
(:class:`SimWindows`), so time and memory are ``O((n + m) * width)``.

The score (a gain, maximised) of a bead of ``a`` Chinese and ``b`` English sentences, in words:

* **similarity**: the cosine between the *normalised sum* of the ``a`` Chinese sentence embeddings and
  the normalised sum of the ``b`` English ones. The cosine of two sums is the sum of the pairwise
  cosines divided by the norms of the sums (which need only neighbour-neighbour dot products), so it
  comes for free from the 1-1 cosines: no concatenation is embedded.
* **hubness margin**: from that cosine we subtract half the "neighbourhood similarity" of each side:
  every sentence has the mean cosine to its ``k`` nearest candidates (a Bertalign/CSLS margin; over the
  whole other side for documents of up to 4M lattice cells, else in the band); a group's value is the
  mean of its sentences' values weighted by their characters. So a hub sentence must beat its own
  neighbourhood to win. (The group value used to be the sum divided by the norm of the group's embedding
  sum, as for the cosine of sums: with composed window embeddings the weighted mean does better on
  mac-dev, 0.9138 against 0.9118 strict F1 at its best merge penalty, and also with ``--fast``, 0.8785
  against 0.8769; docs/benchmarks.md.)
* **size**: the margin counts ``((a + b) / 2) ** size_exponent`` times. With 0 a bead counts once
  whatever its size (Bertalign), with 1 once per sentence pair (Vecalign); 0.5 is between.
* **length**: minus ``w_len`` times the squared log-ratio of the bead's English characters to its
  Chinese characters times the document's own en/zh character ratio (+10 characters smoothing).
* **lexical evidence**: plus ``w_lex`` times the summed evidence of the bead's sentence pairs (shared
  numbers, names, pinyin, dictionary hits: :mod:`ipcorpus.align.lexical`).
* **quotation balance**: minus ``w_quote`` when the bead's Chinese side opens (or closes) a different
  number of quotations than its English side (a bead boundary inside a quotation on one side only is
  usually a misplaced boundary in dialogue); likewise minus ``w_question`` when its two sides hold
  different numbers of questions (sentences with a question mark).
* **paragraph boundaries** (when the caller gives them): minus ``w_break`` per side when the bead runs
  across the start of a paragraph (a translation splits and merges paragraphs at sentence boundaries,
  so a bead that straddles one is usually wrong).
* **bead-type prior**: minus a penalty growing with the bead's size and for many-to-many beads.

An unaligned sentence (0-1 or 1-0 bead) scores ``-skip``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEG = -1e18


@dataclass
class Band:
    """Columns ``lo[i] .. lo[i] + width - 1`` of DP row ``i`` (0..n) may be visited; ``lo`` is non-decreasing."""

    lo: np.ndarray
    width: int

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        """The whole (n+1) x (m+1) lattice."""
        return cls(lo=np.zeros(n + 1, dtype=np.int64), width=m + 1)


@dataclass
class Features:
    """Everything the scorer needs about the two sentence lists.

    ``zx``/``ey``: unit embeddings (n x d, m x d); ``zlen``/``elen``: characters per sentence;
    ``zmargin``/``emargin``: each sentence's mean similarity to its nearest candidates;
    ``lex``: sparse lexical evidence, ``lex[r]`` = {English id: weight} for Chinese sentence ``r``.
    """

    zx: np.ndarray
    ey: np.ndarray
    zlen: np.ndarray
    elen: np.ndarray
    ratio: float
    zmargin: np.ndarray
    emargin: np.ndarray
    lex: dict[int, dict[int, float]]
    #: optional embeddings of real concatenations: ``zmulti[a][t]`` embeds Chinese sentences t-a..t-1
    #: joined (rows t < a unused); used instead of the normalised sum where present.
    zmulti: dict[int, np.ndarray] | None = None
    emulti: dict[int, np.ndarray] | None = None
    #: which rows of ``zmulti``/``emulti`` hold an embedding (the others fall back to the sum)
    zavail: dict[int, np.ndarray] | None = None
    eavail: dict[int, np.ndarray] | None = None
    #: added to the sum-of-embeddings cosine of an a-b bead where no real embedding exists, so that
    #: both estimates are on one scale (mean real minus sum cosine over the embedded candidates)
    offset: dict[tuple[int, int], float] | None = None
    #: with real embeddings present, a multi-sentence bead without one is not searched at all (rather than
    #: scored on the sum-of-embeddings scale): keeps one similarity scale in a re-searched region
    multi_only: bool = False
    #: quotations each sentence opens minus those it closes (None: no quotation evidence)
    zquote: np.ndarray | None = None
    equote: np.ndarray | None = None
    #: 1 for each sentence holding a question mark (None: no question evidence)
    zquest: np.ndarray | None = None
    equest: np.ndarray | None = None
    #: 1 for each sentence that starts a paragraph (other than the first sentence; None: no paragraphs)
    zbreak: np.ndarray | None = None
    ebreak: np.ndarray | None = None


@dataclass
class Weights:
    """Scoring weights (copied from :class:`~ipcorpus.align.config.AlignConfig`)."""

    types: list[tuple[int, int]]
    w_sim: float
    sim_offset: float
    w_len: float
    w_lex: float
    skip: float
    size_exponent: float
    penalty: dict[tuple[int, int], float]
    #: loss of a bead whose two sides do not open (or close) the same number of quotations
    w_quote: float = 0.0
    #: loss of a bead whose two sides hold different numbers of questions
    w_question: float = 0.0
    #: loss per side of a bead that runs across a paragraph boundary
    w_break: float = 0.0


def _shift(row: np.ndarray, s: int, fill: float = NEG) -> np.ndarray:
    """``out[k] = row[k + s]`` where that index exists, else ``fill`` (same length as ``row``)."""
    w = len(row)
    out = np.full(w, fill, dtype=row.dtype)
    if s >= 0:
        if s < w:
            out[: w - s] = row[s:]
    elif -s < w:
        out[-s:] = row[: w + s]
    return out


def _group_sq_norms(v: np.ndarray, maxb: int) -> list[np.ndarray]:
    """``sq[a][t]`` = squared norm of the sum of unit vectors ``v[t-a:t]`` (for t >= a), a = 1..maxb.

    Computed from dot products of near neighbours only: |sum|^2 = a + 2 * sum_{p<q} v_p . v_q.
    """
    n = len(v)
    dots = [np.einsum("ij,ij->i", v[: n - d], v[d:]) if n > d else np.zeros(0) for d in range(1, maxb)]
    out = [np.zeros(n + 1)]
    for a in range(1, maxb + 1):
        sq = np.full(n + 1, float(a))
        # vectorised: for every block end t, add 2 * dots of pairs (p, p+d) inside [t-a, t)
        for d in range(1, a):
            dd = dots[d - 1]
            if len(dd) == 0:
                continue
            # pairs (p, p+d) with t-a <= p and p+d <= t-1  ->  p in [t-a, t-1-d]
            c = np.concatenate([[0.0], np.cumsum(dd)])
            t = np.arange(n + 1)
            hi = np.clip(t - d, 0, len(dd))
            lo = np.clip(t - a, 0, len(dd))
            sq += 2 * (c[hi] - c[np.minimum(lo, hi)])
        out.append(np.maximum(sq, 1e-6))
    return out


def _prefix(x: np.ndarray) -> np.ndarray:
    """Prefix sums with a leading zero: ``p[t] = x[:t].sum()``."""
    return np.concatenate([[0.0], np.cumsum(x, dtype=np.float64)])


@dataclass
class SimWindows:
    """Cosine similarities of every Chinese sentence ``r`` to the English sentences
    ``start[r] .. start[r] + len(rows[r]) - 1``: all that the banded search can ask for, computed with a
    few large matrix products (many tiny ones are slow under multi-threaded BLAS)."""

    start: np.ndarray
    rows: list[np.ndarray]

    @classmethod
    def compute(cls, zx: np.ndarray, ey: np.ndarray, band: Band, maxb: int) -> SimWindows:
        """Windows wide enough for every bead of up to ``maxb`` sentences a side inside ``band``."""
        n, m = len(zx), len(ey)
        lo = band.lo
        r = np.arange(n)
        start = np.clip(lo[np.minimum(r + 1, n)] - maxb, 0, m)
        stop = np.clip(lo[np.minimum(r + maxb, n)] + band.width, 0, m)
        stop = np.maximum(stop, start)
        rows: list[np.ndarray] = []
        # rows per block: a block's column span grows with its row count, so keep both small
        chunk = 256
        for r0 in range(0, n, chunk):
            r1 = min(n, r0 + chunk)
            s0, s1 = int(start[r0:r1].min()), int(stop[r0:r1].max())
            sims = (zx[r0:r1] @ ey[s0:s1].T).astype(np.float64)
            for t in range(r1 - r0):
                rows.append(sims[t, start[r0 + t] - s0:stop[r0 + t] - s0].copy())
        return cls(start=start.astype(np.int64), rows=rows)

    def get(self, r: int, e0: int, length: int) -> np.ndarray:
        """Similarities of Chinese sentence ``r`` to English ``e0 .. e0+length-1`` (0 outside the window)."""
        out = np.zeros(length)
        row = self.rows[r]
        a = max(e0, int(self.start[r]))
        b = min(e0 + length, int(self.start[r]) + len(row))
        if b > a:
            out[a - e0:b - e0] = row[a - int(self.start[r]):b - int(self.start[r])]
        return out


def _real_cos(f: Features, a: int, b: int, i: int, jj: np.ndarray, cos_sum: np.ndarray) -> np.ndarray:
    """Cosines of an a-b bead from embeddings of the real concatenations where they exist; elsewhere
    the sum-of-embeddings cosine ``cos_sum`` shifted by the calibrated offset of that bead type."""
    assert f.zmulti is not None and f.emulti is not None
    if a > 1 and a not in f.zmulti or b > 1 and b not in f.emulti:
        return cos_sum
    zv = f.zx[i - 1] if a == 1 else f.zmulti[a][i].astype(np.float32)
    ev = f.ey[jj - 1] if b == 1 else f.emulti[b][jj].astype(np.float32)
    ok = np.ones(len(jj), dtype=bool)
    if a > 1 and f.zavail is not None:
        ok &= bool(f.zavail[a][i])
    if b > 1 and f.eavail is not None:
        ok &= f.eavail[b][jj]
    shift = (f.offset or {}).get((a, b), 0.0)
    if f.multi_only:
        return np.where(ok, ev @ zv, NEG)
    if not ok.any():
        return cos_sum + shift
    return np.where(ok, ev @ zv, cos_sum + shift)


def _full_window_cosines(i: int, j: np.ndarray, m: int, f: Features, w: Weights,
                         maxb: int) -> dict[tuple[int, int], np.ndarray] | None:
    """With every window embedded (``zmulti``/``emulti`` complete, no fallback), the cosines of all
    a-b beads ending at row ``i`` and columns ``j``: one product per English window size."""
    if f.zmulti is None or f.emulti is None or f.zavail is not None or f.eavail is not None or f.offset:
        return None
    jm = np.clip(j, 0, m)
    sizes_a = [a for a in range(1, min(maxb, i) + 1) if a == 1 or a in f.zmulti]
    if not sizes_a:
        return {}
    zs = np.stack([f.zx[i - 1] if a == 1 else f.zmulti[a][i].astype(np.float32) for a in sizes_a])
    out: dict[tuple[int, int], np.ndarray] = {}
    for b in range(1, maxb + 1):
        wanted = [a for a in sizes_a if (a, b) in w.penalty and (a > 1 or b > 1)]
        if not wanted:
            continue
        if b > 1 and b not in f.emulti:
            continue
        # the columns are a run lo .. lo+width-1 clipped at m: slice (a view) instead of gathering
        j0, j1 = int(jm[0]), int(jm[-1]) + 1
        if b == 1:
            ev = f.ey[max(j0 - 1, 0):j1 - 1] if j1 > 1 else f.ey[:0]
            pad = (j1 - j0) - len(ev)
            part = ev @ zs.T
            if pad:
                part = np.vstack([np.zeros((pad, len(sizes_a)), dtype=part.dtype), part])
        else:
            part = np.asarray(f.emulti[b][j0:j1], dtype=np.float32) @ zs.T
        prod = part[np.minimum(jm, j1 - 1) - j0]
        for a in wanted:
            out[(a, b)] = prod[:, sizes_a.index(a)].astype(np.float64)
    return out


def bead_scores_row(i: int, lo: int, width: int, f: Features, w: Weights, maxb: int,
                    zsq: list[np.ndarray], esq: list[np.ndarray], ecum: dict[str, np.ndarray],
                    sims: SimWindows) -> dict[tuple[int, int], np.ndarray]:
    """Scores of every many-to-many bead ending in DP row ``i`` at columns ``lo .. lo+width-1``.

    Returns {(a, b): array of length ``width``} (``NEG`` where the bead does not fit).
    """
    m = len(f.ey)
    e0 = lo - maxb  # first English sentence of the block
    ncols = width + maxb
    rows = np.arange(i - maxb, i)
    block = np.zeros((maxb, ncols))
    for p, r in enumerate(rows):
        if r >= 0:
            block[p] = sims.get(int(r), e0, ncols)
    lexb = None
    if w.w_lex:
        for p, r in enumerate(rows):
            d = f.lex.get(int(r)) if r >= 0 else None
            if d:
                for c, v in d.items():
                    t = c - e0
                    if 0 <= t < ncols:
                        if lexb is None:
                            lexb = np.zeros_like(block)
                        lexb[p, t] = v
    j = lo + np.arange(width)
    out: dict[tuple[int, int], np.ndarray] = {}
    full = _full_window_cosines(i, j, m, f, w, maxb)
    quotes = w.w_quote and ecum.get("quote") is not None
    questions = w.w_question and ecum.get("quest") is not None
    breaks = w.w_break and ecum.get("break") is not None
    jm1 = np.clip(j, 0, m)  # clipped end column; cells where a bead does not fit are masked by ``ok``
    k = np.arange(width)
    for a in range(1, maxb + 1):
        if i - a < 0:
            break
        rsum = _prefix(block[maxb - a:].sum(axis=0))
        lsum = _prefix(lexb[maxb - a:].sum(axis=0)) if lexb is not None else None
        zl = f.zlen[i - a:i].sum()
        # a group's neighbourhood similarity: its sentences' values weighted by their share of its characters
        zm = (f.zmargin[i - a:i] * f.zlen[i - a:i]).sum() / max(zl, 1.0)
        # paragraph starts strictly inside the Chinese side (sentences i-a+1 .. i-1)
        zcross = min(ecum["zbreak"][i] - ecum["zbreak"][i - a + 1], 1.0) if breaks else 0.0
        # the cosine of each a-b bead type (one row per English size b), then every other term for all
        # of them at once: one set of array operations per Chinese size instead of one per bead type
        bs: list[int] = []
        coss: list[np.ndarray] = []
        for b in range(1, maxb + 1):
            if (a, b) not in w.penalty:
                continue
            if full is not None and (a > 1 or b > 1):
                if (a, b) not in full:  # a side shorter than the bead: it fits nowhere
                    continue
                cos = full[(a, b)]
            else:
                rect = rsum[k + maxb] - rsum[k + maxb - b]
                cos = rect / np.sqrt(zsq[a][i] * esq[b][jm1])
                if f.zmulti is not None and f.emulti is not None and (a > 1 or b > 1):
                    cos = _real_cos(f, a, b, i, jm1, cos)
            bs.append(b)
            coss.append(cos)
        if not bs:
            continue
        B = np.array(bs)[:, None]
        ok = (j - B >= 0) & (j <= m)
        jb = np.maximum(jm1 - B, 0)
        el = ecum["len"][jm1] - ecum["len"][jb]
        em = (ecum["wmargin"][jm1] - ecum["wmargin"][jb]) / np.maximum(el, 1.0)
        margin = np.stack(coss) - 0.5 * (zm + em)
        dev = np.log((el + 10.0) / (f.ratio * zl + 10.0))
        size = np.array([((a + b) / 2.0) ** w.size_exponent for b in bs])[:, None]
        pen = np.array([w.penalty[(a, b)] for b in bs])[:, None]
        sc = size * (w.w_sim * margin - w.sim_offset) - w.w_len * dev * dev - pen
        if lsum is not None:
            sc = sc + w.w_lex * (lsum[k + maxb] - lsum[k + maxb - B])
        if quotes:
            dq = ecum["zquote"][i] - ecum["zquote"][i - a] - (ecum["quote"][jm1] - ecum["quote"][jb])
            sc = sc - w.w_quote * np.minimum(np.abs(dq), 1.0)
        if questions:
            dq = ecum["zquest"][i] - ecum["zquest"][i - a] - (ecum["quest"][jm1] - ecum["quest"][jb])
            sc = sc - w.w_question * np.minimum(np.abs(dq), 1.0)
        if breaks:
            ecross = ecum["break"][jm1] - ecum["break"][np.minimum(jb + 1, jm1)]
            sc = sc - w.w_break * (zcross + np.minimum(ecross, 1.0))
        sc = np.where(ok, sc, NEG)
        for r, b in enumerate(bs):
            out[(a, b)] = sc[r]
    return out


def banded_dp(f: Features, w: Weights, band: Band) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Best-scoring bead sequence inside ``band``: [(zh ids, en ids, bead score)], in order.

    D[i][j] = best score of aligning the first i Chinese and first j English sentences.
    Row i is filled from rows i-a by the many-to-many and 1-0 beads, then 0-1 beads (moves within the
    row) are applied with a running maximum: D[i][j] = max_k (X[k] - (j-k) * skip).
    """
    n, m = len(f.zx), len(f.ey)
    maxb = max(max(a, b) for a, b in w.types)
    width = band.width
    lo = band.lo
    zsq = _group_sq_norms(f.zx, maxb)
    esq = _group_sq_norms(f.ey, maxb)
    ecum = {"wmargin": _prefix(f.emargin * f.elen), "len": _prefix(f.elen)}
    if f.zquote is not None and f.equote is not None:
        ecum["zquote"], ecum["quote"] = _prefix(f.zquote), _prefix(f.equote)
    if f.zquest is not None and f.equest is not None:
        ecum["zquest"], ecum["quest"] = _prefix(f.zquest), _prefix(f.equest)
    if f.zbreak is not None and f.ebreak is not None:
        ecum["zbreak"], ecum["break"] = _prefix(f.zbreak), _prefix(f.ebreak)
    codes = list(w.types) + [(1, 0), (0, 1)]
    c10, c01 = len(w.types), len(w.types) + 1
    D = np.full((n + 1, width), NEG)
    S = np.zeros((n + 1, width), dtype=np.float32)  # score of the bead chosen at the cell
    bp = np.full((n + 1, width), -1, dtype=np.int8)
    kk = np.arange(width)
    sims = SimWindows.compute(f.zx, f.ey, band, maxb)
    for i in range(n + 1):
        X = np.full(width, NEG)
        bx = np.full(width, -1, dtype=np.int8)
        sx = np.zeros(width)
        if i == 0:
            if lo[0] == 0:
                X[0] = 0.0
        else:
            scores = bead_scores_row(i, int(lo[i]), width, f, w, maxb, zsq, esq, ecum, sims)
            cand = _shift(D[i - 1], int(lo[i] - lo[i - 1])) - w.skip
            better = cand > X
            X[better], bx[better], sx[better] = cand[better], c10, -w.skip
            for t, (a, b) in enumerate(w.types):
                if (a, b) not in scores:
                    continue
                sc = scores[(a, b)]
                cand = _shift(D[i - a], int(lo[i] - lo[i - a] - b)) + sc
                better = cand > X
                X[better], bx[better], sx[better] = cand[better], t, sc[better]
        X[lo[i] + kk > m] = NEG
        # 0-1 beads: running maximum of X[k] + k*skip
        run = np.maximum.accumulate(X + kk * w.skip)
        Di = run - kk * w.skip
        from_left = X + kk * w.skip < run
        bx[from_left] = c01
        sx[from_left] = -w.skip
        Di[lo[i] + kk > m] = NEG
        D[i], bp[i], S[i] = Di, bx, sx
    # trace back from (n, m)
    beads: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        k = j - lo[i]
        if not 0 <= k < width or bp[i, k] < 0:
            raise RuntimeError(f"alignment search left its band at ({i}, {j})")
        a, b = codes[bp[i, k]]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j)), float(S[i, k])))
        i, j = i - a, j - b
    beads.reverse()
    return beads
