"""Odd characters, outputs that are inputs, encodings, ordinary
failures worded for the user, lines that switch language, ``eval`` on ids the gold does not have.

Every command runs through click's CliRunner; a failure must be one ``Error:`` line with exit code 1,
never a traceback and never ``internal error``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import HashEncoder
from lxml import etree

from ipcorpus.cli import cli
from ipcorpus.errors import InputError
from ipcorpus.ingest import read_text
from ipcorpus.ingest.decode import decode_bytes
from ipcorpus.ingest.script import split_mixed
from ipcorpus.terms.formats import read_glossary
from ipcorpus.terms.pairs import read_segment_pairs


@pytest.fixture
def fake_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    """``load_encoder`` (the aligner's and the miner's) returns the fake encoder: no model is loaded."""
    import ipcorpus.embed

    monkeypatch.setattr(ipcorpus.embed, "load_encoder",
                        lambda name=None, *, cache_dir=None, **kw: ipcorpus.embed.CachedEncoder(HashEncoder()))


@pytest.fixture(autouse=True)
def own_termbase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own default term base (never the user's)."""
    tb = tmp_path / "default-tb.sqlite"
    monkeypatch.setenv("IPCORPUS_TERMBASE", str(tb))
    with contextlib.suppress(ImportError):
        take_notes()
    return tb


def take_notes() -> list[str]:
    """The cleaning step's notes so far (imported here, so that this file runs on older code too)."""
    from ipcorpus.ingest.clean import take_notes as take

    return take()


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def assert_one_line_error(res, *needles: str) -> None:
    """Exit 1, exactly one line, starting ``Error:``, holding the needles; no traceback, no internal error."""
    assert res.exit_code == 1, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), res.output
    assert "internal error" not in res.output and "Traceback" not in res.output
    for needle in needles:
        assert needle in lines[0], res.output


def tb_sources(tb: Path) -> list[str]:
    with sqlite3.connect(tb) as conn:
        return sorted(r[0] for r in conn.execute("select source from entries"))


# ------------------------------------------------------------------ item 3: what XML 1.0 cannot hold
BAD = "\u0001\ufffe\uffff"


def test_clean_text_removes_what_xml_cannot_hold_and_counts() -> None:
    from ipcorpus.ingest.clean import clean_text

    assert clean_text("a\x01b\x0bc\ufffed\ud800e\tf\r\n\U0001f600\uffff", "x") == "abcde\tf\r\n\U0001f600"
    assert take_notes() == ["x: removed 5 characters that XML 1.0 cannot hold "
                            "(control characters, U+FFFE/U+FFFF, lone surrogates)"]
    assert take_notes() == []


def test_read_text_removes_fffe_ffff(tmp_path: Path) -> None:
    p = tmp_path / "doc.txt"
    p.write_text("知识\ufffe产权\uffff保护。\n", encoding="utf-8")
    assert read_text(p) == "知识产权保护。\n"
    assert take_notes() == [f"{p}: removed 2 characters that XML 1.0 cannot hold "
                            "(control characters, U+FFFE/U+FFFF, lone surrogates)"]


def test_json_glossary_with_escaped_controls_and_lone_surrogate_imports(tmp_path: Path, own_termbase: Path) -> None:
    """Before: ``internal error: UnicodeEncodeError`` from the term base (a lone surrogate)."""
    g = tmp_path / "g.json"
    g.write_text('{"entries": [{"source": "\\u8d28\\u62bc\\ud800\\u0001", "translations": '
                 '[{"target": "pledge\\uffff\\ufffe"}]}]}', encoding="utf-8")
    res = run("glossary", "import", str(g))
    assert res.exit_code == 0, res.output
    assert "internal error" not in res.output
    assert "note: " in res.output and "removed 4 characters" in res.output
    assert tb_sources(own_termbase) == ["质押"]


def test_jsonl_pairs_with_escaped_controls_are_cleaned(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"zh": "质押\u0001融资\ud800。", "en": "pledge fin\u0001ancing\uffff."}) + "\n",
                 encoding="utf-8")
    [pair] = read_segment_pairs(p)
    assert (pair.zh, pair.en) == ("质押融资。", "pledge financing.")


