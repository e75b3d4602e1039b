"""Sentence splitters, tokenizers and the IP dictionary."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcorpus.segment import load_ip_dictionary, split_en, split_zh, tokenize_en, tokenize_zh


def _nonspace(s: str) -> str:
    return re.sub(r"\s", "", s)


# ---------------------------------------------------------------- Chinese
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("知识产权保护。专利申请增加！是吗？", ["知识产权保护。", "专利申请增加！", "是吗？"]),
        ("他说：“很好。”然后离开了。", ["他说：“很好。”", "然后离开了。"]),
        ("出台《意见》（试行）。省委审议通过。", ["出台《意见》（试行）。", "省委审议通过。"]),
        ('列为"重点任务。"之后完成。', ['列为"重点任务。"', "之后完成。"]),
        ("这是省略……接着说。", ["这是省略……", "接着说。"]),
        ("半角也行!对吗?对", ["半角也行!", "对吗?", "对"]),
        ("没有句末标点的片段", ["没有句末标点的片段"]),
        ("价值 2. 8 万元,同比增长 2.3%。", ["价值 2. 8 万元,同比增长 2.3%。"]),
    ],
)
def test_split_zh_rules(text: str, expected: list[str]) -> None:
    assert split_zh(text) == expected


def test_split_zh_long_clause_list_cut_at_semicolons() -> None:
    text = "一是完善制度,加强保护;二是强化执法,提升效率,推进改革;三是优化服务,加强宣传,提高全社会知识产权意识;四是深化合作。"
    assert split_zh(text) == [
        "一是完善制度,加强保护;",
        "二是强化执法,提升效率,推进改革;",
        "三是优化服务,加强宣传,提高全社会知识产权意识;",
        "四是深化合作。",
    ]


def test_split_zh_short_or_bracketed_semicolons_stay() -> None:
    assert split_zh("甲;乙;丙。") == ["甲;乙;丙。"]  # short: not a long clause list
    inner = "《关于甲;乙;丙的若干规定与实施细则和配套文件以及其他相关的长篇名称》发布,并在全省范围内实施,取得了良好的效果和广泛的社会影响。"
    assert split_zh(inner) == [inner]  # semicolons inside a title


# ---------------------------------------------------------------- English
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Patents rose. Trademarks fell! Why? Nobody knows.",
         ["Patents rose.", "Trademarks fell!", "Why?", "Nobody knows."]),
        ("See U.S. Pat. No. 5,123,456 and Nos. 7 and 8. It expired.",
         ["See U.S. Pat. No. 5,123,456 and Nos. 7 and 8.", "It expired."]),
        ("Granted to H3C Co., Ltd. and Hangzhou DPtech Co., Ltd., up 38.86% year-on-year.",
         ["Granted to H3C Co., Ltd. and Hangzhou DPtech Co., Ltd., up 38.86% year-on-year."]),
        ("Supor Co., Ltd. The company applied.", ["Supor Co., Ltd.", "The company applied."]),
        ("Mr. Li and Dr. Wang met Prof. Zhang. They agreed.", ["Mr. Li and Dr. Wang met Prof. Zhang.", "They agreed."]),
        ("Rights, e.g. patents, i.e. exclusive rights, vs. secrets etc. are covered.",
         ["Rights, e.g. patents, i.e. exclusive rights, vs. secrets etc. are covered."]),
        ("See Art. 22 and Fig. 3 of the patent. Done.", ["See Art. 22 and Fig. 3 of the patent.", "Done."]),
        ("The total was 17. 2 billion yuan. Next year more.", ["The total was 17. 2 billion yuan.", "Next year more."]),
        ("Valid patents were 49, 100, up 12.18%. PCT rose.", ["Valid patents were 49, 100, up 12.18%.", "PCT rose."]),
        ("The rate was 3.6 points. It rose.", ["The rate was 3.6 points.", "It rose."]),
        ('1. Issue "Opinions". The session adopted it.', ['1. Issue "Opinions".', "The session adopted it."]),
        ("- I. Strengthen top-level design", ["- I. Strengthen top-level design"]),
        ('He said "It works." Then he left.', ['He said "It works."', "Then he left."]),
        ("It grew in 2019. 2020 was better.", ["It grew in 2019.", "2020 was better."]),
        ("scrambled property. intellectual text", ["scrambled property. intellectual text"]),
        ("It was filed in the U.S. The office agreed.", ["It was filed in the U.S.", "The office agreed."]),
        ("Wait... What happened?", ["Wait...", "What happened?"]),
    ],
)
def test_split_en_rules(text: str, expected: list[str]) -> None:
    assert split_en(text) == expected


# ---------------------------------------------------------------- invariant
_ZH_ALPHABET = "知识产权专利商标保护发展浙江省杭州。！？…；;，、“”《》（）\"' 12.5"
_EN_ALPHABET = "abcdePQRS .!?,;\"'()0123456789…"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ZH_ALPHABET, max_size=200))
def test_split_zh_keeps_every_nonspace_character(text: str) -> None:
    sentences = split_zh(text)
    assert _nonspace("".join(sentences)) == _nonspace(text)
    assert all(s and s == s.strip() for s in sentences)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_EN_ALPHABET, max_size=200) | st.text(max_size=100))
def test_split_en_keeps_every_nonspace_character(text: str) -> None:
    sentences = split_en(text)
    assert _nonspace("".join(sentences)) == _nonspace(text)
    assert all(s and s == s.strip() for s in sentences)


def test_splitters_on_huge_unpunctuated_text_are_linear() -> None:
    import time

    zh = "知识产权" * 2_500_000  # 10 M characters, no punctuation
    en = "patent " * 1_500_000
    from ipcorpus.segment.zh import MAX_SENTENCE_CHARS

    t0 = time.perf_counter()
    zs, es = split_zh(zh), split_en(en)
    assert time.perf_counter() - t0 < 5.0
    # cut into sentences no longer than the limit, no character lost
    assert max(map(len, zs)) <= MAX_SENTENCE_CHARS and "".join(zs) == zh
    assert max(map(len, es)) <= MAX_SENTENCE_CHARS and "".join(es).replace(" ", "") == en.replace(" ", "")


def test_splitters_match_mac_dev_lines(mac_dev_dir) -> None:
    """Each pre-split gold line of a dev file is one sentence for our splitters in most cases
    (the gold splits are by human translators and are not all at terminators)."""
    over = total = 0
    for lang, split in (("zh", split_zh), ("en", split_en)):
        for line in (mac_dev_dir / f"001.{lang}").read_text(encoding="utf-8").splitlines():
            if line.strip():
                total += 1
                over += len(split(line)) > 1
    assert over / total < 0.05


# ---------------------------------------------------------------- tokens and dictionary
def test_tokenize_zh_keeps_ip_terms_whole_with_pos() -> None:
    text = "马德里商标国际注册申请 712 件,发明专利、实用新型和外观设计,质押融资,国家知识产权局"
    toks = tokenize_zh(text)
    words = [t.text for t in toks]
    for term in ("马德里商标国际注册", "发明专利", "实用新型", "外观设计", "质押融资", "国家知识产权局"):
        assert term in words
    for t in toks:
        assert text[t.start:t.end] == t.text
        assert t.pos
    assert {t.pos for t in toks if t.text == "国家知识产权局"} == {"nt"}
    assert " " not in words


def test_tokenize_en_lower_and_lemma() -> None:
    text = "The Patents were granted to Hangzhou's enterprises, up 38.86% year-on-year."
    toks = tokenize_en(text)
    by_text = {t.text: t for t in toks}
    assert by_text["Patents"].lower == "patents" and by_text["Patents"].lemma == "patent"
    assert by_text["enterprises"].lemma == "enterprise"
    assert by_text["were"].lemma == "be"
    assert "year-on-year" in by_text and "38.86%" in by_text
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_ip_dictionary_entries() -> None:
    entries = load_ip_dictionary()
    assert 150 <= len(entries) <= 300
    d = {zh: (en, pos) for zh, en, pos in entries}
    assert d["知识产权"][0][0] == "intellectual property"
    assert "patent for invention" in d["发明专利"][0]
    assert "China National Intellectual Property Administration" in d["国家知识产权局"][0]
    assert d["质押"] == (["pledge"], "vn")
    # general vocabulary only: no place, and no name of a provincial body taken from a document
    assert not any(pos == "ns" or zh.startswith("省") for zh, _, pos in entries)
    assert len(d) == len(entries)  # no duplicate Chinese heads
    assert all(en and all(e.strip() == e and e for e in en) for _, en, _ in entries)
    entries[0][1].append("mutated")
    assert "mutated" not in load_ip_dictionary()[0][1]
