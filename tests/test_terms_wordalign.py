"""IBM Model 1 evidence and the miner's boundary/length checks on small synthetic pairs."""

from __future__ import annotations

from ipcorpus.terms.miner import (
    alignment_scores,
    length_fit,
    open_right_boundary,
    resolve_nested_by_translation,
)
from ipcorpus.terms.pairs import SegmentPair
from ipcorpus.terms.wordalign import build_lexical_model, model_lemma, train_model1

PAIRS = [
    (0, "专利质押登记增长。", "Patent pledge registration grew."),
    (1, "商标质押融资增长。", "Trademark pledge financing grew."),
    (2, "专利申请增长。", "Patent applications grew."),
    (3, "商标注册增长。", "Trademark registration grew."),
    (4, "质押登记完成。", "Pledge registration was completed."),
]


def test_model1_learns_word_translations():
    src_v, tgt_v, t = train_model1([(["专利", "质押"], ["patent", "pledge"]), (["专利"], ["patent"]),
                                    (["质押"], ["pledge"])], iterations=5)
    assert t[src_v["专利"], tgt_v["patent"]] > 0.9
    assert t[src_v["质押"], tgt_v["pledge"]] > 0.9


def test_alignment_prefers_complete_phrase_over_truncation():
    model = build_lexical_model(PAIRS)
    scores = alignment_scores(model, "质押登记", {"pledge registration": {0, 4}, "registration": {0, 4}})
    assert scores["pledge registration"] > scores["registration"] + 0.2


def test_model_lemma_pools_verb_forms():
    assert model_lemma("pledged") == "pledge" and model_lemma("Patents") == "patent"
    assert model_lemma("financing") == "financing" and model_lemma("PCT") == "PCT"


def test_length_fit():
    assert length_fit(2, 2) == 1.0
    assert length_fit(2, 1) == 0.5  # 快速维权 -> "rapid"
    assert length_fit(1, 4) == 0.5
    assert length_fit(1, 0) == 0.0


def test_open_right_boundary():
    pairs = [SegmentPair(0, "专利执法维权协作，专利执法维权办法", "x"), SegmentPair(1, "知识产权保护和知识产权服务", "y")]
    assert not open_right_boundary("专利执法", pairs)  # always followed by 维
    assert open_right_boundary("专利执法维权", pairs)
    assert open_right_boundary("知识产权", pairs)  # followed by 保 and by end of text


def test_nesting_keeps_longer_unless_its_translation_is_worse():
    kept = resolve_nested_by_translation({"马德里商标": 0.9, "马德里商标国际注册": 0.88}, {"马德里商标": 2, "马德里商标国际注册": 2})
    assert kept == {"马德里商标国际注册"}
    kept = resolve_nested_by_translation({"侵权纠纷": 0.9, "领域侵权纠纷": 0.7}, {"侵权纠纷": 2, "领域侵权纠纷": 2})
    assert kept == {"侵权纠纷"}
    kept = resolve_nested_by_translation({"专利": 0.9, "发明专利": 0.8}, {"专利": 5, "发明专利": 2})
    assert kept == {"专利", "发明专利"}  # 专利 also occurs on its own


def test_model_splits_hyphenated_compounds():
    from ipcorpus.terms.wordalign import en_content_words, phrase_words

    assert en_content_words("patent-pledged financing") == ["patent", "pledge", "financing"]
    assert phrase_words("trademark-pledged financing") == ["trademark", "pledge", "financing"]


def test_nesting_longer_unit_when_extra_characters_are_translated():
    from ipcorpus.terms.candidates import Candidate
    from ipcorpus.terms.miner import _Pairing

    def pairing(form):
        return _Pairing(Candidate(form, len(form.split())), 0.0, 0.0, 0.0, 1, segments={1})

    best = {"运营服务体系": 0.91, "知识产权运营服务体系": 0.84}
    counts = {"运营服务体系": 4, "知识产权运营服务体系": 4}
    pairings = {"运营服务体系": pairing("operation and service system"),
                "知识产权运营服务体系": pairing("intellectual property operation and service system")}
    # the longer one's extra words come from its extra characters: it is the unit, though less confident
    assert resolve_nested_by_translation(best, counts, pairings=pairings,
                                         extra_aligned=lambda *a: 0.9) == {"知识产权运营服务体系"}
    # they do not (they render characters both forms share): confidence decides as before
    assert resolve_nested_by_translation(best, counts, pairings=pairings,
                                         extra_aligned=lambda *a: 0.1) == {"运营服务体系"}


def test_nesting_longer_form_with_a_cut_head_does_not_win():
    best = {"知识产权服务业": 0.74, "知识产权服务业集聚": 0.70}
    counts = {"知识产权服务业": 2, "知识产权服务业集聚": 2}
    assert resolve_nested_by_translation(best, counts) == {"知识产权服务业集聚"}
    assert resolve_nested_by_translation(best, counts, closed_right={"知识产权服务业集聚": True}) == {"知识产权服务业"}


def test_nesting_headless_fragment_needs_a_wider_margin():
    best = {"知识产权司法保护": 0.74, "知识产权司法": 0.82}
    counts = {"知识产权司法保护": 2, "知识产权司法": 3}
    assert resolve_nested_by_translation(best, counts) == {"知识产权司法保护"}
    assert resolve_nested_by_translation(best, counts, headless_margin=0.05) == {"知识产权司法"}
