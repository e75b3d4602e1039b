"""Span finders for names and titles (ipcorpus.terms.names): Chinese (Simplified and Traditional) and English
spans of each kind, abbreviations in both directions, and Pinyin romanisation."""

from __future__ import annotations

import importlib.util
import time

import pytest

from ipcorpus.terms.names import Span, abbreviations, en_name_spans, pinyin_of, romanised, zh_name_spans

needs_script = pytest.mark.skipif(importlib.util.find_spec("ipcorpus.segment.script") is None,
                                  reason="ipcorpus.segment.script (Traditional -> Simplified) not available")


def found(spans: list[Span], kind: str | None = None) -> set[str]:
    return {s.text for s in spans if kind is None or s.kind == kind}


def check_offsets(text: str, spans: list[Span]) -> None:
    for s in spans:
        assert text[s.start:s.end] == s.text


# --- Chinese ---------------------------------------------------------------------------------------------

def test_zh_titles_without_brackets():
    text = "省委审议通过《关于全面强化知识产权工作的意见》，并转发《关于加强〈一站式〉服务的通知》。"
    spans = zh_name_spans(text)
    check_offsets(text, spans)
    titles = found(spans, "title")
    assert "关于全面强化知识产权工作的意见" in titles
    assert "关于加强〈一站式〉服务的通知" in titles and "一站式" in titles


def test_zh_quoted_names_and_not_clauses():
    text = ('新增“浙江制造”标准565项，深化"最多跑一次"改革；将"健全知识产权保护机制"列为任务，'
            "提出“一是加强保护，二是促进运用”，开展“4.26”宣传周。")
    spans = zh_name_spans(text)
    check_offsets(text, spans)
    quoted = found(spans, "quoted")
    assert {"浙江制造", "最多跑一次"} <= quoted
    assert "健全知识产权保护机制" not in quoted  # a quoted task (verb + object), not a name
    assert not any("加强保护" in q for q in quoted)  # a clause with sentence punctuation
    assert "4.26" not in quoted  # no letters or Chinese


def test_zh_organisations():
    text = ("省市场监管局会同省法院、浙江大学、中国计量大学开展研究，"
            "建设中国(浙江)知识产权保护中心，浙江省知识产权研究与服务中心（国家知识产权局专利局杭州代办处）已进驻。")
    spans = zh_name_spans(text)
    check_offsets(text, spans)
    names = found(spans, "name")
    assert {"省市场监管局", "省法院", "浙江大学", "中国计量大学", "中国(浙江)知识产权保护中心",
            "浙江省知识产权研究与服务中心", "国家知识产权局专利局杭州代办处"} <= names
    assert not any(n.startswith("会同") for n in names)
    # names do not nest: the office inside the agency's name is not a name of its own here
    assert "国家知识产权局" not in names


def test_zh_coordinated_offices_are_two_names():
    names = found(zh_name_spans("省市场监管局与省科技厅联合下发通知。"), "name")
    assert names == {"省市场监管局", "省科技厅"}


def test_zh_generic_or_counted_bodies_are_not_names():
    assert found(zh_name_spans("全省法院全年共收案27706件。"), "name") == set()
    assert found(zh_name_spans("推进3家国家知识产权快速维权援助中心及27家省级维权援助中心建设。"), "name") == set()
    assert found(zh_name_spans("知识产权管理干部350多人，签署合作协议。"), "name") == set()


def test_zh_places():
    text = "台州市成为继宁波、杭州后的重点城市，湖州市德清县入选。"
    places = found(zh_name_spans(text), "place")
    assert {"台州市", "宁波", "杭州", "德清县"} <= places
    assert "城市" not in places


def test_zh_place_with_a_zone_word():
    places = found(zh_name_spans("杭州高新区(滨江)获批首个示范区，长三角地区协作加快。"), "place")
    assert {"杭州高新区", "长三角地区"} <= places and "杭州" not in places


def test_zh_bodies_that_jieba_cuts_or_tags_as_person_names():
    names = found(zh_name_spans("省司法厅、省公安厅与省经信厅加快建设。"), "name")
    assert {"省司法厅", "省公安厅", "省经信厅"} <= names
    assert found(zh_name_spans("市场格局和当局"), "name") == set()


def test_zh_places_that_jieba_tags_as_other_names():
    assert found(zh_name_spans("嘉兴、金华、台州等地"), "place") == {"嘉兴", "金华", "台州"}
    assert found(zh_name_spans("张三和李四来了"), "place") == set()  # names of people are no places


def test_en_name_with_a_detached_possessive_apostrophe():
    text = "under the Employees ’ Compensation Ordinance (Cap. 282) and the goods 'Made in China'"
    assert "Employees ’ Compensation Ordinance" in {text[s.start:s.end] for s in en_name_spans(text)}


