"""Traditional -> Simplified for look-ups: position-preserving, Simplified and non-Chinese text unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcorpus.segment import script
from ipcorpus.segment.script import is_traditional, script_key, script_keys, to_simplified, to_traditional

HK = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "hk-legislation-dev"
HK_FILES = sorted(HK.glob("*.zh")) if HK.is_dir() else []


@pytest.mark.parametrize(("trad", "simp"), [
    ("商標", "商标"), ("電子紀錄", "电子纪录"), ("著作權", "著作权"), ("註冊商標", "注册商标"),
    ("衞生署", "卫生署"),  # Hong Kong variant form, left alone by plain t2s
    ("憑藉本條", "凭借本条"),  # phrase-level: 藉 -> 借 here, a character table leaves 藉
    ("\uf900", "岂"),  # a CJK compatibility ideograph (from Big5 conversions) is normalised
])
def test_traditional_to_simplified(trad, simp):
    assert to_simplified(trad) == simp
    assert script_key(trad) == script_key(simp) == simp


def test_simplified_and_non_chinese_unchanged():
    for text in ["全省专利权质押登记金额达到172亿元", "商业秘密保护和著作权登记", "毁坏他人商标标识",
                 "打坏了", "Patent Law Art. 22(3), §5 — 1,234.5 km", "ＡＢＣ１２３「」《》", "", "  \n\t"]:
        assert to_simplified(text) == text
        assert not is_traditional(text)


def test_mixed_text_keeps_latin_digits_and_positions():
    text = "第26章 (Cap. 26) 貨品售賣條例 Sale of Goods Ordinance，1997年"
    out = to_simplified(text)
    assert out == "第26章 (Cap. 26) 货品售卖条例 Sale of Goods Ordinance，1997年"
    assert [i for i, (a, b) in enumerate(zip(text, out, strict=True)) if a != b] == \
        [text.index(c) for c in "貨賣條"]


def test_run_whose_length_changes_falls_back_to_characters(monkeypatch):
    real = script._converter

    class Grow:  # lengthens a phrase, as OpenCC may in rare cases; single characters as OpenCC does
        def __init__(self, config: str) -> None:
            self.inner = real(config)

        def convert(self, text: str) -> str:
            return self.inner.convert(text).replace("电脑", "电子计算机")

    monkeypatch.setattr(script, "_converter", Grow)
    text = "他用電腦處理電子紀錄, OK"
    out = to_simplified(text)
    assert out == "他用电脑处理电子纪录, OK" and len(out) == len(text)


def test_to_traditional_and_is_traditional():
    assert to_traditional("商标") == "商標"
    assert to_traditional("电子纪录") == "電子紀錄"
    assert to_traditional("认为") == "認為"  # Big5 forms (s2tw), as in Hong Kong legislation
    assert to_traditional("patent 123") == "patent 123"
    assert is_traditional("商標") and is_traditional("本條例可引稱為《貨品售賣條例》。")
    assert not is_traditional("本条例可引称为《货品售卖条例》。") and not is_traditional("patent")


def test_script_keys_match_one_by_one():
    texts = ["商標", "", "line\nbreak 條例", "专利", "a"]
    assert script_keys(texts) == [script_key(t) for t in texts]
    assert script_keys([]) == []


@pytest.mark.skipif(not HK_FILES, reason="hk-legislation-dev corpus not present")
@pytest.mark.parametrize("path", HK_FILES, ids=lambda p: p.name)
def test_hk_legislation_length_preserved(path):
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for line in lines:
        out = to_simplified(line)
        assert len(out) == len(line), line
        assert all(a == b for a, b in zip(line, out, strict=True) if not script._HAN.match(a))
    assert len(to_simplified(text)) == len(text)
    assert is_traditional(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_length_preserved_for_any_text(s):
    assert len(to_simplified(s)) == len(s)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("商標電子紀錄條例專利權著作藉憑衞生坏打毁abc 1,。\n"), max_size=40))
def test_length_preserved_for_chinese_text(s):
    assert len(to_simplified(s)) == len(s)
