"""align_sentences on tiny synthetic data with a cheap fake encoder: invariants and known answers."""

from __future__ import annotations

import hashlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcorpus.align import AlignConfig, align_embedded, align_sentences
from ipcorpus.align.features import Band, _group_sq_norms, _shift
from ipcorpus.align.sentence import find_band, neighbour_margins


class MeaningEncoder:
    """Fake encoder: a sentence is a list of meaning tokens ``m12 m13`` (any language tag before ':').

    Its vector is the normalised sum of one random unit vector per token plus a little text noise,
    so that a sentence and its translation (same tokens) are close and merges behave like real ones.
    """

    name = "fake"
    dim = 64

    def __init__(self) -> None:
        self.calls: list[int] = []

    @staticmethod
    def _vec(token: str, dim: int) -> np.ndarray:
        seed = int(hashlib.md5(token.encode()).hexdigest()[:8], 16)
        v = np.random.default_rng(seed).standard_normal(dim)
        return v / np.linalg.norm(v)

    def encode(self, texts):
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for r, t in enumerate(texts):
            body = t.replace("zh:", " ").replace("en:", " ")  # a concatenation carries all its meanings
            v = sum((self._vec(tok, self.dim) for tok in body.split()), np.zeros(self.dim))
            v = v + 0.1 * self._vec("noise" + t, self.dim)
            out[r] = v / max(np.linalg.norm(v), 1e-9)
        return out


def _check_partition(beads, n, m):
    zs = [i for b in beads for i in b.zh]
    es = [j for b in beads for j in b.en]
    assert zs == list(range(n)) and es == list(range(m))
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert all(b.zh or b.en for b in beads)


def _corpus(groups):
    """Build zh/en sentence lists from [(zh meanings per sentence, en meanings per sentence)] groups."""
    zh, en, gold, k = [], [], [], 0
    for zg, eg in groups:
        zi = list(range(len(zh), len(zh) + len(zg)))
        ei = list(range(len(en), len(en) + len(eg)))
        zh += ["zh:" + " ".join(f"m{k + t}" for t in toks) for toks in zg]
        en += ["en:" + " ".join(f"m{k + t}" for t in toks) for toks in eg]
        gold.append((tuple(zi), tuple(ei)))
        k += 10
    return zh, en, gold


def test_one_to_one_and_merges_recovered():
    groups = [([[0, 1]], [[0, 1]]), ([[0, 1, 2, 3]], [[0, 1], [2, 3]]), ([[0, 1], [2, 3]], [[0, 1, 2, 3]]),
              ([[0, 1]], [[0, 1]]), ([[0, 1, 2]], [[0, 1, 2]]), ([[0]], [[0]]),
              ([[0, 1, 2, 3, 4, 5]], [[0, 1], [2, 3], [4, 5]]), ([[0, 1]], [[0, 1]])]
    zh, en, gold = _corpus(groups)
    enc = MeaningEncoder()
    beads = align_sentences(zh, en, enc, AlignConfig(w_lex=0.0))
    _check_partition(beads, len(zh), len(en))
    assert [(b.zh, b.en) for b in beads] == gold
    assert enc.calls[:2] == [len(zh), len(en)]  # every sentence embedded once
    assert len(enc.calls) <= 3  # then at most one call for the concatenations of the uncertain regions
    enc2 = MeaningEncoder()
    beads2 = align_sentences(zh, en, enc2, AlignConfig(w_lex=0.0, refine=False))
    assert [(b.zh, b.en) for b in beads2] == gold
    assert enc2.calls == [len(zh), len(en)]  # without refinement nothing else is embedded


def test_untranslated_sentence_becomes_deletion():
    # a long sentence with no counterpart (a short one may be merged into a neighbour: see the report)
    groups = [([[0, 1]], [[0, 1]])] * 8 + [([[2, 3, 4, 5, 6, 7]], [])] + [([[0, 1]], [[0, 1]])] * 8
    zh, en, gold = _corpus(groups)
    beads = align_sentences(zh, en, MeaningEncoder())
    assert [(b.zh, b.en) for b in beads] == gold


def test_empty_sides():
    enc = MeaningEncoder()
    assert align_sentences([], [], enc) == []
    beads = align_sentences(["zh:m1", "zh:m2"], [], enc)
    assert [(b.zh, b.en) for b in beads] == [((0,), ()), ((1,), ())]
    beads = align_sentences([], ["en:m1"], enc)
    assert [(b.zh, b.en) for b in beads] == [((), (0,))]


def test_one_by_many():
    zh = ["zh:m1 m2 m3 m4"]
    en = ["en:m1", "en:m2", "en:m3", "en:m4"]
    beads = align_sentences(zh, en, MeaningEncoder())
    _check_partition(beads, 1, 4)
    assert beads[0].zh == (0,) and len(beads[0].en) == 4


