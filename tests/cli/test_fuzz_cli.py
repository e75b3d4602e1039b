"""Property test: random mixtures of Chinese, English, control characters,
encodings, empty and very long lines through ``split``, ``align`` and ``glossary import``/``build``.

Every run either succeeds — TMX/TBX well-formed (parsed by lxml), every input sentence in exactly one
bead — or exits 1 with one ``Error:`` line. Never a traceback, never ``internal error``. The aligner and
the miner use a fake encoder (as in test_align_cli), so no model is loaded; the whole file runs in well
under a minute.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import HashEncoder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ipcorpus.cli import cli

#: ``IPCORPUS_FUZZ_EXAMPLES=500`` digs deeper with fresh random examples; by default a fixed set of 40 a
#: property keeps the file fast (about 25 s) and reproducible.
_DIG = int(os.environ.get("IPCORPUS_FUZZ_EXAMPLES", "0") or 0)
SETTINGS = settings(max_examples=_DIG or 40, deadline=None, derandomize=not _DIG,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])

ZH_SENTENCES = ["知识产权保护持续加强。", "全省专利申请量稳步增长！", "商标注册便利化改革深入推进？",
                "数据来源：WIPO Statistics Database。", "采用 PCT 途径提交的国际专利申请",
                "2019年,全省有效发明专利16.06万件,同比增长20.21%。", "一、总体情况", "（三）质押融资"]
EN_SENTENCES = ["IP protection kept growing stronger.", "Patent filings rose steadily!",
                "Is trademark registration easier?", "Source: WIPO.", "In 2019, valid patents reached 160,600.",
                "I. Overview", "(3) Pledge financing", "e.g. Mr. Li said so."]
ODD = ["\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\u2028", "\ufeff", "\u200b", "\ufffe", "\uffff",
       "\u3000", "\t", "\r", "\ud800", "\U0001f600", "&", "<", "]]>", '"', "\\"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "big5", "utf-32"]

zh_text = st.one_of(st.sampled_from(ZH_SENTENCES),
                    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=12)
                    .map(lambda s: s + "。"))
en_text = st.one_of(st.sampled_from(EN_SENTENCES),
                    st.lists(st.sampled_from(["patent", "IP", "pledge", "the", "office", "Zhejiang", "2019"]),
                             min_size=1, max_size=8).map(lambda w: " ".join(w).capitalize() + "."))
piece = st.one_of(zh_text, en_text, st.sampled_from(ODD), st.just(" "))
line = st.one_of(
    st.lists(piece, min_size=0, max_size=6).map("".join),
    st.tuples(st.one_of(zh_text, en_text), st.integers(2, 40)).map(lambda t: t[0] * t[1]),  # many sentences
    st.tuples(st.sampled_from(["知识产权", "patent pledge ", "专利 IP "]), st.integers(500, 5000))
    .map(lambda t: t[0] * t[1]),  # one very long sentence (2,000 to 70,000 characters, no full stop)
)
document = st.lists(line, min_size=0, max_size=12).map("\n".join)


def encode(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; characters it cannot hold become ``?`` and lone surrogates pass through
    as (invalid) bytes."""
    if encoding.startswith("utf-8"):
        return text.encode(encoding, "surrogatepass")
    return text.encode(encoding, "replace")




@pytest.fixture
def fake_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    import ipcorpus.embed

    monkeypatch.setattr(ipcorpus.embed, "load_encoder",
                        lambda name=None, *, cache_dir=None, **kw: ipcorpus.embed.CachedEncoder(HashEncoder()))


def invoke(*args: str):
    res = CliRunner().invoke(cli, list(args))
    out = res.output
    assert "Traceback" not in out and "internal error" not in out, out
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    if res.exit_code != 0:
        lines = out.strip().splitlines()
        assert res.exit_code == 1 and len(lines) == 1 and lines[0].startswith("Error: "), out
    return res


def sentence_counts(units: Path) -> dict[str, int]:
    counts = {"zh": 0, "en": 0}
    for row in map(json.loads, units.read_text(encoding="utf-8").splitlines()):
        counts[row["lang"]] += len(row["sentences"])
    return counts


def assert_every_sentence_once(beads: list[tuple[list[int], list[int]]], counts: dict[str, int]) -> None:
    for side, lang in ((0, "zh"), (1, "en")):
        ids = sorted(i for b in beads for i in b[side])
        assert ids == list(range(counts[lang])), (lang, ids, counts)


