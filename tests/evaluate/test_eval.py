"""The scorer against hand-computed cases (Vecalign score.py semantics), the .align format, `ipcorpus eval`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ipcorpus.cli import cli
from ipcorpus.errors import InputError
from ipcorpus.evaluate import format_align, parse_align, read_align, score, score_many
from ipcorpus.types import Bead

GOLD = [((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((3,), (3,))]
TEST = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ()), ((3,), (3,))]


def test_hand_computed_case():
    # precision over 5 test beads: [0]:[0] exact, [1]:[1] overlaps gold [1]:[1,2] (lax only),
    # []:[2] has no zh side (miss), [2]:[] is exactly in gold (hit), [3]:[3] exact -> strict 3/5, lax 4/5.
    # recall over gold beads without deletions (3): [0]:[0] and [3]:[3] exact, [1]:[1,2] overlaps -> 2/3, 3/3.
    s = score(GOLD, TEST)
    assert s["strict"]["precision"] == pytest.approx(3 / 5)
    assert s["strict"]["recall"] == pytest.approx(2 / 3)
    assert s["strict"]["f1"] == pytest.approx(2 * 0.6 * (2 / 3) / (0.6 + 2 / 3))
    assert s["lax"]["precision"] == pytest.approx(4 / 5)
    assert s["lax"]["recall"] == pytest.approx(1.0)
    assert s["lax"]["f1"] == pytest.approx(2 * 0.8 / 1.8)


def test_by_type():
    bt = score(GOLD, TEST)["by_type"]
    assert bt["1-1"]["test"] == 3 and bt["1-1"]["gold"] == 2
    assert bt["1-1"]["strict"]["precision"] == pytest.approx(2 / 3)
    assert bt["1-2"]["strict"]["recall"] == 0.0 and bt["1-2"]["lax"]["recall"] == 1.0
    assert bt["0-1"]["strict"]["precision"] == 0.0 and bt["0-1"]["strict"]["recall"] is None
    assert bt["1-0"]["strict"]["precision"] == 1.0


def test_perfect_and_disjoint():
    assert score(GOLD, GOLD)["strict"]["f1"] == 1.0
    off = [((0,), (3,)), ((3,), (0,))]
    s = score([((0,), (0,)), ((3,), (3,))], off)
    assert s["strict"]["f1"] == 0.0 and s["lax"]["f1"] == 0.0


def test_pooled_is_not_mean_of_files():
    # pooled counts: file 1 has 1 bead (hit), file 2 has 3 beads (all wrong) -> P = R = 1/4
    g1, t1 = [((0,), (0,))], [((0,), (0,))]
    g2 = [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    t2 = [((0,), (1,)), ((1,), (2,)), ((2,), (0,))]
    s = score_many([g1, g2], [t1, t2])
    assert s["strict"]["precision"] == pytest.approx(0.25)
    assert s["strict"]["recall"] == pytest.approx(0.25)


def test_duplicates_and_empty_beads_ignored():
    s = score(GOLD, TEST + [((0,), (0,)), ((), ())])
    assert s["strict"]["precision"] == pytest.approx(3 / 5)


def test_align_format_round_trip(tmp_path):
    text = format_align([Bead((8, 9), (8,), 0.9), Bead((3,), (), 0.5), Bead((), (4,))])
    assert text == "[8,9]:[8]\n[3]:[]\n[]:[4]\n"
    p = tmp_path / "x.align"
    p.write_text(text + "\n", encoding="utf-8")
    assert read_align(p) == [((8, 9), (8,)), ((3,), ()), ((), (4,))]
    assert parse_align("[1, 2]:[3]") == [((1, 2), (3,))]


def test_bad_align_file_names_file_and_line(tmp_path):
    p = tmp_path / "bad.align"
    p.write_text("[0]:[0]\n0-1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.align:2"):
        read_align(p)


def _write(folder, name, pairs):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(format_align(pairs), encoding="utf-8")


def test_cli_folders_table_and_json(tmp_path):
    _write(tmp_path / "g", "001.align", GOLD)
    _write(tmp_path / "t", "001.align", TEST)
    _write(tmp_path / "g", "002.align", GOLD)
    _write(tmp_path / "t", "002.align", GOLD)
    r = CliRunner().invoke(cli, ["eval", "--gold", str(tmp_path / "g"), "--test", str(tmp_path / "t")])
    assert r.exit_code == 0, r.output
    assert "overall" in r.output and "1-2" in r.output and "002.align" in r.output
    r = CliRunner().invoke(cli, ["eval", "--gold", str(tmp_path / "g"), "--test", str(tmp_path / "t"), "--json"])
    data = json.loads(r.output)
    assert data["strict"]["precision"] == pytest.approx(7 / 9)  # 3 of 5 plus 4 of 4
    assert data["files"]["002.align"]["strict"] == 1.0


def test_cli_missing_counterpart_is_one_line_error(tmp_path):
    _write(tmp_path / "g", "001.align", GOLD)
    _write(tmp_path / "g", "002.align", GOLD)
    _write(tmp_path / "t", "001.align", TEST)
    r = CliRunner().invoke(cli, ["eval", "--gold", str(tmp_path / "g"), "--test", str(tmp_path / "t")])
    assert r.exit_code == 1
    assert "002.align" in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_cli_bad_input_exit_1(tmp_path):
    _write(tmp_path / "g", "001.align", GOLD)
    bad = tmp_path / "bad.align"
    bad.write_text("nonsense\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["eval", "--gold", str(tmp_path / "g" / "001.align"), "--test", str(bad)])
    assert r.exit_code == 1 and "bad.align:1" in r.output
    r = CliRunner().invoke(cli, ["eval", "--gold", str(tmp_path / "nope"), "--test", str(bad)])
    assert r.exit_code == 1 and "nope" in r.output
