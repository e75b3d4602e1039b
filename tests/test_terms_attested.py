"""Nesting: a shorter form that an independent source (the IP dictionary) lists is not dropped as a fragment."""

from __future__ import annotations

from ipcorpus.terms.miner import resolve_nested_by_translation


def test_a_dictionary_term_is_not_dropped_as_a_fragment():
    best = {"行政执法": 0.65, "专利行政执法": 0.72}
    counts = {"行政执法": 2, "专利行政执法": 2}
    assert resolve_nested_by_translation(best, counts) == {"专利行政执法"}
    kept = resolve_nested_by_translation(best, counts, attested=frozenset({"行政执法"}))
    assert kept == {"行政执法", "专利行政执法"}
    # attestation protects the shorter form only: a fragment that loses to an attested term still goes
    best = {"联席会议": 0.92, "工作联席会议": 0.71}
    counts = {"联席会议": 3, "工作联席会议": 3}
    assert resolve_nested_by_translation(best, counts, attested=frozenset({"联席会议"})) == {"联席会议"}
