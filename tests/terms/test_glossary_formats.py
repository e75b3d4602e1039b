"""Glossary files: TSV (OmegaT), CSV, JSON, TBX-Basic (checked against the official TBX v3 schemas),
import, bad input."""

from __future__ import annotations

import csv
import json

import pytest
from lxml import etree
from tbx_schemas import BASIC_SCH, CORE_RNG, EXAMPLE, NS, SCHEMAS, Schematron

from ipcorpus.errors import InputError, IpcorpusError
from ipcorpus.terms.formats import filter_glossary, meta_sidecar_path, read_glossary, write_glossary
from ipcorpus.terms.formats.tbx import TBX_NS, validate_tbx
from ipcorpus.types import Definition, Example, Glossary, TermEntry, Translation

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def schematron() -> Schematron:
    if not SCHEMAS.is_dir():
        pytest.skip(f"the official TBX schemas are not at {SCHEMAS} (shared/schemas/tbx beside the clone)")
    return Schematron(BASIC_SCH)


@pytest.fixture
def glossary() -> Glossary:
    return Glossary([
        TermEntry("发明专利", [Translation("patent for invention", 0.93, 12), Translation("invention patent", 0.81, 2)],
                  13, [Example("全省有效发明专利16.06万件", "160,600 valid patents for invention", 4)],
                  definition=Definition("发明专利是指\t对产品、方法\n提出的新的技术方案。",
                                        "An invention patent means a new technical solution\tfor a product.", 7)),
        TermEntry("商业秘密", [Translation("trade secret", 0.88, 8)], 9, kind="term",
                  definition=Definition("商业秘密指不为公众所知悉的技术信息。", "Trade secrets means technical information.")),
        TermEntry("质押", [Translation("pledge", 0.40, 3)], 1),
        TermEntry("国家知识产权局", [Translation("China National Intellectual Property Administration", 0.9, 5)], 5,
                  kind="name", note="an office"),
        TermEntry("《专利法》", [Translation("Patent Law", 0.9, 4)], 4, kind="title"),
        TermEntry("“双随机、一公开”", [Translation("double random, one public", 0.7, 2)], 2, kind="quoted"),
        TermEntry("知产", [Translation("IP", 0.6, 3)], 3, kind="abbreviation"),
    ], {"encoder": "test", "config": {"min_freq": 2, "weights": [0.5, 0.25]}})


# ---------------------------------------------------------------------------- the validators themselves


def test_schematron_validator_passes_the_official_example_and_fails_broken_files(schematron):
    report = schematron.svrl(EXAMPLE)
    assert len(report.xpath("//svrl:fired-rule", namespaces=NS)) > 1000  # the rules did run
    assert schematron.errors(EXAMPLE) == []
    assert validate_tbx(EXAMPLE, CORE_RNG) == []
    text = EXAMPLE.read_text(encoding="utf-8")
    broken = {  # expected message -> a copy of the example with one error the core RNG does not see
        "Permitted type value(s): subjectField, context, definition":
            text.replace('type="subjectField"', 'type="madeUpField"', 1),
        "/administrativeStatus/ type may be": text.replace(">preferredTerm-admn-sts<", ">bestTerm<", 1),
        "The style of this dialect should be declared as 'dca'": text.replace('style="dca"', 'style="dct"', 1),
        "/subjectField/ may only appear at level(s): conceptEntry":
            text.replace("</termSec>", '<descrip type="subjectField">Astronomy</descrip></termSec>', 1),
    }
    for expected, bad in broken.items():
        assert validate_tbx(bad.encode("utf-8"), CORE_RNG) == [], expected
        errors = schematron.errors(bad.encode("utf-8"))
        assert len(errors) == 1 and expected in errors[0], (expected, errors)


def test_core_rng_rejects_structural_errors():
    if not SCHEMAS.is_dir():
        pytest.skip(f"the official TBX schemas are not at {SCHEMAS} (shared/schemas/tbx beside the clone)")
    text = EXAMPLE.read_text(encoding="utf-8")
    assert validate_tbx(text.replace("<termSec>", "<termSecX>").replace("</termSec>", "</termSecX>").encode(), CORE_RNG)
    assert validate_tbx(text.replace("urn:iso:std:iso:30042:ed-2", "urn:iso:std:iso:30042:ed:3.0").encode(), CORE_RNG)
    assert validate_tbx(b"<tbx><text>", CORE_RNG)[0].startswith("not well-formed")


def test_validate_tbx_needs_the_grammar(tmp_path, glossary):
    out = tmp_path / "g.tbx"
    write_glossary(glossary, out)
    with pytest.raises(IpcorpusError, match="TBXcoreStructV03.rng"):
        validate_tbx(out)
    with pytest.raises(IpcorpusError, match="cannot load"):
        validate_tbx(out, tmp_path / "missing.rng")


