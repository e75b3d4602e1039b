"""The data the sentence search scores: per-language features that slice themselves, the length
deviation, the band, and the prefix sums and window tables that make every bead's score a few
array operations (:mod:`ipcorpus.align.search` holds the search itself and the cost terms)."""

from __future__ import annotations

import math
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


def length_deviation(en_chars, zh_chars, ratio: float, smoothing: float):
    """Log-ratio of a bead's English characters to its Chinese characters times the document's en/zh
    character ratio, both sides smoothed by ``smoothing`` characters (``AlignConfig.length_smoothing``, so
    that short beads are not judged on a few characters): 0 for a bead of the document's own ratio.
    Element-wise on arrays; on scalars it uses :func:`math.log` (much faster than ``np.log`` on one number)."""
    q = (en_chars + smoothing) / (ratio * zh_chars + smoothing)
    return np.log(q) if isinstance(q, np.ndarray) else math.log(q)


def _cut(v: np.ndarray | None, s: int, e: int) -> np.ndarray | None:
    return None if v is None else v[s:e]


@dataclass
class SideFeatures:
    """Everything the scorer needs about the sentences of one language.

    ``x``: unit embeddings (n x d); ``length``: characters per sentence; ``margin``: each sentence's mean
    similarity to its nearest candidates on the other side.
    """

    x: np.ndarray
    length: np.ndarray
    margin: np.ndarray
    #: optional embeddings of real concatenations: ``multi[a][t]`` embeds sentences t-a..t-1 joined
    #: (rows t < a unused); used instead of the normalised sum where present.
    multi: dict[int, np.ndarray] | None = None
    #: which rows of ``multi`` hold an embedding (the others fall back to the sum; None: all of them)
    avail: dict[int, np.ndarray] | None = None
    #: quotations each sentence opens minus those it closes (None: no quotation evidence)
    quote: np.ndarray | None = None
    #: 1 for each sentence holding a question mark (None: no question evidence)
    question: np.ndarray | None = None
    #: 1 for each sentence that starts a paragraph (other than the first sentence; None: no paragraphs)
    breaks: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.x)

    def slice(self, s: int, e: int) -> SideFeatures:
        """Sentences ``s .. e-1`` with their per-sentence features. Window embeddings are not carried:
        the windows of the slice's first rows would reach back before ``s``."""
        return SideFeatures(x=self.x[s:e], length=self.length[s:e], margin=self.margin[s:e],
                            quote=_cut(self.quote, s, e), question=_cut(self.question, s, e),
                            breaks=_cut(self.breaks, s, e))


@dataclass
class Features:
    """Everything the scorer needs about the two sentence lists: each side's :class:`SideFeatures`, the
    document's English characters per Chinese character ``ratio``, and the sparse lexical evidence
    ``lex[r]`` = {English id: weight} for Chinese sentence ``r``.
    """

    zh: SideFeatures
    en: SideFeatures
    ratio: float
    lex: dict[int, dict[int, float]]
    #: added to the sum-of-embeddings cosine of an a-b bead where no real embedding exists, so that
    #: both estimates are on one scale (mean real minus sum cosine over the embedded candidates)
    offset: dict[tuple[int, int], float] | None = None
    #: with real embeddings present, a multi-sentence bead without one is not searched at all (rather than
    #: scored on the sum-of-embeddings scale): keeps one similarity scale in a re-searched region
    multi_only: bool = False

    def slice(self, i0: int, i1: int, j0: int, j1: int) -> Features:
        """Chinese sentences ``i0 .. i1-1`` and English ``j0 .. j1-1``, renumbered from 0, with the lexical
        evidence between them (window embeddings and the search options are not carried)."""
        lex = {r - i0: {c - j0: v for c, v in d.items() if j0 <= c < j1}
               for r, d in self.lex.items() if i0 <= r < i1}
        return Features(zh=self.zh.slice(i0, i1), en=self.en.slice(j0, j1), ratio=self.ratio, lex=lex)


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


@dataclass
class SideSums:
    """Tables of one side that the scorer reads, computed once per search: ``sq[a][t]``, the squared norm of
    the sum of the embeddings of sentences ``t-a .. t-1``, and prefix sums of the per-sentence values
    (``length[t]`` = characters of sentences ``0 .. t-1``; ``wmargin``: neighbourhood similarity times
    characters; ``quote``, ``question``, ``breaks``: None where the side has no such evidence)."""

    sq: list[np.ndarray]
    length: np.ndarray
    wmargin: np.ndarray
    quote: np.ndarray | None
    question: np.ndarray | None
    breaks: np.ndarray | None

    @classmethod
    def of(cls, side: SideFeatures, maxb: int) -> SideSums:
        def opt(v: np.ndarray | None) -> np.ndarray | None:
            return None if v is None else _prefix(v)

        return cls(sq=_group_sq_norms(side.x, maxb), length=_prefix(side.length),
                   wmargin=_prefix(side.margin * side.length), quote=opt(side.quote),
                   question=opt(side.question), breaks=opt(side.breaks))
