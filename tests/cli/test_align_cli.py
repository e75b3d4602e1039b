"""``ipcorpus align`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import HashEncoder

from ipcorpus.cli import cli

WP = Path(__file__).resolve().parents[2] / "corpora" / "whitepaper-2019" / "whitepaper-2019-zhejiang-ip.txt"




@pytest.fixture
def fake_encoder(monkeypatch: pytest.MonkeyPatch) -> list:
    """Make ``load_encoder`` return the fake encoder; records the arguments it was called with."""
    import ipcorpus.embed

    calls: list = []

    def fake_load(name=None, *, cache_dir=None, **kw):
        calls.append((name, cache_dir))
        return ipcorpus.embed.CachedEncoder(HashEncoder())

    monkeypatch.setattr(ipcorpus.embed, "load_encoder", fake_load)
    return calls


@pytest.fixture
def presplit(tmp_path: Path) -> tuple[Path, Path]:
    zh = tmp_path / "a.zh"
    en = tmp_path / "a.en"
    zh.write_text("2019 年 专利 100 件。\n商标 200 件。\n版权 300 件。\n", encoding="utf-8")
    en.write_text("2019 patents 100 .\ntrademarks 200 .\ncopyrights 300 .\n", encoding="utf-8")
    return zh, en


def run(*args: str):
    return CliRunner().invoke(cli, ["align", *args], catch_exceptions=False)


def test_help_lists_options() -> None:
    res = run("--help")
    assert res.exit_code == 0
    for opt in ("--en", "--presplit", "--format", "--model", "--cache", "--min-score", "--sentence-level-only"):
        assert opt in res.output


def test_presplit_to_align(tmp_path: Path, presplit, fake_encoder) -> None:
    zh, en = presplit
    out = tmp_path / "out" / "a.align"
    res = run(str(zh), "--en", str(en), "--presplit", "-o", str(out), "--cache", str(tmp_path / "c"))
    assert res.exit_code == 0, res.output
    lines = out.read_text().split()
    assert [i for line in lines for i in json.loads(line.split(":")[0])] == [0, 1, 2]
    assert [j for line in lines for j in json.loads(line.split(":")[1])] == [0, 1, 2]
    assert len(res.output.strip().splitlines()) == 1
    assert "beads (" in res.output and str(out) in res.output
    assert fake_encoder == [(None, tmp_path / "c")]


def test_format_option_and_jsonl(tmp_path: Path, presplit, fake_encoder) -> None:
    zh, en = presplit
    out = tmp_path / "a.txt"
    res = run(str(zh), "--en", str(en), "--presplit", "-o", str(out), "--format", "jsonl")
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert "meta" in rows[0] and rows[0]["meta"]["level"] == "sentences"
    assert sum(len(r["zh_ids"]) for r in rows[1:]) == 3


def test_bilingual_to_tmx_with_min_score(tmp_path: Path, fake_encoder) -> None:
    src = tmp_path / "bi.txt"
    src.write_text("专利 100 件。商标 200 件。\n\nPatents 100 items. Trademarks 200 items.\n\n"
                   "版权 300 件。\n\nCopyrights 300 items.\n", encoding="utf-8")
    out = tmp_path / "m.tmx"
    res = run(str(src), "-o", str(out), "--min-score", "0.99")
    assert res.exit_code == 0, res.output
    assert "dropped" in res.output and "weak units (score < 0.99)" in res.output
    assert out.read_text(encoding="utf-8").startswith("<?xml")


def test_sentence_level_only_reported(tmp_path: Path, presplit, fake_encoder) -> None:
    zh, en = presplit
    res = run(str(zh), "--en", str(en), "--presplit", "-o", str(tmp_path / "m.tsv"), "--sentence-level-only")
    assert res.exit_code == 0, res.output
    assert "merged units (--sentence-level-only)" in res.output


@pytest.mark.parametrize("args, exit_code, message", [
    (["-o", "x.docx"], 1, "cannot tell the output format"),
    (["-o", "x.align", "--min-score", "0.5"], 1, "apply to tmx, tsv and jsonl"),
    (["--presplit", "-o", "x.tmx"], 2, "--presplit needs the English file"),
    (["-o", "x.tmx", "--min-score", "2"], 2, "--min-score"),
])
def test_usage_errors(tmp_path: Path, presplit, fake_encoder, args, exit_code, message) -> None:
    zh, _ = presplit
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    res = run(str(zh), *args)
    assert res.exit_code == exit_code
    assert message in res.output
    assert "Traceback" not in res.output
    assert not list(tmp_path.glob("x.*"))


def test_binary_input_is_one_line_error(tmp_path: Path, fake_encoder) -> None:
    bad = tmp_path / "bad.zh"
    bad.write_bytes(bytes(range(256)) * 40)
    en = tmp_path / "ok.en"
    en.write_text("Hello.\n")
    out = tmp_path / "m.tmx"
    res = run(str(bad), "--en", str(en), "-o", str(out))
    assert res.exit_code == 1
    assert res.output.startswith("Error:") and len(res.output.strip().splitlines()) == 1
    assert "bad.zh" in res.output
    assert not out.exists()


def test_missing_model_is_one_line_error(tmp_path: Path, presplit) -> None:
    zh, en = presplit
    res = run(str(zh), "--en", str(en), "--presplit", "-o", str(tmp_path / "m.tmx"),
              "--model", str(tmp_path / "no-such-model"))
    assert res.exit_code == 1
    assert res.output.startswith("Error:") and len(res.output.strip().splitlines()) == 1
    assert not (tmp_path / "m.tmx").exists()


@pytest.mark.slow
def test_whitepaper_end_to_end(tmp_path: Path) -> None:
    """The real default encoder on the white paper; the TMX reads back with translate-toolkit."""
    from translate.storage import tmx

    out = tmp_path / "wp.tmx"
    res = run(str(WP), "-o", str(out))
    assert res.exit_code == 0, res.output
    units = tmx.tmxfile.parsefile(str(out)).units
    pairs = {u.source: u.target for u in units}
    assert len(units) >= 100  # measured 134 (docs/decisions.md, "Test history moved out of the tests")
    fig = [t for s, t in pairs.items() if s.startswith("图 1")]
    assert fig and fig[0].startswith("Figure 1")
