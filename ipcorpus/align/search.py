"""Banded dynamic programming over bead types, with similarity computed only inside the band.

The search never builds the full n x m matrix. A *band* gives, for every DP row ``i`` (= number of
Chinese sentences consumed), the columns ``lo[i] .. lo[i] + width - 1`` (= number of English sentences
consumed) that may be visited. The cosines each row needs are computed once, in large blocks
(:class:`SimWindows`), so time and memory are ``O((n + m) * width)``.

The score (a gain, maximised) of a bead of ``a`` Chinese and ``b`` English sentences, in words:

* **similarity**: the cosine between the *normalised sum* of the ``a`` Chinese sentence embeddings and
  the normalised sum of the ``b`` English ones. The cosine of two sums is the sum of the pairwise
  cosines divided by the norms of the sums (which need only neighbour-neighbour dot products), so it
  comes for free from the 1-1 cosines: no concatenation is embedded. (Where the caller gives embeddings of
  the real concatenations, :attr:`SideFeatures.multi`, the cosine of those is used instead.)
* **hubness margin**: from that cosine we subtract half the "neighbourhood similarity" of each side:
  every sentence has the mean cosine to its ``k`` nearest candidates (a Bertalign/CSLS margin; over the
  whole other side for documents of up to 4M lattice cells, else in the band); a group's value is the
  mean of its sentences' values weighted by their characters. So a hub sentence must beat its own
  neighbourhood to win (the weighted mean replaced a sum over the norm of the group's embedding sum:
  docs/decisions.md).
* **size**: the margin counts ``((a + b) / 2) ** size_exponent`` times. With 0 a bead counts once
  whatever its size (Bertalign), with 1 once per sentence pair (Vecalign); 0.5 is between.
* **length**: minus ``w_len`` times the squared log-ratio of the bead's English characters to its
  Chinese characters times the document's own en/zh character ratio, both smoothed by
  ``length_smoothing`` characters (:func:`length_deviation`).
* **bead-type prior**: minus a penalty growing with the bead's size and for many-to-many beads.
* **lexical evidence**: plus ``w_lex`` times the summed evidence of the bead's sentence pairs (shared
  numbers, names, pinyin, dictionary hits: :mod:`ipcorpus.align.lexical`).
* **quotation balance**: minus ``w_quote`` when the bead's Chinese side opens (or closes) a different
  number of quotations than its English side (a bead boundary inside a quotation on one side only is
  usually a misplaced boundary in dialogue); likewise minus ``w_question`` when its two sides hold
  different numbers of questions (sentences with a question mark).
* **paragraph boundaries** (when the caller gives them): minus ``w_break`` per side when the bead runs
  across the start of a paragraph (a translation splits and merges paragraphs at sentence boundaries,
  so a bead that straddles one is usually wrong).

The terms are added in this order (:meth:`BeadScorer.row`, one function per term). An unaligned sentence
(0-1 or 1-0 bead) scores ``-skip``. Every weight is a field of the
:class:`~ipcorpus.align.config.AlignConfig` the search is given.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

import numpy as np

from ipcorpus.align.config import AlignConfig
from ipcorpus.align.features import (  # noqa: F401 - re-exported: the search's public names
    NEG,
    Band,
    Features,
    SideFeatures,
    SideSums,
    SimWindows,
    _prefix,
    _shift,
    length_deviation,
)


@dataclass
class RowColumns:
    """The cells of a DP row: end columns ``end`` = ``lo .. lo+width-1``, the same clipped to ``m`` (``j``),
    and their offsets ``k`` = ``0 .. width-1``."""

    end: np.ndarray
    j: np.ndarray
    k: np.ndarray

    @classmethod
    def of(cls, lo: int, width: int, m: int) -> RowColumns:
        k = np.arange(width)
        end = lo + k
        return cls(end=end, j=np.clip(end, 0, m), k=k)


@dataclass
class BeadSet:
    """The a-b beads ending in DP row ``i`` for one Chinese size ``a`` and several English sizes ``bs`` (one
    row each; ``b`` is the same as a column): the Chinese side is sentences ``i-a .. i-1``, the English side
    ``jb .. j-1`` for end column ``j`` (clipped to ``m``; cells where a bead does not fit are masked by
    ``fits``); ``k``: the cells' offsets in the row."""

    i: int
    a: int
    bs: list[int]
    b: np.ndarray
    j: np.ndarray
    jb: np.ndarray
    k: np.ndarray
    fits: np.ndarray
    #: characters of the Chinese side (a number) and of the English side (one per bead)
    zl: float
    el: np.ndarray