def test_tmx_and_tbx_with_invalid_character_references_are_read(tmp_path: Path) -> None:
    """A TMX or TBX that is not well-formed only because of ``&#1;``/``&#xFFFE;`` or a raw U+0001 is read
    with those characters removed (before: refused as not well-formed)."""
    tmx = tmp_path / "m.tmx"
    tmx.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header/><body><tu>'
                   '<tuv xml:lang="zh-CN"><seg>质押&#1;融资</seg></tuv><tuv xml:lang="en"><seg>pledge\x01 '
                   'financing&#xFFFE;</seg></tuv></tu></body></tmx>\n', encoding="utf-8")
    [pair] = read_segment_pairs(tmx)
    assert (pair.zh, pair.en) == ("质押融资", "pledge financing")
    tbx = tmp_path / "g.tbx"
    tbx.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2" '
                   'type="TBX-Basic" style="dca" xml:lang="en"><text><body><conceptEntry id="c1">'
                   '<langSec xml:lang="zh"><termSec><term>质押&#xFFFF;</term></termSec></langSec>'
                   '<langSec xml:lang="en"><termSec><term>pledge&#x1F;</term></termSec></langSec>'
                   '</conceptEntry></body></text></tbx>\n', encoding="utf-8")
    g = read_glossary(tbx)
    assert [(e.source, e.translations[0].target) for e in g.entries] == [("质押", "pledge")]
    assert len(take_notes()) == 2


def test_glossary_build_from_jsonl_with_controls_writes_well_formed_tbx(tmp_path: Path, fake_encoder) -> None:
    rows = [{"zh": f"质押{BAD}融资是知识产权的重要内容{i}。", "en": f"Pledge fin{BAD}ancing is part of IP {i}."}
            for i in range(4)] + [{"zh": "专利质押\ud800融资增长。", "en": "Patent pledge \u0001financing grew."}] * 3
    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "g.tbx"
    res = run("glossary", "build", str(src), "-o", str(out), "--min-freq", "1")
    assert "internal error" not in res.output, res.output
    if res.exit_code == 0:
        etree.parse(str(out))  # well-formed
        assert "note: " in res.output
        assert tb_sources(Path(os.environ["IPCORPUS_TERMBASE"]))
    else:
        assert_one_line_error(res, "empty")


# --------------------------------------------------------------- item 4: an output that is an input
@pytest.fixture
def bilingual(tmp_path: Path) -> Path:
    p = tmp_path / "in.txt"
    p.write_text("知识产权保护。\nIntellectual property protection.\n", encoding="utf-8")
    return p


