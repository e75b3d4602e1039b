"""Term base: load, lookup order, atomic replace, locked/corrupt files, imports beside mined entries."""

from __future__ import annotations

import sqlite3

import pytest

from ipcorpus.errors import IpcorpusError
from ipcorpus.terms.termbase import TermBase, default_termbase_path, load_into_termbase, replaced_note
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


def test_same_text_under_another_name_replaces_the_earlier_load(tb):
    # the same document run from another path (or a glossary built from a run's TMX): one entry per term
    rep = load_into_termbase(tb, _glossary(), segments=SEGMENTS, batch="copy of doc")
    assert rep.replaced == ["doc"] and rep.removed == 4
    assert replaced_note(rep) == ["term base: replaced the earlier load of the same text (doc, 4 entries)"]
    with TermBase(tb) as base:
        assert base.stats() == {"entries": 4, "imported": 0, "segments": 3}
        assert [h.entry.source for h in base.lookup("质押") if h.match == "exact"] == ["质押"]
    # other segments under another name stay beside it
    rep = load_into_termbase(tb, _glossary(), segments=SEGMENTS[:2], batch="part of doc")
    assert rep.replaced == [] and replaced_note(rep) == []
    with TermBase(tb) as base:
        assert base.stats() == {"entries": 8, "imported": 0, "segments": 5}
    # imports carry no segments: two imported glossaries never replace each other
    for name in ("a.tsv", "b.tsv"):
        load_into_termbase(tb, Glossary([TermEntry("质押", [Translation("pledge", 1.0)], 0, [], "imported")]),
                           batch=name, origin="imported")
    with TermBase(tb) as base:
        assert base.stats()["imported"] == 2


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
    import ipcorpus.terms.termbase_write as mod  # where load_into_termbase calls it

    def boom(*a, **k):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(mod, "_insert_entries", boom)
    with pytest.raises(IpcorpusError):
        load_into_termbase(tb, _glossary(), segments=SEGMENTS, batch="doc")
    with TermBase(tb) as base:
        assert base.stats() == {"entries": 4, "imported": 0, "segments": 3}
    assert sorted(p.name for p in tb.parent.iterdir()) == ["tb.sqlite"]


def test_public_names_keep_their_import_path():
    """``ipcorpus.terms.termbase`` re-exports the schema and write-side names (the very objects), while the
    write side's helpers live only in ``termbase_write``: a patch must go there, where they are called."""
    import ipcorpus.terms.termbase as mod
    import ipcorpus.terms.termbase_schema as schema
    import ipcorpus.terms.termbase_write as write

    assert all(hasattr(mod, name) for name in mod.__all__)
    for name in ("load_into_termbase", "LoadReport", "lock_path", "BUSY_WAIT"):
        assert getattr(mod, name) is getattr(write, name), name
    for name in ("SCHEMA", "SCHEMA_VERSION", "ENV_VAR", "default_termbase_path", "resolve_termbase", "lookup_key",
                 "norm"):
        assert getattr(mod, name) is getattr(schema, name), name
    assert not any(hasattr(mod, n) for n in ("_insert_entries", "_verify", "_copy_for_write", "_backup"))


