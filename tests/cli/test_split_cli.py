"""``ipcorpus split`` through click's CliRunner: output, summary line, exit codes, no tracebacks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipcorpus.cli import cli


def _run(*args: str):
    return CliRunner().invoke(cli, ["split", *args])


def test_split_whitepaper(whitepaper_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "units.jsonl"
    res = _run(str(whitepaper_path), "-o", str(out))
    assert res.exit_code == 0, res.output
    m = re.fullmatch(r"zh: (\d+) paragraphs, (\d+) sentences; en: (\d+) paragraphs, (\d+) sentences -> (.+)\n",
                     res.output)
    assert m and m.group(5) == str(out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    zh = [r for r in rows if r["lang"] == "zh"]
    en = [r for r in rows if r["lang"] == "en"]
    assert (len(zh), sum(len(r["sentences"]) for r in zh)) == (int(m.group(1)), int(m.group(2)))
    assert (len(en), sum(len(r["sentences"]) for r in en)) == (int(m.group(3)), int(m.group(4)))
    assert set(rows[0]) == {"id", "lang", "kind", "text", "start_line", "end_line", "sentences"}
    assert rows[0]["kind"] == "title" and rows[0]["start_line"] == 1


def test_split_pair_and_presplit(tmp_path: Path) -> None:
    zh = tmp_path / "a.zh"
    en = tmp_path / "a.en"
    zh.write_text("第一句。第二句。\n第三句。\n", encoding="gb18030")
    en.write_text("One. Two.\nThree.\n", encoding="utf-8")
    out = tmp_path / "sub" / "o.jsonl"
    res = _run(str(zh), "--en", str(en), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert res.output.startswith("zh: 2 paragraphs, 3 sentences; en: 2 paragraphs, 3 sentences -> ")
    res = _run(str(zh), "--en", str(en), "--presplit", "-o", str(out))
    assert res.exit_code == 0, res.output
    assert res.output.startswith("zh: 2 paragraphs, 2 sentences; en: 2 paragraphs, 2 sentences -> ")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["sentences"][0]["text"] for r in rows] == ["第一句。第二句。", "第三句。", "One. Two.", "Three."]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 10, "binary"),
        ("只有中文的文件。没有英文。".encode(), "no English text"),
    ],
)
def test_split_bad_input_one_line_error(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out.jsonl"
    res = _run(str(bad), "-o", str(out))
    assert res.exit_code == 1
    assert res.output.count("\n") == 1 and res.output.startswith("Error: ") and message in res.output
    assert str(bad) in res.output
    assert "Traceback" not in res.output and not isinstance(res.exception, (KeyError, ValueError, TypeError))
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]  # no half-written output


def test_split_bad_input_keeps_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert _run(str(bad), "-o", str(out)).exit_code == 1
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_split_usage_errors(tmp_path: Path, whitepaper_path: Path) -> None:
    assert _run(str(whitepaper_path)).exit_code == 2  # -o missing
    assert _run(str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.jsonl")).exit_code == 2
    res = _run(str(whitepaper_path), "--presplit", "-o", str(tmp_path / "o.jsonl"))
    assert res.exit_code == 2 and "--presplit needs --en" in res.output


def test_split_help() -> None:
    res = _run("--help")
    assert res.exit_code == 0
    for word in ("INPUT", "--en", "--presplit", "-o", "bilingual", "Example"):
        assert word in res.output
