"""The miner on the white paper, measured against corpora/whitepaper-2019/glossary.ref.tsv and the hand
judgments in judged-pairs.tsv. Floors are the figures honestly reached (targets: 0.90 / 0.80), not goals."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcorpus.terms.evaluate import read_judgments, read_reference, score_glossary
from ipcorpus.terms.miner import load_miner_encoder, mine_glossary
from ipcorpus.terms.pairs import read_segment_pairs

WP = Path(__file__).resolve().parent.parent / "corpora" / "whitepaper-2019"


@pytest.fixture(scope="module")
def pairs():
    return read_segment_pairs(WP / "whitepaper-2019-zhejiang-ip.txt")  # aligned on the fly


# Floors at or just under the figures measured with the current miner (runs_over: a term whose best-aligned rendering
# runs over into its right neighbour ranks as closed-right) and aligner (ed917ec): on 0.910 / 0.845, off 0.830 / 0.762
# (0 unjudged); the miner of 703fe75 on the same pairs: on 0.900 / 0.845, off 0.820 / 0.762; with the aligner of
# ced3c0b or 2b4bb73 that miner measures on 0.910 / 0.845 (ed917ec pairs the
# clause list holding 农业植物新品种 and brings in the wrong pair 植物新品种 "new variety of agricultural plant"). Miner of 8419352 on the aligner of 6086fc7: on 0.870 / 0.786, off 0.790 / 0.726;
# before the miner's second round (issue 4 follow-up): on 0.840/0.702, off 0.790/0.631.
@pytest.mark.slow
@pytest.mark.parametrize("use_dictionary, p_floor, r_floor", [(True, 0.91, 0.84), (False, 0.83, 0.76)])
def test_whitepaper_precision_and_recall(pairs, use_dictionary, p_floor, r_floor):
    g = mine_glossary(pairs, use_dictionary=use_dictionary, encoder=load_miner_encoder())
    s = score_glossary(g, read_reference(WP / "glossary.ref.tsv"), read_judgments(WP / "judged-pairs.tsv"), k=100)
    print(f"dictionary={'on' if use_dictionary else 'off'}: {s.summary()}")
    assert s.k == 100
    assert s.precision >= p_floor
    assert s.recall >= r_floor