def test_missing_base_and_default_path(tmp_path, monkeypatch):
    with pytest.raises(IpcorpusError, match="no term base"):
        TermBase(tmp_path / "none.sqlite")
    assert not (tmp_path / "none.sqlite").exists()
    monkeypatch.delenv("IPCORPUS_TERMBASE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_termbase_path() == tmp_path / "ipcorpus" / "termbase.sqlite"
    monkeypatch.setenv("IPCORPUS_TERMBASE", str(tmp_path / "x.db"))
    assert default_termbase_path() == tmp_path / "x.db"


# ------------------------------------------------------------------ Traditional and Simplified Chinese

TRAD_SEGMENTS = [(0, "商標權質押額超過80億元", "the amount of trademark right pledge exceeded 8 billion"),
                 (1, "註冊商標的擁有人", "the owner of a registered trade mark")]


def _mixed_glossary() -> Glossary:
    return Glossary([
        TermEntry("商標", [Translation("trade mark", 0.9, 4)], 4, [Example("", "", 1)]),
        TermEntry("商標權質押", [Translation("trademark right pledge", 0.85, 1)], 1, [Example("", "", 0)]),
        TermEntry("专利权质押", [Translation("patent right pledge", 0.9, 1)], 2),
        TermEntry("电子纪录", [Translation("electronic record", 0.8, 1)], 1),
    ])


@pytest.fixture
def mixed(tmp_path):
    path = tmp_path / "mixed.sqlite"
    load_into_termbase(path, _mixed_glossary(), segments=TRAD_SEGMENTS, batch="hk")
    return path


def _found(base: TermBase, query: str) -> list[tuple[str, str]]:
    return [(h.entry.source, h.match) for h in base.lookup(query)]


def test_simplified_query_finds_traditional_entry_and_reverse(mixed):
    with TermBase(mixed) as base:
        assert _found(base, "商标")[0] == ("商標", "exact")  # shown as stored
        assert _found(base, "商標")[0] == ("商標", "exact")
        assert _found(base, "專利權質押") == [("专利权质押", "exact")]
        assert _found(base, "電子紀錄") == [("电子纪录", "exact")]
        assert _found(base, "电子纪录") == [("电子纪录", "exact")]


def test_prefix_and_substring_across_scripts(mixed):
    with TermBase(mixed) as base:
        assert ("商標權質押", "prefix") in _found(base, "商标权")  # prefix, Simplified query
        assert ("专利权质押", "prefix") in _found(base, "專利")  # prefix, Traditional query
        subs = _found(base, "權质押")  # 3 characters, mixed scripts: the FTS path
        assert {s for s, m in subs if m == "substring"} == {"商標權質押", "专利权质押"}
        assert ("商標權質押", "substring") in _found(base, "质押")  # 2 characters: the scan path
        assert ("电子纪录", "substring") in _found(base, "紀錄")
        hits = base.lookup("商标", examples=2)
        assert hits[0].examples[0].zh == "註冊商標的擁有人"  # examples as stored, too


def test_concordance_finds_examples_in_the_other_script(tmp_path):
    path = tmp_path / "tb.sqlite"
    load_into_termbase(path, Glossary([]), segments=TRAD_SEGMENTS, batch="hk")
    team = Glossary([TermEntry("商标权质押", [Translation("trademark right pledge", 1.0)], 0, [], "imported"),
                     TermEntry("商标", [Translation("trade mark", 1.0)], 0, [], "imported")])
    load_into_termbase(path, team, batch="team.tsv", origin="imported")
    with TermBase(path) as base:
        hit = base.lookup("商標權質押", examples=2)[0]
        assert hit.entry.source == "商标权质押" and [x.zh for x in hit.examples] == [TRAD_SEGMENTS[0][1]]
        hit = base.lookup("商標", examples=5)[0]  # two characters: the instr scan
        assert hit.entry.source == "商标" and len(hit.examples) == 2


def _make_version_1(path) -> None:
    """Turn a current base into what schema version 1 wrote: no key column, sources as written in the FTS."""
    with sqlite3.connect(path) as c:
        c.execute("DROP INDEX entries_key")
        c.execute("ALTER TABLE entries DROP COLUMN source_key")
        c.execute("DELETE FROM terms_fts")
        c.execute("INSERT INTO terms_fts(term, entry_id) SELECT source, id FROM entries")
        c.execute("INSERT INTO terms_fts(term, entry_id) SELECT target, entry_id FROM translations")
        c.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")


def _columns(path) -> set[str]:
    with sqlite3.connect(path) as c:
        return {r[1] for r in c.execute("PRAGMA table_info(entries)")}


def test_version_1_base_is_read_as_is_and_upgraded_on_load(mixed):
    _make_version_1(mixed)
    assert "source_key" not in _columns(mixed)
    before = mixed.read_bytes()
    with TermBase(mixed) as base:  # read-only: keys in a temporary table
        assert _found(base, "商标")[0] == ("商標", "exact")
        assert ("商標權質押", "prefix") in _found(base, "商标权")
        assert {s for s, m in _found(base, "權质押") if m == "substring"} == {"商標權質押", "专利权质押"}
        assert base.lookup("electronic record")[0].entry.source == "电子纪录"
    assert mixed.read_bytes() == before

    load_into_termbase(mixed, Glossary([TermEntry("版權", [Translation("copyright", 1.0)])]), batch="other")
    assert "source_key" in _columns(mixed)
    with sqlite3.connect(mixed) as c:
        assert c.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("2",)
        assert c.execute("SELECT count(*) FROM entries WHERE source_key = ''").fetchone() == (0,)
    with TermBase(mixed) as base:
        assert base.stats()["entries"] == 5
        assert _found(base, "商标")[0] == ("商標", "exact")
        assert _found(base, "版权") == [("版權", "exact")]
        assert {s for s, m in _found(base, "權质押") if m == "substring"} == {"商標權質押", "专利权质押"}


def test_other_script_searched_only_when_the_segments_use_it(tb, monkeypatch):
    import ipcorpus.terms.termbase as mod

    def no(text):  # loading s2tw takes ~0.1 s: not for a base whose segments are all Simplified
        raise AssertionError(f"to_traditional({text!r}) called")

    monkeypatch.setattr(mod, "to_traditional", no)
    load_into_termbase(tb, Glossary([TermEntry("商业秘密保护", [Translation("trade secret protection", 1.0)])]),
                       batch="team.tsv", origin="imported")
    with TermBase(tb) as base:
        hit = base.lookup("商業秘密保護", examples=2)[0]
        assert hit.entry.source == "商业秘密保护" and hit.examples[0].zh == "商业秘密保护"


def test_a_load_made_before_digests_were_kept_is_replaced_too(tb):
    with sqlite3.connect(tb) as conn:  # a base written by an earlier version: no digest recorded
        conn.execute("DELETE FROM batches")
    rep = load_into_termbase(tb, _glossary(), segments=SEGMENTS, batch="doc from elsewhere")
    assert rep.replaced == ["doc"]
    with TermBase(tb) as base:
        assert base.stats() == {"entries": 4, "imported": 0, "segments": 3}