def test_small_bead_set_is_respected():
    zh, en, _ = _corpus([([[0, 1, 2, 3]], [[0], [1], [2], [3]])] * 3)
    beads = align_sentences(zh, en, MeaningEncoder(), AlignConfig(beads=((1, 1), (1, 2)), max_bead=2))
    _check_partition(beads, len(zh), len(en))
    assert all(len(b.zh) <= 1 and len(b.en) <= 2 for b in beads)


texts = st.lists(st.lists(st.integers(0, 30), min_size=1, max_size=4), min_size=0, max_size=12)


@settings(max_examples=60, deadline=None)
@given(zh_toks=texts, en_toks=texts, maxb=st.integers(1, 4))
def test_every_sentence_in_exactly_one_bead_in_order(zh_toks, en_toks, maxb):
    zh = ["zh:" + " ".join(f"m{t}" for t in s) for s in zh_toks]
    en = ["en:" + " ".join(f"m{t}" for t in s) for s in en_toks]
    cfg = AlignConfig(max_bead=maxb)
    _check_partition(align_sentences(zh, en, MeaningEncoder(), cfg), len(zh), len(en))


def test_coarse_to_fine_band_on_long_document_matches_full_search():
    rng = np.random.default_rng(0)
    groups = []
    for _ in range(300):
        r = rng.random()
        if r < 0.7:
            groups.append(([[0, 1]], [[0, 1]]))
        elif r < 0.85:
            groups.append(([[0, 1, 2, 3]], [[0, 1], [2, 3]]))
        elif r < 0.97:
            groups.append(([[0, 1], [2, 3]], [[0, 1, 2, 3]]))
        else:
            groups.append(([[0, 1]], []))
    zh, en, gold = _corpus(groups)
    enc = MeaningEncoder()
    zx, ey = enc.encode(zh), enc.encode(en)
    cfg = AlignConfig(full_search_cells=2_000, coarse_factor=4, band=6, w_lex=0.0)
    zl = np.array([len(t) for t in zh], float)
    el = np.array([len(t) for t in en], float)
    band = find_band(zx, ey, zl, el, cfg)
    assert band.width < len(en) / 3  # really banded
    beads = align_embedded(zx, ey, zh, en, cfg)
    _check_partition(beads, len(zh), len(en))
    full = align_embedded(zx, ey, zh, en, AlignConfig(w_lex=0.0))  # whole lattice
    i = j = 0
    for b in full:  # the band contains every lattice point of the path the full search finds
        i, j = i + len(b.zh), j + len(b.en)
        assert band.lo[i] <= j < band.lo[i] + band.width
    hits = len({(b.zh, b.en) for b in beads} & set(gold))
    assert hits / len(gold) > 0.9


def test_group_norms_match_direct_sums():
    rng = np.random.default_rng(1)
    v = rng.standard_normal((7, 5))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    sq = _group_sq_norms(v, 3)
    for a in (1, 2, 3):
        for t in range(a, 8):
            assert np.isclose(sq[a][t], np.linalg.norm(v[t - a:t].sum(axis=0)) ** 2)


def test_shift_and_margins():
    assert list(_shift(np.array([1.0, 2.0, 3.0]), 1, 0.0)) == [2.0, 3.0, 0.0]
    assert list(_shift(np.array([1.0, 2.0, 3.0]), -2, 0.0)) == [0.0, 0.0, 1.0]
    x = np.eye(3)
    zm, em = neighbour_margins(x, x, Band.full(3, 3), k=1)
    assert np.allclose(zm, 1.0) and np.allclose(em, 1.0)


def test_config_signature_holds_every_setting():
    import dataclasses
    import json

    cfg = AlignConfig()
    d = cfg.to_dict()
    assert d == dataclasses.asdict(cfg)
    assert {f.name for f in dataclasses.fields(AlignConfig)} == set(d)
    assert {f.name for f in dataclasses.fields(cfg.paragraph)} == set(d["paragraph"])
    back = json.loads(json.dumps(d))
    for t in ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1)):
        assert list(t) in back["beads"]
    assert back["paragraph"]["skip"] == cfg.paragraph.skip
    assert AlignConfig().penalty(1, 1) == 0.0 and AlignConfig().penalty(2, 2) > AlignConfig().penalty(1, 3)


