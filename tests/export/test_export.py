"""Tests of the writers (ipcorpus.export) on hand-built alignments."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ipcorpus.errors import IpcorpusError
from ipcorpus.export import detect_format, dtd_text, strip_xml_invalid, write_alignment
from ipcorpus.types import Alignment, Bead, Document, Paragraph, Sentence

META = {"ipcorpus": "0.1.0", "encoder": "fake-8d", "config": {"max_bead": 3, "band": 10}}


def _doc(lang: str, paras: list[list[str]], source: str) -> Document:
    """A document of paragraphs of sentences, with document-global sentence ids."""
    out, sid = [], 0
    for pid, sents in enumerate(paras):
        ss = []
        for t in sents:
            ss.append(Sentence(id=sid, text=t, para=pid))
            sid += 1
        sep = "" if lang == "zh" else " "
        out.append(Paragraph(id=pid, lang=lang, kind="body", text=sep.join(sents), sentences=ss))
    return Document(lang=lang, paragraphs=out, source=source)


@pytest.fixture
def alignment() -> Alignment:
    zh = _doc("zh", [["专利申请量增长。", "商标注册量也增长。", "这是 图表残留"],
                     ["质押融资达到 100 亿元。", "控制\x01字符与 <标记> & 符号。", "弱句子。"]], "zh.txt")
    en = _doc("en", [["Patent and trademark filings grew.", "Untranslated English note."],
                     ["Pledge financing reached 10 billion yuan.", "Control\tcharacter & <tag>.",
                      "A weak sentence."]], "en.txt")
    beads = [
        Bead((0, 1), (0,), 0.91),  # 2-1, merged
        Bead((2,), (), 0.0),  # 1-0 residue
        Bead((), (1,), 0.0),  # 0-1
        Bead((3,), (2,), 0.88),
        Bead((4,), (3,), 0.75),
        Bead((5,), (4,), 0.12),  # weak
    ]
    return Alignment(zh=zh, en=en, beads=beads, meta=dict(META))


def _tmx_units(path: Path) -> list[tuple[str, str]]:
    from translate.storage import tmx

    store = tmx.tmxfile.parsefile(str(path))
    return [(u.source, u.target) for u in store.units]


def test_tmx_valid_against_dtd_and_header(tmp_path: Path, alignment: Alignment) -> None:
    out = tmp_path / "memory.tmx"
    summary = write_alignment(alignment, out)
    assert (summary.fmt, summary.written, summary.merged, summary.unpaired) == ("tmx", 4, 1, 2)
    dtd = etree.DTD(io.StringIO(dtd_text()))
    tree = etree.parse(str(out))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    header = tree.getroot().find("header")
    assert header.get("srclang") == "zh-CN" and header.get("segtype") == "sentence"
    assert header.get("creationtool") == "ipcorpus" and header.get("datatype") == "plaintext"
    props = {p.get("type"): p.text for p in header.findall("prop")}
    assert props["x-encoder"] == "fake-8d"
    assert json.loads(props["x-config"]) == META["config"]
    assert props["x-zh_file"] == "zh.txt" and props["x-en_file"] == "en.txt"
    tus = tree.getroot().findall("body/tu")
    first = {p.get("type"): p.text for p in tus[0].findall("prop")}
    assert first == {"x-score": "0.9100", "x-bead": "2-1", "x-merged": "true"}
    langs = [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in tus[0].findall("tuv")]
    assert langs == ["zh-CN", "en"]


def test_tmx_round_trip_with_translate_toolkit(tmp_path: Path, alignment: Alignment) -> None:
    out = tmp_path / "memory.tmx"
    write_alignment(alignment, out)
    units = _tmx_units(out)
    assert units == [
        ("专利申请量增长。商标注册量也增长。", "Patent and trademark filings grew."),
        ("质押融资达到 100 亿元。", "Pledge financing reached 10 billion yuan."),
        ("控制字符与 <标记> & 符号。", "Control character & <tag>."),
        ("弱句子。", "A weak sentence."),
    ]


def test_tmx_strips_control_characters(tmp_path: Path, alignment: Alignment) -> None:
    out = tmp_path / "memory.tmx"
    write_alignment(alignment, out)
    raw = out.read_bytes()
    assert b"\x01" not in raw and b"&#1;" not in raw and b"&#x1;" not in raw


def test_min_score_and_sentence_level_only(tmp_path: Path, alignment: Alignment) -> None:
    s = write_alignment(alignment, tmp_path / "a.tmx", min_score=0.5)
    assert (s.written, s.dropped_weak, s.merged) == (3, 1, 1)
    s = write_alignment(alignment, tmp_path / "b.tmx", min_score=0.5, sentence_level_only=True)
    assert (s.written, s.dropped_weak, s.merged, s.skipped_merged) == (2, 1, 0, 1)
    assert [zh for zh, _ in _tmx_units(tmp_path / "b.tmx")] == ["质押融资达到 100 亿元。", "控制字符与 <标记> & 符号。"]


def test_tsv(tmp_path: Path, alignment: Alignment) -> None:
    out = tmp_path / "m.tsv"
    s = write_alignment(alignment, out, min_score=0.5)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert s.written == len(lines) == 3
    assert all(len(line.split("\t")) == 3 for line in lines)
    assert lines[2] == "控制\x01字符与 <标记> & 符号。\tControl character & <tag>.\t0.7500"


def test_jsonl(tmp_path: Path, alignment: Alignment) -> None:
    out = tmp_path / "m.jsonl"
    s = write_alignment(alignment, out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["meta"]["encoder"] == "fake-8d" and rows[0]["meta"]["zh_file"] == "zh.txt"
    beads = rows[1:]
    assert s.written == len(beads) == 6
    assert beads[0] == {"bead": "2-1", "zh_ids": [0, 1], "en_ids": [0], "zh": "专利申请量增长。商标注册量也增长。",
                        "en": "Patent and trademark filings grew.", "score": 0.91, "zh_paras": [0], "en_paras": [0]}
    assert beads[2]["zh_ids"] == [] and beads[2]["en"] == "Untranslated English note."
    assert beads[3]["zh_paras"] == [1] and beads[3]["en_paras"] == [1]


def test_align_format(tmp_path: Path, alignment: Alignment) -> None:
    out = tmp_path / "m.align"
    write_alignment(alignment, out)
    assert out.read_text().split() == ["[0,1]:[0]", "[2]:[]", "[]:[1]", "[3]:[2]", "[4]:[3]", "[5]:[4]"]
    with pytest.raises(IpcorpusError, match="every bead"):
        write_alignment(alignment, out, min_score=0.3)


def test_format_from_option_and_errors(tmp_path: Path, alignment: Alignment) -> None:
    assert detect_format("x.TMX") == "tmx"
    assert detect_format("x.txt", "tsv") == "tsv"
    with pytest.raises(IpcorpusError, match="x.txt"):
        detect_format("x.txt")
    with pytest.raises(IpcorpusError, match="unknown output format"):
        detect_format("x.tmx", "xliff")
    s = write_alignment(alignment, tmp_path / "out.txt", fmt="tsv")
    assert s.fmt == "tsv" and (tmp_path / "out.txt").exists()


def test_failed_write_leaves_no_partial_file(tmp_path: Path, alignment: Alignment) -> None:
    out = tmp_path / "m.tmx"
    out.write_text("previous")
    broken = Alignment(alignment.zh, alignment.en, alignment.beads + [Bead((99,), (98,), 0.9)], {})
    with pytest.raises(IndexError):
        write_alignment(broken, out)
    assert out.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.tmx"]


def test_unwritable_path_is_one_line_error(tmp_path: Path, alignment: Alignment) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(IpcorpusError, match="cannot write"):
        write_alignment(alignment, blocker / "sub" / "m.tmx")


def test_strip_xml_invalid() -> None:
    assert strip_xml_invalid("a\x01b\x0bc\ufffed\ud800e\tf\U0001f600") == "abcde\tf\U0001f600"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20)),
                min_size=1, max_size=5))
def test_tmx_round_trips_any_text(tmp_path: Path, pairs: list[tuple[str, str]]) -> None:
    zh = Document.from_sentences("zh", [a for a, _ in pairs])
    en = Document.from_sentences("en", [b for _, b in pairs])
    beads = [Bead((i,), (i,), 0.5) for i in range(len(pairs))]
    out = tmp_path / "p.tmx"
    write_alignment(Alignment(zh, en, beads, {"encoder": "x\x02y"}), out)
    tree = etree.parse(str(out))  # always well-formed XML
    assert etree.DTD(io.StringIO(dtd_text())).validate(tree)
    segs = [s.text or "" for s in tree.getroot().iter("seg")]
    from ipcorpus.export._io import one_line

    expected = [one_line(strip_xml_invalid(t)) for pair in pairs for t in pair]
    assert segs == expected