def test_zh_events():
    text = "参与起草《第19届亚运会知识产权保护办法》，联合举办浙江省首届商业秘密保护论坛，第十届中国知识产权年会在杭州举办。"
    events = found(zh_name_spans(text), "event")
    assert {"第19届亚运会", "浙江省首届商业秘密保护论坛", "第十届中国知识产权年会"} <= events


def test_zh_given_tokens_are_used():
    from ipcorpus.segment.tokens import tokenize_zh

    text = "省市场监管局会同浙江大学开展研究。"
    assert zh_name_spans(text, tokens=tokenize_zh(text)) == zh_name_spans(text)


def test_zh_plain_text_has_no_names():
    assert zh_name_spans("知识产权创造成效显著，同比增长20.21%。") == []
    assert zh_name_spans("no Chinese here") == []


def test_zh_traditional_titles_and_quotes():
    text = "本條例可引稱為《電子交易條例》。推行「最多跑一次」改革。"
    spans = zh_name_spans(text)
    check_offsets(text, spans)
    assert "電子交易條例" in found(spans, "title")
    assert "最多跑一次" in found(spans, "quoted")


@needs_script
def test_zh_traditional_names_keep_original_characters():
    text = "由中國(浙江)知識產權保護中心負責，香港特別行政區政府知識產權署協助，杭州將舉辦第19屆亞運會。"
    spans = zh_name_spans(text)
    check_offsets(text, spans)
    assert "中國(浙江)知識產權保護中心" in found(spans, "name")
    assert "第19屆亞運會" in found(spans, "event")
    assert "杭州" in found(spans, "place")


# --- English ---------------------------------------------------------------------------------------------

def test_en_capitalised_runs_with_function_words_and_parentheses():
    text = ("The Intellectual Property Protection Center of China (Zhejiang) was set up in Hangzhou. "
            "The province issued the Opinions on Comprehensively Strengthening Intellectual Property Work.")
    spans = en_name_spans(text)
    check_offsets(text, spans)
    names = found(spans)
    assert "Intellectual Property Protection Center of China (Zhejiang)" in names
    assert "Opinions on Comprehensively Strengthening Intellectual Property Work" in names
    assert "Hangzhou" in found(spans, "place")
    assert not any(n.startswith("The ") for n in names)


def test_en_sentence_initial_words_are_not_names():
    text = "Under the leadership of the provincial government, progress was made. Remarkable results were achieved."
    assert en_name_spans(text) == []
    assert found(en_name_spans("The Department recommended the plan.")) == set()


def test_en_coordinated_names_are_split():
    text = "Zhejiang Provincial Market Supervision and Administration Bureau and Hangzhou City organized it."
    spans = en_name_spans(text)
    assert "Zhejiang Provincial Market Supervision and Administration Bureau" in found(spans, "name")
    assert "Hangzhou City" in found(spans, "place")


def test_en_quoted_titles_and_slogans_but_not_clauses():
    text = ('It issued "Guiding Opinions on Strengthening Patent Administration" and the "iron fist" action; '
            'he said "we must improve the protection of intellectual property" and "one-stop" service.')
    spans = en_name_spans(text)
    check_offsets(text, spans)
    assert "Guiding Opinions on Strengthening Patent Administration" in found(spans, "title")
    assert {"iron fist", "one-stop"} <= found(spans, "quoted")
    assert not any("we must" in s for s in found(spans))


def test_en_abbreviations_events_companies_laws():
    text = ("Under the guidance of State Intellectual Property Office (SIPO), the 19th Asian Games were protected; "
            "Ningbo Aux Electric Co., Ltd. filed PCT applications under the Electronic Transactions Ordinance.")
    spans = en_name_spans(text)
    check_offsets(text, spans)
    assert {"SIPO", "PCT"} <= found(spans, "abbreviation")
    assert "19th Asian Games" in found(spans, "event")
    assert "Ningbo Aux Electric Co., Ltd." in found(spans, "name")
    assert "Electronic Transactions Ordinance" in found(spans, "title")
    assert "State Intellectual Property Office" in found(spans, "name")


def test_en_title_case_captions_and_labels():
    spans = en_name_spans("Figure 1 Status of Valid Patents for Invention in Zhejiang Province")
    assert found(spans) == {"Zhejiang Province"}
    assert found(en_name_spans("Section 2 Interpretation")) == set()
    assert found(en_name_spans("Part VII of this Ordinance applies.")) == set()


def test_en_lone_words_only_when_romanised_mid_sentence():
    spans = en_name_spans("It ranked first in China and in Ningbo, with 5 million Yuan in November.")
    assert found(spans) == {"Ningbo"}


# --- abbreviations ---------------------------------------------------------------------------------------

