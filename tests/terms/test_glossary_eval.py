"""Scoring a glossary against a reference (ipcorpus.terms.evaluate) and `ipcorpus glossary eval`: small
synthetic files, both reference layouts, no encoder."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ipcorpus.cli import cli
from ipcorpus.errors import InputError
from ipcorpus.terms.evaluate import load_reference, norm_en, read_judgments, read_reference, score_glossary
from ipcorpus.types import Glossary, TermEntry, Translation

# corpora/whitepaper-2019/glossary.ref.tsv layout: no header, renderings joined by |, count
PIPE_REF = """\
知识产权\tintellectual property|IPR\t150
专利\tpatent\t57
商标\ttrademark\t20
质押\tpledge\t8
发明专利\tpatent for invention\t1
"""

# hk-legislation-dev/terms.tsv layout: header, renderings joined by ", "
COMMA_REF = """\
zh\ten\tcount
僱員\temployee\t351
簽署\tsign, signature\t60
電子紀錄\telectronic record\t40
貨品\tgoods\t1
"""


def entry(zh: str, *ens: str) -> TermEntry:
    return TermEntry(zh, [Translation(e, 0.9 - 0.1 * i, 3) for i, e in enumerate(ens)], 5)


def glossary(*entries: TermEntry) -> Glossary:
    return Glossary(list(entries))


@pytest.fixture
def pipe_ref(tmp_path):
    p = tmp_path / "ref.tsv"
    p.write_text(PIPE_REF, encoding="utf-8")
    return p


@pytest.fixture
def comma_ref(tmp_path):
    p = tmp_path / "terms.tsv"
    p.write_text(COMMA_REF, encoding="utf-8")
    return p


def test_norm_en():
    assert norm_en("High-Quality Developments") == norm_en("high quality development") == "high quality development"
    assert norm_en("“Patents”") == "patent"
    assert norm_en("IPR") == norm_en("ipr")


def test_read_pipe_reference(pipe_ref):
    ref = load_reference(pipe_ref)
    assert ref.variant_sep == "|"
    assert ref.renderings["知识产权"] == {"intellectual property", "ipr"}
    assert ref.counts["专利"] == 57
    assert ref.terms(2) == ["知识产权", "专利", "商标", "质押"]
    assert read_reference(pipe_ref) == ref.renderings  # the old interface


def test_read_comma_reference(comma_ref):
    ref = load_reference(comma_ref)
    assert ref.variant_sep == ", "
    assert "zh" not in ref.renderings  # header skipped
    assert ref.renderings["簽署"] == {"sign", "signature"}
    assert ref.counts["僱員"] == 351
    assert load_reference(comma_ref, variant_sep="none").renderings["簽署"] == {norm_en("sign, signature")}


def test_comma_not_split_when_file_uses_pipes(tmp_path):
    p = tmp_path / "r.tsv"
    p.write_text("中华人民共和国专利法\tPatent Law of the People's Republic of China, as amended|Patent Law\t3\n"
                 "专利\tpatent\t2\n", encoding="utf-8")
    assert load_reference(p).renderings["中华人民共和国专利法"] == {
        norm_en("Patent Law of the People's Republic of China, as amended"), "patent law"}


@pytest.mark.parametrize("text", ["just one column\n", "专利\tpatent\tconfidence 0.9; count 3\n", "# only a comment\n"])
def test_bad_reference_raises_input_error(tmp_path, text):
    p = tmp_path / "bad.tsv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="bad.tsv"):
        load_reference(p)


def test_missing_reference(tmp_path):
    with pytest.raises(InputError, match="no such"):
        load_reference(tmp_path / "nope.tsv")


def test_score_pipe_reference(pipe_ref):
    g = glossary(
        entry("知识产权", "intellectual properties"),       # reference (plural normalised)
        entry("公司律师", "corporate lawyer"),              # outside, judged yes
        entry("专利", "patent application", "patents"),    # reference term, other best rendering; found by 2nd
        entry("科技成果", "technological achievement"),     # outside, judged no
        entry("市场监管", "market regulation"),             # outside, unjudged
        entry("商标", "trademark"),                         # reference, beyond k=5
    )
    judg = {("公司律师", norm_en("corporate lawyers")): True, ("科技成果", "technological achievement"): False}
    s = score_glossary(g, load_reference(pipe_ref), judg, k=5, min_count=2)
    assert (s.k, s.correct, s.by_reference, s.by_judgment) == (5, 2, 1, 1)
    assert s.precision == pytest.approx(0.4)
    assert s.wrong == [("科技成果", "technological achievement")]
    assert [z for z, _ in s.unjudged] == ["专利", "市场监管"]
    # top 5 rows whose Chinese is a reference term: 知识产权 (ok), 专利 (wrong best), 商标 (ok)
    assert (s.ref_k, s.ref_correct) == (3, 2)
    # recall over terms counted >= 2 (发明专利 has count 1): 知识产权, 专利 (2nd rendering), 商标 found; 质押 missed
    assert (s.found, s.reference_terms, s.listed) == (3, 4, 3)
    assert s.recall == pytest.approx(0.75)
    assert s.missed == ["质押"]
    assert [r.zh for r in s.outside] == ["公司律师", "科技成果", "市场监管"]
    assert [r.verdict for r in s.outside] == ["judged yes", "judged no", "unjudged"]
    assert [(r.zh, r.rank) for r in s.other_rendering] == [("专利", 3)]
    # all reference terms when min_count is 0
    assert score_glossary(g, load_reference(pipe_ref), judg, k=5).reference_terms == 5


def test_score_comma_reference(comma_ref):
    g = glossary(entry("簽署", "signature"), entry("條例", "Ordinance"), entry("僱員", "employees"),
                 entry("電子紀錄", "record"))
    s = score_glossary(g, load_reference(comma_ref), k=100, min_count=2)
    assert s.k == 4 and s.correct == 2
    assert (s.ref_k, s.ref_correct) == (3, 2)
    assert (s.found, s.reference_terms, s.listed) == (2, 3, 3)
    assert s.missed == ["電子紀錄"]


def test_score_plain_dict_reference():
    g = glossary(entry("专利", "patent"), entry("商标", "brand"))
    s = score_glossary(g, {"专利": {"patent"}, "商标": {"trademark"}}, k=10)
    assert (s.correct, s.found, s.reference_terms) == (1, 1, 2)
    assert "precision@2 0.500" in s.summary()


def test_read_judgments(tmp_path):
    p = tmp_path / "j.tsv"
    p.write_text("# zh\ten\tcorrect\treason\n公司律师\tcorporate lawyers\tyes\tread\n科技成果\tx\tno\t\n",
                 encoding="utf-8")
    assert read_judgments(p) == {("公司律师", "corporate lawyer"): True, ("科技成果", "x"): False}
    assert read_judgments(tmp_path / "none.tsv") == {}
    with pytest.raises(InputError):
        read_judgments(tmp_path / "none.tsv", strict=True)


# ------------------------------------------------------------------------------------------ CLI


@pytest.fixture
def glossary_tsv(tmp_path):
    """An OmegaT-layout glossary as `glossary build` writes it: one line per translation, best first."""
    p = tmp_path / "glossary.tsv"
    p.write_text("知识产权\tintellectual property\tconfidence 0.95; count 9; frequency 150; mined\n"
                 "专利\tpatent application\tconfidence 0.80; count 3; frequency 57; mined\n"
                 "专利\tpatent\tconfidence 0.70; count 9; frequency 57; mined\n"
                 "市场监管\tmarket regulation\tconfidence 0.60; count 2; frequency 4; mined\n", encoding="utf-8")
    return p


def test_cli_table(glossary_tsv, pipe_ref):
    r = CliRunner().invoke(cli, ["glossary", "eval", str(glossary_tsv), "--ref", str(pipe_ref), "--top", "3"])
    assert r.exit_code == 0, r.output
    assert "precision@3 (all rows)" in r.output and "1/3" in r.output
    assert "2/4" in r.output  # recall: 知识产权, 专利 of the 4 terms counted >= 2
    assert "市场监管" in r.output  # listed as outside the reference
    assert "质押" in r.output  # missed


def test_cli_json(glossary_tsv, pipe_ref, tmp_path):
    j = tmp_path / "judged.tsv"
    j.write_text("市场监管\tmarket regulation\tyes\tread in the document\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["glossary", "eval", str(glossary_tsv), "--ref", str(pipe_ref), "--json",
                                 "--judgments", str(j), "--min-count", "0"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["k"] == 3 and data["correct"] == 2 and data["by_judgment"] == 1
    assert data["reference_terms"] == 5 and data["found"] == 2
    assert data["recall"] == pytest.approx(0.4)
    assert [m["zh"] for m in data["missed"]] == ["商标", "质押", "发明专利"]


def test_cli_comma_reference(comma_ref, tmp_path):
    g = tmp_path / "g.csv"
    g.write_text("source,target,confidence,count,frequency,origin,rank\n簽署,signature,0.9,3,60,mined,1\n"
                 "條例,Ordinance,0.8,3,60,mined,1\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["glossary", "eval", str(g), "--ref", str(comma_ref), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert (data["ref_k"], data["ref_correct"], data["found"], data["reference_terms"]) == (1, 1, 1, 3)


@pytest.mark.parametrize("content", ["not a reference at all, no tabs\n", "专利\tpatent\tconfidence 0.9\n", None])
def test_cli_bad_reference_one_error_line(glossary_tsv, tmp_path, content):
    ref = tmp_path / "ref.tsv"
    if content is not None:
        ref.write_text(content, encoding="utf-8")
    r = CliRunner().invoke(cli, ["glossary", "eval", str(glossary_tsv), "--ref", str(ref)])
    assert r.exit_code == 1
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:") and "ref.tsv" in lines[0], r.output


def test_cli_missing_glossary(pipe_ref, tmp_path):
    r = CliRunner().invoke(cli, ["glossary", "eval", str(tmp_path / "none.tsv"), "--ref", str(pipe_ref)])
    assert r.exit_code == 1
    assert r.output.strip().startswith("Error:") and len(r.output.strip().splitlines()) == 1


def test_chinese_matched_after_conversion_to_simplified(monkeypatch, pipe_ref):
    """A Traditional glossary meets a Simplified reference (the converter stubbed: two characters)."""
    import ipcorpus.terms.evaluate as ev

    table = str.maketrans({"專": "专", "標": "标"})
    monkeypatch.setattr(ev, "_simplifier", lambda: (lambda s: s.translate(table)))
    g = glossary(entry("專利", "patent"), entry("商標", "brand"), entry("知识产权", "IPR"))
    s = score_glossary(g, load_reference(pipe_ref), k=10, min_count=2)
    assert (s.correct, s.ref_k, s.found, s.listed) == (2, 3, 2, 3)
    assert s.other_rendering[0].zh == "商標" and s.other_rendering[0].reference == ["trademark"]
    monkeypatch.setattr(ev, "_simplifier", lambda: None)  # no converter: exact matching only
    s = score_glossary(g, load_reference(pipe_ref), k=10, min_count=2)
    assert (s.correct, s.ref_k, s.found) == (1, 1, 1)


def test_white_space_beside_chinese_does_not_matter():
    """A PDF's "亮剑 2019" is the reference's 亮剑2019 (Chinese has no word spaces), in both directions and
    for judgments; spaces between Latin words still count."""
    ref = {"亮剑2019": {"drawing sword 2019"}, "知识 产权": {"intellectual property"}, "PCT 国际专利": {"pct patent"}}
    g = glossary(entry("亮剑 2019", "drawing sword 2019"), entry("知识产权", "intellectual property"),
                 entry("PCT国际专利", "PCT patent"), entry("第一 站", "first model"))
    s = score_glossary(g, ref, {("第一站", "first model"): False}, k=10)
    assert (s.correct, s.found, s.reference_terms) == (3, 3, 3)
    assert s.wrong == [("第一 站", "first model")]
    assert score_glossary(glossary(entry("A B", "x")), {"AB": {"x"}}, k=10).correct == 0