def _real_cos(f: Features, a: int, b: int, i: int, jj: np.ndarray, cos_sum: np.ndarray) -> np.ndarray:
    """Cosines of an a-b bead from embeddings of the real concatenations where they exist; elsewhere
    the sum-of-embeddings cosine ``cos_sum`` shifted by the calibrated offset of that bead type."""
    zh, en = f.zh, f.en
    assert zh.multi is not None and en.multi is not None
    if a > 1 and a not in zh.multi or b > 1 and b not in en.multi:
        return cos_sum
    zv = zh.x[i - 1] if a == 1 else zh.multi[a][i].astype(np.float32)
    ev = en.x[jj - 1] if b == 1 else en.multi[b][jj].astype(np.float32)
    ok = np.ones(len(jj), dtype=bool)
    if a > 1 and zh.avail is not None:
        ok &= bool(zh.avail[a][i])
    if b > 1 and en.avail is not None:
        ok &= en.avail[b][jj]
    shift = (f.offset or {}).get((a, b), 0.0)
    if f.multi_only:
        return np.where(ok, ev @ zv, NEG)
    if not ok.any():
        return cos_sum + shift
    return np.where(ok, ev @ zv, cos_sum + shift)


def _full_window_cosines(i: int, j: np.ndarray, m: int, f: Features, searched: Container[tuple[int, int]],
                         maxb: int) -> dict[tuple[int, int], np.ndarray] | None:
    """With every window embedded (``multi`` complete on both sides, no fallback), the cosines of all
    ``searched`` a-b bead types ending at row ``i`` and columns ``j``: one product per English window size."""
    zh, en = f.zh, f.en
    if zh.multi is None or en.multi is None or zh.avail is not None or en.avail is not None or f.offset:
        return None
    jm = np.clip(j, 0, m)
    sizes_a = [a for a in range(1, min(maxb, i) + 1) if a == 1 or a in zh.multi]
    if not sizes_a:
        return {}
    zs = np.stack([zh.x[i - 1] if a == 1 else zh.multi[a][i].astype(np.float32) for a in sizes_a])
    out: dict[tuple[int, int], np.ndarray] = {}
    for b in range(1, maxb + 1):
        wanted = [a for a in sizes_a if (a, b) in searched and (a > 1 or b > 1)]
        if not wanted:
            continue
        if b > 1 and b not in en.multi:
            continue
        # the columns are a run lo .. lo+width-1 clipped at m: slice (a view) instead of gathering
        j0, j1 = int(jm[0]), int(jm[-1]) + 1
        if b == 1:
            ev = en.x[max(j0 - 1, 0):j1 - 1] if j1 > 1 else en.x[:0]
            pad = (j1 - j0) - len(ev)
            part = ev @ zs.T
            if pad:
                part = np.vstack([np.zeros((pad, len(sizes_a)), dtype=part.dtype), part])
        else:
            part = np.asarray(en.multi[b][j0:j1], dtype=np.float32) @ zs.T
        prod = part[np.minimum(jm, j1 - 1) - j0]
        for a in wanted:
            out[(a, b)] = prod[:, sizes_a.index(a)].astype(np.float64)
    return out


def _imbalance(zsum: np.ndarray, esum: np.ndarray, beads: BeadSet) -> np.ndarray:
    """1 where the bead's two sides hold different totals of a per-sentence count, else 0."""
    i, a = beads.i, beads.a
    d = zsum[i] - zsum[i - a] - (esum[beads.j] - esum[beads.jb])
    return np.minimum(np.abs(d), 1.0)


