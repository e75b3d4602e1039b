"""Glossary files: TSV (OmegaT), CSV, JSON, TBX-Basic validation, import, bad input."""

from __future__ import annotations

import csv
import json

import pytest

from ipcorpus.errors import InputError
from ipcorpus.terms.formats import read_glossary, validate_tbx, write_glossary
from ipcorpus.types import Example, Glossary, TermEntry, Translation


@pytest.fixture
def glossary() -> Glossary:
    return Glossary([
        TermEntry("发明专利", [Translation("patent for invention", 0.93, 12), Translation("invention patent", 0.81, 2)],
                  13, [Example("全省有效发明专利16.06万件", "160,600 valid patents for invention", 4)]),
        TermEntry("商业秘密", [Translation("trade secret", 0.88, 8)], 9),
        TermEntry("质押", [Translation("pledge", 0.40, 3)], 1),
    ], {"encoder": "test"})


def test_tsv_is_omegat_layout_best_first(tmp_path, glossary):
    out = tmp_path / "g.tsv"
    n = write_glossary(glossary, out)
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert n == 3
    assert all(len(r) == 3 for r in rows)
    assert rows[0][:2] == ["发明专利", "patent for invention"]
    assert rows[1][:2] == ["发明专利", "invention patent"]
    assert "confidence 0.93" in rows[0][2]


def test_filters(tmp_path, glossary):
    out = tmp_path / "g.csv"
    n = write_glossary(glossary, out, min_freq=2, min_confidence=0.85)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert n == 2
    assert [(r["source"], r["target"]) for r in rows] == [("发明专利", "patent for invention"), ("商业秘密", "trade secret")]


def test_json_round_trip(tmp_path, glossary):
    out = tmp_path / "g.json"
    write_glossary(glossary, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["meta"]["encoder"] == "test"
    assert data["entries"][0]["examples"][0]["segment_id"] == 4
    back = read_glossary(out)
    assert back.entries[0].translations[0].target == "patent for invention"


def test_tbx_validates_and_imports(tmp_path, glossary):
    out = tmp_path / "g.tbx"
    write_glossary(glossary, out)
    assert validate_tbx(out) == []
    back = read_glossary(out)
    assert [e.source for e in back.entries] == ["发明专利", "商业秘密", "质押"]
    assert [t.target for t in back.entries[0].translations] == ["patent for invention", "invention patent"]
    assert all(e.origin == "imported" for e in back.entries)


def test_schema_rejects_invalid_tbx(tmp_path, glossary):
    out = tmp_path / "g.tbx"
    write_glossary(glossary, out)
    broken = out.read_text(encoding="utf-8").replace('type="administrativeStatus"', 'type="madeUpCategory"', 1)
    assert validate_tbx(broken.encode("utf-8"))
    no_body = out.read_text(encoding="utf-8").replace("<termSec>", "<termSecX>").replace("</termSec>", "</termSecX>")
    assert validate_tbx(no_body.encode("utf-8"))


def test_read_tbx_2008_martif(tmp_path):
    f = tmp_path / "old.tbx"
    f.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body><termEntry id="t1"><langSet xml:lang="zh-CN"><tig><term>商标权质押</term></tig></langSet>
<langSet xml:lang="en-US"><tig><term>trademark right pledge</term></tig></langSet></termEntry></body></text></martif>""",
                 encoding="utf-8")
    g = read_glossary(f)
    assert g.entries[0].source == "商标权质押"
    assert g.entries[0].translations[0].target == "trademark right pledge"


def test_malformed_tbx_is_one_line_input_error(tmp_path):
    f = tmp_path / "bad.tbx"
    f.write_text("<tbx><text><body><conceptEntry>", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_glossary(f)
    assert "bad.tbx" in str(exc.value) and "\n" not in str(exc.value)


def test_tbx_without_bilingual_entries(tmp_path):
    f = tmp_path / "mono.tbx"
    f.write_text('<tbx xmlns="urn:iso:std:iso:30042:ed:3.0"><text><body><conceptEntry id="c1">'
                 '<langSec xml:lang="zh"><termSec><term>专利</term></termSec></langSec></conceptEntry></body></text></tbx>',
                 encoding="utf-8")
    with pytest.raises(InputError, match="no entries"):
        read_glossary(f)


def test_read_tsv_and_csv_alternatives(tmp_path):
    t = tmp_path / "team.tsv"
    t.write_text("专利导航\tpatent navigation|patent guidance\tapproved\n", encoding="utf-8")
    g = read_glossary(t)
    assert [x.target for x in g.entries[0].translations] == ["patent navigation", "patent guidance"]
    c = tmp_path / "team.csv"
    c.write_text("zh,en\n商业秘密,trade secret\n", encoding="utf-8")
    assert read_glossary(c).entries[0].translations[0].target == "trade secret"


def test_unknown_extension_and_atomic_write(tmp_path, glossary):
    with pytest.raises(Exception, match="unknown glossary format"):
        write_glossary(glossary, tmp_path / "g.xlsx")
    out = tmp_path / "g.tbx"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(Exception, match="empty"):
        write_glossary(glossary, out, min_confidence=0.99)
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.tbx"]