def test_split_refuses_to_overwrite_its_input(bilingual: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    before = bilingual.read_bytes()
    assert_one_line_error(run("split", str(bilingual), "-o", str(bilingual)), "would overwrite the input")
    link = tmp_path / "link.jsonl"
    link.symlink_to(bilingual)
    assert_one_line_error(run("split", str(bilingual), "-o", str(link)), "same file")
    monkeypatch.chdir(tmp_path)
    assert_one_line_error(run("split", "in.txt", "-o", "./sub/../in.txt"), "would overwrite")
    assert bilingual.read_bytes() == before


def test_align_refuses_to_overwrite_the_english_input(tmp_path: Path, fake_encoder) -> None:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("第一句。\n", encoding="utf-8")
    en.write_text("First sentence.\n", encoding="utf-8")
    before = en.read_bytes()
    res = run("align", str(zh), "--en", str(en), "--format", "tsv", "-o", str(en))
    assert_one_line_error(res, "-o", "en.txt", "would overwrite")
    hard = tmp_path / "hard.tsv"
    os.link(zh, hard)
    assert_one_line_error(run("align", str(zh), "--en", str(en), "-o", str(hard)), "same file")
    assert en.read_bytes() == before and zh.read_text(encoding="utf-8") == "第一句。\n"


def test_glossary_build_and_import_refuse_to_overwrite_inputs(tmp_path: Path) -> None:
    memory = tmp_path / "memory.tsv"
    memory.write_text("质押融资\tpledge financing\t0.9\n", encoding="utf-8")
    before = memory.read_bytes()
    assert_one_line_error(run("glossary", "build", str(memory), "-o", str(memory), "--no-termbase"),
                          "would overwrite the input")
    assert_one_line_error(run("glossary", "build", str(memory), "-o", str(tmp_path / "g.tsv"),
                              "--termbase", str(memory)), "--termbase")
    assert_one_line_error(run("glossary", "import", str(memory), "--termbase", str(memory)), "--termbase")
    assert memory.read_bytes() == before


# ------------------------------------------------------------------------------- item 10: encodings
def test_one_line_gbk_tsv_is_read_as_gbk(tmp_path: Path, own_termbase: Path) -> None:
    """Before: read as Big5 and imported as 窐挹."""
    p = tmp_path / "g.tsv"
    p.write_bytes("质押\tpledge\n".encode("gbk"))
    res = run("glossary", "import", str(p))
    assert res.exit_code == 0, res.output
    assert tb_sources(own_termbase) == ["质押"]
    for text in ("商标", "“知识产权”——保护。", "质押\tpledge\n专利\tpatent\n"):
        assert decode_bytes(text.encode("gbk")) == text


@pytest.mark.parametrize("text", ["質押\tpledge", "知識產權", "專利質押融資", "第一句。第二句。\n第三句。\n"])
def test_big5_stays_big5_when_gb18030_is_implausible(text: str) -> None:
    assert decode_bytes(text.encode("big5")) == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["质押\tpledge\n", "pledge\n", "知识产权保护。\nIntellectual property.\n"])
def test_utf16_without_bom_is_detected_by_its_nul_bytes(tmp_path: Path, encoding: str, text: str) -> None:
    """Before: rejected as binary (NUL bytes)."""
    p = tmp_path / "u.txt"
    p.write_bytes(text.encode(encoding))
    assert read_text(p) == text


def test_binary_and_utf32_without_bom_are_still_binary(tmp_path: Path) -> None:
    for data in (bytes(range(256)) * 4, "pledge\n".encode("utf-32-le"), b"\x00\x00\x00\x01" * 50):
        with pytest.raises(InputError, match="binary"):
            decode_bytes(data, "x")


# -------------------------------------------------------- item 11: ordinary failures, plain messages
def test_csv_cell_over_the_field_limit(tmp_path: Path) -> None:
    p = tmp_path / "big.csv"
    p.write_text("source,target\n质押," + "x" * 140_000 + "\n", encoding="utf-8")
    assert_one_line_error(run("glossary", "import", str(p)), "big.csv:2", "131,072")
    q = tmp_path / "quote.csv"
    q.write_text('source,target\n质押,"pledge\n' + "专利,patent\n" * 20_000, encoding="utf-8")
    assert_one_line_error(run("glossary", "import", str(q)), "quote.csv", "never closed")


@pytest.mark.parametrize(("entries", "needle"), [
    ('[{"source": 5, "translations": [{"target": "five"}]}]', "'source' must be a string, not a number"),
    ('[{"source": "质押", "translations": [{"target": 5}]}]', "string 'target'"),
    ('[{"source": "质押", "translations": "pledge"}]', "'translations' must be a list"),
    ('[{"source": "质押", "translations": [{"target": "pledge"}], "definition": "x"}, 3]', "entry 2"),
    ('{"a": 1}', "'entries' list"),
])
def test_json_glossary_with_wrong_types(tmp_path: Path, entries: str, needle: str) -> None:
    p = tmp_path / "g.json"
    p.write_text('{"entries": ' + entries + "}", encoding="utf-8")
    assert_one_line_error(run("glossary", "import", str(p)), "g.json", needle)


def test_jsonl_with_huge_numbers_or_deep_nesting(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text('{"zh": "质押", "en": "pledge", "score": 1' + "0" * 5000 + "}\n", encoding="utf-8")
    with pytest.raises(InputError, match="a.jsonl:1"):
        read_segment_pairs(p)
    p.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="a.jsonl:1"):
        read_segment_pairs(p)


