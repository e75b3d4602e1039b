"""A rendering that leaves a token of the term out (translated_share) and the per-token Model 1 evidence
behind it (LexicalModel.token_posteriors, LexicalModel.word_owners, alignment_scores' token_cov)."""

from __future__ import annotations

import numpy as np
import pytest

from ipcorpus.terms.miner import alignment_scores, translated_share
from ipcorpus.terms.wordalign import build_lexical_model

PAIRS = [
    (0, "专利质押登记增长。", "Patent pledge registration grew."),
    (1, "商标质押融资增长。", "Trademark pledge financing grew."),
    (2, "专利申请增长。", "Patent applications grew."),
    (3, "商标注册增长。", "Trademark registration grew."),
    (4, "质押登记完成。", "Pledge registration was completed."),
    (5, "质押融资完成。", "Pledge financing was completed."),
]


def test_translated_share_marks_a_token_rendered_outside_the_phrase():
    # 维权 of 专利执法维权 goes to "rights" next to "patent law enforcement": one token of three left out
    assert translated_share([(0.9, 0.0), (1.0, 0.0), (0.0, 0.6)], {1: 0.8, 2: 0.9}, {1: 0.8, 2: 0.9}) == pytest.approx(2 / 3)
    # every token rendered by the phrase
    assert translated_share([(0.9, 0.0), (0.8, 0.1)], {1: 0.8}, {1: 0.8}) == 1.0
    # the token is rendered nowhere with any certainty (the model does not know it): not marked
    assert translated_share([(0.9, 0.0), (0.0, 0.1)], {1: 0.8}, {1: 0.8}) == 1.0
    # nothing known
    assert translated_share([]) == 1.0


def test_translated_share_spares_a_phrase_with_an_unattributed_word():
    # "juridical" (a word seen once) is attributed to no token: it may be 司法's rendering
    assert translated_share([(0.0, 0.97), (0.88, 0.08)], {1: 0.0, 2: 0.88}, {1: 0.12, 2: 0.87}) == 1.0
    # "valid" belongs to 有效 outside the term (owned 0.96): no word is left over, 拥有量 is left out
    assert translated_share([(0.97, 0.01), (0.94, 0.03), (0.0, 0.36)], {1: 0.0, 2: 0.86, 3: 0.99},
                            {1: 0.96, 2: 0.81, 3: 0.99}) == pytest.approx(2 / 3)


def test_token_posteriors_and_word_owners():
    model = build_lexical_model(PAIRS)
    term = model.zh_ids(["质押", "登记"])
    fwd = model.token_posteriors(term, 0)
    es = model.en_sets[0]
    assert fwd.shape == (2, len(es))
    assert np.all((fwd >= 0) & (fwd <= 1 + 1e-9))
    pledge = es.index(model.en_v["pledge"])
    assert fwd[0, pledge] > 0.5  # 质押 generates "pledge"
    owners = model.word_owners(0)
    assert set(owners) == set(es)
    assert owners[model.en_v["pledge"]] > 0.5
    assert model.word_owners(999) == {}


def test_token_cov_finds_the_token_a_truncated_phrase_leaves_out():
    model = build_lexical_model(PAIRS)
    cov, tok, owned = {}, {}, {}
    alignment_scores(model, "质押登记", {"registration": {0, 4}, "pledge registration": {0, 4}}, cov, tok, owned)
    # "registration" leaves 质押 out, and "pledge" next to it renders 质押 in both directions
    (pledge_in, pledge_out), (reg_in, _) = tok["registration"]
    assert pledge_in < 0.05 and pledge_out > 0.3 and reg_in > 0.5
    assert translated_share(tok["registration"], cov["registration"], owned["registration"]) == 0.5
    assert translated_share(tok["pledge registration"], cov["pledge registration"], owned["pledge registration"]) == 1.0
    assert set(owned["pledge registration"]) == set(cov["pledge registration"])