def test_abbreviations_english_both_orders():
    assert ("PCT", "Patent Cooperation Treaty") in abbreviations("Filings under the Patent Cooperation Treaty (PCT) rose.")
    assert ("PCT", "Patent Cooperation Treaty") in abbreviations("PCT (Patent Cooperation Treaty) filings rose.")
    assert abbreviations("under the guidance of State Intellectual Property Office (SIPO)") == [
        ("SIPO", "State Intellectual Property Office")]


def test_abbreviations_english_negatives():
    assert abbreviations("The data (see above) were collected in China (Zhejiang) in 2019 (the first year).") == []


def test_abbreviations_chinese():
    assert abbreviations("《中华人民共和国专利法》（以下简称专利法）规定。") == [("专利法", "中华人民共和国专利法")]
    assert abbreviations("国家知识产权局（简称“知识产权局”）发布通知。") == [("知识产权局", "国家知识产权局")]
    assert abbreviations("世界知识产权组织（WIPO）发布报告。") == [("WIPO", "世界知识产权组织")]
    assert abbreviations("省知识产权强省建设工作联席会议办公室，以下简称“联席办”，负责协调。") == [
        ("联席办", "省知识产权强省建设工作联席会议办公室")]
    # a reference that is not made of the long form's characters is not an abbreviation
    assert abbreviations("《浙江省专利条例》（以下简称本条例）自公布之日起施行。") == []


def test_abbreviations_traditional():
    assert abbreviations("《電子交易條例》（以下簡稱「交易條例」）") == [("交易條例", "電子交易條例")]


# --- Pinyin ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("zh,en", [("杭州", "Hangzhou"), ("计量", "Jiliang"), ("宁波", "Ningbo"),
                                   ("重庆", "Chongqing"), ("长兴", "Changxing"), ("西安", "Xi'an"),
                                   ("绿", "Lü"), ("绿", "Lv"), ("電子", "Dian Zi"), ("浙江", "ZHEJIANG")])
def test_romanised_positive(zh, en):
    assert romanised(zh, en)


@pytest.mark.parametrize("zh,en", [("杭州", "Ningbo"), ("杭州市", "Hangzhou"), ("杭州", "Hang"), ("杭州", ""),
                                   ("", "Hangzhou"), ("杭州", "Hangzhou City"), ("PCT", "PCT")])
def test_romanised_negative(zh, en):
    assert not romanised(zh, en)


def test_pinyin_of():
    assert pinyin_of("杭州") == "hangzhou"
    assert pinyin_of("宁 波") == "ningbo"
    assert pinyin_of("PCT国际") == "pctguoji"


# --- real input ------------------------------------------------------------------------------------------

def test_whitepaper_is_fast_and_offsets_hold(whitepaper_path):
    from ipcorpus.segment.tokens import warm_up

    warm_up()
    lines = [line for line in whitepaper_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    zh_name_spans(lines[0])  # load the proper-noun table once
    t0 = time.perf_counter()
    zh = [(line, zh_name_spans(line)) for line in lines]
    en = [(line, en_name_spans(line)) for line in lines]
    elapsed = time.perf_counter() - t0
    for line, spans in zh + en:
        check_offsets(line, spans)
    assert elapsed < 3.0  # about 0.35 s on a laptop
    zh_names = {s.text for _, spans in zh for s in spans if s.kind == "name"}
    assert "浙江省知识产权研究与服务中心" in zh_names
    en_names = {s.text for _, spans in en for s in spans if s.kind == "name"}
    assert "Zhejiang Provincial Market Supervision and Administration Bureau" in en_names


def test_quotations_pair_in_order_when_both_languages_hold_as_many():
    from ipcorpus.terms.names.spans import paired_quotations, quotations

    zh = '开展"亮剑 2019"和“铁拳”行动，实施\'浙江制造\'标准的“品牌企业和\'浙江制造\'企业”。'
    assert [zh[a:b] for a, b in quotations(zh, "\"'")] == ["亮剑 2019", "铁拳", "浙江制造", "品牌企业和'浙江制造'企业"]
    en = 'the "drawing sword 2019" and “iron fist” campaigns; the People\'s Court; "Made in Zhejiang" and "brand enterprises"'
    got = [(zh[a:b], en[c:d]) for (a, b), (c, d) in paired_quotations(zh, en)]
    assert got == [("亮剑 2019", "drawing sword 2019"), ("铁拳", "iron fist"), ("浙江制造", "Made in Zhejiang"),
                   ("品牌企业和'浙江制造'企业", "brand enterprises")]
    assert paired_quotations(zh, 'the "drawing sword 2019" campaign') == []  # four against one: no pairing
    assert paired_quotations("没有引号。", "No quotes.") == []