def _chattr(path: Path, flag: str) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


@pytest.fixture
def immutable(tmp_path: Path):
    """Make files immutable (chattr +i; skips where that is not possible) and undo it afterwards."""
    made: list[Path] = []

    def make(p: Path) -> Path:
        if not _chattr(p, "+i"):
            pytest.skip("chattr +i is not available here")
        made.append(p)
        return p

    yield make
    for p in made:
        _chattr(p, "-i")


def test_immutable_outputs_and_term_base(tmp_path: Path, bilingual: Path, immutable, fake_encoder) -> None:
    """Before: ``internal error: PermissionError: [Errno 1] Operation not permitted``."""
    out = tmp_path / "units.jsonl"
    out.write_text("old\n")
    immutable(out)
    assert_one_line_error(run("split", str(bilingual), "-o", str(out)), f"cannot write {out}", "not permitted")
    tmx = tmp_path / "m.tmx"
    tmx.write_text("old\n")
    immutable(tmx)
    assert_one_line_error(run("align", str(bilingual), "-o", str(tmx)), f"cannot write {tmx}")
    g = tmp_path / "g.tsv"
    g.write_text("质押\tpledge\n", encoding="utf-8")
    tb = tmp_path / "tb.sqlite"
    assert run("glossary", "import", str(g), "--termbase", str(tb)).exit_code == 0
    immutable(tb)
    assert_one_line_error(run("glossary", "import", str(g), "--termbase", str(tb)), str(tb))


class _FullDisk:
    """A text file object whose writes fail as on a full disk."""

    def __init__(self, fh) -> None:
        self._fh = fh

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._fh.close()

    def __getattr__(self, name: str):
        return getattr(self._fh, name)


def test_full_disk_names_the_output(tmp_path: Path, bilingual: Path, fake_encoder) -> None:
    """Before: ``internal error: OSError: [Errno 28] No space left on device``."""
    real = os.fdopen
    out = tmp_path / "units.jsonl"
    tmx = tmp_path / "m.tmx"
    g = tmp_path / "g.tsv"
    g.write_text("质押融资\tpledge financing\n" * 3, encoding="utf-8")
    try:
        os.fdopen = lambda *a, **kw: _FullDisk(real(*a, **kw))  # only while the commands run
        res_split = run("split", str(bilingual), "-o", str(out))
        res_align = run("align", str(bilingual), "-o", str(tmx))
        res_build = run("glossary", "build", str(g), "-o", str(tmp_path / "out.tsv"), "--no-termbase",
                        "--min-freq", "1")
    finally:
        os.fdopen = real
    assert_one_line_error(res_split, f"cannot write {out}", "No space left on device")
    assert_one_line_error(res_align, f"cannot write {tmx}", "No space left on device")
    assert_one_line_error(res_build, "out.tsv", "No space left on device")
    assert not out.exists() and not tmx.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_unexpected_oserror_is_one_line_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's last resort: an OSError from anywhere names its file, without ``internal error``."""
    import ipcorpus.terms.termbase as termbase

    def broken(*a, **kw):
        raise PermissionError(errno.EPERM, "Operation not permitted", str(tmp_path / ".tb.sqlite.x1y2.tmp"),
                              None, str(tmp_path / "tb.sqlite"))

    monkeypatch.setattr(termbase, "load_into_termbase", broken)
    g = tmp_path / "g.tsv"
    g.write_text("质押\tpledge\n", encoding="utf-8")
    assert_one_line_error(run("glossary", "import", str(g), "--termbase", str(tmp_path / "tb.sqlite")),
                          f"cannot write {tmp_path / 'tb.sqlite'}")


# ----------------------------------------------------------- item 12: lines that switch language
def test_line_switching_language_more_than_once_is_cut_by_sentence() -> None:
    parts = split_mixed("知识产权。IP. 知识产权。IP. 知识产权。IP. ")
    assert [lang for lang, _ in parts] == ["zh", "en"] * 3
    assert "".join(p for _, p in parts) == "知识产权。IP. 知识产权。IP. 知识产权。IP. "
    parts = split_mixed("1. 知识产权。Intellectual property. 专利。Patents.")
    assert parts == [("zh", "1. 知识产权。"), ("en", "Intellectual property. "), ("zh", "专利。"), ("en", "Patents.")]