@dataclass
class BeadScorer:
    """The score of every bead of a DP row (:meth:`row`), one method per term of the module docstring;
    holds the features, the settings and the tables the terms read, built once per search."""

    f: Features
    cfg: AlignConfig
    #: the searched many-to-many bead types (``cfg.bead_types()``, in order) and each one's prior penalty
    types: list[tuple[int, int]]
    penalty: dict[tuple[int, int], float]
    maxb: int
    zs: SideSums
    es: SideSums
    sims: SimWindows
    #: which of the optional terms count (a weight and the evidence of both sides)
    quotes: bool
    questions: bool
    paragraphs: bool

    @classmethod
    def build(cls, f: Features, cfg: AlignConfig, band: Band) -> BeadScorer:
        types = cfg.bead_types()
        maxb = max(max(a, b) for a, b in types)
        zs, es = SideSums.of(f.zh, maxb), SideSums.of(f.en, maxb)
        return cls(f=f, cfg=cfg, types=types, penalty={t: cfg.penalty(*t) for t in types}, maxb=maxb, zs=zs,
                   es=es, sims=SimWindows.compute(f.zh.x, f.en.x, band, maxb),
                   quotes=bool(cfg.w_quote) and zs.quote is not None and es.quote is not None,
                   questions=bool(cfg.w_question) and zs.question is not None and es.question is not None,
                   paragraphs=bool(cfg.w_break) and zs.breaks is not None and es.breaks is not None)

    def row(self, i: int, lo: int, width: int) -> dict[tuple[int, int], np.ndarray]:
        """Scores of every many-to-many bead ending in DP row ``i`` at columns ``lo .. lo+width-1``.

        Returns {(a, b): array of length ``width``} (``NEG`` where the bead does not fit).
        """
        c, maxb = self.cfg, self.maxb
        block = self._sim_block(i, lo - maxb, width + maxb)
        lexb = self._lex_block(i, lo - maxb, width + maxb) if c.w_lex else None
        cols = RowColumns.of(lo, width, len(self.f.en))
        full = _full_window_cosines(i, cols.end, len(self.f.en), self.f, self.penalty, maxb)
        out: dict[tuple[int, int], np.ndarray] = {}
        for a in range(1, min(maxb, i) + 1):
            # the cosine of each a-b bead type (one row per English size b), then every other term for all
            # of them at once: one set of array operations per Chinese size instead of one per bead type
            bs, coss = self.similarity(i, a, cols, block, full)
            if not bs:
                continue
            beads = self._beads(i, a, bs, cols)
            sc = (self.size(beads) * (c.w_sim * (np.stack(coss) - self.hubness(beads)) - c.sim_offset)
                  - self.length_cost(beads) - self.prior(beads))
            if lexb is not None:
                sc = sc + c.w_lex * self.lexical(beads, lexb)
            if self.quotes:
                sc = sc - c.w_quote * self.quotation_imbalance(beads)
            if self.questions:
                sc = sc - c.w_question * self.question_imbalance(beads)
            if self.paragraphs:
                sc = sc - c.w_break * self.paragraph_crossings(beads)
            sc = np.where(beads.fits, sc, NEG)
            for r, b in enumerate(bs):
                out[(a, b)] = sc[r]
        return out

    def _sim_block(self, i: int, e0: int, ncols: int) -> np.ndarray:
        """Cosines of Chinese sentences ``i-maxb .. i-1`` (rows; zero before the first) to English
        ``e0 .. e0+ncols-1``."""
        block = np.zeros((self.maxb, ncols))
        for p, r in enumerate(range(i - self.maxb, i)):
            if r >= 0:
                block[p] = self.sims.get(r, e0, ncols)
        return block

    def _lex_block(self, i: int, e0: int, ncols: int) -> np.ndarray | None:
        """Lexical evidence of the same cells as :meth:`_sim_block` (None: there is none)."""
        lexb = None
        for p, r in enumerate(range(i - self.maxb, i)):
            d = self.f.lex.get(r) if r >= 0 else None
            for c, v in (d or {}).items():
                if 0 <= c - e0 < ncols:
                    if lexb is None:
                        lexb = np.zeros((self.maxb, ncols))
                    lexb[p, c - e0] = v
        return lexb

    def _beads(self, i: int, a: int, bs: list[int], cols: RowColumns) -> BeadSet:
        B = np.array(bs)[:, None]
        jb = np.maximum(cols.j - B, 0)
        return BeadSet(i=i, a=a, bs=bs, b=B, j=cols.j, jb=jb, k=cols.k,
                       fits=(cols.end - B >= 0) & (cols.end <= len(self.f.en)),
                       zl=self.f.zh.length[i - a:i].sum(), el=self.es.length[cols.j] - self.es.length[jb])

    def similarity(self, i: int, a: int, cols: RowColumns, block: np.ndarray,
                   full: dict[tuple[int, int], np.ndarray] | None) -> tuple[list[int], list[np.ndarray]]:
        """The English sizes ``b`` of the searched a-b bead types that fit, and each one's cosines: of the
        real concatenations' embeddings where present, else of the normalised sums."""
        maxb, f, jm1, k = self.maxb, self.f, cols.j, cols.k
        rsum = _prefix(block[maxb - a:].sum(axis=0))
        bs: list[int] = []
        coss: list[np.ndarray] = []
        for b in range(1, maxb + 1):
            if (a, b) not in self.penalty:
                continue
            if full is not None and (a > 1 or b > 1):
                if (a, b) not in full:  # a side shorter than the bead: it fits nowhere
                    continue
                cos = full[(a, b)]
            else:
                cos = (rsum[k + maxb] - rsum[k + maxb - b]) / np.sqrt(self.zs.sq[a][i] * self.es.sq[b][jm1])
                if f.zh.multi is not None and f.en.multi is not None and (a > 1 or b > 1):
                    cos = _real_cos(f, a, b, i, jm1, cos)
            bs.append(b)
            coss.append(cos)
        return bs, coss

    def hubness(self, beads: BeadSet) -> np.ndarray:
        """Half the neighbourhood similarity of each side; a group's value is its sentences' values
        weighted by their share of its characters."""
        zh, i, a = self.f.zh, beads.i, beads.a
        zm = (zh.margin[i - a:i] * zh.length[i - a:i]).sum() / max(beads.zl, 1.0)
        em = (self.es.wmargin[beads.j] - self.es.wmargin[beads.jb]) / np.maximum(beads.el, 1.0)
        return 0.5 * (zm + em)

    def size(self, beads: BeadSet) -> np.ndarray:
        """How many times the bead's margin counts: ``((a + b) / 2) ** size_exponent``."""
        return np.array([((beads.a + b) / 2.0) ** self.cfg.size_exponent for b in beads.bs])[:, None]

    def length_cost(self, beads: BeadSet) -> np.ndarray:
        """The length cost: ``w_len`` times the squared :func:`length_deviation`."""
        dev = length_deviation(beads.el, beads.zl, self.f.ratio, self.cfg.length_smoothing)
        return self.cfg.w_len * dev * dev

    def prior(self, beads: BeadSet) -> np.ndarray:
        """The bead-type prior penalty."""
        return np.array([self.penalty[(beads.a, b)] for b in beads.bs])[:, None]

    def lexical(self, beads: BeadSet, lexb: np.ndarray) -> np.ndarray:
        """The summed lexical evidence of the bead's sentence pairs."""
        maxb = self.maxb
        lsum = _prefix(lexb[maxb - beads.a:].sum(axis=0))
        return lsum[beads.k + maxb] - lsum[beads.k + maxb - beads.b]

    def quotation_imbalance(self, beads: BeadSet) -> np.ndarray:
        """1 where the bead's sides open (or close) different numbers of quotations, else 0."""
        assert self.zs.quote is not None and self.es.quote is not None
        return _imbalance(self.zs.quote, self.es.quote, beads)

    def question_imbalance(self, beads: BeadSet) -> np.ndarray:
        """1 where the bead's sides hold different numbers of questions, else 0."""
        assert self.zs.question is not None and self.es.question is not None
        return _imbalance(self.zs.question, self.es.question, beads)

    def paragraph_crossings(self, beads: BeadSet) -> np.ndarray:
        """Sides (0, 1 or 2) on which the bead runs across the start of a paragraph."""
        zb, eb, i, a = self.zs.breaks, self.es.breaks, beads.i, beads.a
        assert zb is not None and eb is not None
        # paragraph starts strictly inside the Chinese side (sentences i-a+1 .. i-1), likewise the English
        zcross = min(zb[i] - zb[i - a + 1], 1.0)
        ecross = eb[beads.j] - eb[np.minimum(beads.jb + 1, beads.j)]
        return zcross + np.minimum(ecross, 1.0)