# ------------------------------------------------------------------------------------------ TBX output


def test_tbx_output_passes_the_official_rng_and_schematron(tmp_path, glossary, schematron):
    out = tmp_path / "g.tbx"
    assert write_glossary(glossary, out) == 7
    assert validate_tbx(out, CORE_RNG) == []
    assert schematron.errors(out) == []
    # and with the filters, and a glossary without definitions, kinds or examples
    small = tmp_path / "small.tbx"
    write_glossary(Glossary([TermEntry("专利", [Translation("patent", 1.0)])]), small)
    assert validate_tbx(small, CORE_RNG) == [] and schematron.errors(small) == []
    write_glossary(glossary, small, min_freq=5, min_confidence=0.85)
    assert validate_tbx(small, CORE_RNG) == [] and schematron.errors(small) == []


def test_schematron_rejects_a_definition_at_term_level(tmp_path, glossary, schematron):
    out = tmp_path / "g.tbx"
    write_glossary(glossary, out)
    text = out.read_text(encoding="utf-8")
    bad = text.replace('<descrip type="context">', '<descrip type="definition">', 1)
    assert any("/definition/ may only appear at level(s): conceptEntry, langSec" in e
               for e in schematron.errors(bad.encode("utf-8")))
    bad = text.replace('type="administrativeStatus"', 'type="madeUpCategory"', 1)
    assert any("Permitted type value(s): administrativeStatus" in e for e in schematron.errors(bad.encode("utf-8")))


def test_tbx_layout_definition_kind_and_meta(tmp_path, glossary):
    out = tmp_path / "g.tbx"
    write_glossary(glossary, out)
    root = etree.parse(str(out)).getroot()
    assert root.tag == f"{{{TBX_NS}}}tbx" and TBX_NS == "urn:iso:std:iso:30042:ed-2"
    assert (root.get("type"), root.get("style")) == ("TBX-Basic", "dca")
    p = root.xpath("string(t:tbxHeader/t:fileDesc/t:sourceDesc/t:p)", namespaces=NS)
    assert p.startswith("ipcorpus ")
    assert json.loads(p[len("ipcorpus "):]) == glossary.meta  # the config included
    c1, c2, c3, c4, c5, c6, c7 = root.xpath("//t:conceptEntry", namespaces=NS)
    zh, en = c1.xpath("t:langSec", namespaces=NS)
    assert (zh.get(XML_LANG), en.get(XML_LANG)) == ("zh", "en")
    # the definition at the language level, each sentence in its language, with its segment
    assert zh.xpath("string(t:descripGrp/t:descrip[@type='definition'])", namespaces=NS) == \
        "发明专利是指 对产品、方法 提出的新的技术方案。"
    assert zh.xpath("string(t:descripGrp/t:admin[@type='source'])", namespaces=NS) == "segment 7"
    assert en.xpath("string(t:descripGrp/t:descrip[@type='definition'])", namespaces=NS).startswith(
        "An invention patent means")
    assert not root.xpath("//t:termSec//t:descrip[@type='definition']", namespaces=NS)
    assert c2.xpath("string(t:langSec[@xml:lang='en']/t:descrip[@type='definition'])", namespaces=NS) == \
        "Trade secrets means technical information."
    assert not c3.xpath(".//t:descrip[@type='definition']", namespaces=NS)
    # the kind: a note, and termType only for the abbreviation (on the Chinese term)
    assert not c1.xpath("t:note", namespaces=NS)
    assert [n.text for n in c4.xpath("t:note", namespaces=NS)] == ["kind: name", "an office"]
    assert c5.xpath("string(t:note)", namespaces=NS) == "kind: title"
    assert c6.xpath("string(t:note)", namespaces=NS) == "kind: quoted"
    assert c7.xpath("string(t:note)", namespaces=NS) == "kind: abbreviation"
    assert c7.xpath("string(t:langSec[@xml:lang='zh']/t:termSec/t:termNote[@type='termType'])",
                    namespaces=NS) == "abbreviation"
    assert len(root.xpath("//t:termNote[@type='termType']", namespaces=NS)) == 1


