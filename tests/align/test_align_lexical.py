"""Lexical evidence: numbers in any spelling, Latin names, pinyin of Chinese names, dictionary hits."""

from __future__ import annotations

import pytest

from ipcorpus.align import (
    Dictionary,
    en_keys,
    en_names,
    en_numbers,
    pair_evidence,
    zh_keys,
    zh_names,
    zh_numbers,
    zh_numeral_value,
)
from ipcorpus.align.lexical import en_number_values


@pytest.mark.parametrize("text,value", [
    ("二十一", 21), ("十四", 14), ("一百零五", 105), ("三万六千五百零一", 36501), ("一九九八", 1998),
    ("两千", 2000), ("十", 10), ("三亿", 300_000_000), ("五万", 50_000),
])
def test_zh_numerals(text, value):
    assert zh_numeral_value(text) == value


def test_en_number_words():
    assert en_number_values("At twenty-one, I was on the fourteenth team") == [21, 14]
    assert en_number_values("thirty-six thousand, five hundred and one blocks") == [36501]
    assert en_number_values("a hundred and forty-four feet") == [144]


def test_numbers_meet_across_spellings():
    assert zh_numbers("我二十一岁时，正在云南插队。") & en_numbers("At twenty-one, I was in Yunnan.") == {"n:21"}
    assert "n:30" in zh_numbers("增长了百分之三十") and "n:30" in en_numbers("grew by 30%")
    assert "n:2019" in zh_numbers("2019年") and "n:2019" in en_numbers("In 2019,")
    assert "n:286000" in zh_numbers("达到28.6万件") and "n:286000" in en_numbers("reached 286,000")
    assert "n:1" not in zh_numbers("一个人") | en_numbers("one man")  # too common to be evidence


def test_pinyin_names_meet_english_names():
    shared = zh_names("陈清扬当时二十六岁。") & en_names("That year Chen Qingyang was twenty-six.")
    assert "l:chenqingyang" in shared
    assert "l:wanger" in zh_names("我叫王二。") & en_names("My name is Wang Er.")
    assert "l:baoyu" in zh_names("宝玉听了。") & en_names("Bao-yu heard this.")


def test_pair_evidence_weights_and_cap():
    z = zh_keys("陈清扬当时二十六岁，就在我插队的地方当医生。")
    e = en_keys("That year Chen Qingyang was twenty-six and a doctor.")
    unrelated = en_keys("I was on the fourteenth production team down the mountain.")
    assert pair_evidence(z, e) >= 2.0
    assert pair_evidence(z, unrelated) == 0.0
    assert pair_evidence(z, e, cap=1.5) == 1.5


def test_dictionary_hits():
    d = Dictionary.from_pairs([("专利", "patent"), ("知识产权", "intellectual property")])
    z = zh_keys("浙江省知识产权保护", d)
    e = en_keys("Protection of Intellectual Property in Zhejiang", d)
    assert any(k.startswith("d:") for k in z & e)
    assert not any(k.startswith("d:") for k in en_keys("A patent-free sentence about cats", d) & z)


def test_quoted_titles():
    assert "q" in zh_keys("他读了《红楼梦》。") and "q" in en_keys('He read "The Story of the Stone".')


def test_segmenter_dictionary_is_used_when_present():
    from ipcorpus.align import ip_dictionary

    d = ip_dictionary()
    if not d.zh:
        import pytest

        pytest.skip("ipcorpus.segment.load_ip_dictionary not available")
    z = zh_keys("保护知识产权", d)
    e = en_keys("protect intellectual property", d)
    assert any(k.startswith("d:") for k in z & e)


def test_quote_balance_both_languages():
    from ipcorpus.align.lexical import en_quote_balance, zh_quote_balance

    assert zh_quote_balance("他说道：“再哭，再哭！") == 1
    assert zh_quote_balance("老子踢死你！”") == -1
    assert zh_quote_balance("“好。”他说。") == 0
    assert en_quote_balance("'Laurie, where are you going?'") == 0
    assert en_quote_balance("'Catching a Turtle in a Jar,") == 1
    assert en_quote_balance("I don't know what he's doing,' said the old eunuch.") == -1
    assert en_quote_balance('He said "go" and left.') == 0
    assert en_quote_balance("Rock 'n' roll isn't quoted here") == 0  # 'n' opens and closes


def test_lexical_settings_come_from_the_config_and_are_in_the_signature():
    from ipcorpus.align import AlignConfig, LexicalConfig
    from ipcorpus.align.lexical import LONG_TEXT_CHARS, keys_for

    z = zh_keys("陈清扬当时二十六岁。")
    e = en_keys("Chen Qingyang was twenty-six.")
    assert pair_evidence(z, e) == pair_evidence(z, e, LexicalConfig().cap, LexicalConfig().key_weights)
    assert pair_evidence(z, e, weights={"n": 0.0, "l": 0.0}) == 0.0
    assert LONG_TEXT_CHARS == LexicalConfig().long_text_chars
    long_en = "Chen Qingyang " * 20
    whole = keys_for(["陈清扬"], [long_en], use_dictionary=False)
    cut = keys_for(["陈清扬"], [long_en], use_dictionary=False, lex=LexicalConfig(long_text_chars=20))
    assert whole[1][0] == cut[1][0]  # cut at spaces: the same name keys
    sig = AlignConfig().to_dict()
    assert sig["lexical"]["key_weights"]["w"] == 0.3 and sig["lexical"]["max_df"] == 0.02
    assert sig["ratio_smoothing"] == 1.0
