"""``ipcorpus report``: the HTML page made from a small synthetic run folder (no browser here; the page
in a real browser is tests/report/test_report_browser.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from ipcorpus.cli import cli
from ipcorpus.errors import IpcorpusError
from ipcorpus.report import build_report, load_report_data
from ipcorpus.terms.formats import write_glossary
from ipcorpus.types import Definition, Example, Glossary, TermEntry, Translation

META = {"ipcorpus": "0.1.0", "encoder": "test-encoder", "config": {"band": 12, "w_sim": 1.0, "skip": 0.3},
        "level": "paragraphs+sentences", "zh_file": "doc.txt", "en_file": "doc.txt"}

# zh paragraphs (kind, sentences) and en paragraphs; sentence ids are global per language
ZH_PARAS = [("title", ["知识产权白皮书"]),
            ("body", ["全省发明专利授权量增长。", "商标注册量居全国第二。"]),
            ("body", ["加强知识产权保护。", "这句没有对齐。", "<b>标签</script>不应破坏页面"])]
EN_PARAS = [("title", ["White Paper on Intellectual Property"]),
            ("body", ["Patents for invention granted in the province increased.", "Trademark registrations ranked second."]),
            ("body", ["Intellectual property protection was strengthened.", "An extra English sentence.",
                      "<b>tags</script> must not break the page"])]
# beads: (zh ids, en ids, score); zh sentence 4 is left out of the alignment on purpose
BEADS = [([0], [0], 0.98), ([1], [1], 0.91), ([2], [2], 0.42), ([3], [3], 0.88), ([], [4], 0.3), ([5], [5], 0.77)]


def _flat(paras):
    return [s for _, ss in paras for s in ss]


def _para_of(paras):
    return [p for p, (_, ss) in enumerate(paras) for _ in ss]


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    d = tmp_path / "run"
    d.mkdir()
    zh, en = _flat(ZH_PARAS), _flat(EN_PARAS)
    zp, ep = _para_of(ZH_PARAS), _para_of(EN_PARAS)
    lines = [json.dumps({"meta": META})]
    for zi, ei, score in BEADS:
        lines.append(json.dumps({
            "bead": f"{len(zi)}-{len(ei)}", "zh_ids": zi, "en_ids": ei, "zh": "".join(zh[i] for i in zi),
            "en": " ".join(en[i] for i in ei), "score": score, "zh_paras": sorted({zp[i] for i in zi}),
            "en_paras": sorted({ep[i] for i in ei})}, ensure_ascii=False))
    (d / "alignment.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    units, sid = [], {"zh": 0, "en": 0}
    for lang, paras in (("zh", ZH_PARAS), ("en", EN_PARAS)):
        for p, (kind, ss) in enumerate(paras):
            sents = []
            for s in ss:
                sents.append({"id": sid[lang], "text": s})
                sid[lang] += 1
            units.append({"id": p, "lang": lang, "kind": kind, "text": "".join(ss), "start_line": p + 1,
                          "end_line": p + 1, "sentences": sents})
    (d / "units.jsonl").write_text("\n".join(json.dumps(u, ensure_ascii=False) for u in units) + "\n", encoding="utf-8")
    g = Glossary([
        TermEntry("发明专利", [Translation("patent for invention", 0.93, 12), Translation("invention patent", 0.5, 2)], 13,
                  [Example("全省发明专利授权量增长。", "Patents for invention granted in the province increased.", 1)],
                  definition=Definition("发明专利指新的技术方案。", "An invention patent means a new technical solution.", 1)),
        TermEntry("商标", [Translation("trademark", 0.88, 8)], 9, [Example("别处的例句", "an example from elsewhere")],
                  kind="name"),
    ], {"ipcorpus": "0.1.0", "method": "test", "config": {"min_freq": 2}})
    write_glossary(g, d / "glossary.tsv")
    write_glossary(g, d / "glossary.tbx")
    return d


def _page_data(page: str) -> dict:
    doc = lxml_html.fromstring(page)
    (node,) = doc.xpath('//script[@id="report-data"]')
    return json.loads(node.text)


def test_report_is_self_contained_and_holds_every_unit(run_dir: Path) -> None:
    summary = build_report(run_dir)
    out = run_dir / "report.html"
    assert summary.path == out and out.is_file()
    page = out.read_text(encoding="utf-8")
    doc = lxml_html.fromstring(page)
    # nothing fetched: no external script, style sheet, image or frame; no URL at all
    assert not doc.xpath("//script[@src] | //link | //img[@src] | //iframe | //object | //embed")
    for attr in doc.xpath("//@src | //@href"):
        assert not re.match(r"\s*(https?:)?//", attr), attr
    assert not re.search(r"https?://", page)
    assert "@import" not in page and not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert csp and "default-src 'none'" in csp[0]
    scripts = doc.xpath("//script[not(@type)]")
    assert len(scripts) == 1 and "ipcReport" in scripts[0].text  # the script is inline
    assert "table.grid" in doc.xpath("//style")[0].text  # so is the style sheet
    # the data: every bead, plus the zh sentence the alignment left out, texts intact
    data = _page_data(page)
    assert data["meta"] == META
    units = data["units"]
    assert len(units) == len(BEADS) + 1
    zh_texts = [u[6] for u in units]
    for s in _flat(ZH_PARAS):
        assert s in zh_texts
    left_out = [u for u in units if u[8] == 1]
    assert left_out == [["1-0", None, [4], [], [2], [], "这句没有对齐。", "", 1]]
    assert zh_texts.index("这句没有对齐。") == 5  # in document order: before the bead of zh sentence 5
    assert "<b>标签</script>" not in page  # escaped inside the data ...
    assert "<b>标签</script>不应破坏页面" in zh_texts  # ... and read back intact
    assert [u[0] for u in units].count("0-1") == 1
    assert data["n"] == {"zh": 6, "en": 6}
    assert data["paras"]["zh"] == [[0, "title", 0], [1, "body", 1], [2, "body", 3]]
    assert summary.units == 5 and summary.unpaired == 2 and summary.terms == 2
    # the page is small: data as compact JSON, not pretty-printed
    assert '"units":[["1-1",0.98,[0],[0],[0],[0],"知识产权白皮书"' in page


def test_report_glossary_from_tsv_meta_and_tbx_examples(run_dir: Path) -> None:
    data = load_report_data(run_dir)
    assert data["gmeta"]["method"] == "test"
    g = {e[0]: e for e in data["glossary"]}
    src, renderings, freq, origin, kind, definition, examples, _ = g["发明专利"]
    assert renderings == [["patent for invention", 0.93, 12], ["invention patent", 0.5, 2]]
    assert (freq, origin, kind) == (13, "mined", "term")
    assert definition == ["发明专利指新的技术方案。", "An invention patent means a new technical solution."]
    assert examples == [1]  # the example is unit 1 of the alignment: kept as its index
    assert g["商标"][4] == "name"
    assert g["商标"][6] == [["别处的例句", "an example from elsewhere"]]
    assert data["files"] == ["alignment.jsonl", "units.jsonl", "glossary.tsv", "glossary.tsv.meta.json",
                             "glossary.tbx (examples)"]


def test_report_reads_json_glossary_or_tbx_alone(run_dir: Path) -> None:
    (run_dir / "glossary.tsv").unlink()
    data = load_report_data(run_dir)
    assert data["files"][-1] == "glossary.tbx" and data["gmeta"]["method"] == "test"
    assert data["glossary"][0][1][0] == ["patent for invention", 0.93, 12]
    (run_dir / "glossary.json").write_text(json.dumps({"meta": {"method": "json"}, "entries": [
        {"source": "质押", "frequency": 3, "origin": "mined", "note": "", "kind": "term", "definition": None,
         "translations": [{"target": "pledge", "confidence": 0.7, "count": 3}],
         "examples": [{"zh": "质押融资", "en": "pledge financing", "segment_id": None}]}]}), encoding="utf-8")
    data = load_report_data(run_dir)
    assert data["gmeta"] == {"method": "json"}
    assert data["glossary"] == [["质押", [["pledge", 0.7, 3]], 3, "mined", "term", None, [["质押融资", "pledge financing"]], ""]]


def test_report_without_units_or_glossary(tmp_path: Path, run_dir: Path) -> None:
    d = tmp_path / "bare"
    d.mkdir()
    (d / "alignment.jsonl").write_bytes((run_dir / "alignment.jsonl").read_bytes())
    summary = build_report(d, tmp_path / "elsewhere" / "r.html", title="Bare <run>")
    page = summary.path.read_text(encoding="utf-8")
    assert "<title>Bare &lt;run&gt; · ipcorpus report</title>" in page
    data = _page_data(page)
    assert len(data["units"]) == len(BEADS) and data["glossary"] == [] and data["gmeta"] is None


def test_tmx_header_props_are_those_of_ipcorpus(run_dir: Path) -> None:
    props = dict(load_report_data(run_dir)["tmx"]["props"])
    assert props["x-config"] == '{"band":12,"skip":0.3,"w_sim":1.0}'  # compact sorted JSON, as tmx.py
    assert props["x-encoder"] == "test-encoder" and list(props) == sorted(props)


def test_report_cli(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    res = CliRunner().invoke(cli, ["report", str(run_dir), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "5 units, 2 unpaired, 2 glossary terms" in res.output and out.is_file()
    res = CliRunner().invoke(cli, ["report", str(tmp_path / "nowhere")])
    assert res.exit_code == 1 and "no such folder" in res.output
    (run_dir / "alignment.jsonl").unlink()
    res = CliRunner().invoke(cli, ["report", str(run_dir)])
    assert res.exit_code == 1 and "no alignment.jsonl" in res.output


def test_bad_alignment_is_an_input_error(run_dir: Path) -> None:
    (run_dir / "alignment.jsonl").write_text('{"meta": {}}\n{"bead": "1-1", "zh_ids": [0]\n', encoding="utf-8")
    with pytest.raises(IpcorpusError, match=r"alignment.jsonl:2: not JSON"):
        build_report(run_dir)
    (run_dir / "alignment.jsonl").write_text('{"meta": {}}\n', encoding="utf-8")
    with pytest.raises(IpcorpusError, match="no beads"):
        build_report(run_dir)
