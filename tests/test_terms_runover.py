"""A rendering that runs over into the translation of a token next to the term (runs_over), the Model 1
evidence behind it (LexicalModel.adjacent_tokens, alignment_scores' neighbour_cov), and the ranking of a
term whose best-aligned rendering runs over into its right neighbour (its head is cut)."""

from __future__ import annotations

from test_terms_miner import KeywordEncoder

from ipcorpus.terms.miner import MinerConfig, alignment_scores, mine_glossary, runs_over
from ipcorpus.terms.pairs import SegmentPair
from ipcorpus.terms.wordalign import build_lexical_model

PAIRS = [
    (0, "强化质押登记。", "Strengthen pledge registration."),
    (1, "质押登记完成。", "Pledge registration was completed."),
    (2, "登记增长。", "Registration grew."),
    (3, "质押融资增长。", "Pledge financing grew."),
    (4, "融资完成。", "Financing was completed."),
    (5, "专利质押增长。", "Patent pledge grew."),
]


def test_runs_over_needs_a_neighbour_word_the_term_does_not_generate():
    # "registration" is 登记's (agreement 0.97), not 质押's (0.01)
    assert runs_over({1: 0.98, 2: 0.01}, {1: 0.01, 2: 0.97})
    # the word is the term's own as well: not a run-over
    assert not runs_over({1: 0.98, 2: 0.4}, {1: 0.01, 2: 0.97})
    # no neighbour claims a word
    assert not runs_over({1: 0.98, 2: 0.01}, {1: 0.01, 2: 0.1})
    assert not runs_over({}, {}) and not runs_over({1: 0.0})


def test_adjacent_tokens_by_side():
    model = build_lexical_model(PAIRS)
    names = {v: k for k, v in model.zh_v.items()}
    assert {names[i] for i in model.adjacent_tokens("质押", 0)} == {"强化", "登记"}
    assert {names[i] for i in model.adjacent_tokens("质押", 0, "right")} == {"登记"}
    assert {names[i] for i in model.adjacent_tokens("质押", 5, "left")} == {"专利"}
    assert model.adjacent_tokens("质押", 2) == set() and model.adjacent_tokens("质押", 99) == set()


def test_neighbour_cov_finds_the_word_of_the_right_neighbour():
    model = build_lexical_model(PAIRS)
    cands = {"pledge registration": {0, 1}, "pledge": {0, 1, 3, 5}, "patent pledge": {5}}
    cov, right, left = {}, {}, {}
    alignment_scores(model, "质押", cands, cov, neighbour_cov=right, side="right")
    alignment_scores(model, "质押", cands, {}, neighbour_cov=left, side="left")
    assert runs_over(cov["pledge registration"], right["pledge registration"])  # "registration" is 登记's
    assert not runs_over(cov["pledge"], right["pledge"])
    assert not runs_over(cov["patent pledge"], right["patent pledge"])  # 专利 stands on the left
    assert runs_over(cov["patent pledge"], left["patent pledge"])
    assert not runs_over(cov["pledge registration"], left["pledge registration"])


MINER_PAIRS = [
    SegmentPair(0, "强化商标行政保护。", "Strengthen administrative protection of trademarks."),
    SegmentPair(1, "商标行政管理下沉。", "Administrative management of trademarks was delegated."),
    SegmentPair(2, "加强商标保护。", "Strengthen protection of trademarks."),
    SegmentPair(3, "商标管理完善。", "The management of trademarks improved."),
    SegmentPair(4, "行政机关增加。", "Administrative organs increased."),
    SegmentPair(5, "商标注册增长。", "Trademark registrations grew."),
    SegmentPair(6, "司法保护加强。", "Judicial protection was strengthened."),
]


def test_a_term_whose_best_aligned_rendering_runs_right_ranks_as_closed_right():
    # 商标行政 is always followed by a varying word (保护, 管理), so its right boundary looks open, but the
    # renderings word alignment supports best carry 保护's "protection" or 管理's "management": the term
    # lacks its head and ranks with the closed-boundary factor; 商标 does not
    def rank(cfg):
        g = mine_glossary(MINER_PAIRS, min_freq=2, min_confidence=0.3, use_dictionary=False,
                          encoder=KeywordEncoder(), config=cfg)
        return [e.source for e in g.entries], {e.source: e.note for e in g.entries}

    order, notes = rank(MinerConfig())
    assert "runs-right" in notes["商标行政"]
    assert "runs-right" not in notes["商标"] and "runs-right" not in notes["行政"]
    unmarked, _ = rank(MinerConfig(closed_boundary=1.0))
    assert order.index("商标行政") > unmarked.index("商标行政")