@pytest.mark.parametrize("line", [
    "他说：Hello. 然后离开了。",  # one switch only: the old rules
    "采用 PCT 途径提交的国际专利申请。",
    "In 2019 the province grew. 知识产权。",
    "The Office (浙江省知识产权局) said so. It did.",
])
def test_ordinary_mixed_lines_are_cut_as_before(line: str) -> None:
    assert len(split_mixed(line)) <= 2


def test_split_puts_every_chinese_sentence_on_the_chinese_side(tmp_path: Path) -> None:
    """Before: the whole line went to one side (here: no English text found, or Chinese in the English)."""
    p = tmp_path / "mix.txt"
    p.write_text("知识产权。Intellectual property rights. " * 3 + "\n", encoding="utf-8")
    out = tmp_path / "u.jsonl"
    res = run("split", str(p), "-o", str(out))
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    zh = [s["text"] for r in rows if r["lang"] == "zh" for s in r["sentences"]]
    en = [s["text"] for r in rows if r["lang"] == "en" for s in r["sentences"]]
    assert zh == ["知识产权。"] * 3
    assert en == ["Intellectual property rights."] * 3


# ---------------------------------------------------------------- item 13: eval on impossible ids
@pytest.fixture
def gold(tmp_path: Path) -> Path:
    g = tmp_path / "gold.align"
    g.write_text("[0]:[0]\n[1]:[1,2]\n[2]:[]\n[3]:[3]\n", encoding="utf-8")
    return g


@pytest.mark.parametrize(("test_text", "needle"), [
    ("[0]:[0]\n[1]:[1,2]\n[7]:[3]\n", "test.align:3: zh id 7 is outside the gold's range 0-3"),
    ("[0]:[0]\n\n[1]:[1,4]\n", "test.align:3: en id 4 is outside the gold's range 0-3"),
    ("[0]:[0]\n[1]:[1]\n[0]:[2]\n", "test.align:3: zh id 0 is used twice"),
    ("[0]:[0]\n[1]:[1,1]\n", "test.align:2: en id 1 is used twice"),
    ("[0]:[0]\n[0]:[0]\n", "test.align:2: zh id 0 is used twice"),
])
def test_eval_refuses_ids_outside_the_gold_or_used_twice(tmp_path: Path, gold: Path, test_text: str,
                                                         needle: str) -> None:
    t = tmp_path / "test.align"
    t.write_text(test_text, encoding="utf-8")
    assert_one_line_error(run("eval", "--gold", str(gold), "--test", str(t)), needle, "--lenient")


def test_eval_lenient_warns_and_leaves_the_beads_out(tmp_path: Path, gold: Path) -> None:
    t = tmp_path / "test.align"
    t.write_text("[0]:[0]\n[1]:[1,2]\n[9]:[3]\n[3]:[3]\n[3]:[3]\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--test", str(t), "--lenient", "--json"])
    assert res.exit_code == 0, res.output
    warning, _, body = res.output.partition("\n")
    assert warning.startswith("warning: test.align: left out 2 beads") and "line 3" in warning
    data = json.loads(body)
    assert data["test_beads"] == 3 and data["strict"]["precision"] == 1.0
    assert [line for line, _ in data["excluded"]["test.align"]] == [3, 5]


def test_eval_still_scores_clean_files_without_notes(tmp_path: Path, gold: Path) -> None:
    t = tmp_path / "test.align"
    t.write_text("[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[]\n[3]:[3]\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--test", str(t), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["strict"]["precision"] == pytest.approx(3 / 5)


def test_eval_gold_using_an_id_twice_is_refused(tmp_path: Path) -> None:
    g = tmp_path / "gold.align"
    g.write_text("[0]:[0]\n[0]:[1]\n", encoding="utf-8")
    assert_one_line_error(run("eval", "--gold", str(g), "--test", str(g)), "gold.align:2", "twice")