def test_uncertain_regions_runs_and_context():
    from ipcorpus.align.sentence import uncertain_regions
    from ipcorpus.types import Bead

    beads = [Bead((0,), (0,), 0.9), Bead((1,), (1, 2), 0.8), Bead((2,), (3,), 0.9), Bead((3,), (4,), 0.2),
             Bead((4,), (5,), 0.9), Bead((5,), (6,), 0.9), Bead((6,), (), 0.3), Bead((7,), (7,), 0.9)]
    assert uncertain_regions(beads, 0.5, 0) == [(1, 2), (3, 4), (6, 7)]
    assert uncertain_regions(beads, 0.5, 1) == [(0, 8)]  # (0, 5) and (5, 8) touch: merged
    assert uncertain_regions(beads, 0.1, 0) == [(1, 2), (6, 7)]


def test_refine_embeds_each_window_once_and_only_in_regions():
    groups = [([[0, 1]], [[0, 1]]), ([[0, 1, 2, 3, 4, 5]], [[0, 1], [2, 3], [4, 5]]), ([[0, 1]], [[0, 1]]),
              ([[0, 1, 2]], [[0, 1, 2]]), ([[0, 1, 2, 3]], [[0, 1], [2, 3]]), ([[0]], [[0]])]
    zh, en, gold = _corpus(groups)
    enc = MeaningEncoder()
    texts: list[str] = []
    orig = enc.encode

    def spy(batch):
        texts.extend(batch)
        return orig(batch)

    enc.encode = spy
    beads = align_sentences(zh, en, enc, AlignConfig(w_lex=0.0, refine_conf=0.0))
    assert [(b.zh, b.en) for b in beads] == gold
    extra = texts[len(zh) + len(en):]
    assert extra and len(extra) == len(set(extra))  # concatenations were embedded, none twice
    # only windows of the multi-sentence regions: English sentences 1-3 and 7-8 (no 1-1 bead's text)
    assert all(t.count("en:") >= 2 or t.count("zh:") >= 2 for t in extra)
    assert not any(en[0] in t or en[5] in t or en[-1] in t for t in extra)


def _margins_brute(zx, ey, band, k):
    n, m = len(zx), len(ey)
    from ipcorpus.align.sentence import band_candidates

    cand = [set(range(*band_candidates(band, n, m, r))) for r in range(n)]
    sims = zx @ ey.T
    zm = np.array([np.sort(sims[r, sorted(cand[r])])[::-1][:k].mean() for r in range(n)])
    em = []
    for c in range(m):
        v = [sims[r, c] for r in range(n) if c in cand[r]]
        em.append(np.sort(v)[::-1][:k].mean() if v else 0.0)
    return zm, np.array(em)


