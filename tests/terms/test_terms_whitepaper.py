"""The miner on real text, measured with `ipcorpus.terms.evaluate`. Floors sit just under the measured
figures (docs/benchmarks.md, "Glossary miner, rewrite"); they guard against regressions and are not
targets. The white paper's glossary is the session's (``whitepaper_glossary`` in conftest.py).

* White paper against the reference made apart from the miner (glossary.independent.tsv, procedure in
  REFERENCE-PROCEDURE.md, written before the miner was run on it; never tuned on).
* White paper against the older glossary.ref.tsv with the hand judgments (a development reference).
* hk-legislation-dev (../shared/corpora/hk-legislation-dev; the development set the definitions and
  the miner were tuned on): defined-term recall and precision.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcorpus.terms.evaluate import load_reference, read_judgments, score_glossary
from ipcorpus.terms.miner import mine_glossary
from ipcorpus.terms.pairs import SegmentPair

ROOT = Path(__file__).resolve().parents[2]
WP = ROOT / "corpora" / "whitepaper-2019"
HK = ROOT.parent / "shared" / "corpora" / "hk-legislation-dev"


@pytest.mark.slow
def test_whitepaper_independent_reference(whitepaper_glossary):
    s = score_glossary(whitepaper_glossary, load_reference(WP / "glossary.independent.tsv"), k=100, min_count=2)
    print("independent:", s.summary())
    # the figures only, so that a failure does not print the reference's rows and misses (see
    # scripts/eval_glossary.py --show-independent)
    k, precision, ref_precision, recall = s.k, s.precision, s.ref_precision, s.recall
    assert k == 100
    assert precision >= 0.77  # 0.780 measured at the end of session 13 (0.800 before names seen once; 0.780 in session 12)
    assert ref_precision >= 0.97  # 0.980 measured in session 13 (0.930 in session 10)
    assert recall >= 0.74  # 0.756 measured in session 13 (0.726 in session 12)


@pytest.mark.slow
def test_whitepaper_development_reference(whitepaper_glossary):
    s = score_glossary(whitepaper_glossary, load_reference(WP / "glossary.ref.tsv"),
                       read_judgments(WP / "judged-pairs.tsv"), k=100)
    print("glossary.ref.tsv:", s.summary())
    assert s.precision >= 0.98  # 0.990 measured in session 13 (0.980 in session 11)
    assert s.recall >= 0.80


@pytest.mark.slow
def test_whitepaper_entries_are_clean(whitepaper_glossary):
    """One entry per term; no rendering starts or ends with a function word; no second rendering is the
    first with words added or cut; names keep their capitals."""
    from ipcorpus.terms.mining.corpus import EN_FUNCTION
    from ipcorpus.terms.mining.selection import content_set, rendering_form

    sources = [e.source for e in whitepaper_glossary.entries]
    assert len(sources) == len(set(sources))
    for e in whitepaper_glossary.entries:
        sets = [content_set(rendering_form(t.target)) for t in e.translations]
        for t in e.translations:
            words = t.target.lower().split()
            assert words[0] not in EN_FUNCTION and words[-1] not in EN_FUNCTION, (e.source, t.target)
        for k, a in enumerate(sets):
            assert not any(a <= b or b <= a for b in sets[k + 1:]), e
        # a rendering's count is the occurrences that use it (no dictionary or definition vote in it)
        assert all(t.count <= e.frequency for t in e.translations), e
    by = {e.source: e for e in whitepaper_glossary.entries}
    assert any(e.kind != "term" for e in whitepaper_glossary.entries)
    if "宁波" in by:
        assert by["宁波"].translations[0].target == "Ningbo"


@pytest.mark.slow
def test_whitepaper_titles_and_events_seen_once_are_entries(whitepaper_glossary):
    """A document's title or an event the text names once is an entry with the English the text gives it,
    and the terms inside a title stay terms of their own."""
    by = {e.source: e for e in whitepaper_glossary.entries}
    report = by["2018年度商标品牌发展报告"]
    assert report.kind == "title" and report.frequency == 1
    assert report.translations[0].target == "2018 Yearly Report on Trademark and Brand Development"
    assert by["浙江省首届商业秘密保护论坛"].translations[0].target == "1st Zhejiang Trade Secret Protection Forum"
    assert by["商标品牌"].translations[0].target == "trademark and brand"  # also inside the report's title
    assert "第19届亚运会" in by  # also inside 《第19届亚运会知识产权保护办法》


@pytest.mark.slow
def test_whitepaper_names_whole_quoted_and_abbreviated(whitepaper_glossary):
    """Names at their whole extent, with the English the text gives them; names quoted in both languages
    and seen once; a Latin acronym that stands only inside a longer term."""
    by = {e.source: e for e in whitepaper_glossary.entries}
    assert by["省科技厅"].translations[0].target == "Zhejiang Provincial Department of Science and Technology"
    whole = by["浙江省知识产权研究与服务中心"]
    assert whole.translations[0].target == "Zhejiang Province Intellectual Property Research and Service Center"
    assert "知识产权研究与服务中心" not in by  # never outside the whole name
    assert (by["铁拳"].translations[0].target, by["铁拳"].kind, by["铁拳"].frequency) == ("iron fist", "quoted", 1)
    assert by["一网通办"].translations[0].target == "one-website service"
    assert "浙江制造精品" not in by  # "made in Zhejiang": 精品 is not rendered
    assert (by["PCT"].translations[0].target, by["PCT"].kind) == ("PCT", "abbreviation")


def _hk_pairs() -> list[SegmentPair]:
    pairs: list[SegmentPair] = []
    for cap in ("cap26", "cap553", "cap57"):
        zh = [u.strip() for u in (HK / f"{cap}.zh").read_text(encoding="utf-8").split("\n\n")]
        en = [u.strip() for u in (HK / f"{cap}.en").read_text(encoding="utf-8").split("\n\n")]
        pairs += [SegmentPair(len(pairs) + k, z, e) for k, (z, e) in enumerate(zip(zh, en, strict=True)) if z and e]
    return pairs


@pytest.fixture(scope="module")
def hk_glossary(default_encoder):
    if not HK.is_dir():
        pytest.skip(f"{HK} not present (CI has ../shared beside the clone)")
    return mine_glossary(_hk_pairs(), use_dictionary=True, encoder=default_encoder)


@pytest.mark.slow
def test_hk_legislation_defined_terms(hk_glossary):
    g = hk_glossary
    s = score_glossary(g, load_reference(HK / "terms.tsv"), k=100, min_count=2)
    print("hk-legislation-dev:", s.summary())
    assert s.recall >= 0.97
    assert s.ref_precision >= 0.97
    defined = [e for e in g.entries if e.definition is not None]
    assert len(defined) >= 80
    assert all(e.definition.zh and e.definition.en for e in defined)
    assert any("\u8a18" in e.source or "\u50f1" in e.source for e in g.entries)  # Traditional script kept
    # the defined rendering wins where every occurrence spotted only part of it (遣散費 "severance")
    assert [t.target for e in g.entries if e.source == "遣散費" for t in e.translations][:1] == ["severance payment"]
    # ordinances the text cites once are entries; a title's tail is no title of its own (補償條例 of 僱員補償條例)
    by = {e.source: e for e in g.entries}
    assert by["電子交易條例"].translations[0].target == "Electronic Transactions Ordinance"
    assert "補償條例" not in by and "公積金計劃條例" not in by


@pytest.mark.slow
def test_hk_legislation_in_simplified_characters_gives_the_same_glossary(hk_glossary, default_encoder):
    # the same ordinances converted to Simplified: the same terms (in Simplified), renderings, order
    from ipcorpus.segment.script import to_simplified

    pairs = [SegmentPair(p.id, to_simplified(p.zh), p.en) for p in _hk_pairs()]
    g = mine_glossary(pairs, use_dictionary=True, encoder=default_encoder)
    assert [(to_simplified(e.source), [t.target for t in e.translations]) for e in hk_glossary.entries] == \
        [(e.source, [t.target for t in e.translations]) for e in g.entries]
    assert sum(e.definition is not None for e in g.entries) == sum(e.definition is not None for e in hk_glossary.entries)