@SETTINGS
@given(doc=document, encoding=st.sampled_from(ENCODINGS))
def test_split_and_align_a_bilingual_file(doc: str, encoding: str, fake_encoder) -> None:
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "in.txt"
        src.write_bytes(encode(doc, encoding))
        units = Path(d) / "units.jsonl"
        split = invoke("split", str(src), "-o", str(units))
        beads_out = Path(d) / "out.jsonl"
        aligned = invoke("align", str(src), "-o", str(beads_out))
        assert (split.exit_code == 0) == (aligned.exit_code == 0), (split.output, aligned.output)
        if aligned.exit_code:
            return
        rows = [json.loads(x) for x in beads_out.read_text(encoding="utf-8").splitlines()[1:]]
        assert_every_sentence_once([(r["zh_ids"], r["en_ids"]) for r in rows], sentence_counts(units))
        tmx = Path(d) / "out.tmx"
        assert invoke("align", str(src), "-o", str(tmx)).exit_code == 0
        root = etree.parse(str(tmx)).getroot()
        assert len(root.findall(".//tu")) == sum(1 for r in rows if r["zh_ids"] and r["en_ids"])


@SETTINGS
@given(zh=st.lists(st.one_of(zh_text, line), max_size=8), en=st.lists(st.one_of(en_text, line), max_size=8),
       encoding=st.sampled_from(ENCODINGS))
def test_align_presplit_files(zh: list[str], en: list[str], encoding: str, fake_encoder) -> None:
    with tempfile.TemporaryDirectory() as d:
        zp, ep = Path(d) / "a.zh", Path(d) / "a.en"
        zp.write_bytes(encode("\n".join(zh), encoding))
        ep.write_bytes(encode("\n".join(en), "utf-8"))
        units = Path(d) / "units.jsonl"
        split = invoke("split", str(zp), "--en", str(ep), "--presplit", "-o", str(units))
        out = Path(d) / "a.align"
        res = invoke("align", str(zp), "--en", str(ep), "--presplit", "-o", str(out))
        if res.exit_code or split.exit_code:
            return
        beads = [tuple(json.loads(part) for part in x.split(":")) for x in out.read_text().splitlines()]
        assert_every_sentence_once(beads, sentence_counts(units))


cell = st.one_of(zh_text, en_text, st.lists(piece, max_size=4).map("".join),
                 st.integers(-5, 10**6), st.none(), st.text(max_size=30))


def glossary_file(rows: list[tuple], fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"entries": [{"source": s, "translations": [{"target": t}]} for s, t in rows]})
    sep = "\t" if fmt == "tsv" else ","
    return "\n".join(f"{s}{sep}{t}" for s, t in rows) + "\n"


@SETTINGS
@given(rows=st.lists(st.tuples(cell, cell), max_size=8), fmt=st.sampled_from(["tsv", "csv", "json"]),
       encoding=st.sampled_from(ENCODINGS))
def test_glossary_import_and_build(rows: list[tuple], fmt: str, encoding: str, fake_encoder) -> None:
    with tempfile.TemporaryDirectory() as d:
        g = Path(d) / f"g.{fmt}"
        g.write_bytes(encode(glossary_file(rows, fmt), encoding))
        tb = Path(d) / "tb.sqlite"
        invoke("glossary", "import", str(g), "--termbase", str(tb))
        if fmt == "tsv":  # the same rows as aligned pairs: mine them into a TBX
            tbx = Path(d) / "out.tbx"
            if invoke("glossary", "build", str(g), "-o", str(tbx), "--min-freq", "1", "--termbase",
                      str(tb)).exit_code == 0:
                etree.parse(str(tbx))


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(terms=st.lists(st.tuples(st.lists(piece, min_size=1, max_size=3).map("".join),
                                st.lists(piece, min_size=1, max_size=3).map("".join)), max_size=5))
def test_tbx_import_with_character_references(terms: list[tuple[str, str]]) -> None:
    """TBX input whose terms hold character references to anything (``&#1;``, ``&#xFFFE;``)."""
    def ref(text: str) -> str:
        return "".join(f"&#{ord(c)};" if not c.isalnum() else c for c in text)

    body = "".join(f'<conceptEntry id="c{i}"><langSec xml:lang="zh"><termSec><term>{ref(z)}</term></termSec>'
                   f'</langSec><langSec xml:lang="en"><termSec><term>{ref(e)}</term></termSec></langSec>'
                   "</conceptEntry>" for i, (z, e) in enumerate(terms))
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "g.tbx"
        p.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2" '
                     f'type="TBX-Basic" style="dca" xml:lang="en"><text><body>{body}</body></text></tbx>\n',
                     encoding="utf-8")
        invoke("glossary", "import", str(p), "--termbase", str(Path(d) / "tb.sqlite"))