def test_tbx_round_trip_with_definitions(tmp_path, glossary):
    out = tmp_path / "g.tbx"
    write_glossary(glossary, out)
    back = read_glossary(out)
    assert [e.source for e in back.entries] == [e.source for e in glossary.entries]
    assert [[t.target for t in e.translations] for e in back.entries] == \
        [[t.target for t in e.translations] for e in glossary.entries]
    assert [e.kind for e in back.entries] == [e.kind for e in glossary.entries]
    assert back.entries[0].definition == Definition("发明专利是指 对产品、方法 提出的新的技术方案。",
                                                    "An invention patent means a new technical solution for a product.", 7)
    assert back.entries[1].definition == Definition("商业秘密指不为公众所知悉的技术信息。",
                                                    "Trade secrets means technical information.", None)
    assert back.entries[2].definition is None
    assert back.entries[3].note == "an office"
    assert all(e.origin == "imported" for e in back.entries)
    assert (back.meta["src_lang"], back.meta["tgt_lang"]) == ("zh", "en")


def test_tbx_validates_and_imports(tmp_path, glossary):
    out = tmp_path / "g.tbx"
    write_glossary(glossary, out)
    back = read_glossary(out)
    assert [e.source for e in back.entries][:3] == ["发明专利", "商业秘密", "质押"]
    assert [t.target for t in back.entries[0].translations] == ["patent for invention", "invention patent"]


# --------------------------------------------------------------------------------------- TBX import


def test_import_the_official_tbx_basic_example():
    """The example is in English, Spanish and Zulu: read as English -> Spanish (the first two languages)."""
    if not SCHEMAS.is_dir():
        pytest.skip(f"the official TBX schemas are not at {SCHEMAS} (shared/schemas/tbx beside the clone)")
    root = etree.parse(str(EXAMPLE)).getroot()
    expected = []
    for ce in root.xpath("//t:conceptEntry", namespaces=NS):
        en = ce.xpath("t:langSec[@xml:lang='en']/t:termSec/t:term/text()", namespaces=NS)
        es = ce.xpath("t:langSec[@xml:lang='es']/t:termSec/t:term/text()", namespaces=NS)
        if en and es:
            expected.append((en[0].strip(), list(dict.fromkeys(t.strip() for t in es))))
    assert len(expected) > 30
    g = read_glossary(EXAMPLE)
    assert (g.meta["src_lang"], g.meta["tgt_lang"]) == ("en", "es")
    assert [(e.source, [t.target for t in e.translations]) for e in g.entries] == expected
    first = g.entries[0]
    assert (first.source, first.translations[0].target) == ("open cluster", "cúmulo abierto")
    assert first.definition is not None
    assert first.definition.zh == "A group of stars formed together in the spiral arms of a galaxy."
    assert first.definition.en.startswith("Una acumulación")
    # other languages on request
    es = read_glossary(EXAMPLE, src_lang="es", tgt_lang="en")
    assert [e.source for e in es.entries][:2] == ["cúmulo abierto", "disco de acreción"]
    assert es.entries[0].definition.zh.startswith("Una acumulación")
    with pytest.raises(InputError, match=r"no entries with terms in both en and zu \(the file's languages: en, es, zu\)"):
        read_glossary(EXAMPLE, src_lang="en", tgt_lang="zu")  # the Zulu entries are sources (bibliography)


def test_read_tbx_prefers_chinese_english_over_file_order(tmp_path):
    f = tmp_path / "three.tbx"
    f.write_text(f'<tbx xmlns="{TBX_NS}" type="TBX-Basic" style="dca" xml:lang="en"><text><body>'
                 '<conceptEntry id="c1"><langSec xml:lang="de"><termSec><term>Patent</term></termSec></langSec>'
                 '<langSec xml:lang="en-GB"><termSec><term>patent</term><termNote type="termType">fullForm</termNote>'
                 '</termSec></langSec><langSec xml:lang="zh-Hans"><termSec><term>专利</term></termSec></langSec>'
                 '</conceptEntry></body></text></tbx>', encoding="utf-8")
    g = read_glossary(f)
    assert [(e.source, e.translations[0].target, e.kind) for e in g.entries] == [("专利", "patent", "term")]


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
    f.write_text(f'<tbx xmlns="{TBX_NS}"><text><body><conceptEntry id="c1">'
                 '<langSec xml:lang="zh"><termSec><term>专利</term></termSec></langSec></conceptEntry></body></text></tbx>',
                 encoding="utf-8")
    with pytest.raises(InputError, match=r"no entries with both a Chinese and an English term \(the file's languages: zh\)"):
        read_glossary(f)


# ------------------------------------------------------------------------------------ TSV, CSV, JSON