def banded_dp(f: Features, cfg: AlignConfig, band: Band) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Best-scoring bead sequence inside ``band`` with the bead types and weights of ``cfg``:
    [(zh ids, en ids, bead score)], in order.

    D[i][j] = best score of aligning the first i Chinese and first j English sentences.
    Row i is filled from rows i-a by the many-to-many and 1-0 beads, then 0-1 beads (moves within the
    row) are applied with a running maximum: D[i][j] = max_k (X[k] - (j-k) * skip).
    """
    n, m = len(f.zh), len(f.en)
    width = band.width
    lo = band.lo
    scorer = BeadScorer.build(f, cfg, band)
    types, skip = scorer.types, cfg.skip
    codes = list(types) + [(1, 0), (0, 1)]
    c10, c01 = len(types), len(types) + 1
    D = np.full((n + 1, width), NEG)
    S = np.zeros((n + 1, width), dtype=np.float32)  # score of the bead chosen at the cell
    bp = np.full((n + 1, width), -1, dtype=np.int8)
    kk = np.arange(width)
    for i in range(n + 1):
        X = np.full(width, NEG)
        bx = np.full(width, -1, dtype=np.int8)
        sx = np.zeros(width)
        if i == 0:
            if lo[0] == 0:
                X[0] = 0.0
        else:
            scores = scorer.row(i, int(lo[i]), width)
            cand = _shift(D[i - 1], int(lo[i] - lo[i - 1])) - skip
            better = cand > X
            X[better], bx[better], sx[better] = cand[better], c10, -skip
            for t, (a, b) in enumerate(types):
                if (a, b) not in scores:
                    continue
                sc = scores[(a, b)]
                cand = _shift(D[i - a], int(lo[i] - lo[i - a] - b)) + sc
                better = cand > X
                X[better], bx[better], sx[better] = cand[better], t, sc[better]
        X[lo[i] + kk > m] = NEG
        # 0-1 beads: running maximum of X[k] + k*skip
        run = np.maximum.accumulate(X + kk * skip)
        Di = run - kk * skip
        from_left = X + kk * skip < run
        bx[from_left] = c01
        sx[from_left] = -skip
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