def test_margins_streaming_top_k_matches_brute_force():
    rng = np.random.default_rng(3)
    zx = rng.standard_normal((300, 8))
    ey = rng.standard_normal((280, 8))
    zx /= np.linalg.norm(zx, axis=1, keepdims=True)
    ey /= np.linalg.norm(ey, axis=1, keepdims=True)
    lo = np.clip(np.arange(301) * 280 // 300 - 10, 0, 280).astype(np.int64)
    for band in (Band(lo=lo, width=25), Band.full(300, 280)):
        zm, em = neighbour_margins(zx, ey, band, k=4)
        bz, be = _margins_brute(zx, ey, band, 4)
        assert np.allclose(zm, bz) and np.allclose(em, be)


def test_margin_band_whole_document_or_widened():
    from ipcorpus.align.sentence import margin_band

    band = Band(lo=np.array([0, 2, 4, 6], dtype=np.int64), width=5)
    assert margin_band(band, 3, 9, AlignConfig()).width == 10  # small: the whole document
    cfg = AlignConfig(margin_full_cells=10, margin_width=2)
    wide = margin_band(band, 3, 9, cfg)
    assert list(wide.lo) == [0, 0, 2, 4] and wide.width == 9
    assert margin_band(band, 3, 9, AlignConfig(margin_full_cells=10)) is band


def _row_scores(n: int, seed: int, maxb: int, types: dict, weights: dict, i_rows, width: int, **marks):
    """``BeadScorer.row`` on ``n`` random unit sentences a side (10 characters each, no margins, no
    lexicon), for each setting of ``weights`` ({label: extra AlignConfig kwargs}); ``types`` maps each
    searched bead type to its prior penalty; ``marks`` are per-sentence
    SideFeatures arrays, "z<name>" for Chinese and "e<name>" for English (quote, question, breaks).
    Returns {label: {row i: {(a, b): scores}}}."""
    from ipcorpus.align.search import BeadScorer, Features, SideFeatures

    rng = np.random.default_rng(seed)
    zx = rng.standard_normal((n, 6))
    ey = rng.standard_normal((n, 6))
    zx /= np.linalg.norm(zx, axis=1, keepdims=True)
    ey /= np.linalg.norm(ey, axis=1, keepdims=True)
    ones = np.ones(n) * 10
    side = {k: {name[1:]: v for name, v in marks.items() if name[0] == k} for k in "ze"}
    f = Features(zh=SideFeatures(x=zx, length=ones, margin=np.zeros(n), **side["z"]),
                 en=SideFeatures(x=ey, length=ones, margin=np.zeros(n), **side["e"]), ratio=1.0, lex={})
    out = {}
    for label, extra in weights.items():
        base = {"w_quote": 0.0, "w_question": 0.0, "w_break": 0.0} | extra
        cfg = AlignConfig(beads=tuple(types), max_bead=maxb, bead_penalty={f"{a}-{b}": v for (a, b), v in types.items()},
                          w_sim=1.0, sim_offset=0.0, w_len=0.3, w_lex=0.0, skip=0.3, size_exponent=0.5, **base)
        scorer = BeadScorer.build(f, cfg, Band.full(n, n))
        assert scorer.maxb == maxb
        out[label] = {i: scorer.row(i, 0, width) for i in i_rows}
    return out


def test_quotation_balance_costs_exactly_w_quote():
    import pytest

    out = _row_scores(3, 5, 2, {(1, 1): 0.0, (1, 2): 0.1, (2, 1): 0.1}, {0.0: {"w_quote": 0.0}, 0.5: {"w_quote": 0.5}},
                      (1, 2), 4, zquote=np.array([1.0, -1.0, 0.0]), equote=np.array([1.0, 0.0, -1.0]))
    # zh 0 opens, en 0 opens: balanced 1-1 bead (0 | 0) ending at row 1, column 1: no loss
    assert out[0.5][1][(1, 1)][1] == pytest.approx(out[0.0][1][(1, 1)][1])
    # zh 0 opens, en 1 does not: 1-1 bead (0 | 1) at column 2 loses 0.5
    assert out[0.5][1][(1, 1)][2] == pytest.approx(out[0.0][1][(1, 1)][2] - 0.5)
    # zh 0-1 open and close (net 0) against en 0, which opens: the 2-1 bead ending at column 1 loses 0.5
    assert out[0.5][2][(2, 1)][1] == pytest.approx(out[0.0][2][(2, 1)][1] - 0.5)


def test_question_balance_costs_exactly_w_question():
    import pytest

    from ipcorpus.align.lexical import is_question

    assert is_question("你去哪里？") == 1 and is_question("'Where are you going?'") == 1 and is_question("Go.") == 0
    out = _row_scores(2, 6, 1, {(1, 1): 0.0}, {0.0: {"w_question": 0.0}, 0.25: {"w_question": 0.25}}, (1,), 3,
                      zquestion=np.array([1.0, 0.0]), equestion=np.array([0.0, 1.0]))
    rows = {wq: out[wq][1][(1, 1)] for wq in out}
    # the question zh 0 against en 0 (no question): loses 0.25; against en 1 (a question): no loss
    assert rows[0.25][1] == pytest.approx(rows[0.0][1] - 0.25)
    assert rows[0.25][2] == pytest.approx(rows[0.0][2])


def test_paragraph_break_costs_w_break_per_side():
    import pytest

    # a paragraph starts at zh sentence 1 and at en sentence 2
    out = _row_scores(3, 7, 2, {(1, 1): 0.0, (1, 2): 0.1, (2, 1): 0.1, (2, 2): 0.3},
                      {0.0: {"w_break": 0.0}, 0.4: {"w_break": 0.4}}, (1, 2, 3), 4,
                      zbreaks=np.array([0.0, 1.0, 0.0]), ebreaks=np.array([0.0, 0.0, 1.0]))
    # zh 0-1 runs across the zh paragraph start at 1 (2-1 bead ending at row 2, column 1): loses 0.4
    assert out[0.4][2][(2, 1)][1] == pytest.approx(out[0.0][2][(2, 1)][1] - 0.4)
    # zh 1-2 starts at the paragraph start: no loss (2-1 bead ending at row 3, column 1)
    assert out[0.4][3][(2, 1)][1] == pytest.approx(out[0.0][3][(2, 1)][1])
    # en 1-2 runs across the en paragraph start at 2 (1-2 ending at row 1, column 3): loses 0.4
    assert out[0.4][1][(1, 2)][3] == pytest.approx(out[0.0][1][(1, 2)][3] - 0.4)
    # both sides across (2-2 ending at row 2, column 3): 0.8; en 0-1 (column 2) does not cross: 0.4 for zh
    assert out[0.4][2][(2, 2)][3] == pytest.approx(out[0.0][2][(2, 2)][3] - 0.8)
    assert out[0.4][2][(2, 2)][2] == pytest.approx(out[0.0][2][(2, 2)][2] - 0.4)
    # 1-1 beads never cross
    for i in (1, 2, 3):
        assert np.allclose(out[0.4][i][(1, 1)], out[0.0][i][(1, 1)])
