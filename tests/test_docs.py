"""The README tells the truth: its Python example runs, and every command has --help and a row in it
(as sqlite-utils' tests/test_docs.py does)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ipcorpus.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    ctx = click.Context(group)
    out = []
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        out.append((f"{prefix}{name}", cmd))
        if isinstance(cmd, click.Group):
            out += _commands(cmd, f"{prefix}{name} ")
    return out


COMMANDS = _commands(cli)


def test_the_command_list_is_not_empty():
    names = [n for n, _ in COMMANDS]
    assert {"run", "align", "eval", "term", "glossary build"} <= set(names)


@pytest.mark.parametrize("name", [n for n, _ in COMMANDS])
def test_every_command_has_help_and_a_readme_row(name):
    res = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert res.exit_code == 0 and "Usage:" in res.output, res.output
    assert re.search(rf"`ipcorpus {re.escape(name)}[ `]", README), f"README has no row for `ipcorpus {name}`"


def _python_example() -> str:
    section = README.split("## Use from Python", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1
    return blocks[0]


def test_readme_names_only_public_api():
    import ipcorpus

    code = _python_example()
    used = set(re.findall(r"ipcorpus\.(\w+)", code))
    assert used and used <= set(ipcorpus.__all__)


@pytest.mark.slow
def test_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    """The example as written, from a folder where its relative path resolves (real default encoder)."""
    (tmp_path / "corpora").symlink_to(ROOT / "corpora")
    monkeypatch.chdir(tmp_path)
    exec(compile(_python_example(), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert " -> " in out and (tmp_path / "memory.tmx").stat().st_size > 10_000
    assert "<tu" in (tmp_path / "memory.tmx").read_text(encoding="utf-8")