def test_tsv_is_omegat_layout_best_first(tmp_path, glossary):
    out = tmp_path / "g.tsv"
    n = write_glossary(glossary, out)
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert n == 7
    assert all(len(r) == 3 for r in rows)
    assert rows[0][:2] == ["发明专利", "patent for invention"]
    assert rows[1][:2] == ["发明专利", "invention patent"]
    assert "confidence 0.93" in rows[0][2]
    # the definition in the comment, tabs and newlines folded
    assert rows[0][2].endswith("; definition: 发明专利是指 对产品、方法 提出的新的技术方案。 / "
                               "An invention patent means a new technical solution for a product.")
    assert rows[1][2] == rows[0][2].replace("confidence 0.93; count 12", "confidence 0.81; count 2")
    assert "definition" not in rows[3][2]
    assert rows[4][2].endswith("; kind: name")
    # OmegaT reads it back
    assert [t.target for t in read_glossary(out).entries[0].translations] == ["patent for invention", "invention patent"]


def test_tsv_meta_sidecar(tmp_path, glossary):
    out = tmp_path / "g.tsv"
    write_glossary(glossary, out)
    side = meta_sidecar_path(out)
    assert side == tmp_path / "g.tsv.meta.json"
    assert json.loads(side.read_text(encoding="utf-8")) == glossary.meta
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.tsv", "g.tsv.meta.json"]  # no temporary file left
    write_glossary(glossary, tmp_path / "g.csv")
    assert not meta_sidecar_path(tmp_path / "g.csv").exists()


def test_filters(tmp_path, glossary):
    out = tmp_path / "g.csv"
    n = write_glossary(glossary, out, min_freq=2, min_confidence=0.85)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert n == 4
    assert [(r["source"], r["target"]) for r in rows][:2] == [("发明专利", "patent for invention"), ("商业秘密", "trade secret")]


def test_filter_keeps_kind_and_definition(glossary):
    g = filter_glossary(glossary, min_confidence=0.85)
    assert [(e.source, e.kind) for e in g.entries] == [("发明专利", "term"), ("商业秘密", "term"),
                                                       ("国家知识产权局", "name"), ("《专利法》", "title")]
    assert g.entries[0].definition == glossary.entries[0].definition
    assert [t.target for t in g.entries[0].translations] == ["patent for invention"]
    assert g.entries[2].note == "an office"
    assert g.meta == glossary.meta and g.meta is not glossary.meta


def test_csv_columns_kind_and_definition_last(tmp_path, glossary):
    out = tmp_path / "g.csv"
    write_glossary(glossary, out)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["source", "target", "confidence", "count", "frequency", "origin", "rank",
                       "kind", "definition_zh", "definition_en"]
    assert rows[1][7:] == ["term", "发明专利是指\t对产品、方法\n提出的新的技术方案。",
                           "An invention patent means a new technical solution\tfor a product."]
    assert rows[4][7:] == ["term", "", ""]
    assert rows[-1][7:] == ["abbreviation", "", ""]
    back = read_glossary(out)
    assert [e.kind for e in back.entries] == [e.kind for e in glossary.entries]
    assert back.entries[1].definition == Definition("商业秘密指不为公众所知悉的技术信息。", "Trade secrets means technical information.")


def test_json_round_trip(tmp_path, glossary):
    out = tmp_path / "g.json"
    write_glossary(glossary, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["meta"] == glossary.meta
    assert data["entries"][0]["examples"][0]["segment_id"] == 4
    assert data["entries"][0]["definition"] == {"zh": "发明专利是指\t对产品、方法\n提出的新的技术方案。",
                                                "en": "An invention patent means a new technical solution\tfor a product.",
                                                "segment_id": 7}
    assert data["entries"][2]["definition"] is None
    assert [e["kind"] for e in data["entries"]] == ["term", "term", "term", "name", "title", "quoted", "abbreviation"]
    back = read_glossary(out)
    assert back.entries[0].translations[0].target == "patent for invention"
    assert back.entries[0].definition == glossary.entries[0].definition
    assert [e.kind for e in back.entries] == [e.kind for e in glossary.entries]


def test_read_tsv_and_csv_alternatives(tmp_path):
    t = tmp_path / "team.tsv"
    t.write_text("专利导航\tpatent navigation|patent guidance\tapproved\n", encoding="utf-8")
    g = read_glossary(t)
    assert [x.target for x in g.entries[0].translations] == ["patent navigation", "patent guidance"]
    c = tmp_path / "team.csv"
    c.write_text("zh,en\n商业秘密,trade secret\n", encoding="utf-8")
    assert read_glossary(c).entries[0].translations[0].target == "trade secret"
    assert read_glossary(c).entries[0].kind == "term" and read_glossary(c).entries[0].definition is None


def test_unknown_extension_and_atomic_write(tmp_path, glossary):
    with pytest.raises(Exception, match="unknown glossary format"):
        write_glossary(glossary, tmp_path / "g.xlsx")
    out = tmp_path / "g.tbx"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(Exception, match="empty"):
        write_glossary(glossary, out, min_confidence=0.99)
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.tbx"]
