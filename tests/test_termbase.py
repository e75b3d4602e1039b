"""Term base: load, lookup order, atomic replace, locked/corrupt files, imports beside mined entries."""

from __future__ import annotations

import sqlite3

import pytest

from ipcorpus.errors import IpcorpusError
from ipcorpus.terms.termbase import TermBase, default_termbase_path, load_into_termbase
from ipcorpus.types import Example, Glossary, TermEntry, Translation

SEGMENTS = [(0, "全省专利权质押登记金额达到172亿元", "the registered amount of patent right pledge reached 17.2 billion"),
            (1, "商标权质押额超过80亿元", "the amount of trademark right pledge exceeded 8 billion"),
            (2, "商业秘密保护", "protection of trade secrets")]


def _glossary() -> Glossary:
    return Glossary([
        TermEntry("专利权质押", [Translation("patent right pledge", 0.9, 1)], 2, [Example("", "", 0)]),
        TermEntry("商标权质押", [Translation("trademark right pledge", 0.85, 1)], 2, [Example("", "", 1)]),
        TermEntry("质押", [Translation("pledge", 0.8, 3)], 3, [Example("", "", 0), Example("", "", 1)]),
        TermEntry("商业秘密", [Translation("trade secret", 0.88, 1)], 2, [Example("", "", 2)]),
    ])


@pytest.fixture
def tb(tmp_path):
    path = tmp_path / "tb.sqlite"
    rep = load_into_termbase(path, _glossary(), segments=SEGMENTS, batch="doc")
    assert (rep.entries, rep.segments) == (4, 3)
    return path


def test_exact_then_prefix_then_substring(tb):
    with TermBase(tb) as base:
        hits = base.lookup("质押")
        assert [(h.entry.source, h.match) for h in hits][0] == ("质押", "exact")
        assert {h.entry.source for h in hits if h.match == "substring"} == {"专利权质押", "商标权质押"}
        hits = base.lookup("商业")
        assert [(h.entry.source, h.match) for h in hits] == [("商业秘密", "prefix")]


def test_english_lookup_and_examples(tb):
    with TermBase(tb) as base:
        hits = base.lookup("Trade Secret", examples=2)
        assert hits[0].entry.source == "商业秘密" and hits[0].match == "exact"
        assert hits[0].examples[0].zh == "商业秘密保护"
        hits = base.lookup("right pledge")
        assert {h.entry.source for h in hits} == {"专利权质押", "商标权质押"}


def test_reload_replaces_same_batch_and_keeps_imports(tb):
    imported = Glossary([TermEntry("质押", [Translation("pledge (approved)", 1.0)], 0, [], "imported")])
    load_into_termbase(tb, imported, batch="team.tsv", origin="imported")
    load_into_termbase(tb, _glossary(), segments=SEGMENTS, batch="doc")
    with TermBase(tb) as base:
        assert base.stats() == {"entries": 5, "imported": 1, "segments": 3}
        hits = base.lookup("质押")
        assert hits[0].entry.origin == "imported"
        assert hits[1].entry.origin == "mined" and hits[1].match == "exact"


def test_corrupt_file_is_left_untouched(tmp_path):
    bad = tmp_path / "tb.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    before = bad.read_bytes()
    with pytest.raises(IpcorpusError) as exc:
        load_into_termbase(bad, _glossary(), segments=SEGMENTS)
    assert "corrupt" in str(exc.value) and "\n" not in str(exc.value)
    with pytest.raises(IpcorpusError):
        TermBase(bad).lookup("质押")
    assert bad.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["tb.sqlite"]


def test_foreign_sqlite_file_is_refused(tmp_path):
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE x(a)")
    with pytest.raises(IpcorpusError, match="not an ipcorpus term base"):
        load_into_termbase(other, _glossary())


def test_locked_file_gives_one_line_and_stays_intact(tb):
    before = tb.read_bytes()
    holder = sqlite3.connect(tb)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(IpcorpusError, match="locked"):
            load_into_termbase(tb, Glossary([TermEntry("新", [Translation("new", 1.0)])]), batch="doc")
    finally:
        holder.rollback()
        holder.close()
    assert tb.read_bytes() == before
    with TermBase(tb) as base:
        assert base.stats()["entries"] == 4


def test_failure_midway_keeps_old_base(tb, monkeypatch):
    import ipcorpus.terms.termbase as mod

    def boom(*a, **k):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(mod, "_insert_entries", boom)
    with pytest.raises(IpcorpusError):
        load_into_termbase(tb, _glossary(), segments=SEGMENTS, batch="doc")
    with TermBase(tb) as base:
        assert base.stats() == {"entries": 4, "imported": 0, "segments": 3}
    assert sorted(p.name for p in tb.parent.iterdir()) == ["tb.sqlite"]


def test_missing_base_and_default_path(tmp_path, monkeypatch):
    with pytest.raises(IpcorpusError, match="no term base"):
        TermBase(tmp_path / "none.sqlite")
    assert not (tmp_path / "none.sqlite").exists()
    monkeypatch.delenv("IPCORPUS_TERMBASE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_termbase_path() == tmp_path / "ipcorpus" / "termbase.sqlite"
    monkeypatch.setenv("IPCORPUS_TERMBASE", str(tmp_path / "x.db"))
    assert default_termbase_path() == tmp_path / "x.db"
