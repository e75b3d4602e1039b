"""The main job end to end: `ipcorpus run` on the white paper writes every output and fills the term base."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipcorpus.cli import cli

ROOT = Path(__file__).resolve().parents[2]
WHITEPAPER = ROOT / "corpora" / "whitepaper-2019" / "whitepaper-2019-zhejiang-ip.txt"


@pytest.mark.slow
def test_run_on_whitepaper_writes_everything(whitepaper_run) -> None:
    """The session's run (``ipcorpus run <white paper> -o out --termbase tb.sqlite``, exit 0)."""
    out, tb = whitepaper_run.out, whitepaper_run.termbase
    for name in ("units.jsonl", "memory.tmx", "memory-sentences.tmx", "memory.tsv", "alignment.jsonl",
                 "glossary.tsv", "glossary.tbx"):
        assert (out / name).stat().st_size > 0, name
    assert not list(out.glob(".*.tmp")), "a temporary file was left behind"

    # every sentence of both documents is in exactly one bead of the JSONL, in order
    units = [json.loads(line) for line in (out / "units.jsonl").read_text(encoding="utf-8").splitlines()]
    n_zh = sum(len(u["sentences"]) for u in units if u["lang"] == "zh")
    n_en = sum(len(u["sentences"]) for u in units if u["lang"] == "en")
    lines = (out / "alignment.jsonl").read_text(encoding="utf-8").splitlines()
    beads = [json.loads(x) for x in lines[1:]]
    assert [i for b in beads for i in b["zh_ids"]] == list(range(n_zh))
    assert [i for b in beads for i in b["en_ids"]] == list(range(n_en))

    # the TMX holds the paired units and they are 1-1 only in the sentence-level file
    tus = ET.parse(out / "memory.tmx").getroot().findall("./body/tu")
    assert len(tus) == sum(1 for b in beads if b["zh_ids"] and b["en_ids"])
    for tu in ET.parse(out / "memory-sentences.tmx").getroot().findall("./body/tu"):
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-bead"] == "1-1"

    # the term base answers right away
    res = CliRunner().invoke(cli, ["term", "知识产权", "--termbase", str(tb), "--json"])
    assert res.exit_code == 0, res.output
    assert "intellectual property" in res.output


def test_run_bad_input_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "image.bin"
    bad.write_bytes(bytes(range(256)) * 64)
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["run", str(bad), "-o", str(out), "--no-termbase"])
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1 and str(bad) in res.output
    assert not out.exists() or not any(out.iterdir())


def test_run_missing_input(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["run", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o"), "--no-termbase"])
    assert res.exit_code == 1
    assert "nope.txt" in res.output and "Traceback" not in res.output


def test_unexpected_error_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug deep inside still reaches the user as one line with exit 1 (IPCORPUS_DEBUG=1 shows it)."""
    import ipcorpus.pipeline

    def boom(*args, **kwargs):
        raise ValueError("something broke")

    monkeypatch.setattr(ipcorpus.pipeline, "load_documents", boom)
    monkeypatch.delenv("IPCORPUS_DEBUG", raising=False)
    res = CliRunner().invoke(cli, ["run", str(WHITEPAPER), "-o", str(tmp_path / "o"), "--no-termbase"])
    assert res.exit_code == 1
    assert res.output.strip().splitlines() == [
        "Error: internal error: ValueError: something broke (run with IPCORPUS_DEBUG=1 for the traceback, "
        "and please report it)"
    ]


def test_align_fast_skips_the_refine_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--fast reaches the aligner as AlignConfig(refine=False); the default keeps the second pass."""
    import ipcorpus.align.document as document

    seen = []
    real = document.align_documents

    def spy(zh, en, encoder, config=None, **kwargs):
        seen.append(config.refine)
        return real(zh, en, encoder, config, **kwargs)

    monkeypatch.setattr(document, "align_documents", spy)
    zh = tmp_path / "a.zh"
    en = tmp_path / "a.en"
    zh.write_text("专利质押登记金额增长。\n商标注册量居全国前列。\n", encoding="utf-8")
    en.write_text("The amount of patent pledges grew.\nTrademark registrations ranked among the top.\n",
                  encoding="utf-8")
    for flags in (["--fast"], []):
        out = tmp_path / f"out{len(flags)}.align"
        res = CliRunner().invoke(cli, ["align", str(zh), "--en", str(en), "--presplit", "-o", str(out), *flags])
        assert res.exit_code == 0, res.output
        assert out.read_text().split() == ["[0]:[0]", "[1]:[1]"]
    assert seen == [False, True]


@pytest.mark.slow
def test_run_keeps_general_words_and_bare_verbs_when_asked(whitepaper_run, tmp_path: Path) -> None:
    """``run --general-words --bare-words`` lists what the default run leaves to the review file, and the
    sidecar says so."""
    def rows(folder: Path) -> dict[str, str]:
        return {ln.split("\t")[0]: ln.split("\t")[1]
                for ln in (folder / "glossary.tsv").read_text(encoding="utf-8").splitlines()}

    default = rows(whitepaper_run.out)
    review = {ln.split("\t")[0]: ln.split("\t")[3]
              for ln in (whitepaper_run.out / "glossary-review.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    general = {z for z, v in review.items() if v == "a general word"}
    bare = {z for z, v in review.items() if v in ("a verb, no term", "a modifier, no term")}
    assert general and bare and not (general | bare) & set(default)
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["run", str(WHITEPAPER), "-o", str(out), "--no-termbase", "--no-report",
                                   "--general-words", "--bare-words"])
    assert res.exit_code == 0, res.output
    got = rows(out)
    again = {ln.split("\t")[0]: ln.split("\t")[3]
             for ln in (out / "glossary-review.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    # each is listed now, unless a later check (a rendering unlike the term) leaves it out
    assert all(z in got or again[z].startswith("rendering unlike") for z in general | bare)
    assert len((general | bare) & set(got)) >= 0.9 * len(general | bare) and set(default) <= set(got)
    meta = json.loads((out / "glossary.tsv.meta.json").read_text(encoding="utf-8"))
    assert json.dumps(meta).count('"general_words": true') == 1 and json.dumps(meta).count('"bare_words": true') == 1
